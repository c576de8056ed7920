package dev.drover.kube.cluster;

import static dev.drover.kube.cluster.ResourceRow.Tone.BAD;
import static dev.drover.kube.cluster.ResourceRow.Tone.GOOD;
import static dev.drover.kube.cluster.ResourceRow.Tone.NEUTRAL;
import static dev.drover.kube.cluster.ResourceRow.Tone.WARNING;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The built-in kinds the panes show, and the way any custom resource is shown. */
public final class ResourceTypes {

  public static final ResourceType PODS =
      typed("pods", "Pods", "Workloads", true, Pod.class, ResourceTypes::pod);
  public static final ResourceType DEPLOYMENTS =
      typed(
          "deployments",
          "Deployments",
          "Workloads",
          true,
          Deployment.class,
          ResourceTypes::deployment);
  public static final ResourceType STATEFUL_SETS =
      typed(
          "statefulsets",
          "StatefulSets",
          "Workloads",
          true,
          StatefulSet.class,
          ResourceTypes::statefulSet);
  public static final ResourceType DAEMON_SETS =
      typed(
          "daemonsets", "DaemonSets", "Workloads", true, DaemonSet.class, ResourceTypes::daemonSet);
  public static final ResourceType JOBS =
      typed("jobs", "Jobs", "Workloads", true, Job.class, ResourceTypes::job);
  public static final ResourceType CRON_JOBS =
      typed("cronjobs", "CronJobs", "Workloads", true, CronJob.class, ResourceTypes::cronJob);
  public static final ResourceType SERVICES =
      typed("services", "Services", "Network", true, Service.class, ResourceTypes::service);
  public static final ResourceType INGRESSES =
      typed("ingresses", "Ingresses", "Network", true, Ingress.class, ResourceTypes::ingress);
  public static final ResourceType CONFIG_MAPS =
      typed("configmaps", "ConfigMaps", "Config", true, ConfigMap.class, ResourceTypes::configMap);
  public static final ResourceType SECRETS =
      typed("secrets", "Secrets", "Config", true, Secret.class, ResourceTypes::secret);
  public static final ResourceType PVCS =
      typed(
          "persistentvolumeclaims",
          "PersistentVolumeClaims",
          "Storage",
          true,
          PersistentVolumeClaim.class,
          ResourceTypes::pvc);
  public static final ResourceType PVS =
      typed(
          "persistentvolumes",
          "PersistentVolumes",
          "Storage",
          false,
          PersistentVolume.class,
          ResourceTypes::pv);
  public static final ResourceType STORAGE_CLASSES =
      typed(
          "storageclasses",
          "StorageClasses",
          "Storage",
          false,
          StorageClass.class,
          ResourceTypes::storageClass);
  public static final ResourceType NODES =
      typed("nodes", "Nodes", "Cluster", false, Node.class, ResourceTypes::node);
  public static final ResourceType EVENTS =
      typed("events", "Events", "Cluster", true, Event.class, ResourceTypes::event);
  public static final ResourceType NAMESPACES =
      typed(
          "namespaces", "Namespaces", "Cluster", false, Namespace.class, ResourceTypes::namespace);
  public static final ResourceType CRDS =
      typed(
          "customresourcedefinitions",
          "Custom resource definitions",
          "Custom",
          false,
          CustomResourceDefinition.class,
          ResourceTypes::crd);

  /** The kinds in the order the kind list shows them. */
  public static final List<ResourceType> BUILT_IN =
      List.of(
          PODS,
          DEPLOYMENTS,
          STATEFUL_SETS,
          DAEMON_SETS,
          JOBS,
          CRON_JOBS,
          SERVICES,
          INGRESSES,
          CONFIG_MAPS,
          SECRETS,
          PVCS,
          PVS,
          STORAGE_CLASSES,
          NODES,
          EVENTS,
          CRDS);

  private ResourceTypes() {}

