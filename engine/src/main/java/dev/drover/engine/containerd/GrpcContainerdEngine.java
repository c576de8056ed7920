package dev.drover.engine.containerd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import com.google.protobuf.Timestamp;
import containerd.services.containers.v1.ContainersGrpc;
import containerd.services.containers.v1.ContainersOuterClass;
import containerd.services.content.v1.ContentGrpc;
import containerd.services.content.v1.ContentOuterClass;
import containerd.services.images.v1.ImagesGrpc;
import containerd.services.images.v1.ImagesOuterClass;
import containerd.services.namespaces.v1.NamespaceOuterClass;
import containerd.services.namespaces.v1.NamespacesGrpc;
import containerd.services.snapshots.v1.SnapshotsGrpc;
import containerd.services.snapshots.v1.SnapshotsOuterClass;
import containerd.services.tasks.v1.TasksGrpc;
import containerd.services.tasks.v1.TasksOuterClass;
import containerd.services.version.v1.VersionGrpc;
import containerd.types.DescriptorOuterClass;
import containerd.v1.types.Task;
import dev.drover.engine.EngineEndpoint;
import dev.drover.engine.EngineException;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.AbstractBlockingStub;
import io.grpc.stub.MetadataUtils;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@link ContainerdEngine} over containerd's gRPC API, one channel (HTTP/2 connection) for every
 * call and stream.
 */
final class GrpcContainerdEngine implements ContainerdEngine {

  /**
   * What a prompt call may take; containerd answers in milliseconds, so this only catches a hung
   * VM.
   */
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

  static final Metadata.Key<String> NAMESPACE_HEADER =
      Metadata.Key.of("containerd-namespace", Metadata.ASCII_STRING_MARSHALLER);
  private static final String STOP_SIGNAL_LABEL = "io.containerd.image.config.stop-signal";
  private static final int SIGKILL = 9;
  private static final int SIGTERM = 15;

  /**
   * Image manifests are small; an index or manifest larger than this is not one Drover will parse.
   */
  private static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

  private final ObjectMapper json = new ObjectMapper();

  /** Content is addressed by digest, so an image's size never changes once known. */
  private final Map<String, Long> sizeByTarget = new ConcurrentHashMap<>();

  private final Set<ContainerdEventStream> streams = ConcurrentHashMap.newKeySet();

  /**
   * runc's task options ({@code containerd.runc.v1.Options}) with {@code no_pivot_root = true}
   * (field 1), as {@code ctr run --no-pivot} sends them: written out rather than generated, being
   * one boolean.
   */
  private static final Any NO_PIVOT_ROOT =
      Any.newBuilder()
          .setTypeUrl("containerd.runc.v1.Options")
          .setValue(ByteString.copyFrom(new byte[] {0x08, 0x01}))
          .build();

  private final ManagedChannel channel;
  private final EngineEndpoint endpoint;
  private final boolean rootIsInitramfs;

  GrpcContainerdEngine(ManagedChannel channel, EngineEndpoint endpoint) {
    this(channel, endpoint, false);
  }

  /**
   * @param rootIsInitramfs whether the machine's root is an initramfs, out of which runc cannot
   *     pivot_root
   */
  GrpcContainerdEngine(ManagedChannel channel, EngineEndpoint endpoint, boolean rootIsInitramfs) {
    this.channel = channel;
    this.endpoint = endpoint;
    this.rootIsInitramfs = rootIsInitramfs;
  }

  @Override
  public String version() {
    return call(
            VersionGrpc::newBlockingStub,
            null,
            CALL_TIMEOUT,
            "asking containerd for its version",
            version -> version.version(Empty.getDefaultInstance()))
        .getVersion();
  }

  @Override
  public List<String> namespaces() {
    return call(
            NamespacesGrpc::newBlockingStub,
            null,
            CALL_TIMEOUT,
            "listing containerd's namespaces",
            namespaces ->
                namespaces.list(NamespaceOuterClass.ListNamespacesRequest.getDefaultInstance()))
        .getNamespacesList()
        .stream()
        .map(NamespaceOuterClass.Namespace::getName)
        .sorted()
        .toList();
  }

