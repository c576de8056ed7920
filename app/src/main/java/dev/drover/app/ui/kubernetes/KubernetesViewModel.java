package dev.drover.app.ui.kubernetes;

import dev.drover.app.ui.concurrent.Background;
import dev.drover.kube.cluster.ClusterConnection;
import dev.drover.kube.cluster.KubeContext;
import dev.drover.kube.cluster.Kubeconfigs;
import dev.drover.kube.cluster.ResourceChange;
import dev.drover.kube.cluster.ResourceRow;
import dev.drover.kube.cluster.ResourceType;
import dev.drover.kube.cluster.ResourceTypes;
import dev.drover.kube.cluster.forward.PortForwards;
import dev.drover.kube.cluster.helm.HelmReleases;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The Kubernetes page: the kubeconfig's contexts, the chosen cluster's namespaces and kinds, and a
 * live table of the chosen kind fed by an informer. Informer events arrive on Fabric8's threads and
 * reach the table in batches on the UI thread. Switching context or namespace never waits on the
 * cluster: the old informers are stopped, new ones started, and the table fills as the cluster
 * answers (or the page says why it does not).
 */
public final class KubernetesViewModel implements AutoCloseable {

  /** The namespace choice that means every namespace. */
  public static final String ALL_NAMESPACES = "All namespaces";

  /**
   * The table's own order (namespace, then name), kept by the model so the view needs no sorting
   * pass: a table-driven sort compares through cell values and costs far more than the list it
   * sorts. A list comes in this order already, put in order on the informer's thread.
   */
  private static final Comparator<ResourceRow> ORDER = ResourceRow.BY_KEY;

  private final Background background;
  private final Kubeconfigs kubeconfigs;
  private final Function<KubeContext, ClusterConnection> connector;
  private final PortForwards forwards;

  private final ObservableList<KubeContext> contexts = FXCollections.observableArrayList();
  private final ObjectProperty<KubeContext> context = new SimpleObjectProperty<>(this, "context");
  private final ObservableList<String> namespaces =
      FXCollections.observableArrayList(ALL_NAMESPACES);
  private final StringProperty namespace =
      new SimpleStringProperty(this, "namespace", ALL_NAMESPACES);
  private final ObservableList<ResourceType> kinds = FXCollections.observableArrayList();
  private final ObjectProperty<ResourceType> kind =
      new SimpleObjectProperty<>(this, "kind", ResourceTypes.PODS);
  private final ObservableList<ResourceRow> rows = FXCollections.observableArrayList();
  private final FilteredList<ResourceRow> visibleRows = new FilteredList<>(rows);
  private final StringProperty filterText = new SimpleStringProperty(this, "filterText", "");
  private final ReadOnlyStringWrapper connectionText =
      new ReadOnlyStringWrapper(this, "connectionText", "");
  private final ReadOnlyBooleanWrapper unreachable =
      new ReadOnlyBooleanWrapper(this, "unreachable", false);

  /**
   * What the empty table says without a filter: the state of the cluster, or that there is nothing
   * of the kind.
   */
  private final StringProperty tableText =
      new SimpleStringProperty(this, "tableText", "Reading the kubeconfig…");

  private final ReadOnlyStringWrapper placeholder = new ReadOnlyStringWrapper(this, "placeholder");

  /** The table text of the last table listed ("No Pods in namespace shop."). */
  private String listedText;

  private final ReadOnlyStringWrapper actionStatus =
      new ReadOnlyStringWrapper(this, "actionStatus", "");
  private final ReadOnlyStringWrapper actionError =
      new ReadOnlyStringWrapper(this, "actionError", "");
  private final ObservableList<PortForwards.Forward> activeForwards =
      FXCollections.observableArrayList();

  private final Map<String, Integer> indexByUid = new HashMap<>();
  private final Consumer<Tagged> changes;
  private final AutoCloseable forwardUpdates;
  private ClusterConnection connection;

  /**
   * The name of the context the page shows (connected or connecting), or null: no context chosen.
   */
  private String shown;

  /** Follows the kubeconfig files from the first read on; {@link #STOPPED} once closed. */
  private final AtomicReference<AutoCloseable> kubeconfigFollow = new AtomicReference<>();

  private static final AutoCloseable STOPPED = () -> {};
  private boolean following;
  private final Consumer<Object> kubeconfigChanged;

