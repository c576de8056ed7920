package dev.drover.vm.wsl;

import dev.drover.vm.VmConfig;
import dev.drover.vm.VmFile;
import java.nio.file.Path;
import java.util.List;

/**
 * The wsl.exe command lines the WSL2 driver runs; pure, so they are checked without Windows.
 * Spelled as Microsoft's "Basic commands for WSL" documents them and as wsl.exe parses them
 * (src/windows/inc/wsl.h): {@code --import <Distro> <InstallLocation> <FileName> --version 2},
 * {@code --list --verbose}, {@code --terminate <Distro>}, {@code --unregister <Distro>}, {@code
 * --shutdown}, {@code --status}, and {@code --distribution <Distro> --user root --exec
 * <command...>}, where {@code --exec} must come last: wsl.exe takes everything after it as the
 * command.
 */
public final class WslCommands {

  /**
   * Where the guest's dockerd listens inside the distribution; WSL forwards localhost ports to
   * Windows.
   */
  public static final int ENGINE_PORT = 2376;

  /**
   * Stands for this computer's address in the proxy settings the distribution is given: a proxy on
   * Windows' loopback is reached at WSL 2's default gateway (NAT networking), which the engine's
   * session looks up when it runs.
   */
  public static final String WINDOWS_HOST = "drover-windows-host";

  private final String wsl;

  /**
   * @param wsl the wsl.exe to run, normally just "wsl.exe" (found on the PATH, in System32)
   */
  public WslCommands(String wsl) {
    this.wsl = wsl;
  }

  public List<String> status() {
    return List.of(wsl, "--status");
  }

  public List<String> list() {
    return List.of(wsl, "--list", "--verbose");
  }

  /**
   * Imports the guest's root file system as a WSL 2 distribution whose disk lives in {@code
   * folder}.
   */
  public List<String> importDistribution(String name, Path folder, Path rootfsTarball) {
    return List.of(
        wsl, "--import", name, folder.toString(), rootfsTarball.toString(), "--version", "2");
  }

  /**
   * The session that runs the engine: as root, it mounts what the guest needs, starts containerd
   * and then dockerd (moby) or socat offering containerd's socket (containerd), with mutual TLS
   * only, and stays in the foreground so the distribution lives as long as it does.
   *
   * <p>The script holds no double quote: Java joins the arguments into one Windows command line,
   * quoting only those with spaces, and wsl.exe splits what follows {@code --exec} again with
   * CommandLineToArgvW, for which an inner {@code "} ends the argument. Single quotes, and the
   * newlines between the script's lines, pass intact.
   */
  public List<String> runEngine(String name, VmConfig.Engine engine, Path hostTlsFolder) {
    return runEngine(
        name, engine, hostTlsFolder, hostTlsFolder.resolveSibling(VmFile.SECRETS.fileName()));
  }