  @Override
  public List<ContainerdContainer> containers(String namespace) {
    var action = "listing the containers of namespace " + namespace;
    var containers =
        call(
                ContainersGrpc::newBlockingStub,
                namespace,
                CALL_TIMEOUT,
                action,
                service ->
                    service.list(ContainersOuterClass.ListContainersRequest.getDefaultInstance()))
            .getContainersList();
    var tasks =
        call(
                TasksGrpc::newBlockingStub,
                namespace,
                CALL_TIMEOUT,
                action,
                service -> service.list(TasksOuterClass.ListTasksRequest.getDefaultInstance()))
            .getTasksList()
            .stream()
            .collect(
                Collectors.toMap(
                    GrpcContainerdEngine::containerOf, Function.identity(), (a, b) -> a));
    return containers.stream()
        .map(c -> container(namespace, c, Optional.ofNullable(tasks.get(c.getId()))))
        .sorted(Comparator.comparing(ContainerdContainer::name))
        .toList();
  }

  /**
   * Tasks.List fills in only the process id, which for a task's init process is its container's id.
   */
  private static String containerOf(Task.Process task) {
    return task.getContainerId().isEmpty() ? task.getId() : task.getContainerId();
  }

  static ContainerdContainer container(
      String namespace, ContainersOuterClass.Container container, Optional<Task.Process> task) {
    var state = task.map(t -> state(t.getStatus())).orElse(ContainerdContainer.TaskState.CREATED);
    var pid =
        task.filter(t -> t.getStatus() != Task.Status.STOPPED).map(Task.Process::getPid).orElse(0);
    var exit =
        task.filter(t -> t.getStatus() == Task.Status.STOPPED).map(Task.Process::getExitStatus);
    return new ContainerdContainer(
        namespace,
        container.getId(),
        container.getImage(),
        container.getRuntime().getName(),
        container.getLabelsMap(),
        instant(container.getCreatedAt()),
        state,
        pid,
        exit);
  }

  static ContainerdContainer.TaskState state(Task.Status status) {
    return switch (status) {
      case CREATED -> ContainerdContainer.TaskState.CREATED;
      case RUNNING -> ContainerdContainer.TaskState.RUNNING;
      case STOPPED -> ContainerdContainer.TaskState.STOPPED;
      case PAUSED -> ContainerdContainer.TaskState.PAUSED;
      case PAUSING -> ContainerdContainer.TaskState.PAUSING;
      case UNKNOWN, UNRECOGNIZED -> ContainerdContainer.TaskState.UNKNOWN;
    };
  }

  @Override
  public List<ContainerdImage> images(String namespace) {
    var images =
        call(
                ImagesGrpc::newBlockingStub,
                namespace,
                CALL_TIMEOUT,
                "listing the images of namespace " + namespace,
                service -> service.list(ImagesOuterClass.ListImagesRequest.getDefaultInstance()))
            .getImagesList();
    var result = new ArrayList<ContainerdImage>(images.size());
    for (var image : images) {
      var target = image.getTarget();
      result.add(
          new ContainerdImage(
              namespace,
              image.getName(),
              target.getDigest(),
              size(namespace, target),
              instant(image.getCreatedAt())));
    }
    result.sort(Comparator.comparing(ContainerdImage::name));
    return result;
  }

  /**
   * What {@code ctr images ls} shows as SIZE: the manifest, its config and its (compressed) layers,
   * read from containerd's content store once per digest; for an index, the manifest of this
   * machine's architecture. Falls back to the target descriptor's own size when the manifest is not
   * at hand (a pull in progress).
   */
  private long size(String namespace, DescriptorOuterClass.Descriptor target) {
    var known = sizeByTarget.get(target.getDigest());
    if (known != null) return known;
    try {
      var size =
          contentSize(namespace, target.getMediaType(), target.getDigest(), target.getSize(), 0);
      sizeByTarget.put(target.getDigest(), size);
      return size;
    } catch (StatusRuntimeException | IOException | EngineException unreadable) {
      return Math.max(0, target.getSize());
    }
  }

