package dev.drover.tests.support;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A test image configured the way the popular server images are (nginx, postgres, redis), built
 * here from Debian's busybox-static since no registry is reachable: several exposed ports, volumes,
 * a health check, a non-root user, an entrypoint script plus a command, labels, many environment
 * variables, a stop signal, and a long-running server that writes a log line about every second.
 */
public enum RealisticImage {

  /**
   * Like nginx-unprivileged: an HTTP server on 8080 running as "www", HTTPS and a statsd UDP port
   * exposed.
   */
  WEB_SERVER(
      "drover-test/web:1.27",
      "www",
      101,
      8080,
      List.of("8080/tcp", "8443/tcp", "8125/udp"),
      List.of("/var/cache/web", "/var/log/web"),
      "/var/cache/web",
      "docker-entrypoint.sh: Configuration complete; ready for start up",
      "[notice] 1#1: heartbeat ",
      labels("web", "1.27.3", "frontend", "An HTTP server configured like nginx")) {
    @Override
    Recipe recipe(ImageArchive.Layer layer) {
      layer
          .directory("srv", 0755, 0)
          .directory("srv/www", 0755, 0)
          .text(
              "srv/www/index.html", 0644, 0, "<!doctype html><h1>Welcome to drover-test/web</h1>\n")
          .directory("var/cache/web", 0755, uid())
          .directory("var/log/web", 0755, uid())
          .text("usr/local/bin/docker-entrypoint.sh", 0755, 0, WEB_ENTRYPOINT);
      return new Recipe(
          List.of(
              PATH,
              "WEB_NAME=drover-web",
              "WEB_VERSION=1.27.3",
              "WEB_PORT=8080",
              "WEB_TLS_PORT=8443",
              "WEB_METRICS_PORT=8125",
              "WEB_ROOT=/srv/www",
              "WEB_CACHE=/var/cache/web",
              "WEB_LOG_DIR=/var/log/web",
              "WEB_WORKER_PROCESSES=auto",
              "WEB_ENTRYPOINT_QUIET_LOGS=",
              "TZ=UTC",
              "LANG=C.UTF-8"),
          List.of("CMD-SHELL", "wget -q -O /dev/null http://127.0.0.1:8080/ || exit 1"),
          List.of("/usr/local/bin/docker-entrypoint.sh"),
          List.of("httpd", "-f", "-vv", "-p", "8080", "-h", "/srv/www"),
          "/srv/www",
          user(),
          "SIGQUIT");
    }
  },

  /**
   * Like postgres: a server on 5432 running as uid 999 ("db"), initialising its data volume on
   * first start.
   */
  DATABASE(
      "drover-test/db:16",
      "db",
      999,
      5432,
      List.of("5432/tcp"),
      List.of("/var/lib/db/data"),
      "/var/lib/db/data",
      "LOG:  database system is ready to accept connections",
      "LOG:  checkpoint ",
      labels("db", "16.4", "backend", "A database server configured like postgres")) {
    @Override
    Recipe recipe(ImageArchive.Layer layer) {
      layer
          .directory("var/lib/db", 0755, uid())
          .directory("var/lib/db/data", 0700, uid())
          .text("usr/local/bin/docker-entrypoint.sh", 0755, 0, DB_ENTRYPOINT)
          .text("usr/local/bin/dbd", 0755, 0, DB_SERVER)
          .text("usr/local/bin/db-session", 0755, 0, DB_SESSION)
          .text("usr/local/bin/db-isready", 0755, 0, DB_ISREADY);
      return new Recipe(
          List.of(
              PATH,
              "DB_MAJOR=16",
              "DB_VERSION=16.4-1",
              "DB_PORT=5432",
              "PGDATA=/var/lib/db/data",
              "DB_USER=app",
              "DB_NAME=app",
              "DB_INITDB_ARGS=--data-checksums",
              "GOSU_VERSION=1.17",
              "LANG=en_US.utf8",
              "TZ=UTC"),
          List.of("CMD", "db-isready"),
          // Found on PATH, as postgres's own "docker-entrypoint.sh" is.
          List.of("docker-entrypoint.sh"),
          List.of("dbd"),
          "/var/lib/db",
          uid() + ":" + uid(),
          "SIGINT");
    }
  };

  private static final Path BUSYBOX_BINARY = Path.of("/bin/busybox");
  private static final Duration HEALTH_INTERVAL = Duration.ofSeconds(2);
  private static final String PATH =
      "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  private final String reference;
  private final String user;
  private final int uid;
  private final int port;
  private final List<String> exposedPorts;
  private final List<String> volumes;
  private final String dataVolume;
  private final String readyLine;
  private final String tickLine;
  private final Map<String, String> labels;

