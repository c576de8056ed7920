package dev.drover.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drover.core.settings.SettingsFile;
import dev.drover.kube.k3s.K3sCluster;
import dev.drover.kube.k3s.K3sException;
import dev.drover.kube.k3s.K3sGuest;
import dev.drover.kube.k3s.K3sVersion;
import dev.drover.kube.k3s.K3sVersionList;
import dev.drover.kube.local.VmK3sGuest;
import dev.drover.vm.VmState;
import dev.drover.vm.instance.VmControl;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code drover kube …}: the local k3s cluster in Drover's VM. Each command is one call on {@link
 * K3sCluster} or {@link dev.drover.kube.k3s.K3sVersions}; the version and Traefik choice default to
 * the app's Settings.
 */
@Command(
    name = "kube",
    description = "Turn the local Kubernetes cluster (k3s in the Drover VM) on and off.",
    mixinStandardHelpOptions = true)
public final class KubeCommands implements Runnable {

  static final int OK = 0;
  static final int FAILED = 1;

  private final CliEnvironment env;
  private final KubeServices kube;

  @Spec CommandSpec spec;

  public KubeCommands(CliEnvironment env, KubeServices kube) {
    this.env = env;
    this.kube = kube;
  }

  @Override
  public void run() {
    spec.commandLine().usage(out());
  }

  private PrintWriter out() {
    return spec.commandLine().getOut();
  }

  private PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /** The cluster choices shared by enable and reset. */
  static final class ClusterOptions {
    @Option(
        names = "--k3s-version",
        paramLabel = "TAG",
        description =
            "The k3s release to run, such as v1.31.2+k3s1 (default: the one picked in Settings, else the stable channel's).")
    String version;

    @Option(
        names = "--traefik",
        negatable = true,
        paramLabel = "",
        description =
            "Run k3s's bundled Traefik ingress controller (default: as in Settings, else on).")
    Boolean traefik;
  }

  @Command(
      name = "versions",
      description = "List the k3s versions Drover can run (works without the VM).")
  int versions(@Option(names = "--json", description = "Print the list as JSON.") boolean json) {
    K3sVersionList list;
    try {
      list = kube.versions().get().list();
    } catch (RuntimeException e) {
      err().println("The k3s version list could not be read: " + e.getMessage());
      return FAILED;
    }
    var settings = KubeSettings.read(env.folders().settingsFile());
    var recommended = list.recommended();
    if (json) {
      var root = Json.MAPPER.createObjectNode();
      root.put("source", list.source().name().toLowerCase(Locale.ROOT));
      root.put("fetchedAt", list.fetchedAt().toString());
      list.problem().ifPresent(p -> root.put("problem", p));
      recommended.ifPresent(v -> root.put("recommended", v.tag()));
      settings.pinned().ifPresent(v -> root.put("pinned", v.tag()));
      var versions = root.putArray("versions");
      for (var version : list.versions()) {
        var entry = versions.addObject();
        entry.put("version", version.tag());
        var channels = entry.putArray("channels");
        list.channelsOf(version).forEach(channels::add);
      }
      return printJson(root);
    }
    switch (list.source()) {
      case ONLINE -> {}
      case CACHE ->
          out()
              .printf(
                  "Offline: the list fetched %s (%s)%n",
                  list.fetchedAt(), list.problem().orElse(""));
      case BUNDLED ->
          out().printf("Offline: the list shipped with Drover (%s)%n", list.problem().orElse(""));
    }
    for (var version : list.versions()) {
      var labels = new ArrayList<>(list.channelsOf(version));
      if (settings.pinned().filter(version::equals).isPresent()) labels.add("picked in Settings");
      out()
          .println(
              labels.isEmpty()
                  ? version.tag()
                  : version.tag() + "  (" + String.join(", ", labels) + ")");
    }
    recommended.ifPresent(v -> out().printf("Recommended: %s%n", v.tag()));
    return OK;
  }

  @Command(
      name = "enable",
      description = "Install and start k3s in the VM and add the \"drover\" kubectl context.")
  int enable(
      @picocli.CommandLine.ArgGroup(exclusive = false) ClusterOptions choice,
      @Option(names = "--json", description = "Print the resulting status as JSON.") boolean json) {
    return withCluster(
        cluster -> {
          var options = options(choice, cluster.guest());
          return report(cluster.service().enable(options, progress(json)), json);
        });
  }

  @Command(
      name = "disable",
      description =
          "Stop k3s and its pods; the VM, the container engine and the cluster's data stay.")
  int disable(
      @Option(names = "--json", description = "Print the resulting status as JSON.") boolean json) {
    return withCluster(cluster -> report(cluster.service().disable(), json));
  }

  @Command(
      name = "reset",
      description = "Delete the cluster's workloads and data and start a fresh cluster.")
  int reset(
      @picocli.CommandLine.ArgGroup(exclusive = false) ClusterOptions choice,
      @Option(
              names = {"-y", "--yes"},
              description = "Do not ask first.")
          boolean yes,
      @Option(names = "--json", description = "Print the resulting status as JSON.") boolean json) {
    if (!yes) {
      var console = System.console();
      if (console == null) {
        err()
            .println(
                "Resetting Kubernetes deletes every workload and all data in the cluster. Add --yes to confirm.");
        return FAILED;
      }
      var answer =
          console.readLine("Delete every workload and all data in the Kubernetes cluster? [y/N] ");
      if (answer == null || !Set.of("y", "yes").contains(answer.strip().toLowerCase(Locale.ROOT))) {
        out().println("Nothing reset");
        return FAILED;
      }
    }
    return withCluster(
        cluster -> {
          var options = options(choice, cluster.guest());
          return report(cluster.service().reset(options, progress(json)), json);
        });
  }