  private long contentSize(
      String namespace, String mediaType, String digest, long ownSize, int depth)
      throws IOException {
    if (depth > 2) return ownSize;
    var document = json.readTree(read(namespace, digest));
    var type = mediaType.isEmpty() ? document.path("mediaType").asText() : mediaType;
    if (type.contains("index") || type.contains("manifest.list")) {
      JsonNode chosen = null;
      for (var manifest : document.path("manifests")) {
        var platform = manifest.path("platform");
        if (chosen == null) chosen = manifest;
        if (platform.path("os").asText().equals("linux")
            && platform.path("architecture").asText().equals(architecture())) {
          chosen = manifest;
          break;
        }
      }
      if (chosen == null) return ownSize;
      return ownSize
          + contentSize(
              namespace,
              chosen.path("mediaType").asText(),
              chosen.path("digest").asText(),
              chosen.path("size").asLong(),
              depth + 1);
    }
    long size = ownSize + document.path("config").path("size").asLong();
    for (var layer : document.path("layers")) size += layer.path("size").asLong();
    return size;
  }

  private static String architecture() {
    var arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    return arch.equals("aarch64") || arch.equals("arm64") ? "arm64" : "amd64";
  }

  private byte[] read(String namespace, String digest) throws IOException {
    var bytes = new ByteArrayOutputStream();
    var responses =
        stub(ContentGrpc::newBlockingStub, namespace, CALL_TIMEOUT)
            .read(ContentOuterClass.ReadContentRequest.newBuilder().setDigest(digest).build());
    while (responses.hasNext()) {
      responses.next().getData().writeTo(bytes);
      if (bytes.size() > MAX_MANIFEST_BYTES)
        throw new EngineException("the manifest " + digest + " is too large to read");
    }
    return bytes.toByteArray();
  }

  @Override
  public void start(String namespace, String containerId) {
    var action = "starting container " + containerId + " (namespace " + namespace + ")";
    var container = container(namespace, containerId, action);
    var task = task(namespace, containerId, action);
    if (task.isPresent()) {
      switch (task.get().getStatus()) {
        case RUNNING, PAUSED, PAUSING -> {
          return;
        }
        case CREATED -> {
          call(
              TasksGrpc::newBlockingStub,
              namespace,
              CALL_TIMEOUT,
              action,
              tasks ->
                  tasks.start(
                      TasksOuterClass.StartRequest.newBuilder()
                          .setContainerId(containerId)
                          .build()));
          return;
        }
        default -> deleteTask(namespace, containerId, action);
      }
    }
    var create =
        TasksOuterClass.CreateTaskRequest.newBuilder()
            .setContainerId(containerId)
            .setTerminal(false);
    if (rootIsInitramfs) create.setOptions(NO_PIVOT_ROOT);
    if (!container.getSnapshotKey().isEmpty()) {
      create.addAllRootfs(
          call(
                  SnapshotsGrpc::newBlockingStub,
                  namespace,
                  CALL_TIMEOUT,
                  action,
                  snapshots ->
                      snapshots.mounts(
                          SnapshotsOuterClass.MountsRequest.newBuilder()
                              .setSnapshotter(container.getSnapshotter())
                              .setKey(container.getSnapshotKey())
                              .build()))
              .getMountsList());
    }
    // No stdin/stdout/stderr: the shim then connects the process to /dev/null, as for `ctr run -d
    // --null-io`.
    // Output a user wants to keep belongs in a log driver (nerdctl's), which Drover does not play.
    call(
        TasksGrpc::newBlockingStub,
        namespace,
        CALL_TIMEOUT,
        action,
        tasks -> tasks.create(create.build()));
    try {
      call(
          TasksGrpc::newBlockingStub,
          namespace,
          CALL_TIMEOUT,
          action,
          tasks ->
              tasks.start(
                  TasksOuterClass.StartRequest.newBuilder().setContainerId(containerId).build()));
    } catch (EngineException failed) {
      // A task that cannot start would stay CREATED and block the next try: leave the container as
      // it was.
      try {
        deleteTask(namespace, containerId, action);
      } catch (EngineException ignored) {
        // the start failure is what the user needs to read
      }
      throw failed;
    }
  }

  @Override
  public void stop(String namespace, String containerId, Duration grace) {
    var action = "stopping container " + containerId + " (namespace " + namespace + ")";
    var container = container(namespace, containerId, action);
    var task = task(namespace, containerId, action);
    if (task.isEmpty() || task.get().getStatus() == Task.Status.STOPPED) return;
    var signal = stopSignal(container.getLabelsMap().get(STOP_SIGNAL_LABEL));
    if (kill(namespace, containerId, signal, action)
        && exited(namespace, containerId, grace, action)) return;
    if (kill(namespace, containerId, SIGKILL, action))
      exited(namespace, containerId, CALL_TIMEOUT, action);
  }