  RealisticImage(
      String reference,
      String user,
      int uid,
      int port,
      List<String> exposedPorts,
      List<String> volumes,
      String dataVolume,
      String readyLine,
      String tickLine,
      Map<String, String> labels) {
    this.reference = reference;
    this.user = user;
    this.uid = uid;
    this.port = port;
    this.exposedPorts = List.copyOf(exposedPorts);
    this.volumes = List.copyOf(volumes);
    this.dataVolume = dataVolume;
    this.readyLine = readyLine;
    this.tickLine = tickLine;
    this.labels = Collections.unmodifiableMap(labels);
  }

  /** The name the image is loaded under (Podman lists it as {@code localhost/…}). */
  public String reference() {
    return reference;
  }

  /** The name of the non-root user its processes run as. */
  public String user() {
    return user;
  }

  /** That user's id. */
  public int uid() {
    return uid;
  }

  /** The TCP port its server listens on. */
  public int port() {
    return port;
  }

  /** Every exposed port as the engine writes it ("8080/tcp"). */
  public List<String> exposedPorts() {
    return exposedPorts;
  }

  /** The paths it declares as volumes. */
  public List<String> volumes() {
    return volumes;
  }

  /** The volume its server writes to on start, so it must be writable by {@link #user()}. */
  public String dataVolume() {
    return dataVolume;
  }

  /** A line its log shows once the server is up. */
  public String readyLine() {
    return readyLine;
  }

  /** Text in the line its log gains about every second, followed by a growing count. */
  public String tickLine() {
    return tickLine;
  }

  public Map<String, String> labels() {
    return labels;
  }

  /** What sets the images apart besides their files, as a Dockerfile would say it. */
  record Recipe(
      List<String> env,
      List<String> healthTest,
      List<String> entrypoint,
      List<String> cmd,
      String workingDir,
      String user,
      String stopSignal) {}

  /** Adds this image's own files to {@code layer} and returns the rest of its configuration. */
  abstract Recipe recipe(ImageArchive.Layer layer);

  /** The image as a {@code docker save} archive; the same bytes (and image id) on every call. */
  ImageArchive archive() throws IOException, InterruptedException {
    var layer = baseLayer();
    var recipe = recipe(layer);
    layer.text(
        "etc/passwd",
        0644,
        0,
        "root:x:0:0:root:/root:/bin/sh\n%s:x:%d:%d:%s:%s:/bin/sh\n"
            .formatted(user, uid, uid, user, dataVolume));
    layer.text("etc/group", 0644, 0, "root:x:0:\n%s:x:%d:\n".formatted(user, uid));

    var config = ImageArchive.object();
    config.put("User", recipe.user());
    var ports = config.putObject("ExposedPorts");
    exposedPorts.forEach(ports::putObject);
    config.putArray("Env").addAll(recipe.env().stream().map(config::textNode).toList());
    config
        .putArray("Entrypoint")
        .addAll(recipe.entrypoint().stream().map(config::textNode).toList());
    config.putArray("Cmd").addAll(recipe.cmd().stream().map(config::textNode).toList());
    var volumeObject = config.putObject("Volumes");
    volumes.forEach(volumeObject::putObject);
    config.put("WorkingDir", recipe.workingDir());
    var labelObject = config.putObject("Labels");
    labels.forEach(labelObject::put);
    config.put("StopSignal", recipe.stopSignal());
    var health = config.putObject("Healthcheck");
    health.putArray("Test").addAll(recipe.healthTest().stream().map(config::textNode).toList());
    health.put("Interval", HEALTH_INTERVAL.toNanos());
    health.put("Timeout", Duration.ofSeconds(5).toNanos());
    health.put("Retries", 3);

    var history = new ArrayList<ObjectNode>();
    history.add(
        ImageArchive.step("COPY rootfs / # busybox-static and this image's scripts", false));
    for (var line :
        List.of(
            "ENV " + String.join(" ", recipe.env()),
            "EXPOSE " + String.join(" ", exposedPorts),
            "VOLUME " + volumes,
            "HEALTHCHECK " + recipe.healthTest(),
            "USER " + recipe.user(),
            "WORKDIR " + recipe.workingDir(),
            "STOPSIGNAL " + recipe.stopSignal(),
            "ENTRYPOINT " + recipe.entrypoint(),
            "CMD " + recipe.cmd())) {
      history.add(ImageArchive.step("/bin/sh -c #(nop)  " + line, true));
    }
    return ImageArchive.of(reference, layer, config, history);
  }

