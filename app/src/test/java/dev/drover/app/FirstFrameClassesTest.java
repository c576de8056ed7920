package dev.drover.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class FirstFrameClassesTest {

  /**
   * Glass, Prism pipelines and font back-ends differ by OS: the list, made on Linux, may name ones
   * missing here.
   */
  private static final Pattern PER_PLATFORM =
      Pattern.compile(
          "com\\.sun\\.(glass\\.ui\\.(gtk|mac|win)|prism\\.(es2|d3d|mtl|sw)|javafx\\.font\\.(freetype|directwrite|coretext))\\..*");

  @Test
  void listNamesOnlyUiLibraryClassesSoNoServiceLibraryLoadsBeforeTheFirstFrame() {
    var names = FirstFrameClasses.names();

    assertThat(names)
        .hasSizeGreaterThan(500)
        .doesNotHaveDuplicates()
        .allMatch(
            name ->
                name.matches(
                    "(javafx|com\\.sun\\.(javafx|glass|prism|scenario|pisces|marlin)|atlantafx|org\\.kordamp)\\..+"),
            "a JavaFX, AtlantaFX or Ikonli class");
  }

  @Test
  void listedClassesExistInTheLibrariesDroverShipsWith() {
    var loader = FirstFrameClasses.class.getClassLoader();
    var missing =
        FirstFrameClasses.names().stream()
            .filter(name -> !PER_PLATFORM.matcher(name).matches())
            .filter(
                name -> {
                  try {
                    Class.forName(name, false, loader);
                    return false;
                  } catch (ClassNotFoundException | LinkageError e) {
                    return true;
                  }
                })
            .toList();

    assertThat(missing)
        .as("classes the libraries no longer have: run dev/first-frame-classes.sh")
        .isEmpty();
  }
}
