import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

/**
 * Builds Drover's native installer for the OS it runs on, from the app layout in {@code target/drover/lib}:
 *
 * <ol>
 *   <li>a trimmed Java runtime with jlink (only the modules the app needs; JavaFX stays on the class path as
 *       the Maven jars, whose natives it unpacks itself);</li>
 *   <li>a jpackage app-image with that runtime;</li>
 *   <li>an AOT cache (JDK 25, JEP 483/514), trained by starting the app-image's own launcher once up to its
 *       first frame, and named in the launcher's configuration so every start uses it;</li>
 *   <li>the package: {@code .deb} (and {@code .rpm} where rpmbuild exists) on Linux, {@code .dmg} on macOS,
 *       {@code .msi} on Windows.</li>
 * </ol>
 *
 * Run by {@code installer/pom.xml} in the {@code installer} profile as a Java source program, so the same
 * build works on every OS without shell scripts. jlink and jpackage run in-process as tool providers.
 */
public final class Packager {

    private static final String NAME = "Drover";
    private static final String DESCRIPTION = "Containers and Kubernetes on the desktop";
    private static final String AOT_OPTION = "java-options=-XX:AOTCache=$APPDIR/drover.aot";
    /**
     * The {@code drover} command's launcher on Linux, next to the app's in {@code bin/}; the .deb links it as
     * /usr/bin/drover.
     */
    private static final String CLI_LAUNCHER = "drover";
    /**
     * The command's launcher on macOS and Windows, whose file systems ignore case: {@code drover} would be the
     * app's {@code Drover} launcher itself (in {@code Drover.app/Contents/MacOS}, and beside {@code Drover.exe}).
     * jpackage/README.md says how to call it {@code drover} there.
     */
    private static final String CLI_LAUNCHER_CASE_INSENSITIVE = "drover-cli";
    /** The macOS bundle id; jpackage/macos/Info.plist names it too. */
    private static final String MAC_BUNDLE_ID = "dev.drover.Drover";