  private static <T extends HasMetadata> ResourceType typed(
      String id,
      String title,
      String group,
      boolean namespaced,
      Class<T> type,
      Function<T, ResourceRow> toRow) {
    return new ResourceType(
        id,
        title,
        group,
        namespaced,
        client -> client.resources(type),
        object -> toRow.apply(type.cast(object)));
  }

  /**
   * The objects of a custom resource definition, browsed generically (served version, any schema).
   */
  public static ResourceType custom(CustomResourceDefinition crd) {
    var spec = crd.getSpec();
    var version =
        spec.getVersions().stream()
            .filter(v -> Boolean.TRUE.equals(v.getStorage()))
            .findFirst()
            .or(
                () ->
                    spec.getVersions().stream()
                        .filter(v -> Boolean.TRUE.equals(v.getServed()))
                        .findFirst())
            .orElse(spec.getVersions().getFirst());
    var namespaced = "Namespaced".equals(spec.getScope());
    var context =
        new ResourceDefinitionContext.Builder()
            .withGroup(spec.getGroup())
            .withVersion(version.getName())
            .withKind(spec.getNames().getKind())
            .withPlural(spec.getNames().getPlural())
            .withNamespaced(namespaced)
            .build();
    return new ResourceType(
        spec.getNames().getPlural() + "." + spec.getGroup(),
        spec.getNames().getKind() + " (" + spec.getGroup() + ")",
        "Custom",
        namespaced,
        client -> client.genericKubernetesResources(context),
        object -> generic((GenericKubernetesResource) object));
  }

  // ---- rows ----

  private static ResourceRow row(
      HasMetadata object,
      String status,
      ResourceRow.Tone tone,
      String ready,
      int restarts,
      String detail,
      List<Integer> ports,
      int replicas) {
    var meta = object.getMetadata();
    var shownStatus = meta.getDeletionTimestamp() != null ? "Terminating" : status;
    var shownTone = meta.getDeletionTimestamp() != null ? WARNING : tone;
    return new ResourceRow(
        meta.getUid() == null
            ? object.getKind() + ":" + meta.getNamespace() + "/" + meta.getName()
            : meta.getUid(),
        meta.getNamespace(),
        meta.getName(),
        shownStatus,
        shownTone,
        ready,
        restarts,
        instant(meta.getCreationTimestamp()),
        detail,
        ports,
        replicas);
  }

  static Instant instant(String timestamp) {
    if (timestamp == null || timestamp.isBlank()) return null;
    var seconds = utcSeconds(timestamp);
    if (seconds != null) return seconds;
    try {
      return Instant.parse(timestamp);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /**
   * The form the API server writes every time stamp in, "2024-05-01T12:30:45Z", read without the
   * general parser, which costs more than the rest of a pod's row; null for any other form.
   */
  private static Instant utcSeconds(String text) {
    if (text.length() != 20
        || text.charAt(4) != '-'
        || text.charAt(7) != '-'
        || text.charAt(10) != 'T'
        || text.charAt(13) != ':'
        || text.charAt(16) != ':'
        || text.charAt(19) != 'Z') {
      return null;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 2);
    int day = digits(text, 8, 2);
    int hour = digits(text, 11, 2);
    int minute = digits(text, 14, 2);
    int second = digits(text, 17, 2);
    if (year < 0
        || month < 1
        || month > 12
        || day < 1
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 59
        || day > YearMonth.of(year, month).lengthOfMonth()) {
      return null;
    }
    long days = LocalDate.of(year, month, day).toEpochDay();
    return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second);
  }

  /** The decimal number in text[from, from + count), or -1 if a character there is not a digit. */
  private static int digits(String text, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') return -1;
      value = value * 10 + (c - '0');
    }
    return value;
  }

