package dev.drover.kube.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One cluster, reached through one kubeconfig context: live tables (informers), the objects' YAML,
 * and the actions a user takes. Opening it does no I/O, so switching contexts never waits on a
 * cluster; {@link #check()} is the first call that talks to it.
 */
public final class ClusterConnection implements AutoCloseable {

  private static final int CONNECT_TIMEOUT_MS = 5_000;

  private final String contextName;
  private final KubernetesClient client;
  private final String server;
  private final String defaultNamespace;

  private ClusterConnection(String contextName, KubernetesClient client, String defaultNamespace) {
    this.contextName = contextName;
    this.client = client;
    this.server = client.getConfiguration().getMasterUrl();
    this.defaultNamespace = defaultNamespace;
  }

  /**
   * A connection through {@code context} as its kubeconfig file describes it, with a JSON mapper of
   * its own.
   */
  public static ClusterConnection open(KubeContext context) {
    return open(context, new KubernetesSerialization());
  }

  /**
   * As {@link #open(KubeContext)}, parsing with {@code serialization}, which other connections may
   * share.
   */
  static ClusterConnection open(KubeContext context, KubernetesSerialization serialization) {
    Config config;
    try {
      var parsed = Kubeconfigs.parse(context.file());
      // Fabric8 falls back to the file's current context when the named one is missing, and making
      // the
      // client runs that context's login program: a context removed since the list was read is an
      // error.
      if (parsed.getContexts() == null
          || parsed.getContexts().stream()
              .noneMatch(named -> context.name().equals(named.getName()))) {
        throw new ClusterException(
            "The context "
                + context.name()
                + " is no longer in "
                + context.file()
                + ". Pick one of the contexts listed now.");
      }
      // Reads the file again, keeping where it came from: relative file names are read beside it.
      config = Config.fromKubeconfig(context.name(), context.file().toFile());
    } catch (ClusterException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ClusterException(
          "The context "
              + context.name()
              + " in "
              + context.file()
              + " cannot be used: "
              + Kubeconfigs.rootMessage(e)
              + ".",
          e);
    }
    config.setConnectionTimeout(CONNECT_TIMEOUT_MS);
    config.setRequestRetryBackoffLimit(0);
    var namespace = context.namespace() != null ? context.namespace() : "default";
    // Informers hand each notification to the task executor one at a time (a list of 5 000 objects
    // is 5 000
    // hand-offs before the table can fill): a virtual thread per task costs a fraction of the
    // default
    // thread pool's hand-over between platform threads, and leaves nothing to shut down.
    var client =
        new KubernetesClientBuilder()
            .withConfig(config)
            .withKubernetesSerialization(serialization)
            .withTaskExecutor(task -> Thread.ofVirtual().name("kube-task").start(task))
            .build();
    return new ClusterConnection(context.name(), client, namespace);
  }

  /** Wraps a client made elsewhere (tests, benchmarks); closing the connection closes it. */
  public static ClusterConnection of(String contextName, KubernetesClient client) {
    var namespace = client.getNamespace() == null ? "default" : client.getNamespace();
    return new ClusterConnection(contextName, client, namespace);
  }

  public String contextName() {
    return contextName;
  }

  /** The API server's address, as the kubeconfig gives it. */
  public String server() {
    return server;
  }

  /** The context's namespace, or "default". */
  public String defaultNamespace() {
    return defaultNamespace;
  }

  public KubernetesClient client() {
    return client;
  }

  /**
   * Asks the API server for its version: the quick way to find out whether and why the cluster is
   * unreachable.
   */
  public String check() {
    try {
      var version = client.getKubernetesVersion();
      return version.getGitVersion() == null
          ? version.getMajor() + "." + version.getMinor()
          : version.getGitVersion();
    } catch (RuntimeException e) {
      throw failure(e);
    }
  }

  /** The failure as a {@link ClusterException} with a message that says what to do. */
  public ClusterException failure(Throwable e) {
    return new ClusterException(ClusterProblem.of(e, server).message(), e);
  }

  // ---- live tables ----

  /**
   * Watches the objects of {@code type} in {@code namespace} (null: all namespaces) through an
   * informer, whose store is the table's truth: every add, change and removal reaches {@code sink}
   * as a {@link ResourceChange}, on the informer's thread, with the row already worked out. Returns
   * at once; closing the handle stops the informer.
   */
  public AutoCloseable watch(ResourceType type, String namespace, Consumer<ResourceChange> sink) {
    return watch(type.operation().apply(client), type, namespace, sink);
  }

  private <T extends HasMetadata> AutoCloseable watch(
      MixedOperation<T, ?, ? extends Resource<? extends HasMetadata>> operation,
      ResourceType type,
      String namespace,
      Consumer<ResourceChange> sink) {
    Informable<T> source;
    if (!type.namespaced() || namespace == null) {
      source =
          type.labels().isEmpty()
              ? operation.inAnyNamespace()
              : operation.inAnyNamespace().withLabels(type.labels());
    } else {
      source =
          type.labels().isEmpty()
              ? operation.inNamespace(namespace)
              : operation.inNamespace(namespace).withLabels(type.labels());
    }
    var informer = source.runnableInformer(0);
    // Until a list is complete the handler stays quiet: the store's snapshot, taken when the
    // informer says the
    // list is in (onList, delivered in order after the list's own notifications and before any of
    // the watch's),
    // holds everything the quiet notifications would have said, converted and put in order in one
    // tight pass.
    // (Converting each object as its notification arrives was tried and measured no faster: on two
    // cores the
    // 5 000 hand-offs, each doing more, compete with the informer's own thread.) A re-list (after
    // the watch
    // expired) sends a fresh snapshot the same way.
    informer.addEventHandler(
        new ResourceEventHandler<T>() {
          private volatile boolean listed;

          @Override
          public void onBeforeList(String resourceVersion) {
            listed = false;
          }

          @Override
          public void onList(String resourceVersion, boolean initial) {
            listed = true;
            var snapshot = informer.getStore().list();
            var rows = new ArrayList<ResourceRow>(snapshot.size());
            for (var object : snapshot) rows.add(row(type, object));
            rows.sort(ResourceRow.BY_KEY);
            sink.accept(new ResourceChange.Listed(rows));
          }

          @Override
          public void onAdd(T object) {
            if (listed) sink.accept(new ResourceChange.Upsert(row(type, object)));
          }

          @Override
          public void onUpdate(T old, T object) {
            if (listed) sink.accept(new ResourceChange.Upsert(row(type, object)));
          }

          @Override
          public void onDelete(T object, boolean finalStateUnknown) {
            if (listed) sink.accept(new ResourceChange.Removed(row(type, object).uid()));
          }
        });
    informer.exceptionHandler(
        (started, failure) -> {
          sink.accept(new ResourceChange.Failed(ClusterProblem.of(failure, server)));
          // Before the first list a failure ends the informer (the caller shows why and retries on
          // request);
          // afterwards the informer keeps trying, as a dropped watch usually comes back.
          return started
              && !(failure instanceof KubernetesClientException k
                  && (k.getCode() == 401 || k.getCode() == 403));
        });
    informer
        .start()
        .whenComplete(
            (ok, failure) -> {
              // Only a failure: the list's rows come with onList. The start can complete before
              // onList is delivered
              // (the watch may open while the list's notifications are still queued), and a second
              // snapshot here
              // would convert every object again on the HTTP client's event loop and refill the
              // table twice.
              if (failure != null)
                sink.accept(new ResourceChange.Failed(ClusterProblem.of(failure, server)));
            });
    return informer::stop;
  }

  private static ResourceRow row(ResourceType type, HasMetadata object) {
    try {
      return type.toRow().apply(object);
    } catch (RuntimeException e) {
      // One odd object must not stop the table; it is shown with what can be read.
      var meta = object.getMetadata();
      return new ResourceRow(
          meta.getUid(),
          meta.getNamespace(),
          meta.getName(),
          "Unreadable",
          ResourceRow.Tone.WARNING,
          "",
          -1,
          ResourceTypes.instant(meta.getCreationTimestamp()),
          Kubeconfigs.rootMessage(e),
          List.of(),
          -1);
    }
  }

  // ---- reading ----

  private Resource<? extends HasMetadata> resource(
      ResourceType type, String namespace, String name) {
    var operation = type.operation().apply(client);
    return type.namespaced() && namespace != null
        ? operation.inNamespace(namespace).withName(name)
        : operation.withName(name);
  }

  /**
   * The object as YAML, without the server's bookkeeping (managed fields); a secret's values are
   * masked.
   */
  public String yaml(ResourceType type, String namespace, String name) {
    try {
      var object = resource(type, namespace, name).get();
      if (object == null)
        throw new ClusterException(describe(type, namespace, name) + " no longer exists.");
      object.getMetadata().setManagedFields(null);
      if (object instanceof Secret secret) {
        var masked = new LinkedHashMap<String, String>();
        if (secret.getData() != null)
          secret.getData().forEach((key, value) -> masked.put(key, "<hidden>"));
        secret.setData(masked.isEmpty() ? null : masked);
        if (secret.getStringData() != null)
          secret.getStringData().replaceAll((key, value) -> "<hidden>");
      }
      return client.getKubernetesSerialization().asYaml(object);
    } catch (KubernetesClientException e) {
      throw failure(e);
    }
  }

  /** A secret's values, decoded: read only when the user asks to see them. */
  public Map<String, String> secretValues(String namespace, String name) {
    try {
      var secret = client.secrets().inNamespace(namespace).withName(name).get();
      if (secret == null)
        throw new ClusterException("The secret " + namespace + "/" + name + " no longer exists.");
      var values = new LinkedHashMap<String, String>();
      if (secret.getData() != null) {
        secret
            .getData()
            .forEach(
                (key, value) ->
                    values.put(
                        key,
                        new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
      }
      if (secret.getStringData() != null) values.putAll(secret.getStringData());
      return values;
    } catch (KubernetesClientException e) {
      throw failure(e);
    }
  }

  /** The names of a pod's containers, init containers first (they have logs too). */
  public List<String> containers(String namespace, String pod) {
    try {
      var found = client.pods().inNamespace(namespace).withName(pod).get();
      if (found == null)
        throw new ClusterException("The pod " + namespace + "/" + pod + " no longer exists.");
      var names = new ArrayList<String>();
      if (found.getSpec().getInitContainers() != null)
        found.getSpec().getInitContainers().forEach(c -> names.add(c.getName()));
      found.getSpec().getContainers().forEach(c -> names.add(c.getName()));
      return names;
    } catch (KubernetesClientException e) {
      throw failure(e);
    }
  }

  /** The events about one object, oldest first, as lines: time, type, reason, message. */
  public List<String> events(String namespace, String kind, String name) {
    try {
      var events =
          client.v1().events().inNamespace(namespace).list().getItems().stream()
              .filter(
                  e ->
                      e.getInvolvedObject() != null
                          && name.equals(e.getInvolvedObject().getName())
                          && (kind == null || kind.equals(e.getInvolvedObject().getKind())))
              .sorted(
                  Comparator.comparing(
                      e -> timeOf(e.getLastTimestamp(), e.getMetadata().getCreationTimestamp())))
              .toList();
      return events.stream()
          .map(
              e ->
                  timeOf(e.getLastTimestamp(), e.getMetadata().getCreationTimestamp())
                      + "  "
                      + (e.getType() == null ? "Normal" : e.getType())
                      + "  "
                      + e.getReason()
                      + (e.getCount() != null && e.getCount() > 1 ? " (x" + e.getCount() + ")" : "")
                      + "  "
                      + e.getMessage())
          .toList();
    } catch (KubernetesClientException e) {
      throw failure(e);
    }
  }

  private static String timeOf(String last, String created) {
    var at = ResourceTypes.instant(last != null ? last : created);
    return at == null ? "" : at.toString();
  }

  // ---- actions ----

  /** Deletes the object; its informer reports it gone. */
  public void delete(ResourceType type, String namespace, String name) {
    try {
      resource(type, namespace, name).delete();
    } catch (KubernetesClientException e) {
      throw failure(e);
    }
  }

  /** Sets the replica count of a Deployment or StatefulSet. */
  public void scale(ResourceType type, String namespace, String name, int replicas) {
    if (replicas < 0)
      throw new ClusterException("Replicas cannot be negative; was " + replicas + ".");
    try {
      if (type.equals(ResourceTypes.DEPLOYMENTS)) {
        client
            .apps()
            .deployments()
            .inNamespace(namespace)
            .withName(name)
            .edit(
                d -> {
                  d.getSpec().setReplicas(replicas);
                  return d;
                });
      } else if (type.equals(ResourceTypes.STATEFUL_SETS)) {
        client
            .apps()
            .statefulSets()
            .inNamespace(namespace)
            .withName(name)
            .edit(
                s -> {
                  s.getSpec().setReplicas(replicas);
                  return s;
                });
      } else {
        throw new ClusterException(type.title() + " cannot be scaled.");
      }
    } catch (KubernetesClientException e) {
      throw failure(e);
    }
  }

  /**
   * Replaces a workload's pods as {@code kubectl rollout restart} does: a new time stamp in the pod
   * template.
   */
  public void rolloutRestart(ResourceType type, String namespace, String name) {
    var now = Instant.now().toString();
    try {
      if (type.equals(ResourceTypes.DEPLOYMENTS)) {
        client
            .apps()
            .deployments()
            .inNamespace(namespace)
            .withName(name)
            .edit(
                d -> {
                  stamp(d.getSpec().getTemplate(), now);
                  return d;
                });
      } else if (type.equals(ResourceTypes.STATEFUL_SETS)) {
        client
            .apps()
            .statefulSets()
            .inNamespace(namespace)
            .withName(name)
            .edit(
                s -> {
                  stamp(s.getSpec().getTemplate(), now);
                  return s;
                });
      } else if (type.equals(ResourceTypes.DAEMON_SETS)) {
        client
            .apps()
            .daemonSets()
            .inNamespace(namespace)
            .withName(name)
            .edit(
                s -> {
                  stamp(s.getSpec().getTemplate(), now);
                  return s;
                });
      } else {
        throw new ClusterException(type.title() + " cannot be restarted.");
      }
    } catch (KubernetesClientException e) {
      throw failure(e);
    }
  }

  private static void stamp(PodTemplateSpec template, String now) {
    if (template.getMetadata() == null) template.setMetadata(new ObjectMeta());
    var annotations =
        template.getMetadata().getAnnotations() == null
            ? new LinkedHashMap<String, String>()
            : new LinkedHashMap<>(template.getMetadata().getAnnotations());
    annotations.put("kubectl.kubernetes.io/restartedAt", now);
    template.getMetadata().setAnnotations(annotations);
  }

  /**
   * Replaces an object with the edited YAML. A YAML mistake is reported with its position; the API
   * server's refusal (validation, a conflict with a newer version) in its own words, field by
   * field.
   */
  public HasMetadata apply(String yaml) {
    HasMetadata object;
    try {
      object = client.getKubernetesSerialization().unmarshal(yaml);
    } catch (RuntimeException e) {
      throw new ClusterException("The YAML cannot be read: " + Kubeconfigs.rootMessage(e), e);
    }
    if (object == null || object.getMetadata() == null || object.getMetadata().getName() == null) {
      throw new ClusterException("The YAML needs a kind, an apiVersion and metadata.name.");
    }
    try {
      return client.resource(object).update();
    } catch (KubernetesClientException e) {
      var problem = ClusterProblem.of(e, server);
      throw new ClusterException(
          problem.kind() == ClusterProblem.Kind.INVALID
              ? "The cluster refused the change: " + problem.message()
              : problem.message(),
          e);
    }
  }

  /** A pod, read fresh: port forwarding re-resolves pods through it. */
  Pod pod(String namespace, String name) {
    return client.pods().inNamespace(namespace).withName(name).get();
  }

  private static String describe(ResourceType type, String namespace, String name) {
    return type.title() + " " + (namespace == null ? name : namespace + "/" + name);
  }

  @Override
  public void close() {
    client.close();
  }
}
