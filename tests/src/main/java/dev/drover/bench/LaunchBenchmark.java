package dev.drover.bench;

import com.github.dockerjava.api.DockerClient;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * What a user waits for and what Drover costs at rest, with 1 000 containers on the engine, each
 * against a JavaFX hello-world given the same treatment in the same run:
 *
 * <ul>
 *   <li>Launch to a populated table: Drover's real {@code Launcher} in a fresh process (its
 *       single-instance lock and socket included, no Drover running, a fresh config folder) until
 *       the frame showing every container is drawn, against the hello-world's first frame plus
 *       {@code docker ps -a}, each a cold process. The dev build runs on the plain JDK (no CDS or
 *       AOT cache on either side); the installed {@code .deb} runs with its shipped AOT cache
 *       against a hello-world with an AOT cache of its own.
 *   <li>Resident memory once the table is populated, against the hello-world's once its window is
 *       drawn.
 *   <li>Idle CPU: both windows open and left alone side by side for a minute, sampled every 10 s.
 *   <li>Resident memory after a compressed scripted session (a running container's logs, stats,
 *       inspect and terminal opened and closed, the Kubernetes page opened and left) and a GC,
 *       against the same process once its table was drawn; then idle CPU for a minute in the tray
 *       with the window hidden. Both in the idle minute's Drover process, no launch of their own.
 * </ul>
 *
 * <p>The app reports its populated table itself ({@code DROVER_BENCH_POPULATED_ROWS}, see {@code
 * DesktopApp}); it is then ended. A benchmark, not a test: missed goals are recorded in the results
 * file; only a measurement that cannot be made is an error.
 *
 * <p>Usage: {@code LaunchBenchmark <packaged app folder, e.g. installer/target/drover>
 * [drover_….deb (as root)] [runs, default 5]}, with {@code DROVER_TEST_DOCKER_HOST} set.
 */
public final class LaunchBenchmark {

  private static final String USAGE =
      "LaunchBenchmark <packaged app folder> [drover_….deb] [runs, default 5]";
  private static final int CONTAINERS = 1000;
  private static final double GOAL_LAUNCH = 1.15;
  private static final double GOAL_IDLE_CPU = 1.1;
  private static final double GOAL_RESIDENT = 1.5;
  private static final int IDLE_SAMPLES = 6;
  private static final long IDLE_SAMPLE_SECONDS = 10;
  private static final Path INSTALL_DIR = Path.of("/opt/drover");
  private static final long CLOCK_TICKS_PER_SECOND = 100;

  private static final int SESSION_ROUNDS = 3;
  private static final double GOAL_SESSION_RESIDENT = 1.1;
  private static final double GOAL_TRAY_CPU = 0.2;

  private final String host;
  private final int runs;
  private final Path work;
  private final DockerClient docker;
  private final String runId;
  private final String javaCommand =
      Path.of(System.getProperty("java.home"), "bin", "java").toString();
  private int rows;

