package dev.drover.engine.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunSpecTest {

  @Test
  void validImageReferencesAreAccepted() {
    for (var image :
        List.of(
            "nginx",
            "nginx:1.27",
            "library/nginx:latest",
            "registry.local:5000/team/app:v1.2-rc.1",
            "127.0.0.1:5000/drover-test/busybox:1",
            "ghcr.io/org/tool@sha256:" + "a".repeat(64))) {
      assertThat(RunSpec.parseImage(" " + image + " ")).isEqualTo(image);
    }
  }

  @Test
  void badImageReferenceSaysHowToWriteOne() {
    assertThatThrownBy(() -> RunSpec.parseImage("Nginx:1.27"))
        .hasMessageContaining("not a valid image reference");
    assertThatThrownBy(() -> RunSpec.parseImage("nginx:"))
        .hasMessageContaining("not a valid image reference");
    assertThatThrownBy(() -> RunSpec.parseImage("  ")).hasMessageContaining("Enter an image");
  }

  @Test
  void portMappingsWithAddressAndProtocol() {
    assertThat(RunSpec.parsePorts("8080:80, 127.0.0.1:5353:53/udp\n9000:9000"))
        .containsExactly(
            new RunSpec.PortMapping(null, 8080, 80, "tcp"),
            new RunSpec.PortMapping("127.0.0.1", 5353, 53, "udp"),
            new RunSpec.PortMapping(null, 9000, 9000, "tcp"));
  }

  @Test
  void portThatIsNotANumberIsNamed() {
    assertThatThrownBy(() -> RunSpec.parsePorts("80a:80"))
        .hasMessage("\"80a:80\": \"80a\" is not a port number (1 to 65535)");
    assertThatThrownBy(() -> RunSpec.parsePorts("70000:80"))
        .hasMessageContaining("not a port number");
    assertThatThrownBy(() -> RunSpec.parsePorts("8080"))
        .hasMessageContaining("write hostPort:containerPort");
    assertThatThrownBy(() -> RunSpec.parsePorts("8080:80/icmp"))
        .hasMessageContaining("tcp, udp or sctp");
  }

  @Test
  void anEmptyHostPortLetsTheEngineChooseAFreeOne() {
    assertThat(RunSpec.parsePorts("127.0.0.1::8080, 127.0.0.1::8125/udp"))
        .containsExactly(
            new RunSpec.PortMapping("127.0.0.1", RunSpec.PortMapping.ANY_HOST_PORT, 8080, "tcp"),
            new RunSpec.PortMapping("127.0.0.1", RunSpec.PortMapping.ANY_HOST_PORT, 8125, "udp"));
    assertThat(RunSpec.parsePorts("127.0.0.1::8080").getFirst().anyHostPort()).isTrue();
    assertThatThrownBy(() -> RunSpec.parsePorts("0:80")).hasMessageContaining("not a port number");
    assertThatThrownBy(() -> RunSpec.parsePorts(":80")).hasMessageContaining("not a port number");
  }

  @Test
  void environmentLinesBecomeVariables() {
    assertThat(RunSpec.parseEnvironment("GREETING=hello world\nEMPTY=\n\nURL=http://x?a=b"))
        .isEqualTo(Map.of("GREETING", "hello world", "EMPTY", "", "URL", "http://x?a=b"));
    assertThatThrownBy(() -> RunSpec.parseEnvironment("1BAD=x"))
        .hasMessageContaining("write KEY=value");
    // docker run's "-e FLAG" passes the shell's FLAG on; Drover has no shell of the user's to read
    // it from.
    assertThatThrownBy(() -> RunSpec.parseEnvironment("FLAG"))
        .hasMessageContaining("\"FLAG\" has no value: write FLAG=value");
  }

  @Test
  void mountsAreVolumesOrBindsWithOptionalReadOnly() {
    assertThat(RunSpec.parseMounts("data:/var/lib/data\n/srv/site:/usr/share/html:ro"))
        .containsExactly(
            new RunSpec.MountSpec("data", "/var/lib/data", false),
            new RunSpec.MountSpec("/srv/site", "/usr/share/html", true));
    assertThat(RunSpec.parseMounts("C:\\work:/work").getFirst())
        .isEqualTo(new RunSpec.MountSpec("C:\\work", "/work", false));
    assertThat(new RunSpec.MountSpec("/srv", "/x", false).bind()).isTrue();
    assertThat(new RunSpec.MountSpec("data", "/x", false).bind()).isFalse();
    assertThatThrownBy(() -> RunSpec.parseMounts("data:relative"))
        .hasMessageContaining("must start with /");
    assertThatThrownBy(() -> RunSpec.parseMounts("data"))
        .hasMessageContaining("write volume:/path");
    assertThatThrownBy(() -> RunSpec.parseMounts("relative/path:/data"))
        .hasMessageContaining(
            "\"relative/path\" is a relative path; write it in full, e.g. /home/me/relative/path");
    assertThatThrownBy(() -> RunSpec.parseMounts("../site:/data"))
        .hasMessageContaining("e.g. /home/me/site");
    assertThatThrownBy(() -> RunSpec.parseMounts(".:/data"))
        .hasMessageContaining("\".\" is a relative path");
    assertThatThrownBy(() -> RunSpec.parseMounts("site\\html:/data"))
        .hasMessageContaining("is a relative path");
    assertThat(RunSpec.parseMounts("\\\\server\\share:/data").getFirst().bind())
        .as("a Windows share")
        .isTrue();
  }

  @Test
  void commandIsSplitLikeAShellSplitsWords() {
    assertThat(RunSpec.parseCommand("sh -c 'echo $HOME; sleep 1' \"a b\" c\\ d"))
        .containsExactly("sh", "-c", "echo $HOME; sleep 1", "a b", "c d");
    assertThat(RunSpec.parseCommand("  ")).isEmpty();
    assertThatThrownBy(() -> RunSpec.parseCommand("echo 'open")).hasMessageContaining("unclosed");
  }

  @Test
  void restartPolicies() {
    assertThat(RunSpec.RestartPolicy.parse("")).isEqualTo(RunSpec.RestartPolicy.NO);
    assertThat(RunSpec.RestartPolicy.parse("on-failure:3"))
        .isEqualTo(new RunSpec.RestartPolicy("on-failure", 3));
    assertThat(RunSpec.RestartPolicy.parse("unless-stopped").name()).isEqualTo("unless-stopped");
    assertThatThrownBy(() -> RunSpec.RestartPolicy.parse("sometimes"))
        .hasMessageContaining("not a restart policy");
    assertThatThrownBy(() -> RunSpec.RestartPolicy.parse("on-failure:x"))
        .hasMessageContaining("not a restart policy");
  }

  @Test
  void containerNames() {
    assertThat(RunSpec.parseName(" ")).isNull();
    assertThat(RunSpec.parseName("web-1.a_b")).isEqualTo("web-1.a_b");
    assertThatThrownBy(() -> RunSpec.parseName("-web"))
        .hasMessageContaining("not a valid container name");
  }
}