    private final Path target;
    private final Path appLib;
    private final Path osIcons;
    private final Path resources;
    private final String version;
    private final String modules;
    private final String mainJar;
    private final boolean skipAot;
    private final Path vmImage; // the guest image folder to ship; null: a package without the VM's guest
    private final String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);

    private Packager(Map<String, String> options) {
        this.target = Path.of(options.get("target")).toAbsolutePath();
        this.appLib = Path.of(options.get("app-lib")).toAbsolutePath();
        this.osIcons = Path.of(options.get("os-icons")).toAbsolutePath();
        this.resources = Path.of(options.get("resources")).toAbsolutePath();
        this.version = options.get("version").replaceAll("-.*", ""); // installers want 1.2.3, not 1.2.3-SNAPSHOT
        this.modules = options.get("modules");
        this.mainJar = options.get("main-jar");
        this.skipAot = Boolean.parseBoolean(options.getOrDefault("skip-aot", "false"));
        // Maven passes an unset ${env.DROVER_GUEST_IMAGE} through literally: no guest built, none shipped.
        var vmImageOption = options.getOrDefault("vm-image", "");
        this.vmImage = vmImageOption.isBlank() || vmImageOption.startsWith("${") ? null : Path.of(vmImageOption).toAbsolutePath();
    }

    public static void main(String[] args) throws Exception {
        var options = new java.util.HashMap<String, String>();
        for (var arg : args) {
            var at = arg.indexOf('=');
            if (!arg.startsWith("--") || at < 0) throw new IllegalArgumentException("expected --name=value, got " + arg);
            options.put(arg.substring(2, at), arg.substring(at + 1));
        }
        new Packager(options).build();
    }

    private void build() throws Exception {
        var runtime = target.resolve("runtime");
        var images = target.resolve("app-image");
        var installers = target.resolve("installer");
        for (var folder : List.of(runtime, images, installers, target.resolve("jpackage-resources"))) deleteRecursively(folder);
        Files.createDirectories(installers);

        say("jlink: runtime with " + modules);
        tool("jlink", "--add-modules", modules, "--strip-debug", "--no-header-files", "--no-man-pages",
                "--compress", "zip-6", "--output", runtime.toString());

        say("jpackage: app-image");
        var imageArgs = new ArrayList<>(List.of("--type", "app-image", "--name", NAME, "--app-version", version,
                "--vendor", NAME, "--description", DESCRIPTION,
                "--input", appLib.toString(), "--main-jar", mainJar, "--main-class", "dev.drover.app.Launcher",
                "--runtime-image", runtime.toString(), "--dest", images.toString(),
                "--java-options", "--enable-native-access=ALL-UNNAMED", "--icon", icon().toString()));
        imageArgs.addAll(List.of("--resource-dir", osResources().toString()));
        imageArgs.addAll(List.of("--add-launcher", cliLauncher() + "=" + cliLauncherProperties()));
        if (isMac()) imageArgs.addAll(List.of("--mac-package-identifier", MAC_BUNDLE_ID, "--mac-package-name", NAME));
        tool("jpackage", imageArgs.toArray(String[]::new));
        var image = images.resolve(isMac() ? NAME + ".app" : NAME);
        if (vmImage != null) bundleVmImage(image);
        else if (isLinux()) throw new IllegalStateException("The Linux packages ship the VM's guest and depend on QEMU to boot it, "
                + "but no guest was given: set DROVER_GUEST_IMAGE to the folder vm-bridge/guest/build-guest.sh prints "
                + "(./run-tests.sh does).");

        if (skipAot) say("AOT cache skipped (-Ddrover.aot.skip=true): the app starts without one");
        else trainAotCache(image);

        for (var type : packageTypes()) {
            say("jpackage: " + type);
            var packageArgs = new ArrayList<>(List.of("--type", type, "--name", NAME, "--app-version", version,
                    "--vendor", NAME, "--description", DESCRIPTION, "--app-image", image.toString(),
                    "--dest", installers.toString(), "--icon", icon().toString()));
            packageArgs.addAll(List.of("--resource-dir", osResources().toString()));
            if (isLinux()) packageArgs.addAll(List.of("--linux-package-name", "drover", "--linux-shortcut",
                    "--linux-menu-group", "Development", "--linux-app-category", type.equals("deb") ? "devel" : "Development/Tools"));
            if (type.equals("deb")) packageArgs.addAll(List.of("--linux-deb-maintainer", "drover@localhost"));
            // The .deb's dependencies are written out in jpackage/linux/control; the .rpm gets QEMU in Fedora's names.
            if (type.equals("rpm")) packageArgs.addAll(List.of("--linux-package-deps", String.join(", ", rpmQemuPackages())));
            // CI sets the identity from its secrets (.github/workflows/ci.yml); without it the .dmg is unsigned.
            var macIdentity = System.getenv("MACOS_SIGNING_IDENTITY");
            if (isMac() && !blank(macIdentity)) packageArgs.addAll(List.of("--mac-sign", "--mac-signing-key-user-name", macIdentity,
                    "--mac-entitlements", resources.resolve("macos").resolve(NAME + ".entitlements").toString()));
            if (isMac()) packageArgs.addAll(List.of("--mac-package-identifier", MAC_BUNDLE_ID));
            if (isWindows()) packageArgs.addAll(List.of("--win-menu", "--win-menu-group", NAME, "--win-shortcut",
                    "--win-dir-chooser", "--win-per-user-install", "--win-upgrade-uuid", "6f1c2a52-5d0b-4c3e-9d0e-2f6a1d7b0c11"));
            if (type.equals("deb") && !skipAot) {
                // This .deb is opened and packed again below, so jpackage's xz pass (minutes on two cores) is waste.
                var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jpackage").toString()));
                command.addAll(packageArgs);
                run(Map.of("DPKG_DEB_COMPRESSOR_TYPE", "none"), command.toArray(String[]::new));
                retrainInDeb(installers);
            } else {
                tool("jpackage", packageArgs.toArray(String[]::new));
            }
        }

        say("runtime " + mib(size(runtime)) + ", app-image " + mib(size(image)));
        try (var built = Files.list(installers)) {
            built.sorted().forEach(file -> say("built " + file + " (" + mib(size(file)) + ")"));
        }
    }

    /**
     * Starts the app-image's own launcher once with {@code -XX:AOTCacheOutput} through a short training session
     * ({@code --training-session}: the engine's first container list drawn, the first pages and a container's
     * details opened, then quit), so the cache holds what a real start loads after its first frame too: trained
     * only to the first frame, the classes and profiles that draw the table were left out. The cache then matches
     * the launcher's class path exactly (JDK 25 accepts it after the image moves to its install folder), and is
     * named in the launcher's configuration for every later start.
     */
    private void trainAotCache(Path image) throws IOException, InterruptedException {
        var appDir = appDir(image);
        var cache = appDir.resolve("drover.aot");
        var config = appDir.resolve(NAME + ".cfg");
        // A cache from an earlier training (of the app-image this package was made from) is stale here.
        Files.deleteIfExists(cache);
        var lines = new ArrayList<>(Files.readAllLines(config));
        lines.remove(AOT_OPTION);
        Files.write(config, lines);
        var command = new ArrayList<String>();
        if (isLinux() && blank(System.getenv("DISPLAY"))) {
            if (onPath("xvfb-run")) command.addAll(List.of("xvfb-run", "-a"));
            else throw new IllegalStateException("Training the AOT cache starts Drover once, which needs a display: set "
                    + "DISPLAY, install xvfb, or build with -Ddrover.aot.skip=true for a package without the cache.");
        }
        command.add(launcher(image).toString());
        command.add("--training-session");
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        var configHome = Files.createTempDirectory("drover-aot-training");
        builder.environment().put("DROVER_CONFIG_HOME", configHome.toString());
        builder.environment().put("JAVA_TOOL_OPTIONS", "-XX:AOTCacheOutput=" + cache);
        // Nothing of the build machine's clusters: the session is about the engine's pages.
        builder.environment().put("KUBECONFIG", configHome.resolve("no-kubeconfig").toString());
        var engine = System.getenv("DROVER_TEST_DOCKER_HOST");
        if (!blank(engine)) builder.environment().put("DOCKER_HOST", engine);
        say("AOT cache: training run " + String.join(" ", command));
        var process = builder.start();
        var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(180, TimeUnit.SECONDS)) process.destroyForcibly();
        deleteRecursively(configHome);
        if (process.exitValue() != 0 || !output.contains("TRAINING_DONE") || !Files.isRegularFile(cache)) {
            throw new IllegalStateException("The AOT training run failed (exit " + process.exitValue() + "):\n" + output);
        }
        int options = lines.indexOf("[JavaOptions]");
        if (options < 0) throw new IllegalStateException(config + " has no [JavaOptions] section");
        lines.add(options + 1, AOT_OPTION);
        Files.write(config, lines);
        say("AOT cache: " + cache + " (" + mib(Files.size(cache)) + "), named in " + config.getFileName());
    }

    /**
     * An AOT cache is valid only with the very jars it was made from, down to their modification times, and
     * jpackage copies the app-image into its package without keeping them: the cache in the app-image would be
     * rejected after {@code dpkg -i}. So the {@code .deb} is opened up with dpkg-deb (which keeps the times it
     * stores), trained again on its own files and packed again; what is installed is then exactly what was
     * trained on. (Where a cache is rejected anyway, the JVM says so on the console and starts without it.)
     */
    private void retrainInDeb(Path installers) throws IOException, InterruptedException {
        Path deb;
        try (var files = Files.list(installers)) {
            deb = files.filter(file -> file.toString().endsWith(".deb")).findFirst().orElseThrow();
        }
        var root = target.resolve("deb-root");
        deleteRecursively(root);
        run("dpkg-deb", "--raw-extract", deb.toString(), root.toString());
        var image = root.resolve("opt").resolve(NAME.toLowerCase(Locale.ROOT));
        trainAotCache(image);
        var control = root.resolve("DEBIAN/control");
        long installedKib = 0;
        try (var files = Files.walk(root)) {
            for (var file : files.filter(Files::isRegularFile).filter(file -> !file.startsWith(root.resolve("DEBIAN"))).toList()) {
                installedKib += (Files.size(file) + 1023) / 1024;
            }
        }
        var kib = installedKib;
        Files.write(control, Files.readAllLines(control).stream()
                .map(line -> line.startsWith("Installed-Size:") ? "Installed-Size: " + kib : line).toList());
        // zstd: a tenth of xz's time for 5 % more bytes; dpkg reads it since Debian 12 and Ubuntu 21.10.
        run("dpkg-deb", "--root-owner-group", "-Zzstd", "-z9", "--build", root.toString(), deb.toString());
        deleteRecursively(root);
    }

    private static void run(String... command) throws IOException, InterruptedException {
        run(Map.of(), command);
    }

    private static void run(Map<String, String> environment, String... command) throws IOException, InterruptedException {
        var builder = new ProcessBuilder(command).inheritIO();
        builder.environment().putAll(environment);
        var process = builder.start();
        if (process.waitFor() != 0) throw new IllegalStateException(String.join(" ", command) + " failed with exit " + process.exitValue());
    }

    /**
     * Ships the guest Linux that vm-bridge/guest/build-guest.sh built (kernel and initramfs; the root file system
     * tarball too on Windows, for WSL 2) in the app's {@code vm/guest} folder, with a SHA256SUMS file, so the VM
     * starts offline and always with the guest this version of Drover was tested with.
     */
    private void bundleVmImage(Path image) throws IOException {
        if (!Files.isDirectory(vmImage)) throw new IllegalStateException("the guest image folder " + vmImage + " does not exist; build it with vm-bridge/guest/build-guest.sh");
        var folder = appDir(image).resolve("vm").resolve("guest");
        Files.createDirectories(folder);
        // helper-image.*: the guest helper container's image, loaded into the VM's engine (no registry needed).
        var names = new java.util.ArrayList<>(List.of("vmlinuz", "initramfs.img", "manifest.txt", "helper-image.tar", "helper-image.ref"));
        if (isWindows()) names.add("rootfs.tar.gz");
        var sums = new StringBuilder();
        long bytes = 0;
        for (var name : names) {
            var source = vmImage.resolve(name);
            if (!Files.isRegularFile(source)) {
                // A guest built before the helper image: the VM pulls busybox instead.
                if (name.equals("manifest.txt") || name.startsWith("helper-image.")) continue;
                throw new IllegalStateException("the guest image in " + vmImage + " has no " + name + "; build it again with vm-bridge/guest/build-guest.sh");
            }
            var target = folder.resolve(name);
            Files.copy(source, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            bytes += Files.size(target);
            try (var in = Files.newInputStream(target)) {
                var digest = java.security.MessageDigest.getInstance("SHA-256");
                in.transferTo(new java.security.DigestOutputStream(java.io.OutputStream.nullOutputStream(), digest));
                sums.append(java.util.HexFormat.of().formatHex(digest.digest())).append("  ").append(name).append('\n');
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        Files.writeString(folder.resolve("SHA256SUMS"), sums);
        say("guest VM image bundled in " + folder + " (" + mib(bytes) + ")");
    }

    /**
     * jpackage's properties for the command's launcher ({@code drover}, or {@code drover-cli} where file names
     * ignore case): the cli jar as its main jar, no menu entry. The command
     * sets up its own logging (to standard error) before it runs, whatever else shares its class path.
     */
    private Path cliLauncherProperties() throws IOException {
        var cliJar = mainJar.replace("drover-app-", "drover-cli-");
        if (!Files.isRegularFile(appLib.resolve(cliJar))) {
            throw new IllegalStateException(cliJar + " is not in " + appLib + "; the installer module must depend on drover-cli");
        }
        var properties = target.resolve("drover-cli-launcher.properties");
        var lines = new ArrayList<>(List.of(
                "main-jar=" + cliJar,
                "main-class=dev.drover.cli.DroverCli",
                "description=The drover command",
                "java-options=--enable-native-access=ALL-UNNAMED"));
        if (isLinux()) lines.add("linux-shortcut=false");
        // A console program on Windows (its output in the terminal it was called from), and no menu entry.
        if (isWindows()) lines.addAll(List.of("win-console=true", "win-shortcut=false", "win-menu=false"));
        Files.writeString(properties, String.join("\n", lines) + "\n");
        return properties;
    }

    /** The command's launcher name on this OS. */
    private String cliLauncher() {
        return isLinux() ? CLI_LAUNCHER : CLI_LAUNCHER_CASE_INSENSITIVE;
    }

    private List<String> packageTypes() {
        if (isMac()) return List.of("dmg");
        if (isWindows()) return List.of("msi");
        return onPath("rpmbuild") ? List.of("deb", "rpm") : List.of("deb");
    }

    /**
     * The Debian package with the QEMU emulator for this machine's architecture (the guest is built for it too):
     * qemu-system-arm holds qemu-system-aarch64. Put into jpackage/linux/control for DROVER_QEMU_SYSTEM.
     */
    private static String debQemuPackage() {
        return isArm64() ? "qemu-system-arm" : "qemu-system-x86";
    }

    /**
     * The same in Fedora's names: the emulator alone is qemu-system-x86-core / qemu-system-aarch64-core (the
     * packages without -core pull in every firmware and display option), and qemu-img is Debian's qemu-utils.
     */
    private static List<String> rpmQemuPackages() {
        return List.of(isArm64() ? "qemu-system-aarch64-core" : "qemu-system-x86-core", "qemu-img");
    }

    private static boolean isArm64() {
        var arch = System.getProperty("os.arch");
        return arch.equals("aarch64") || arch.equals("arm64");
    }

    private Path icon() {
        return osIcons.resolve(isMac() ? "drover.icns" : isWindows() ? "drover.ico" : "drover.png");
    }

    /**
     * The OS's files from {@code jpackage/} plus the icon under the name jpackage looks for: given only as
     * {@code --icon}, a package made from an app-image gets jpackage's default icon instead on Linux.
     */
    private Path osResources() throws IOException {
        var merged = target.resolve("jpackage-resources");
        if (Files.isDirectory(merged)) return merged;
        Files.createDirectories(merged);
        var source = resources.resolve(isMac() ? "macos" : isWindows() ? "windows" : "linux");
        if (Files.isDirectory(source)) {
            try (var files = Files.list(source)) {
                for (var file : files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith(".")).toList()) {
                    Files.copy(file, merged.resolve(file.getFileName()), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
                var control = merged.resolve("control");
                if (isLinux() && Files.isRegularFile(control)) {
                    Files.writeString(control, Files.readString(control).replace("DROVER_QEMU_SYSTEM", debQemuPackage()));
                }
            }
        }
        var iconName = NAME + (isMac() ? ".icns" : isWindows() ? ".ico" : ".png");
        Files.copy(icon(), merged.resolve(iconName), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return merged;
    }

    private Path appDir(Path image) {
        return isMac() ? image.resolve("Contents/app") : isWindows() ? image.resolve("app") : image.resolve("lib/app");
    }

    private Path launcher(Path image) {
        return isMac() ? image.resolve("Contents/MacOS/" + NAME) : isWindows() ? image.resolve(NAME + ".exe")
                : image.resolve("bin/" + NAME);
    }

    private boolean isMac() {
        return os.contains("mac");
    }

    private boolean isWindows() {
        return os.contains("win");
    }

    private boolean isLinux() {
        return !isMac() && !isWindows();
    }

    private static void tool(String name, String... args) {
        var tool = ToolProvider.findFirst(name).orElseThrow(() -> new IllegalStateException(
                name + " is not in this JDK (" + System.getProperty("java.home") + "); build with a full JDK 25"));
        int status = tool.run(System.out, System.err, args);
        if (status != 0) throw new IllegalStateException(name + " failed with exit " + status + ": " + String.join(" ", args));
    }

    private static boolean onPath(String program) {
        var path = System.getenv("PATH");
        return path != null && Stream.of(path.split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static long size(Path path) {
        try (var files = Files.walk(path)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) return;
        try (var files = Files.walk(path)) {
            for (var file : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(file);
        }
    }

    private static void say(String line) {
        System.out.println("[installer] " + line);
    }
}