  private LaunchBenchmark(String host, int runs, Path work, DockerClient docker, String runId) {
    this.host = host;
    this.runs = runs;
    this.work = work;
    this.docker = docker;
    this.runId = runId;
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: " + USAGE);
      System.exit(2);
    }
    var app = Path.of(args[0]).toAbsolutePath();
    var deb = args.length > 1 && !args[1].isBlank() ? Path.of(args[1]).toAbsolutePath() : null;
    var runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    var host = BenchEngine.hostOrExit(USAGE);
    var runId = UUID.randomUUID().toString().substring(0, 8);
    var work = Files.createTempDirectory("drover-launch-bench");
    int exit = 0;
    try (var docker = BenchEngine.client(host)) {
      try {
        BenchEngine.requireBusybox(docker);
        System.out.println(
            "launch benchmark: "
                + CONTAINERS
                + " created containers (run "
                + runId
                + ") on "
                + host
                + ", "
                + runs
                + " alternating runs each");
        BenchContainers.create(docker, CONTAINERS, runId);
        var bench = new LaunchBenchmark(host, runs, work, docker, runId);
        // Every container the engine has, not only this run's: the table shows them all.
        bench.rows = docker.listContainersCmd().withShowAll(true).exec().size();
        bench.devBuild(app);
        if (deb != null) bench.installed(deb);
      } catch (Exception | AssertionError e) {
        System.err.println("launch benchmark failed: " + e);
        e.printStackTrace();
        exit = 1;
      } finally {
        if (!BenchContainers.remove(docker, runId)) exit = 1;
        deleteTree(work);
      }
    }
    System.exit(exit);
  }

  // ---- the dev build: plain JDK on both sides ----

  private void devBuild(Path app) throws Exception {
    var drover =
        List.of(
            javaCommand,
            "--enable-native-access=ALL-UNNAMED",
            "-cp",
            app.resolve("lib") + "/*",
            "dev.drover.app.Launcher");
    var hello = helloCommand(List.of());
    launches("launch-dev", "dev build, plain JDK on both sides", drover, hello);
    // The idle process is the same Launcher, started by DrivenLauncher (this jar added to the class
    // path), so that after the idle minute the same process can be taken through a session and
    // into the tray.
    var driven =
        List.of(
            javaCommand,
            "--enable-native-access=ALL-UNNAMED",
            "-cp",
            app.resolve("lib") + "/*" + File.pathSeparator + benchJar(),
            DrivenLauncher.class.getName());
    idle(driven, hello);
  }

  // ---- the installed .deb: AOT caches on both sides ----

  private void installed(Path deb) throws Exception {
    if (run("dpkg-query", "-W", "-f=${Status}", "drover").contains("ok installed")) {
      throw new IllegalStateException(
          "Drover is already installed here; the benchmark installs and removes its own copy."
              + " Remove it first (dpkg -P drover).");
    }
    var helloCache = work.resolve("hello.aot");
    try {
      check(run("dpkg", "-i", deb.toString()), "dpkg -i");
      // The hello-world's cache, trained as the installer trains Drover's: by one run to its first
      // frame.
      var training = new ArrayList<>(helloCommand(List.of("-XX:AOTCacheOutput=" + helloCache)));
      training.removeLast(); // the --stay argument: the cache is written when the JVM exits
      check(run(training.toArray(String[]::new)), "training the hello-world's AOT cache");
      if (!Files.isRegularFile(helloCache))
        throw new IllegalStateException("the JDK wrote no AOT cache for the hello-world");
      launches(
          "launch-installed",
          "installed .deb with its AOT cache, hello-world with its own",
          List.of(INSTALL_DIR.resolve("bin/Drover").toString()),
          helloCommand(List.of("-XX:AOTCache=" + helloCache)));
    } finally {
      run("dpkg", "-P", "drover");
    }
  }

  // ---- launch to a populated table ----

  private void launches(String id, String treatment, List<String> drover, List<String> hello)
      throws Exception {
    // One untimed launch each fills the page cache.
    firstLine(drover, "TABLE_POPULATED").end();
    firstLine(hello, "FIRST_FRAME").end();
    BenchEngine.timeCli(host, "ps", "-a");
    var droverTimes = new ArrayList<Double>();
    var droverResident = new ArrayList<Double>();
    var helloTimes = new ArrayList<Double>();
    var helloResident = new ArrayList<Double>();
    var listTimes = new ArrayList<Double>();
    var baseline = new ArrayList<Double>();
    Launched last = null;
    Launched lastHello = null;
    var madeOf = "";
    var helloMadeOf = "";
    for (int i = 0; i < runs; i++) {
      var launched = firstLine(drover, "TABLE_POPULATED");
      last = launched;
      droverTimes.add(launched.millis());
      droverResident.add(launched.residentMiB());
      if (i == runs - 1) madeOf = madeOf(launched.process().pid());
      launched.end();
      var frame = firstLine(hello, "FIRST_FRAME");
      helloTimes.add(frame.millis());
      helloResident.add(frame.residentMiB());
      lastHello = frame;
      if (i == runs - 1) helloMadeOf = madeOf(frame.process().pid());
      frame.end();
      var list = BenchEngine.timeCli(host, "ps", "-a");
      listTimes.add(list);
      baseline.add(frame.millis() + list);
    }
    System.out.printf(
        Locale.ROOT,
        "%s: Drover to a populated table %.0f ms [%s]; hello-world first frame %.0f ms [%s] + docker ps -a %.0f ms [%s]%n",
        treatment,
        BenchEngine.median(droverTimes),
        BenchEngine.format(droverTimes),
        BenchEngine.median(helloTimes),
        BenchEngine.format(helloTimes),
        BenchEngine.median(listTimes),
        BenchEngine.format(listTimes));
    BenchResults.compared(
        id,
        "launch to a populated table of " + rows + " containers, " + treatment,
        "ms",
        droverTimes,
        "hello-world first frame + docker ps -a, cold processes",
        baseline,
        BenchResults.Goal.ratioAtMost(GOAL_LAUNCH),
        String.format(
            Locale.ROOT,
            "real Launcher, lock and socket included, fresh process and config folder each run;"
                + " baseline = first frame %.0f ms + docker ps -a %.0f ms (medians); the last"
                + " launch's CPU by thread until its table was drawn (%.0f ms): %s; %s. The last"
                + " hello-world at its first frame (%.0f ms): CPU %s; %s",
            BenchEngine.median(helloTimes),
            BenchEngine.median(listTimes),
            last.millis(),
            cpuByThread(last.threadTicks(), Map.of()),
            madeOf,
            helloTimes.getLast(),
            cpuByThread(lastHello.threadTicks(), Map.of()),
            helloMadeOf));
    if (id.equals("launch-dev")) {
      BenchResults.compared(
          "resident-start",
          "resident memory once the table of " + rows + " containers is drawn (dev build)",
          "MiB",
          droverResident,
          "hello-world resident at its first frame",
          helloResident,
          BenchResults.Goal.ratioAtMost(GOAL_RESIDENT),
          "VmRSS of the process, read right after the frame; same JDK and heap defaults on both"
              + " sides");
    }
  }

  // ---- idle CPU, a session, the tray ----

  /**
   * Both windows open side by side, left alone: CPU of each process over {@link #IDLE_SAMPLES}
   * periods of {@link #IDLE_SAMPLE_SECONDS} s, in percent of one core. Side by side rather than one
   * after the other so both see the same machine. A tray (trayer) is on the display from the start,
   * as on most desktops, so Drover's icon is in it. Then the same Drover process goes through a
   * scripted session ({@link #session}) and into the tray ({@link #tray}).
   */
  private void idle(List<String> drover, List<String> hello) throws Exception {
    var tray = startTray();
    Launched app = null;
    try {
      app = firstLine(drover, "TABLE_POPULATED");
      var window = firstLine(hello, "FIRST_FRAME");
      try {
        // The app's start-up work (first list, stats warm-up) settles before the quiet is measured.
        Thread.sleep(5_000);
        var droverCpu = new ArrayList<Double>();
        var helloCpu = new ArrayList<Double>();
        var threadsBefore = threadTicks(app.process().pid());
        long droverTicks = cpuTicks(app.process().pid()),
            helloTicks = cpuTicks(window.process().pid());
        var since = System.nanoTime();
        for (int i = 0; i < IDLE_SAMPLES; i++) {
          Thread.sleep(IDLE_SAMPLE_SECONDS * 1000);
          long d = cpuTicks(app.process().pid()), h = cpuTicks(window.process().pid());
          var now = System.nanoTime();
          var seconds = (now - since) / 1e9;
          droverCpu.add(percent(d - droverTicks, seconds));
          helloCpu.add(percent(h - helloTicks, seconds));
          droverTicks = d;
          helloTicks = h;
          since = now;
        }
        var threadsAfter = threadTicks(app.process().pid());
        BenchResults.compared(
            "idle-cpu",
            "idle CPU, window open on "
                + rows
                + " containers, "
                + IDLE_SAMPLES * IDLE_SAMPLE_SECONDS
                + " s (dev build)",
            "% of a core",
            droverCpu,
            "hello-world window idle, same minute",
            helloCpu,
            BenchResults.Goal.ratioAtMost(GOAL_IDLE_CPU),
            "user+system time from /proc/<pid>/stat, per "
                + IDLE_SAMPLE_SECONDS
                + " s; both processes run side by side; a tray (trayer) on the display, Drover's"
                + " icon in it; Drover's CPU by thread over the minute: "
                + cpuByThread(threadsAfter, threadsBefore));
      } finally {
        window.end();
      }
      session(app);
      tray(app);
    } finally {
      if (app != null) app.end();
      tray.destroy();
      if (!tray.waitFor(20, TimeUnit.SECONDS)) tray.destroyForcibly().waitFor();
    }
  }

  /**
   * Resident memory after a compressed scripted session and a full collection, against the same
   * process once its table was first drawn: {@link #SESSION_ROUNDS} rounds of a running container's
   * details (logs, stats, inspect, terminal) opened and closed and the Kubernetes page opened and
   * left, driven in the app's process ({@link DrivenLauncher}).
   */
  private void session(Launched app) throws Exception {
    var name = "drover-bench-session-" + runId;
    docker
        .createContainerCmd(BenchEngine.BUSYBOX)
        .withName(name)
        .withLabels(Map.of(BenchContainers.LABEL, runId))
        .withCmd(
            "sh",
            "-c",
            "i=0; while true; do i=$((i+1)); echo \"line $i of a chatty server\"; sleep 0.05; done")
        .exec();
    docker.startContainerCmd(name).exec();
    var pid = app.process().pid();
    var before = residentMiB(pid);
    var done = app.command("session " + SESSION_ROUNDS + " " + name, 600);
    var sessionSeconds = Long.parseLong(done.split(" ")[1]) / 1000.0;
    var afterSession = residentMiB(pid);
    app.command("gc", 60);
    Thread.sleep(1000); // what the collection gives back is returned to the system after it
    var after = residentMiB(pid);
    docker.removeContainerCmd(name).withForce(true).exec();
    BenchResults.compared(
        "resident-session",
        "resident memory after a compressed scripted session and a GC (dev build)",
        "MiB",
        List.of(after),
        "the same process once its table of " + rows + " containers was drawn",
        List.of(app.residentMiB()),
        BenchResults.Goal.ratioAtMost(GOAL_SESSION_RESIDENT),
        String.format(
            Locale.ROOT,
            "a compressed session of %.0f s, not 10 minutes: %d rounds, each opening a running"
                + " container's details (logs until lines arrive, stats until a sample, inspect,"
                + " terminal until a shell prompt) and going back, then the Kubernetes page (no"
                + " cluster configured) and back; then System.gc() twice in the app; VmRSS"
                + " %.0f MiB before the session (after the idle minute), %.0f MiB right after it,"
                + " %.0f MiB after the GC",
            sessionSeconds,
            SESSION_ROUNDS,
            before,
            afterSession,
            after));
  }

  /** Drover's CPU over a minute in the tray, its window hidden by a close request. */
  private void tray(Launched app) throws Exception {
    app.command("hide", 60);
    Thread.sleep(5_000); // the hidden window's last pulses
    var pid = app.process().pid();
    var threadsBefore = threadTicks(pid);
    var ticksAtStart = cpuTicks(pid);
    var started = System.nanoTime();
    var samples = new ArrayList<Double>();
    long ticks = ticksAtStart;
    var since = started;
    for (int i = 0; i < IDLE_SAMPLES; i++) {
      Thread.sleep(IDLE_SAMPLE_SECONDS * 1000);
      var now = System.nanoTime();
      var t = cpuTicks(pid);
      samples.add(percent(t - ticks, (now - since) / 1e9));
      ticks = t;
      since = now;
    }
    var minute = percent(ticks - ticksAtStart, (since - started) / 1e9);
    BenchResults.alone(
        "idle-cpu-tray",
        "idle CPU in the tray, window hidden, "
            + IDLE_SAMPLES * IDLE_SAMPLE_SECONDS
            + " s (dev build, after the session)",
        "% of a core",
        List.of(minute),
        BenchResults.Goal.valueAtMost(GOAL_TRAY_CPU),
        String.format(
            Locale.ROOT,
            "user+system time from /proc/<pid>/stat over the whole minute; per %d s: %s; the"
                + " window hidden by a close request (Drover's icon in trayer's tray); CPU by"
                + " thread: %s",
            IDLE_SAMPLE_SECONDS,
            String.join(
                " ", samples.stream().map(v -> String.format(Locale.ROOT, "%.2f", v)).toList()),
            cpuByThread(threadTicks(pid), threadsBefore)));
  }

  /** trayer on the display, as a desktop's tray; waits until its panel is up. */
  private static Process startTray() throws Exception {
    var tray =
        new ProcessBuilder(
                "trayer",
                "--edge",
                "top",
                "--align",
                "right",
                "--widthtype",
                "pixel",
                "--width",
                "120",
                "--heighttype",
                "pixel",
                "--height",
                "32")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    var deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!run("xwininfo", "-root", "-tree").contains("(\"panel\" \"trayer\")")) {
      if (!tray.isAlive() || System.nanoTime() > deadline) {
        tray.destroyForcibly().waitFor();
        throw new IllegalStateException(
            "trayer's panel did not come up (run-tests.sh installs trayer and x11-utils)");
      }
      Thread.sleep(100);
    }
    return tray;
  }

  /** This benchmark's own jar, from the class path it runs on. */
  private static String benchJar() {
    return List.of(System.getProperty("java.class.path").split(File.pathSeparator)).stream()
        .filter(entry -> Path.of(entry).getFileName().toString().startsWith("drover-tests"))
        .map(entry -> Path.of(entry).toAbsolutePath().toString())
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("drover-tests jar not on the class path"));
  }

  /**
   * What a launched JVM's time went to until now, from its performance counters ({@code jcmd
   * PerfCounter.print}, read once the table is drawn): classes loaded (and how many came from a CDS
   * or AOT archive), the threads' time in class loading and in static initialisers, the JIT's
   * compilations and compiler time, the collector's time. Times are elapsed time summed over
   * threads, not CPU: on a busy machine they include waiting for a core.
   */
  private String madeOf(long pid) {
    try {
      var counters = new HashMap<String, Long>();
      var said =
          run(
              Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
              Long.toString(pid),
              "PerfCounter.print");
      if (said.startsWith("exit ")) return "its JVM's counters could not be read: " + said;
      for (var line : said.lines().toList()) {
        var equals = line.indexOf('=');
        if (equals < 0) continue;
        try {
          counters.put(
              line.substring(0, equals).strip(),
              Long.parseLong(line.substring(equals + 1).strip()));
        } catch (NumberFormatException notANumber) {
          // strings (version, flags): not wanted
        }
      }
      var frequency = counters.getOrDefault("sun.os.hrt.frequency", 1_000_000_000L) / 1000.0;
      Function<String, Long> ms = name -> Math.round(counters.getOrDefault(name, 0L) / frequency);
      long gc = 0;
      for (int i = 0; i < 4; i++) gc += ms.apply("sun.gc.collector." + i + ".time");
      return String.format(
          Locale.ROOT,
          "its JVM's counters then: %d classes loaded (%d from a CDS/AOT archive), class loading"
              + " %d ms (of which defining app classes %d ms, verifying %d ms, linking %d ms), static"
              + " initialisers %d ms; JIT %d compilations, %d ms of compiler time; GC %d ms"
              + " (thread time summed, not CPU)",
          counters.getOrDefault("java.cls.loadedClasses", 0L),
          counters.getOrDefault("java.cls.sharedLoadedClasses", 0L),
          ms.apply("sun.cls.time"),
          ms.apply("sun.cls.defineAppClassTime.self"),
          ms.apply("sun.cls.classVerifyTime.self"),
          ms.apply("sun.cls.classLinkedTime.self"),
          ms.apply("sun.cls.classInitTime.self"),
          counters.getOrDefault("sun.ci.totalCompiles", 0L),
          ms.apply("sun.ci.standardTime") + ms.apply("sun.ci.osrTime"),
          gc);
    } catch (Exception e) {
      return "its JVM's counters could not be read: " + e;
    }
  }

  private static double percent(long ticks, double seconds) {
    return ticks * 100.0 / CLOCK_TICKS_PER_SECOND / seconds;
  }

  /** utime + stime of a process, in clock ticks. */
  private static long cpuTicks(long pid) throws IOException {
    var stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    // The command name (field 2) is in parentheses and may hold spaces: count from its end.
    var fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  /**
   * CPU ticks of each of a process's threads, by name with digits folded (so a pool's threads add
   * up), from /proc/&lt;pid&gt;/task.
   */
  private static Map<String, Long> threadTicks(long pid) throws IOException {
    var ticks = new TreeMap<String, Long>();
    try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (var task : tasks.toList()) {
        try {
          var stat = Files.readString(task.resolve("stat"));
          var name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          var fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          ticks.merge(
              name.replaceAll("\\d+", "N"),
              Long.parseLong(fields[11]) + Long.parseLong(fields[12]),
              Long::sum);
        } catch (NoSuchFileException ended) {
          // A thread that ended meanwhile.
        }
      }
    }
    return ticks;
  }

  /**
   * The threads' CPU since {@code before}, largest first, in ms: "all 5230 ms: C2 CompilerThrN 1800
   * ms, …".
   */
  private static String cpuByThread(Map<String, Long> now, Map<String, Long> before) {
    var deltas = new ArrayList<Map.Entry<String, Long>>();
    // A thread that ended meanwhile took its ticks with it: no name counts below zero.
    now.forEach(
        (name, ticks) ->
            deltas.add(Map.entry(name, Math.max(0, ticks - before.getOrDefault(name, 0L)))));
    deltas.sort(Map.Entry.<String, Long>comparingByValue().reversed());
    long all = deltas.stream().mapToLong(Map.Entry::getValue).sum();
    var text = new StringBuilder("all " + all * 1000 / CLOCK_TICKS_PER_SECOND + " ms");
    for (var entry : deltas.subList(0, Math.min(8, deltas.size()))) {
      if (entry.getValue() == 0) break;
      text.append(entry == deltas.getFirst() ? ": " : ", ")
          .append(entry.getKey())
          .append(' ')
          .append(entry.getValue() * 1000 / CLOCK_TICKS_PER_SECOND)
          .append(" ms");
    }
    return text.toString();
  }

  private static double residentMiB(long pid) throws IOException {
    for (var line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    }
    throw new IllegalStateException("no VmRSS for process " + pid);
  }

  // ---- processes ----

  /** A process that has said its line: when, and how much memory it held then. */
  private record Launched(
      Process process,
      double millis,
      double residentMiB,
      Map<String, Long> threadTicks,
      BlockingQueue<String> later) {
    void end() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
    }

    /**
     * Sends a {@link DrivenLauncher} command and returns its answer; one that failed or did not
     * come within {@code seconds} is an error.
     */
    String command(String command, long seconds) throws Exception {
      var input = process.getOutputStream();
      input.write((command + "\n").getBytes(StandardCharsets.UTF_8));
      input.flush();
      var deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      while (true) {
        var line = later.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (line == null)
          throw new IllegalStateException("no answer to " + command + " within " + seconds + " s");
        if (line.startsWith(DrivenLauncher.FAILED))
          throw new IllegalStateException(command + ": " + line);
        if (line.startsWith(DrivenLauncher.SESSION_DONE)
            || line.equals(DrivenLauncher.GC_DONE)
            || line.equals(DrivenLauncher.HIDDEN)) return line;
      }
    }
  }

  /**
   * The hello-world on JavaFX alone (this class path's JavaFX jars and the benchmark's own jar),
   * with {@code jvmOptions}; it stays open after its first frame, as Drover does, until ended.
   */
  private List<String> helloCommand(List<String> jvmOptions) {
    var classPath =
        List.of(System.getProperty("java.class.path").split(File.pathSeparator)).stream()
            .filter(
                entry -> {
                  var name = Path.of(entry).getFileName().toString();
                  return name.startsWith("javafx-") || name.startsWith("drover-tests");
                })
            .toList();
    var command = new ArrayList<String>();
    command.add(javaCommand);
    command.add("--enable-native-access=ALL-UNNAMED");
    command.addAll(jvmOptions);
    command.addAll(
        List.of(
            "-cp",
            String.join(File.pathSeparator, classPath),
            HelloWorld.Main.class.getName(),
            HelloWorld.STAY));
    return command;
  }

  private Launched firstLine(List<String> full, String line) throws Exception {
    var configHome = Files.createTempDirectory(work, "config");
    var builder = new ProcessBuilder(full).redirectErrorStream(true);
    var env = builder.environment();
    env.put("DROVER_CONFIG_HOME", configHome.toString());
    env.put("DOCKER_HOST", host);
    env.put("KUBECONFIG", configHome.resolve("no-kubeconfig").toString());
    env.put("DROVER_BENCH_POPULATED_ROWS", Integer.toString(rows));
    var started = System.nanoTime();
    var process = builder.start();
    var said = new CompletableFuture<Double>();
    var output = new StringBuffer();
    var later = new LinkedBlockingQueue<String>();
    Thread.ofVirtual()
        .start(
            () -> {
              try (var lines =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String next; (next = lines.readLine()) != null; ) {
                  if (said.isDone()) later.add(next);
                  else if (next.equals(line)) said.complete((System.nanoTime() - started) / 1e6);
                  else if (output.length() < 20_000) output.append(next).append('\n');
                }
              } catch (IOException ignored) {
                // The process is gone; the wait below reports it.
              }
            });
    try {
      var millis = said.get(120, TimeUnit.SECONDS);
      return new Launched(
          process, millis, residentMiB(process.pid()), threadTicks(process.pid()), later);
    } catch (TimeoutException e) {
      process.destroyForcibly().waitFor();
      throw new IllegalStateException(
          "no " + line + " within 120 s from " + String.join(" ", full) + ":\n" + output);
    }
  }

  private static void check(String output, String what) {
    if (output.startsWith("exit ")) throw new IllegalStateException(what + " failed: " + output);
  }

  /** The command's output, prefixed with "exit N" when it failed. */
  private static String run(String... command) throws IOException, InterruptedException {
    var process = new ProcessBuilder(command).redirectErrorStream(true).start();
    var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(5, TimeUnit.MINUTES)) process.destroyForcibly().waitFor();
    return process.exitValue() == 0 ? output : "exit " + process.exitValue() + ": " + output;
  }

  private static void deleteTree(Path folder) {
    try (var files = Files.walk(folder)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      System.err.println("could not remove " + folder + ": " + e);
    }
  }
}
