package dev.drover.cli;

import dev.drover.kube.k3s.K3sGuest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A guest that keeps its files in memory and answers the k3s control script's commands as the real
 * script does: {@code start} writes k3s's kubeconfig, {@code status} exits 0 only while "running".
 */
final class FakeK3sGuest implements K3sGuest {

  static final String CONTROL = "/usr/local/bin/drover-k3s";
  static final String KUBECONFIG = "/etc/rancher/k3s/k3s.yaml";
  private static final String CLUSTER_KUBECONFIG =
      """
            apiVersion: v1
            clusters:
            - cluster:
                certificate-authority-data: Q0E=
                server: https://127.0.0.1:6443
              name: default
            contexts:
            - context:
                cluster: default
                user: default
              name: default
            current-context: default
            kind: Config
            preferences: {}
            users:
            - name: default
              user:
                client-certificate-data: Q0VSVA==
                client-key-data: S0VZ
            """;

  final Map<String, byte[]> files = new ConcurrentHashMap<>();
  volatile boolean running;

  @Override
  public void copyInto(Path hostFile, String guestPath, String mode) throws IOException {
    files.put(guestPath, Files.readAllBytes(hostFile));
  }

  @Override
  public CommandResult run(List<String> command, Duration timeout) {
    if (command.equals(List.of("uname", "-m"))) return new CommandResult(0, "x86_64\n", "");
    if (command.size() < 2 || !command.getFirst().equals(CONTROL) || !files.containsKey(CONTROL)) {
      return new CommandResult(127, "", "not found: " + command);
    }
    return switch (command.get(1)) {
      case "start" -> {
        running = true;
        files.put(KUBECONFIG, CLUSTER_KUBECONFIG.getBytes(StandardCharsets.UTF_8));
        yield new CommandResult(0, "", "");
      }
      case "stop" -> {
        running = false;
        yield new CommandResult(0, "", "");
      }
      case "reset" -> {
        running = false;
        files.remove(KUBECONFIG);
        yield new CommandResult(0, "", "");
      }
      case "status" -> new CommandResult(running ? 0 : 3, "", "");
      case "logs" -> new CommandResult(0, "fake k3s log line\n", "");
      default -> new CommandResult(2, "", "unknown command " + command.get(1));
    };
  }

  @Override
  public Optional<byte[]> readFile(String guestPath) {
    return Optional.ofNullable(files.get(guestPath));
  }

  /** Guest port → host port: forwards live in the VM, not in the command that made them. */
  final Map<Integer, Integer> forwards = new ConcurrentHashMap<>();

  @Override
  public PortForward forward(int guestPort, int preferredHostPort) {
    if (forwards.containsValue(preferredHostPort))
      throw new IllegalStateException("port " + preferredHostPort + " is forwarded twice");
    forwards.put(guestPort, preferredHostPort);
    return forwardOf(guestPort, preferredHostPort);
  }

  @Override
  public Optional<PortForward> existingForward(int guestPort) {
    return Optional.ofNullable(forwards.get(guestPort)).map(port -> forwardOf(guestPort, port));
  }

  private PortForward forwardOf(int guestPort, int hostPort) {
    return new PortForward() {
      @Override
      public int hostPort() {
        return hostPort;
      }

      @Override
      public void close() {
        forwards.remove(guestPort, hostPort);
      }
    };
  }

  String file(String guestPath) {
    return new String(files.get(guestPath), StandardCharsets.UTF_8);
  }
}