  @Command(name = "status", description = "Show whether Kubernetes runs in the VM.")
  int status(@Option(names = "--json", description = "Print the status as JSON.") boolean json) {
    return withCluster(cluster -> report(cluster.service().refreshStatus(), json));
  }

  private record Connected(K3sGuest guest, K3sCluster service) {}

  @FunctionalInterface
  private interface ClusterCall {
    int call(Connected cluster) throws IOException, InterruptedException;
  }

  private int withCluster(ClusterCall call) {
    var vm = new VmControl(env.instance()).status();
    if (vm.state() != VmState.RUNNING) {
      err()
          .printf(
              "The Drover VM is not running (%s); start it with `drover vm start`.%n",
              VmCommands.describe(vm));
      return FAILED;
    }
    K3sGuest guest;
    try {
      guest = kube.guests().connect(vm);
    } catch (IOException e) {
      err().println("The Drover VM could not be reached: " + e.getMessage());
      return FAILED;
    }
    // Closing the cluster lets go of the API's forward without removing it: it lives in the VM, for
    // kubectl.
    try (Closing closesGuest = closer(guest);
        var cluster = kube.clusters().apply(guest)) {
      return call.call(new Connected(guest, cluster));
    } catch (K3sException e) {
      err().println(e.getMessage());
      return FAILED;
    } catch (IOException e) {
      err().println("The Drover VM did not answer: " + e.getMessage());
      return FAILED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return FAILED;
    }
  }

  /** Closes without checked exceptions. */
  private interface Closing extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * The guest's own connections (the engine's client), closed with the command; a fake guest has
   * none.
   */
  private static Closing closer(K3sGuest guest) {
    return guest instanceof VmK3sGuest vm ? vm::close : () -> {};
  }

  private K3sCluster.Options options(ClusterOptions choice, K3sGuest guest)
      throws IOException, InterruptedException {
    var settings = KubeSettings.read(env.folders().settingsFile());
    Optional<K3sVersion> pinned = settings.pinned();
    if (choice != null && choice.version != null) {
      pinned =
          Optional.of(
              K3sVersion.parse(choice.version)
                  .orElseThrow(
                      () ->
                          new K3sException(
                              "\""
                                  + choice.version
                                  + "\" is not a k3s version; see `drover kube versions` for the ones to pick.")));
    }
    var traefik = choice != null && choice.traefik != null ? choice.traefik : settings.traefik();
    var version =
        kube.versions()
            .get()
            .resolve(pinned, kube.binaries().get().cachedVersions(guest.architecture()));
    return new K3sCluster.Options(version, traefik);
  }

  private K3sCluster.Progress progress(boolean json) {
    // With --json, stdout carries only the JSON; the steps go to stderr so scripts still see them.
    var to = json ? err() : out();
    return new K3sCluster.Progress() {
      private long lastTenth = -1;

      @Override
      public void step(String what) {
        to.println(what);
        to.flush();
      }

      @Override
      public void downloaded(long done, long total) {
        if (total <= 0) return;
        var tenth = done * 10 / total;
        if (tenth != lastTenth) {
          lastTenth = tenth;
          to.printf("  downloaded %d%% of %d MB%n", tenth * 10, total / (1024 * 1024));
          to.flush();
        }
      }
    };
  }

  private int report(K3sCluster.Status status, boolean json) {
    if (json) {
      var root = Json.MAPPER.createObjectNode();
      root.put("state", status.state().name());
      status.version().ifPresent(v -> root.put("version", v.tag()));
      if (status.apiPort().isPresent()) root.put("apiPort", status.apiPort().getAsInt());
      root.put("context", K3sCluster.CONTEXT);
      root.put("detail", status.detail());
      printJson(root);
    } else {
      var state =
          status.state().name().charAt(0)
              + status.state().name().substring(1).toLowerCase(Locale.ROOT);
      out().printf("Kubernetes: %s%n", state);
      status.version().ifPresent(v -> out().printf("Version:    %s%n", v.tag()));
      if (status.apiPort().isPresent()) {
        out()
            .printf(
                "API:        https://127.0.0.1:%d (kubectl context \"%s\")%n",
                status.apiPort().getAsInt(), K3sCluster.CONTEXT);
      }
      out().printf("Detail:     %s%n", status.detail());
    }
    return status.state() == K3sCluster.State.FAILED ? FAILED : OK;
  }

  private int printJson(ObjectNode root) {
    try {
      out().println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root));
      return OK;
    } catch (IOException e) {
      err().println("Could not write JSON: " + e.getMessage());
      return FAILED;
    }
  }

  /**
   * The Kubernetes part of the app's settings file, read only through core's {@link SettingsFile}:
   * the app owns that file (its SettingsStore writes it whole), so the command line does not write
   * it. Missing or damaged values read as the app's defaults.
   */
  record KubeSettings(Optional<K3sVersion> pinned, boolean traefik) {
    static KubeSettings read(Path settingsFile) {
      var choice = new SettingsFile(settingsFile).kubernetes();
      Optional<K3sVersion> pinned;
      try {
        pinned = choice.k3sVersion().flatMap(K3sVersion::parse);
      } catch (RuntimeException e) {
        pinned = Optional.empty();
      }
      return new KubeSettings(pinned, choice.traefik());
    }
  }
}