  /** Sends {@code signal}; false when the process had already gone. */
  private boolean kill(String namespace, String containerId, int signal, String action) {
    try {
      call(
          TasksGrpc::newBlockingStub,
          namespace,
          CALL_TIMEOUT,
          action,
          tasks ->
              tasks.kill(
                  TasksOuterClass.KillRequest.newBuilder()
                      .setContainerId(containerId)
                      .setSignal(signal)
                      .build()));
      return true;
    } catch (EngineException failed) {
      if (failed.getCause() instanceof StatusRuntimeException grpc
          && ContainerdErrors.isNotFound(grpc)) return false;
      throw failed;
    }
  }

  /** Waits up to {@code patience} for the task to exit; false when it is still running then. */
  private boolean exited(String namespace, String containerId, Duration patience, String action) {
    try {
      stub(TasksGrpc::newBlockingStub, namespace, patience)
          .wait(TasksOuterClass.WaitRequest.newBuilder().setContainerId(containerId).build());
      return true;
    } catch (StatusRuntimeException failed) {
      if (timedOut(failed)) return false;
      if (ContainerdErrors.isNotFound(failed)) return true;
      throw ContainerdErrors.failure(action, failed, endpoint);
    }
  }

  /**
   * containerd passes the call's deadline on to the shim; when the shim's side runs out first,
   * containerd answers UNKNOWN "context deadline exceeded" before gRPC's own DEADLINE_EXCEEDED
   * fires here.
   */
  static boolean timedOut(StatusRuntimeException failed) {
    var said = failed.getStatus().getDescription();
    return failed.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED
        || said != null && said.contains("deadline exceeded");
  }

  /**
   * The image's stop signal as containerd labels it ("SIGTERM", "SIGQUIT", "9"), SIGTERM when
   * unknown.
   */
  static int stopSignal(String label) {
    if (label == null || label.isBlank()) return SIGTERM;
    var name = label.strip().toUpperCase(Locale.ROOT);
    if (name.chars().allMatch(Character::isDigit)) return Integer.parseInt(name);
    if (!name.startsWith("SIG")) name = "SIG" + name;
    return switch (name) {
      case "SIGHUP" -> 1;
      case "SIGINT" -> 2;
      case "SIGQUIT" -> 3;
      case "SIGKILL" -> SIGKILL;
      case "SIGUSR1" -> 10;
      case "SIGUSR2" -> 12;
      case "SIGWINCH" -> 28;
      case "SIGPWR" -> 30;
      case "SIGRTMIN+3" -> 37; // systemd's stop signal
      default -> SIGTERM;
    };
  }

  @Override
  public void remove(String namespace, String containerId) {
    var action = "removing container " + containerId + " (namespace " + namespace + ")";
    var container = container(namespace, containerId, action);
    var task = task(namespace, containerId, action);
    if (task.isPresent()) {
      var status = task.get().getStatus();
      if (status == Task.Status.RUNNING
          || status == Task.Status.PAUSED
          || status == Task.Status.PAUSING) {
        throw new EngineException(action + " failed: it is running. Stop it first.");
      }
      deleteTask(namespace, containerId, action);
    }
    // Snapshot first, as ctr does: once the container record is gone nothing names its snapshot any
    // more.
    if (!container.getSnapshotKey().isEmpty()) {
      try {
        call(
            SnapshotsGrpc::newBlockingStub,
            namespace,
            CALL_TIMEOUT,
            action,
            snapshots ->
                snapshots.remove(
                    SnapshotsOuterClass.RemoveSnapshotRequest.newBuilder()
                        .setSnapshotter(container.getSnapshotter())
                        .setKey(container.getSnapshotKey())
                        .build()));
      } catch (EngineException failed) {
        if (!(failed.getCause() instanceof StatusRuntimeException grpc
            && ContainerdErrors.isNotFound(grpc))) throw failed;
      }
    }
    call(
        ContainersGrpc::newBlockingStub,
        namespace,
        CALL_TIMEOUT,
        action,
        containers ->
            containers.delete(
                ContainersOuterClass.DeleteContainerRequest.newBuilder()
                    .setId(containerId)
                    .build()));
  }