  /** Counts kubeconfig reads: only the latest one's result is shown. */
  private long loads;

  /** Set when the kubeconfig could not be read: the page says why until a read succeeds. */
  private boolean kubeconfigProblem;

  private boolean closed;
  private AutoCloseable tableWatch;
  private AutoCloseable namespaceWatch;
  private long generation;
  private long tableGeneration;
  private List<ResourceType> customKinds = List.of();
  private Runnable afterFirstAnswer;
  private ClusterConnection preopened;
  private HeldTable heldTable;
  private final TreeSet<String> namespaceNames = new TreeSet<>();

  /**
   * A change from an informer, tagged with the table it was started for, so a late event of an old
   * table is dropped.
   */
  private record Tagged(long table, boolean namespaces, ResourceChange change) {}

  /**
   * @param connector opens a connection for a context (no I/O is done until it is used)
   * @param forwards the app's port forwards: they outlive the page and the context it shows
   */
  public KubernetesViewModel(
      Background background,
      Kubeconfigs kubeconfigs,
      Function<KubeContext, ClusterConnection> connector,
      PortForwards forwards) {
    this.background = background;
    this.kubeconfigs = kubeconfigs;
    this.connector = connector;
    this.forwards = forwards;
    this.changes = background.ui().batching(this::apply);
    this.forwardUpdates =
        forwards.subscribe(
            background.ui().batching(batch -> activeForwards.setAll(batch.getLast())));
    // However many changes one turn of the UI thread collects, the kubeconfig is read once for
    // them.
    this.kubeconfigChanged =
        background
            .ui()
            .batching(
                batch -> {
                  if (!closed) loadContexts(null);
                });
    kinds.setAll(builtInKinds());
    visibleRows.predicateProperty().bind(Bindings.createObjectBinding(this::filter, filterText));
    placeholder.bind(
        Bindings.createStringBinding(
            () -> {
              var typed = filterText.get() == null ? "" : filterText.get().strip();
              // Only over a listed table: while it loads or when it failed, that is what the table
              // says.
              if (typed.isEmpty()
                  || rows.isEmpty()
                  || !visibleRows.isEmpty()
                  || kind.get() == null
                  || !tableText.get().equals(listedText)) return tableText.get();
              return "No "
                  + kind.get().title()
                  + " match “"
                  + typed
                  + "”. Clear the filter to see them all.";
            },
            tableText,
            filterText,
            rows,
            visibleRows,
            kind));
    // Compared with the context shown, not the previous value: a chooser whose items are replaced
    // (a kubeconfig
    // re-read) clears its value for a moment and sets it again, which must not reconnect.
    context.addListener(
        (obs, was, now) -> {
          if (now != null && !now.name().equals(shown)) connect(now);
        });
    namespace.addListener(
        (obs, was, now) -> {
          if (now == null) {
            // A chooser clears its value while its items are replaced; the user's choice stays.
            namespace.set(was);
            return;
          }
          if (!now.equals(was)) watchTable();
        });
    kind.addListener(
        (obs, was, now) -> {
          if (now != null && !now.equals(was)) watchTable();
        });
  }

  private static List<ResourceType> builtInKinds() {
    var list = new ArrayList<>(ResourceTypes.BUILT_IN);
    list.add(HelmReleases.TYPE);
    return list;
  }

  // ---- state for the view ----

  public ObservableList<KubeContext> contexts() {
    return contexts;
  }

  /** The chosen context; setting it switches clusters at once. */
  public ObjectProperty<KubeContext> contextProperty() {
    return context;
  }

  /** {@link #ALL_NAMESPACES} first, then the cluster's namespaces, live. */
  public ObservableList<String> namespaces() {
    return namespaces;
  }

  public StringProperty namespaceProperty() {
    return namespace;
  }

  /** The built-in kinds, Helm releases, then one per custom resource definition. */
  public ObservableList<ResourceType> kinds() {
    return kinds;
  }

  public ObjectProperty<ResourceType> kindProperty() {
    return kind;
  }

  /** Every object of the chosen kind, as the informer knows it. */
  public ObservableList<ResourceRow> rows() {
    return rows;
  }

  /** The rows that pass the filter. */
  public ObservableList<ResourceRow> visibleRows() {
    return visibleRows;
  }

  /** Matches name, namespace, status or detail, ignoring case. */
  public StringProperty filterTextProperty() {
    return filterText;
  }