  static ResourceRow pod(Pod pod) {
    // Plain loops, not streams: a 5 000-pod namespace is converted in one go while the user waits
    // for the table.
    var spec = pod.getSpec();
    var status = pod.getStatus();
    var statuses =
        status == null || status.getContainerStatuses() == null
            ? List.<ContainerStatus>of()
            : status.getContainerStatuses();
    var specContainers = spec == null ? null : spec.getContainers();
    int containers = specContainers == null ? statuses.size() : specContainers.size();
    var phase = status == null || status.getPhase() == null ? "Pending" : status.getPhase();
    String word = phase;
    if (status != null && status.getReason() != null) word = status.getReason();
    int ready = 0;
    int restarts = 0;
    for (var s : statuses) {
      if (Boolean.TRUE.equals(s.getReady())) ready++;
      if (s.getRestartCount() != null) restarts += s.getRestartCount();
      var state = s.getState();
      if (state == null) continue;
      if (state.getWaiting() != null && state.getWaiting().getReason() != null)
        word = state.getWaiting().getReason();
      else if (state.getTerminated() != null
          && state.getTerminated().getReason() != null
          && !"Succeeded".equals(phase)) {
        word = state.getTerminated().getReason();
      }
    }
    ResourceRow.Tone tone =
        switch (word) {
          case "Running" -> ready == containers ? GOOD : WARNING;
          case "Succeeded", "Completed" -> NEUTRAL;
          case "Pending", "ContainerCreating", "PodInitializing" -> WARNING;
          default -> BAD;
        };
    var images = new StringBuilder();
    List<Integer> ports = List.of();
    if (specContainers != null) {
      var found = new ArrayList<Integer>(2);
      for (var c : specContainers) {
        if (!images.isEmpty()) images.append(", ");
        images.append(c.getImage() == null ? c.getName() : c.getImage());
        if (c.getPorts() == null) continue;
        for (var port : c.getPorts()) {
          var number = port.getContainerPort();
          if (number != null && !found.contains(number)) found.add(number);
        }
      }
      ports = found;
    }
    if (spec != null && spec.getNodeName() != null)
      images.append("  on ").append(spec.getNodeName());
    return row(pod, word, tone, ready + "/" + containers, restarts, images.toString(), ports, -1);
  }

  private static int or0(Integer value) {
    return value == null ? 0 : value;
  }

  static ResourceRow deployment(Deployment deployment) {
    int desired = deployment.getSpec() == null ? 0 : or0(deployment.getSpec().getReplicas());
    var status = deployment.getStatus();
    int ready = status == null ? 0 : or0(status.getReadyReplicas());
    int updated = status == null ? 0 : or0(status.getUpdatedReplicas());
    var word =
        desired == 0
            ? "Scaled to 0"
            : ready >= desired ? "Available" : ready == 0 ? "Unavailable" : "Progressing";
    var tone = desired == 0 ? NEUTRAL : ready >= desired ? GOOD : ready == 0 ? BAD : WARNING;
    return row(
        deployment,
        word,
        tone,
        ready + "/" + desired,
        -1,
        updated
            + " up to date; "
            + images(deployment.getSpec() == null ? null : deployment.getSpec().getTemplate()),
        List.of(),
        desired);
  }

  static ResourceRow statefulSet(StatefulSet set) {
    int desired = set.getSpec() == null ? 0 : or0(set.getSpec().getReplicas());
    int ready = set.getStatus() == null ? 0 : or0(set.getStatus().getReadyReplicas());
    var word =
        desired == 0
            ? "Scaled to 0"
            : ready >= desired ? "Available" : ready == 0 ? "Unavailable" : "Progressing";
    var tone = desired == 0 ? NEUTRAL : ready >= desired ? GOOD : ready == 0 ? BAD : WARNING;
    return row(
        set,
        word,
        tone,
        ready + "/" + desired,
        -1,
        images(set.getSpec() == null ? null : set.getSpec().getTemplate()),
        List.of(),
        desired);
  }

