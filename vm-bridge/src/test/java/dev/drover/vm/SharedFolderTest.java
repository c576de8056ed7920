package dev.drover.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SharedFolderTest {

  @Test
  void sharedFolderIsKeptNormalized() {
    assertThat(new SharedFolder(Path.of("/home/me/./projects/../site"), true).path())
        .isEqualTo(Path.of("/home/me/site"));
  }

  @Test
  void relativeFolderIsRefusedWithAnExample() {
    assertThatThrownBy(() -> new SharedFolder(Path.of("projects"), false))
        .hasMessageContaining("absolute path such as /home/me/projects");
  }

  @Test
  void folderTheGuestNeedsForItselfIsRefused() {
    assertThatThrownBy(() -> new SharedFolder(Path.of("/var/lib/docker/volumes"), false))
        .hasMessageContaining("the VM keeps its own /var/lib/docker there");
    assertThatThrownBy(() -> new SharedFolder(Path.of("/var"), false))
        .hasMessageContaining("cannot be shared");
    assertThatThrownBy(() -> new SharedFolder(Path.of("/"), false))
        .hasMessageContaining("cannot be shared");
  }

  @Test
  void pathWithALineBreakIsRefusedBecauseTheGuestReadsOneFolderPerLine() {
    assertThatThrownBy(() -> new SharedFolder(Path.of("/home/me/a\nb"), false))
        .hasMessageContaining("line breaks");
  }
}