  /**
   * The same, with the proxy settings and extra CA certificates the host wrote in {@code
   * hostSecretsFolder} (proxy.env, extra-ca.pem; each only when the user has one), applied as the
   * QEMU guest's init applies them: the proxy in the engines' environment and a root-only file, the
   * certificates after the distribution's own bundle, which is kept aside so a removed certificate
   * goes at the next start.
   */
  public List<String> runEngine(
      String name, VmConfig.Engine engine, Path hostTlsFolder, Path hostSecretsFolder) {
    var tls = toWslPath(hostTlsFolder);
    var secrets = shellQuoted(toWslPath(hostSecretsFolder));
    var script =
        String.join(
            "\n",
            "set -e",
            "export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "echo 'drover-guest: init started'",
            "mountpoint -q /sys/fs/cgroup || mount -t cgroup2 cgroup2 /sys/fs/cgroup",
            "mkdir -p /etc/drover/tls /var/lib/docker /var/lib/containerd && chmod 0700 /etc/drover/tls",
            "for f in ca.pem server-cert.pem server-key.pem; do cp "
                + shellQuoted(tls)
                + "/$f /etc/drover/tls/; done",
            "chmod 0600 /etc/drover/tls/*",
            "windows_host=$(ip route show default 2>/dev/null | awk '{print $3; exit}')",
            "umask 077",
            "if [ -r "
                + secrets
                + "/proxy.env ]; then sed s/"
                + WINDOWS_HOST
                + "/$windows_host/g "
                + secrets
                + "/proxy.env > /etc/drover/proxy.env; . /etc/drover/proxy.env;"
                + " echo 'drover-guest: proxy settings from the host applied';"
                + " else rm -f /etc/drover/proxy.env; fi",
            "umask 022",
            "bundle=/etc/ssl/certs/ca-certificates.crt",
            "[ -e /etc/drover/ca-certificates.crt ] || cp $bundle /etc/drover/ca-certificates.crt",
            "cp /etc/drover/ca-certificates.crt $bundle",
            "if [ -s "
                + secrets
                + "/extra-ca.pem ]; then { echo; cat "
                + secrets
                + "/extra-ca.pem; } >> $bundle;"
                + " echo 'drover-guest: extra CA certificates from the host added to the guest trust';"
                + " fi",
            "echo 'drover-guest: starting containerd'",
            "containerd --log-level warn > /var/log/containerd.log 2>&1 &",
            "while [ ! -S /run/containerd/containerd.sock ]; do sleep 0.2; done",
            engine == VmConfig.Engine.MOBY
                ? "echo 'drover-guest: starting dockerd (mutual TLS on port "
                    + ENGINE_PORT
                    + ")'\n"
                    + "exec dockerd --containerd=/run/containerd/containerd.sock --tlsverify"
                    + " --tlscacert=/etc/drover/tls/ca.pem --tlscert=/etc/drover/tls/server-cert.pem"
                    + " --tlskey=/etc/drover/tls/server-key.pem -H tcp://127.0.0.1:"
                    + ENGINE_PORT
                    + " > /var/log/dockerd.log 2>&1"
                // containerd's own API is offered by socat with mutual TLS (its tcp_address serves
                // CRI only)
                : "echo 'drover-guest: offering containerd (mutual TLS on port "
                    + ENGINE_PORT
                    + ")'\n"
                    + "exec socat OPENSSL-LISTEN:"
                    + ENGINE_PORT
                    + ",bind=127.0.0.1,reuseaddr,fork"
                    + ",cert=/etc/drover/tls/server-cert.pem,key=/etc/drover/tls/server-key.pem"
                    + ",cafile=/etc/drover/tls/ca.pem,verify=1 UNIX-CONNECT:/run/containerd/containerd.sock"
                    + " > /var/log/containerd-tls.log 2>&1");
    return List.of(
        wsl, "--distribution", name, "--user", "root", "--exec", "/bin/sh", "-c", script);
  }

  /**
   * Ends every distribution and WSL 2's utility VM; not used to stop Drover's alone, which {@link
   * #terminate} does.
   */
  public List<String> shutdown() {
    return List.of(wsl, "--shutdown");
  }

  public List<String> terminate(String name) {
    return List.of(wsl, "--terminate", name);
  }

  public List<String> unregister(String name) {
    return List.of(wsl, "--unregister", name);
  }

  /** The text as one word for sh, in single quotes: {@code it's} is {@code 'it'\''s'}. */
  static String shellQuoted(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }

  /**
   * The Windows path as the distribution sees it: {@code C:\Users\a b} is {@code /mnt/c/Users/a b}.
   */
  public static String toWslPath(Path windowsPath) {
    var text = windowsPath.toString().replace('\\', '/');
    if (text.length() >= 2 && text.charAt(1) == ':' && Character.isLetter(text.charAt(0))) {
      return "/mnt/" + Character.toLowerCase(text.charAt(0)) + text.substring(2);
    }
    return text;
  }
}