  static ResourceRow daemonSet(DaemonSet set) {
    var status = set.getStatus();
    int desired = status == null ? 0 : or0(status.getDesiredNumberScheduled());
    int ready = status == null ? 0 : or0(status.getNumberReady());
    var word = ready >= desired ? "Available" : "Progressing";
    return row(
        set,
        word,
        ready >= desired ? GOOD : WARNING,
        ready + "/" + desired,
        -1,
        images(set.getSpec() == null ? null : set.getSpec().getTemplate()),
        List.of(),
        -1);
  }

  private static String images(PodTemplateSpec template) {
    if (template == null
        || template.getSpec() == null
        || template.getSpec().getContainers() == null) return "";
    return template.getSpec().getContainers().stream()
        .map(c -> c.getImage() == null ? c.getName() : c.getImage())
        .collect(Collectors.joining(", "));
  }

  static ResourceRow job(Job job) {
    var status = job.getStatus();
    int succeeded = status == null ? 0 : or0(status.getSucceeded());
    int failed = status == null ? 0 : or0(status.getFailed());
    int active = status == null ? 0 : or0(status.getActive());
    int completions =
        job.getSpec() == null || job.getSpec().getCompletions() == null
            ? 1
            : job.getSpec().getCompletions();
    var conditions =
        status == null || status.getConditions() == null
            ? List.<JobCondition>of()
            : status.getConditions();
    boolean failedCondition =
        conditions.stream()
            .anyMatch(c -> "Failed".equals(c.getType()) && "True".equals(c.getStatus()));
    String word =
        failedCondition
            ? "Failed"
            : succeeded >= completions ? "Complete" : active > 0 ? "Running" : "Pending";
    var tone =
        failedCondition ? BAD : succeeded >= completions ? NEUTRAL : active > 0 ? GOOD : WARNING;
    return row(
        job,
        word,
        tone,
        succeeded + "/" + completions,
        -1,
        failed == 0 ? "" : failed + " failed",
        List.of(),
        -1);
  }

  static ResourceRow cronJob(CronJob job) {
    boolean suspended = job.getSpec() != null && Boolean.TRUE.equals(job.getSpec().getSuspend());
    int active =
        job.getStatus() == null || job.getStatus().getActive() == null
            ? 0
            : job.getStatus().getActive().size();
    var last = job.getStatus() == null ? null : job.getStatus().getLastScheduleTime();
    return row(
        job,
        suspended ? "Suspended" : active > 0 ? "Active" : "Scheduled",
        suspended ? NEUTRAL : GOOD,
        "",
        -1,
        (job.getSpec() == null ? "" : job.getSpec().getSchedule())
            + (last == null ? "" : "; last run " + last),
        List.of(),
        -1);
  }

  static ResourceRow service(Service service) {
    var spec = service.getSpec();
    var ports = spec == null || spec.getPorts() == null ? List.<ServicePort>of() : spec.getPorts();
    var type = spec == null || spec.getType() == null ? "ClusterIP" : spec.getType();
    var describe =
        ports.stream()
            .map(
                p ->
                    p.getPort()
                        + (p.getNodePort() == null ? "" : ":" + p.getNodePort())
                        + "/"
                        + (p.getProtocol() == null ? "TCP" : p.getProtocol()))
            .collect(Collectors.joining(", "));
    var ip = spec == null || spec.getClusterIP() == null ? "" : spec.getClusterIP() + "  ";
    return row(
        service,
        type,
        NEUTRAL,
        "",
        -1,
        ip + describe,
        ports.stream().map(ServicePort::getPort).filter(Objects::nonNull).toList(),
        -1);
  }