  private static Map<String, String> labels(
      String title, String version, String tier, String description) {
    var labels = new LinkedHashMap<String, String>();
    labels.put("maintainer", "Drover tests <tests@drover.invalid>");
    labels.put("org.opencontainers.image.title", "drover-test/" + title);
    labels.put("org.opencontainers.image.description", description);
    labels.put("org.opencontainers.image.version", version);
    labels.put("org.opencontainers.image.vendor", "Drover");
    labels.put("org.opencontainers.image.licenses", "GPL-2.0-only");
    labels.put("org.opencontainers.image.source", "https://drover.invalid/tests/" + title);
    labels.put("dev.drover.test.tier", tier);
    return labels;
  }

  /** Busybox and a link per applet, and the directories every image has. */
  private static ImageArchive.Layer baseLayer() throws IOException, InterruptedException {
    if (!Files.isExecutable(BUSYBOX_BINARY)) {
      throw new IllegalStateException(
          "/bin/busybox is missing: install Debian's busybox-static (./run-tests.sh does)");
    }
    var layer = new ImageArchive.Layer();
    for (var dir :
        List.of(
            "bin",
            "dev",
            "etc",
            "proc",
            "sys",
            "usr",
            "usr/local",
            "usr/local/bin",
            "var",
            "var/lib",
            "var/cache",
            "var/log")) {
      layer.directory(dir, 0755, 0);
    }
    layer.directory("root", 0700, 0).directory("tmp", 01777, 0);
    layer.file("bin/busybox", 0755, 0, Files.readAllBytes(BUSYBOX_BINARY));
    for (var applet : TestImages.applets()) layer.symlink("bin/" + applet, "busybox");
    return layer;
  }

  // Like nginx's entrypoint it says what it prepares, then runs the command; since busybox's httpd
  // as process 1
  // would ignore the stop signal, the script stays process 1 and ends the server on it, as a quick
  // stop needs.
  private static final String WEB_ENTRYPOINT =
      """
            #!/bin/sh
            echo "docker-entrypoint.sh: $WEB_NAME $WEB_VERSION starting as $(id -un) in $(pwd)"
            if ! touch "$WEB_CACHE/.started"; then
              echo "docker-entrypoint.sh: $WEB_CACHE is not writable by $(id -un)" >&2
              exit 1
            fi
            trap 'echo "docker-entrypoint.sh: signal received, shutting down"; kill $server $ticker 2>/dev/null; exit 0' TERM INT QUIT
            echo "docker-entrypoint.sh: Configuration complete; ready for start up"
            "$@" &
            server=$!
            (
              n=0
              while sleep 1; do
                n=$((n + 1))
                echo "$(date -u '+%Y/%m/%d %H:%M:%S') [notice] 1#1: heartbeat $n, listening on $WEB_PORT"
              done
            ) &
            ticker=$!
            wait $server
            status=$?
            kill $ticker 2>/dev/null
            exit $status
            """;

  private static final String DB_ENTRYPOINT =
      """
            #!/bin/sh
            set -e
            if [ ! -s "$PGDATA/PG_VERSION" ]; then
              echo "The files belonging to this database system will be owned by user \\"$(id -un)\\"."
              echo "initdb: initializing $PGDATA for $DB_USER/$DB_NAME ($DB_INITDB_ARGS)"
              echo "$DB_MAJOR" > "$PGDATA/PG_VERSION"
              echo "initdb: done"
            else
              echo "Database directory appears to contain a database; Skipping initialization"
            fi
            exec "$@"
            """;

  private static final String DB_SERVER =
      """
            #!/bin/sh
            echo "LOG:  starting dbd $DB_VERSION as $(id -un), listening on port $DB_PORT"
            trap 'echo "LOG:  received fast shutdown request"; kill $listener $ticker 2>/dev/null; echo "LOG:  database system is shut down"; exit 0' TERM INT QUIT
            nc -ll -p "$DB_PORT" -e /usr/local/bin/db-session &
            listener=$!
            echo "LOG:  database system is ready to accept connections"
            (
              n=0
              while sleep 1; do
                n=$((n + 1))
                echo "LOG:  checkpoint $n complete: wrote 0 buffers"
              done
            ) &
            ticker=$!
            wait $listener
            status=$?
            kill $ticker 2>/dev/null
            exit $status
            """;

  private static final String DB_SESSION =
      """
            #!/bin/sh
            echo "LOG:  connection received" >&2
            echo "dbd: accepting connections"
            """;

  private static final String DB_ISREADY =
      """
            #!/bin/sh
            nc -w 2 127.0.0.1 "$DB_PORT" </dev/null | grep -q "accepting connections"
            """;
}
