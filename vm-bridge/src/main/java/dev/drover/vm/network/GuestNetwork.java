package dev.drover.vm.network;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * What the guest gets of the user's network settings at boot, resolved on the host.
 *
 * @param proxy the proxy as the guest reaches it ({@link ProxySettings#forGuest()})
 * @param certificates extra CA certificates the guest's engines trust, PEM; empty for none
 */
public record GuestNetwork(ProxySettings proxy, String certificates) {

  public static final GuestNetwork NONE = new GuestNetwork(ProxySettings.NONE, "");

  /**
   * Writes what the guest reads into {@code secrets}: proxy.env (the environment file, which may
   * hold a password) and extra-ca.pem, each only when there is one, user-only where the file system
   * has POSIX permissions; a file from earlier settings that no longer apply is removed.
   */
  public void writeTo(Path secrets) throws IOException {
    var proxyFile = secrets.resolve("proxy.env");
    var certificateFile = secrets.resolve("extra-ca.pem");
    Files.deleteIfExists(proxyFile);
    Files.deleteIfExists(certificateFile);
    var environment = proxy.environmentFile();
    if (!environment.isEmpty()) writeUserOnly(proxyFile, environment);
    if (!certificates.isEmpty()) writeUserOnly(certificateFile, certificates);
  }

  private static void writeUserOnly(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(file.getParent(), PosixFilePermissions.fromString("rwx------"));
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "GuestNetwork[proxy="
        + proxy
        + ", certificates="
        + (certificates.isEmpty() ? "none" : certificates.length() + " characters of PEM")
        + "]";
  }
}