  static ResourceRow ingress(Ingress ingress) {
    var spec = ingress.getSpec();
    var hosts =
        spec == null || spec.getRules() == null
            ? ""
            : spec.getRules().stream()
                .map(r -> r.getHost() == null ? "*" : r.getHost())
                .collect(Collectors.joining(", "));
    var lb =
        ingress.getStatus() == null
                || ingress.getStatus().getLoadBalancer() == null
                || ingress.getStatus().getLoadBalancer().getIngress() == null
            ? List.<String>of()
            : ingress.getStatus().getLoadBalancer().getIngress().stream()
                .map(i -> i.getIp() != null ? i.getIp() : i.getHostname())
                .filter(Objects::nonNull)
                .toList();
    return row(
        ingress,
        lb.isEmpty() ? "Pending" : "Ready",
        lb.isEmpty() ? WARNING : GOOD,
        "",
        -1,
        hosts + (lb.isEmpty() ? "" : " → " + String.join(", ", lb)),
        List.of(),
        -1);
  }

  static ResourceRow configMap(ConfigMap map) {
    int keys =
        (map.getData() == null ? 0 : map.getData().size())
            + (map.getBinaryData() == null ? 0 : map.getBinaryData().size());
    return row(map, "", NEUTRAL, "", -1, keys + (keys == 1 ? " key" : " keys"), List.of(), -1);
  }

  static ResourceRow secret(Secret secret) {
    int keys =
        (secret.getData() == null ? 0 : secret.getData().size())
            + (secret.getStringData() == null ? 0 : secret.getStringData().size());
    // The row carries key counts only: values are read from the cluster when the user asks to see
    // them.
    return row(
        secret,
        secret.getType() == null ? "Opaque" : secret.getType(),
        NEUTRAL,
        "",
        -1,
        keys + (keys == 1 ? " key" : " keys"),
        List.of(),
        -1);
  }

  static ResourceRow pvc(PersistentVolumeClaim claim) {
    var phase =
        claim.getStatus() == null || claim.getStatus().getPhase() == null
            ? "Pending"
            : claim.getStatus().getPhase();
    var capacity =
        claim.getStatus() == null || claim.getStatus().getCapacity() == null
            ? null
            : claim.getStatus().getCapacity().get("storage");
    var spec = claim.getSpec();
    var detail =
        (capacity == null ? "" : capacity.toString())
            + (spec == null || spec.getVolumeName() == null ? "" : "  " + spec.getVolumeName())
            + (spec == null || spec.getStorageClassName() == null
                ? ""
                : "  class " + spec.getStorageClassName());
    return row(
        claim,
        phase,
        "Bound".equals(phase) ? GOOD : "Lost".equals(phase) ? BAD : WARNING,
        "",
        -1,
        detail.strip(),
        List.of(),
        -1);
  }

  static ResourceRow pv(PersistentVolume volume) {
    var phase =
        volume.getStatus() == null || volume.getStatus().getPhase() == null
            ? "Pending"
            : volume.getStatus().getPhase();
    var spec = volume.getSpec();
    var capacity =
        spec == null || spec.getCapacity() == null ? null : spec.getCapacity().get("storage");
    var claim =
        spec == null || spec.getClaimRef() == null
            ? ""
            : "  claimed by "
                + spec.getClaimRef().getNamespace()
                + "/"
                + spec.getClaimRef().getName();
    return row(
        volume,
        phase,
        switch (phase) {
          case "Bound", "Available" -> GOOD;
          case "Failed" -> BAD;
          default -> WARNING;
        },
        "",
        -1,
        (capacity == null ? "" : capacity.toString()) + claim,
        List.of(),
        -1);
  }

  static ResourceRow storageClass(StorageClass storageClass) {
    var annotations = storageClass.getMetadata().getAnnotations();
    boolean isDefault =
        annotations != null
            && "true".equals(annotations.get("storageclass.kubernetes.io/is-default-class"));
    return row(
        storageClass,
        isDefault ? "Default" : "",
        NEUTRAL,
        "",
        -1,
        storageClass.getProvisioner() + "  reclaim " + storageClass.getReclaimPolicy(),
        List.of(),
        -1);
  }