  @Override
  public void removeImage(String namespace, String imageName) {
    call(
        ImagesGrpc::newBlockingStub,
        namespace,
        CALL_TIMEOUT,
        "removing image " + imageName + " (namespace " + namespace + ")",
        images ->
            images.delete(
                ImagesOuterClass.DeleteImageRequest.newBuilder().setName(imageName).build()));
  }

  @Override
  public AutoCloseable subscribe(ContainerdListener listener) {
    var stream = new ContainerdEventStream(channel, listener, this::probe, streams::remove);
    streams.add(stream);
    stream.start();
    return stream;
  }

  /**
   * Whether containerd answers now; also wakes a channel that backs off after a failed connection.
   */
  private void probe() {
    if (channel.getState(false) == ConnectivityState.TRANSIENT_FAILURE)
      channel.resetConnectBackoff();
    stub(VersionGrpc::newBlockingStub, null, Duration.ofSeconds(5))
        .version(Empty.getDefaultInstance());
  }

  @Override
  public void close() {
    for (var stream : List.copyOf(streams)) stream.close();
    channel.shutdownNow();
    try {
      channel.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private ContainersOuterClass.Container container(
      String namespace, String containerId, String action) {
    return call(
            ContainersGrpc::newBlockingStub,
            namespace,
            CALL_TIMEOUT,
            action,
            containers ->
                containers.get(
                    ContainersOuterClass.GetContainerRequest.newBuilder()
                        .setId(containerId)
                        .build()))
        .getContainer();
  }

  private Optional<Task.Process> task(String namespace, String containerId, String action) {
    try {
      return Optional.of(
          stub(TasksGrpc::newBlockingStub, namespace, CALL_TIMEOUT)
              .get(TasksOuterClass.GetRequest.newBuilder().setContainerId(containerId).build())
              .getProcess());
    } catch (StatusRuntimeException failed) {
      if (ContainerdErrors.isNotFound(failed)) return Optional.empty();
      throw ContainerdErrors.failure(action, failed, endpoint);
    }
  }

  private void deleteTask(String namespace, String containerId, String action) {
    try {
      call(
          TasksGrpc::newBlockingStub,
          namespace,
          CALL_TIMEOUT,
          action,
          tasks ->
              tasks.delete(
                  TasksOuterClass.DeleteTaskRequest.newBuilder()
                      .setContainerId(containerId)
                      .build()));
    } catch (EngineException failed) {
      if (!(failed.getCause() instanceof StatusRuntimeException grpc
          && ContainerdErrors.isNotFound(grpc))) throw failed;
    }
  }

  /**
   * One prompt call through a stub of {@code namespace}, its failure told as {@code action}'s.
   *
   * @param newStub the generated service's {@code newBlockingStub}
   */
  private <S extends AbstractBlockingStub<S>, R> R call(
      Function<Channel, S> newStub,
      String namespace,
      Duration timeout,
      String action,
      Function<S, R> rpc) {
    if (channel.getState(false) == ConnectivityState.TRANSIENT_FAILURE) {
      // gRPC waits up to two minutes between reconnects; a user asking now wants containerd asked
      // now.
      channel.resetConnectBackoff();
    }
    try {
      return rpc.apply(stub(newStub, namespace, timeout));
    } catch (StatusRuntimeException failed) {
      throw ContainerdErrors.failure(action, failed, endpoint);
    }
  }

  /**
   * The channel, with the namespace header containerd scopes every object call by (none for global
   * calls).
   */
  private Channel channel(String namespace) {
    if (namespace == null) return channel;
    var headers = new Metadata();
    headers.put(NAMESPACE_HEADER, namespace);
    return ClientInterceptors.intercept(
        channel, MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  /** A blocking stub of {@code namespace} whose calls end after {@code timeout}. */
  private <S extends AbstractBlockingStub<S>> S stub(
      Function<Channel, S> newStub, String namespace, Duration timeout) {
    return newStub
        .apply(channel(namespace))
        .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static Instant instant(Timestamp timestamp) {
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }
}
