package dev.drover.tests.installer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The macOS and Windows packaging resources, checked here because only hosted runners build the
 * .dmg and .msi: they parse, and they agree with what Packager passes to jpackage.
 */
class JpackageResourcesTest {

  private static final Path JPACKAGE = Path.of("..", "jpackage").toAbsolutePath().normalize();
  private static final Path PACKAGER =
      Path.of("..", "installer", "src", "build", "Packager.java").toAbsolutePath().normalize();

  @Test
  void infoPlistNamesPackagersBundleIdAndLeavesTheLauncherToJpackage() throws Exception {
    var plist = plist(JPACKAGE.resolve("macos/Info.plist"));
    assertThat(plist)
        .containsEntry("CFBundleIdentifier", "dev.drover.Drover")
        .containsEntry("CFBundleExecutable", "DEPLOY_LAUNCHER_NAME")
        .containsEntry("CFBundleIconFile", "DEPLOY_ICON_FILE")
        .containsEntry("CFBundleShortVersionString", "DEPLOY_BUNDLE_SHORT_VERSION")
        .containsEntry("LSApplicationCategoryType", "public.app-category.developer-tools")
        .containsEntry("NSHighResolutionCapable", "true");
    assertThat(Files.readString(PACKAGER)).contains("MAC_BUNDLE_ID = \"dev.drover.Drover\"");
  }

  @Test
  void entitlementsAllowWhatASignedJavaAppNeeds() throws Exception {
    assertThat(plist(JPACKAGE.resolve("macos/Drover.entitlements")))
        .containsEntry("com.apple.security.cs.allow-jit", "true")
        .containsEntry("com.apple.security.cs.allow-unsigned-executable-memory", "true")
        .containsEntry("com.apple.security.cs.disable-library-validation", "true")
        .doesNotContainKey("com.apple.security.app-sandbox");
  }

  @Test
  void windowsInstallerRefusesDowngrades() throws Exception {
    var overrides = Files.readString(JPACKAGE.resolve("windows/overrides.wxi"));
    parse(JPACKAGE.resolve("windows/overrides.wxi"));
    assertThat(overrides).contains("<?undef JpAllowDowngrades?>");
    assertThat(Files.readString(PACKAGER))
        .contains("--win-per-user-install", "--win-menu", "--win-shortcut", "--win-upgrade-uuid");
  }

  /** A plist's top-level keys with their string values ("true"/"false" for booleans). */
  private static Map<String, String> plist(Path file) throws Exception {
    var dict = (Element) parse(file).getElementsByTagName("dict").item(0);
    var entries = new LinkedHashMap<String, String>();
    String key = null;
    for (var node = dict.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (!(node instanceof Element element)) continue;
      if (element.getTagName().equals("key")) {
        key = element.getTextContent();
      } else {
        var value =
            switch (element.getTagName()) {
              case "true", "false" -> element.getTagName();
              default -> element.getTextContent();
            };
        entries.put(key, value);
      }
    }
    return entries;
  }

  private static Document parse(Path file) throws Exception {
    var factory = DocumentBuilderFactory.newInstance();
    // The plist DTD is Apple's, online: never fetched.
    factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    return factory.newDocumentBuilder().parse(file.toFile());
  }
}