  static ResourceRow node(Node node) {
    var conditions =
        node.getStatus() == null || node.getStatus().getConditions() == null
            ? List.<NodeCondition>of()
            : node.getStatus().getConditions();
    boolean ready =
        conditions.stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    boolean unschedulable =
        node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
    var info = node.getStatus() == null ? null : node.getStatus().getNodeInfo();
    var word = (ready ? "Ready" : "NotReady") + (unschedulable ? ",SchedulingDisabled" : "");
    return row(
        node,
        word,
        ready ? (unschedulable ? WARNING : GOOD) : BAD,
        "",
        -1,
        info == null ? "" : info.getKubeletVersion() + "  " + info.getOsImage(),
        List.of(),
        -1);
  }

  static ResourceRow event(Event event) {
    var type = event.getType() == null ? "Normal" : event.getType();
    var involved = event.getInvolvedObject();
    var about = involved == null ? "" : involved.getKind() + "/" + involved.getName() + ": ";
    var row =
        row(
            event,
            type + (event.getReason() == null ? "" : " " + event.getReason()),
            "Warning".equals(type) ? WARNING : NEUTRAL,
            "",
            event.getCount() == null ? -1 : event.getCount(),
            about + event.getMessage(),
            List.of(),
            -1);
    var last = instant(event.getLastTimestamp());
    return last == null
        ? row
        : new ResourceRow(
            row.uid(),
            row.namespace(),
            row.name(),
            row.status(),
            row.tone(),
            row.ready(),
            row.restarts(),
            last,
            row.detail(),
            row.ports(),
            row.replicas());
  }

  static ResourceRow namespace(Namespace namespace) {
    var phase =
        namespace.getStatus() == null || namespace.getStatus().getPhase() == null
            ? "Active"
            : namespace.getStatus().getPhase();
    return row(
        namespace, phase, "Active".equals(phase) ? GOOD : WARNING, "", -1, "", List.of(), -1);
  }

  static ResourceRow crd(CustomResourceDefinition crd) {
    var spec = crd.getSpec();
    var versions =
        spec == null || spec.getVersions() == null
            ? ""
            : spec.getVersions().stream()
                .map(CustomResourceDefinitionVersion::getName)
                .collect(Collectors.joining(", "));
    return row(
        crd,
        spec == null ? "" : spec.getScope(),
        NEUTRAL,
        "",
        -1,
        spec == null ? "" : spec.getNames().getKind() + "  " + spec.getGroup() + "  " + versions,
        List.of(),
        -1);
  }

  /** Any object: a phase or the Ready condition from its status, where it has one. */
  @SuppressWarnings("unchecked")
  static ResourceRow generic(GenericKubernetesResource object) {
    var status = object.getAdditionalProperties().get("status");
    String word = "";
    ResourceRow.Tone tone = NEUTRAL;
    if (status instanceof Map<?, ?> map) {
      if (map.get("phase") instanceof String phase) word = phase;
      if (map.get("conditions") instanceof List<?> conditions) {
        for (var condition : conditions) {
          if (condition instanceof Map<?, ?> c && "Ready".equals(c.get("type"))) {
            boolean ready = "True".equals(c.get("status"));
            word = ready ? "Ready" : "NotReady";
            tone = ready ? GOOD : WARNING;
          }
        }
      }
    }
    var spec = object.getAdditionalProperties().get("spec");
    var detail = spec instanceof Map<?, ?> map ? summarize((Map<String, Object>) map) : "";
    return row(object, word, tone, "", -1, detail, List.of(), -1);
  }

  private static String summarize(Map<String, Object> spec) {
    var parts = new ArrayList<String>();
    for (var entry : spec.entrySet()) {
      if (entry.getValue() instanceof String
          || entry.getValue() instanceof Number
          || entry.getValue() instanceof Boolean) {
        parts.add(entry.getKey() + "=" + entry.getValue());
      }
      if (parts.size() == 4) break;
    }
    return String.join("  ", parts);
  }
}