  /** "Connected to … · v1.30.2", "Connecting to …", or why the cluster cannot be reached. */
  public ReadOnlyStringProperty connectionTextProperty() {
    return connectionText.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty unreachableProperty() {
    return unreachable.getReadOnlyProperty();
  }

  /** What the empty table says. */
  public ReadOnlyStringProperty placeholderProperty() {
    return placeholder.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty actionStatusProperty() {
    return actionStatus.getReadOnlyProperty();
  }

  /** The cluster's words when an action failed; empty otherwise. */
  public ReadOnlyStringProperty actionErrorProperty() {
    return actionError.getReadOnlyProperty();
  }

  public ObservableList<PortForwards.Forward> activeForwards() {
    return activeForwards;
  }

  /** The connection to the chosen context, or null before one is chosen. For the details pages. */
  public ClusterConnection connection() {
    return connection;
  }

  // ---- commands ----

  /**
   * Reads the kubeconfig in the background and chooses its current context (or keeps the chosen
   * one).
   */
  public void loadContexts() {
    loadContexts(null);
  }

  /**
   * Reads the kubeconfig again and switches to {@code name} (the tray's context switcher); an
   * unknown name keeps the chosen context.
   */
  public void useContext(String name) {
    loadContexts(name);
  }

  private void loadContexts(String wanted) {
    var startFollowing = !following && !closed;
    following = true;
    long mine = ++loads;
    var kept = context.get();
    var tableKind = kind.get();
    // One trip to the background: the kubeconfig is read and the chosen context's client made
    // together.
    background.run(
        () -> {
          if (startFollowing) {
            // Before the first read, so that no change after it goes unseen.
            var follow = kubeconfigs.follow(() -> kubeconfigChanged.accept(Boolean.TRUE));
            if (!kubeconfigFollow.compareAndSet(null, follow))
              follow.close(); // the page closed meanwhile
          }
          var found = kubeconfigs.contexts();
          var chosen = choose(found, wanted, kept == null ? null : kept.name());
          ClusterConnection opened = null;
          HeldTable table = null;
          if (chosen != null && (kept == null || !kept.name().equals(chosen.name()))) {
            try {
              opened = connector.apply(chosen);
              // The table's list is asked for now, not once the page is built and the UI thread has
              // taken
              // this result: the cluster answers while the page is still being laid out.
              table = HeldTable.start(opened, tableKind, chosen.namespace());
            } catch (RuntimeException e) {
              // Reported when the context is chosen and connect tries again.
            }
          }
          return new Loaded(found, chosen, opened, table);
        },
        loaded -> {
          var chosen = loaded.chosen();
          var now = context.get();
          if (mine != loads || closed) {
            chosen =
                null; // a later read (or closing) decides; this one only lets go of what it made
          } else if (wanted == null && now != kept && now != null) {
            // The user picked a context while the files were read: that choice stands while it
            // exists.
            chosen = choose(loaded.contexts(), now.name(), null);
          }
          preopened = loaded.opened();
          heldTable = loaded.table();
          if (mine == loads && !closed) show(loaded.contexts(), chosen);
          if (preopened != null) {
            // Not used: the context did not change after all.
            var unused = preopened;
            preopened = null;
            background.run(unused::close, failure -> {});
          }
          closeHeldTable();
        },
        failure -> {
          if (mine != loads || closed) return;
          connectionText.set(failure.getMessage());
          unreachable.set(true);
          kubeconfigProblem = true;
        });
  }

  /**
   * The context to show: the one asked for, else the one shown (if it is still there), else
   * kubectl's current one. None when the kubeconfig names no current context: kubectl would refuse
   * to guess, and opening a context can run its login program, so only the user's pick opens one
   * then.
   */
  private static KubeContext choose(List<KubeContext> found, String wanted, String kept) {
    for (var name : Arrays.asList(wanted, kept)) {
      if (name == null) continue;
      var named = found.stream().filter(c -> c.name().equals(name)).findFirst();
      if (named.isPresent()) return named.get();
    }
    return found.stream().filter(KubeContext::current).findFirst().orElse(null);
  }

  /** Shows the contexts read and {@code chosen} among them (null: none). On the UI thread. */
  private void show(List<KubeContext> found, KubeContext chosen) {
    boolean hadProblem = kubeconfigProblem;
    kubeconfigProblem = false;
    contexts.setAll(found);
    if (found.isEmpty()) {
      disconnect();
      connectionText.set(
          "No Kubernetes contexts in "
              + kubeconfigs.describe()
              + ". Enable Kubernetes in Drover, or add a cluster with kubectl.");
      unreachable.set(true);
      tableText.set("No cluster to show.");
      return;
    }
    if (chosen == null) {
      disconnect();
      connectionText.set(
          "The kubeconfig names no current context: choose one in Context to connect to its cluster.");
      unreachable.set(false);
      tableText.set("Choose a context to see its cluster.");
      return;
    }
    boolean same = chosen.name().equals(shown);
    // The chooser's value follows the fresh entry (its "current" mark may have moved); the same
    // name stays
    // connected as it is.
    context.set(chosen);
    if (same && hadProblem) connect(chosen);
  }

  /** Shows no cluster: the informers stop and the connection goes. */
  private void disconnect() {
    generation++;
    stopWatches();
    closeHeldTable();
    var old = connection;
    if (old != null) background.run(() -> forwards.release(old), failure -> {});
    connection = null;
    shown = null;
    afterFirstAnswer = null;
    rows.clear();
    indexByUid.clear();
    namespaceNames.clear();
    if (namespaces.size() != 1 || !ALL_NAMESPACES.equals(namespaces.getFirst()))
      namespaces.setAll(ALL_NAMESPACES);
    context.set(null);
  }

  private record Loaded(
      List<KubeContext> contexts, KubeContext chosen, ClusterConnection opened, HeldTable table) {}

  /**
   * A table's informer started before the page is ready for it (from the background, right after
   * the client is made); what it says is held until {@link #watchTable} takes it over, or dropped
   * if the page wants another.
   */
  private static final class HeldTable implements Consumer<ResourceChange> {
    private final ClusterConnection connection;
    private final ResourceType kind;
    private final String namespace;
    private AutoCloseable watch;
    private List<ResourceChange> held = new ArrayList<>();
    private Consumer<ResourceChange> taker;

    private HeldTable(ClusterConnection connection, ResourceType kind, String namespace) {
      this.connection = connection;
      this.kind = kind;
      this.namespace = namespace;
    }

    /**
     * Starts the informer of {@code kind} in {@code namespace} (null: all) through {@code
     * connection}.
     */
    static HeldTable start(ClusterConnection connection, ResourceType kind, String namespace) {
      if (kind == null) return null;
      var table = new HeldTable(connection, kind, kind.namespaced() ? namespace : null);
      table.watch = connection.watch(kind, table.namespace, table);
      return table;
    }

    boolean serves(ClusterConnection wanted, ResourceType wantedKind, String wantedNamespace) {
      return connection == wanted
          && kind.equals(wantedKind)
          && Objects.equals(namespace, wantedKind.namespaced() ? wantedNamespace : null);
    }

    @Override
    public synchronized void accept(ResourceChange change) {
      if (taker != null) taker.accept(change);
      else if (held != null) held.add(change);
    }

    /**
     * From now on the changes go to {@code to}, starting with those held; returns what stops the
     * informer.
     */
    synchronized AutoCloseable handOver(Consumer<ResourceChange> to) {
      held.forEach(to);
      held = null;
      taker = to;
      return watch;
    }
  }

  private void closeHeldTable() {
    var unused = heldTable;
    heldTable = null;
    if (unused != null) closeQuietly(unused.watch);
  }

  /**
   * Checks the cluster again and restarts the table's informer: after the user fixed the network,
   * say.
   */
  public void reconnect() {
    var chosen = context.get();
    if (chosen != null) connect(chosen);
  }

  private void connect(KubeContext chosen) {
    long mine = ++generation;
    // Checking the same context again (⟳, a kubeconfig fixed) keeps the namespace and kinds the
    // user sees.
    var again = chosen.name().equals(shown);
    var keptNamespace = again ? namespace.get() : null;
    shown = chosen.name();
    var old = connection;
    stopWatches();
    if (old != null) {
      var leaving = old;
      // Forwards through the old client keep working; the client is closed when the last of them
      // stops.
      background.run(() -> forwards.release(leaving), failure -> {});
    }
    connection = null;
    afterFirstAnswer = null;
    rows.clear();
    indexByUid.clear();
    namespaceNames.clear();
    // Only what differs is reset: a list set to what it holds still makes its chooser rebuild its
    // cells, UI
    // work that would otherwise run just as the first context's table answers.
    if (!again) {
      if (namespaces.size() != 1 || !ALL_NAMESPACES.equals(namespaces.getFirst()))
        namespaces.setAll(ALL_NAMESPACES);
      if (!customKinds.isEmpty()) kinds.setAll(builtInKinds());
      customKinds = List.of();
    }
    unreachable.set(false);
    connectionText.set("Connecting to " + chosen.name() + "…");
    tableText.set("Connecting to " + chosen.name() + "…");
    var ready = preopened;
    preopened = null;
    if (ready != null && ready.contextName().equals(chosen.name())) {
      connected(chosen, ready, mine, keptNamespace);
      return;
    }
    if (ready != null) background.run(ready::close, failure -> {});
    // Making the client loads and configures the HTTP stack and reads the kubeconfig: not on the UI
    // thread.
    background.run(
        () -> connector.apply(chosen),
        opened -> {
          if (mine != generation) {
            background.run(opened::close, failure -> {});
            return;
          }
          connected(chosen, opened, mine, keptNamespace);
        },
        failure -> {
          if (mine != generation) return;
          connectionText.set(failure.getMessage());
          unreachable.set(true);
          tableText.set(failure.getMessage());
        });
  }

  /**
   * @param keptNamespace the namespace to stay in, or null to start in the context's own
   */
  private void connected(
      KubeContext chosen, ClusterConnection opened, long mine, String keptNamespace) {
    connection = opened;
    var startIn =
        keptNamespace != null
            ? keptNamespace
            : chosen.namespace() != null ? chosen.namespace() : ALL_NAMESPACES;
    if (!namespaces.contains(startIn)) namespaces.add(startIn);
    // The table first: it is what the user waits for. The cluster's version, the namespace list and
    // the custom
    // kinds follow once the table has its first answer, so their requests do not queue ahead of it
    // on the API
    // server. An unreachable cluster is an answer too: the table's informer fails, and the check
    // says why.
    afterFirstAnswer =
        () -> {
          if (mine != generation) return;
          background.run(
              opened::check,
              version -> {
                if (mine != generation) return;
                connectionText.set(
                    "Connected to "
                        + chosen.name()
                        + " ("
                        + opened.server()
                        + ") · Kubernetes "
                        + version);
                unreachable.set(false);
              },
              failure -> {
                if (mine != generation) return;
                connectionText.set(chosen.name() + ": " + failure.getMessage());
                unreachable.set(true);
                tableText.set(failure.getMessage());
              });
          namespaceWatch =
              opened.watch(
                  ResourceTypes.NAMESPACES,
                  null,
                  change -> changes.accept(new Tagged(mine, true, change)));
          background.run(
              () -> customKinds(opened),
              found -> {
                if (mine != generation || (found.isEmpty() && customKinds.isEmpty())) return;
                customKinds = found;
                var all = builtInKinds();
                all.addAll(found);
                var chosenKind = kind.get();
                kinds.setAll(all);
                if (chosenKind != null) kind.set(chosenKind);
              },
              failure -> {});
        };
    if (startIn.equals(namespace.get())) watchTable();
    else namespace.set(startIn); // its listener starts the table
  }

  private void firstAnswer() {
    var then = afterFirstAnswer;
    afterFirstAnswer = null;
    if (then != null) then.run();
  }

  private static List<ResourceType> customKinds(ClusterConnection connection) {
    return connection
        .client()
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .list()
        .getItems()
        .stream()
        .filter(
            crd ->
                crd.getSpec() != null
                    && crd.getSpec().getVersions() != null
                    && !crd.getSpec().getVersions().isEmpty())
        .map(ResourceTypes::custom)
        .sorted(Comparator.comparing(ResourceType::title))
        .toList();
  }

  /** Starts the informer for the chosen kind and namespace; the table empties and fills from it. */
  private void watchTable() {
    closeQuietly(tableWatch);
    tableWatch = null;
    long mine = ++tableGeneration;
    rows.clear();
    indexByUid.clear();
    var open = connection;
    var chosenKind = kind.get();
    if (open == null) return;
    if (chosenKind == null) {
      firstAnswer(); // no table to wait for
      return;
    }
    var ns = ALL_NAMESPACES.equals(namespace.get()) ? null : namespace.get();
    tableText.set("Loading " + chosenKind.title() + "…");
    var held = heldTable;
    heldTable = null;
    if (held != null && held.serves(open, chosenKind, ns)) {
      tableWatch = held.handOver(change -> changes.accept(new Tagged(mine, false, change)));
      return;
    }
    if (held != null) closeQuietly(held.watch);
    try {
      tableWatch =
          open.watch(chosenKind, ns, change -> changes.accept(new Tagged(mine, false, change)));
    } catch (RuntimeException e) {
      tableText.set(e.getMessage());
      firstAnswer();
    }
  }

  private void apply(List<Tagged> batch) {
    boolean namespacesChanged = false;
    var upserts = new ArrayList<ResourceRow>();
    for (var tagged : batch) {
      if (tagged.namespaces()) {
        if (tagged.table() != generation) continue;
        namespacesChanged |= applyNamespace(tagged.change());
        continue;
      }
      if (tagged.table() != tableGeneration) continue;
      switch (tagged.change()) {
        case ResourceChange.Upsert upsert -> upserts.add(upsert.row());
        case ResourceChange.Removed removed -> {
          flush(upserts);
          var at = indexByUid.remove(removed.uid());
          if (at != null) {
            rows.remove((int) at);
            reindex(at);
          }
        }
        case ResourceChange.Listed listed -> {
          // The whole table at once: one change for the table, however many objects there are.
          upserts.clear();
          indexByUid.clear();
          var all = listed.rows(); // in table order (ResourceRow.BY_KEY) from the informer's thread
          for (int i = 0; i < all.size(); i++) indexByUid.put(all.get(i).uid(), i);
          rows.setAll(all);
          firstAnswer();
          listedText =
              "No "
                  + kind.get().title()
                  + (kind.get().namespaced()
                      ? " in "
                          + (ALL_NAMESPACES.equals(namespace.get())
                              ? "any namespace"
                              : "namespace " + namespace.get())
                      : "")
                  + ".";
          tableText.set(listedText);
        }
        case ResourceChange.Failed failed -> {
          tableText.set(failed.problem().message());
          firstAnswer();
        }
      }
    }
    flush(upserts);
    if (namespacesChanged) {
      var chosen = namespace.get();
      var next = new ArrayList<String>(namespaceNames.size() + 2);
      next.add(ALL_NAMESPACES);
      next.addAll(namespaceNames);
      if (chosen != null && !next.contains(chosen)) next.add(chosen);
      namespaces.setAll(next);
    }
  }

  /**
   * Replaces changed rows in place and inserts new ones where they sort: one list change per
   * changed row, so a single pod's change is a single-row update of the table.
   */
  private void flush(List<ResourceRow> upserts) {
    if (upserts.isEmpty()) return;
    var added = new LinkedHashMap<String, ResourceRow>();
    for (var row : upserts) {
      var at = indexByUid.get(row.uid());
      if (at != null) rows.set(at, row);
      else added.put(row.uid(), row);
    }
    upserts.clear();
    if (added.isEmpty()) return;
    if (added.size() > 64) {
      // Many new rows (a burst of creations): one sorted replacement beats many shifting inserts.
      var all = new ArrayList<>(rows);
      all.addAll(added.values());
      all.sort(ORDER);
      rows.setAll(all);
      reindex(0);
      return;
    }
    int lowest = rows.size();
    for (var row : added.values()) {
      int at = Collections.binarySearch(rows, row, ORDER);
      int insertAt = at >= 0 ? at : -at - 1;
      rows.add(insertAt, row);
      lowest = Math.min(lowest, insertAt);
    }
    reindex(lowest);
  }

  private void reindex(int from) {
    for (int i = from; i < rows.size(); i++) indexByUid.put(rows.get(i).uid(), i);
  }

  private boolean applyNamespace(ResourceChange change) {
    return switch (change) {
      case ResourceChange.Upsert upsert -> namespaceNames.add(upsert.row().name());
      case ResourceChange.Listed listed ->
          namespaceNames.addAll(listed.rows().stream().map(ResourceRow::name).toList());
      case ResourceChange.Removed removed ->
          false; // a removed namespace stays choosable until the next switch
      default -> false;
    };
  }

  // ---- actions ----

  /** The question to ask before {@link #delete}. */
  public String deletionQuestion(List<ResourceRow> selected) {
    var what =
        selected.size() == 1
            ? kind.get().title() + " " + selected.getFirst().key()
            : selected.size() + " " + kind.get().title();
    return "Delete " + what + "?";
  }

  /** Deletes the selected objects of the chosen kind; the view has asked first. */
  public void delete(List<ResourceRow> selected) {
    var type = kind.get();
    run(
        "Deleting",
        "Deleted",
        selected,
        row -> connection.delete(type, row.namespace(), row.name()));
  }

  /** Sets the replicas of a Deployment or StatefulSet. */
  public void scale(ResourceRow row, int replicas) {
    var type = kind.get();
    run(
        "Scaling",
        "Scaled",
        List.of(row),
        r -> connection.scale(type, r.namespace(), r.name(), replicas));
  }

  /** A rollout restart of each selected workload. */
  public void restart(List<ResourceRow> selected) {
    var type = kind.get();
    run(
        "Restarting",
        "Restarted",
        selected,
        row -> connection.rolloutRestart(type, row.namespace(), row.name()));
  }

  /**
   * Forwards 127.0.0.1:{@code localPort} (0: any free one) to {@code remotePort} of the pod or
   * service.
   */
  public void startForward(ResourceRow row, int remotePort, int localPort) {
    var open = connection;
    var type = kind.get();
    if (open == null || !type.forwardable()) return;
    var target =
        new PortForwards.Target(
            type.isPods() ? PortForwards.TargetKind.POD : PortForwards.TargetKind.SERVICE,
            row.namespace(),
            row.name());
    actionError.set("");
    actionStatus.set("Forwarding to " + target.describe() + ":" + remotePort + "…");
    background.run(
        () -> forwards.start(open, target, remotePort, localPort),
        forward -> actionStatus.set("Forwarding " + forward.describe()),
        failure -> {
          actionStatus.set("");
          actionError.set(failure.getMessage());
        });
  }

  public void stopForward(PortForwards.Forward forward) {
    background.run(() -> forwards.stop(forward), failure -> actionError.set(failure.getMessage()));
  }

  /** A YAML editor for one object of the chosen kind. */
  public YamlViewModel yaml(ResourceRow row) {
    return new YamlViewModel(background, connection, kind.get(), row.namespace(), row.name());
  }

  private void run(
      String progressive, String past, List<ResourceRow> targets, Consumer<ResourceRow> action) {
    if (targets.isEmpty() || connection == null) return;
    var names =
        targets.size() <= 3
            ? String.join(", ", targets.stream().map(ResourceRow::name).toList())
            : targets.size() + " objects";
    actionError.set("");
    actionStatus.set(progressive + " " + names + "…");
    background.run(
        () -> {
          var failures = new ArrayList<String>();
          for (var row : targets) {
            try {
              action.accept(row);
            } catch (RuntimeException e) {
              failures.add(row.name() + ": " + e.getMessage());
            }
          }
          return failures;
        },
        failures -> {
          actionStatus.set(failures.size() == targets.size() ? "" : past + " " + names);
          actionError.set(String.join("\n", failures));
        },
        failure -> {
          actionStatus.set("");
          actionError.set(failure.getMessage());
        });
  }

  private Predicate<ResourceRow> filter() {
    var text = filterText.get() == null ? "" : filterText.get().strip().toLowerCase(Locale.ROOT);
    if (text.isEmpty()) return row -> true;
    return row ->
        contains(row.name(), text)
            || contains(row.namespace(), text)
            || contains(row.status(), text)
            || contains(row.detail(), text);
  }

  private static boolean contains(String value, String lowerCaseText) {
    return value != null && value.toLowerCase(Locale.ROOT).contains(lowerCaseText);
  }

  private void stopWatches() {
    closeQuietly(tableWatch);
    closeQuietly(namespaceWatch);
    tableWatch = null;
    namespaceWatch = null;
    tableGeneration++;
  }

  private void closeQuietly(AutoCloseable closeable) {
    if (closeable == null) return;
    background.run(closeable::close, failure -> {});
  }

  /** Stops the informers and closes the connection; the port forwards are the app's to stop. */
  @Override
  public void close() {
    closed = true;
    try {
      forwardUpdates.close();
    } catch (Exception ignored) {
      // unsubscribing does not fail
    }
    closeQuietly(kubeconfigFollow.getAndSet(STOPPED));
    generation++;
    stopWatches();
    closeHeldTable();
    if (connection != null) {
      var open = connection;
      background.run(open::close, failure -> {});
    }
    connection = null;
  }
}
