package dev.drover.engine.containerd;

import com.google.protobuf.Empty;
import com.google.protobuf.Message;
import containerd.services.containers.v1.ContainersOuterClass;
import containerd.services.content.v1.ContentOuterClass;
import containerd.services.events.v1.EventsOuterClass;
import containerd.services.images.v1.ImagesOuterClass;
import containerd.services.namespaces.v1.NamespaceOuterClass;
import containerd.services.snapshots.v1.SnapshotsOuterClass;
import containerd.services.tasks.v1.TasksOuterClass;
import containerd.services.version.v1.VersionOuterClass;
import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoUtils;

/**
 * The containerd methods Drover calls, described the way protoc-gen-grpc-java would generate them:
 * the registry this project builds from serves no linux-x86_64 build of that generator, and a
 * descriptor is only a full method name ("containerd.services.tasks.v1.Tasks/Kill") and two
 * protobuf marshallers. The messages themselves are generated from containerd's protos at build
 * time.
 */
final class ContainerdRpc {

  private ContainerdRpc() {}

  static final MethodDescriptor<Empty, VersionOuterClass.VersionResponse> VERSION =
      unary(
          "containerd.services.version.v1.Version",
          "Version",
          Empty.getDefaultInstance(),
          VersionOuterClass.VersionResponse.getDefaultInstance());

  static final MethodDescriptor<
          NamespaceOuterClass.ListNamespacesRequest, NamespaceOuterClass.ListNamespacesResponse>
      NAMESPACES_LIST =
          unary(
              "containerd.services.namespaces.v1.Namespaces",
              "List",
              NamespaceOuterClass.ListNamespacesRequest.getDefaultInstance(),
              NamespaceOuterClass.ListNamespacesResponse.getDefaultInstance());

  private static final String CONTAINERS = "containerd.services.containers.v1.Containers";
  static final MethodDescriptor<
          ContainersOuterClass.ListContainersRequest, ContainersOuterClass.ListContainersResponse>
      CONTAINERS_LIST =
          unary(
              CONTAINERS,
              "List",
              ContainersOuterClass.ListContainersRequest.getDefaultInstance(),
              ContainersOuterClass.ListContainersResponse.getDefaultInstance());
  static final MethodDescriptor<
          ContainersOuterClass.GetContainerRequest, ContainersOuterClass.GetContainerResponse>
      CONTAINERS_GET =
          unary(
              CONTAINERS,
              "Get",
              ContainersOuterClass.GetContainerRequest.getDefaultInstance(),
              ContainersOuterClass.GetContainerResponse.getDefaultInstance());
  static final MethodDescriptor<ContainersOuterClass.DeleteContainerRequest, Empty>
      CONTAINERS_DELETE =
          unary(
              CONTAINERS,
              "Delete",
              ContainersOuterClass.DeleteContainerRequest.getDefaultInstance(),
              Empty.getDefaultInstance());

  private static final String TASKS = "containerd.services.tasks.v1.Tasks";
  static final MethodDescriptor<TasksOuterClass.ListTasksRequest, TasksOuterClass.ListTasksResponse>
      TASKS_LIST =
          unary(
              TASKS,
              "List",
              TasksOuterClass.ListTasksRequest.getDefaultInstance(),
              TasksOuterClass.ListTasksResponse.getDefaultInstance());
  static final MethodDescriptor<TasksOuterClass.GetRequest, TasksOuterClass.GetResponse> TASKS_GET =
      unary(
          TASKS,
          "Get",
          TasksOuterClass.GetRequest.getDefaultInstance(),
          TasksOuterClass.GetResponse.getDefaultInstance());
  static final MethodDescriptor<
          TasksOuterClass.CreateTaskRequest, TasksOuterClass.CreateTaskResponse>
      TASKS_CREATE =
          unary(
              TASKS,
              "Create",
              TasksOuterClass.CreateTaskRequest.getDefaultInstance(),
              TasksOuterClass.CreateTaskResponse.getDefaultInstance());
  static final MethodDescriptor<TasksOuterClass.StartRequest, TasksOuterClass.StartResponse>
      TASKS_START =
          unary(
              TASKS,
              "Start",
              TasksOuterClass.StartRequest.getDefaultInstance(),
              TasksOuterClass.StartResponse.getDefaultInstance());
  static final MethodDescriptor<TasksOuterClass.KillRequest, Empty> TASKS_KILL =
      unary(
          TASKS,
          "Kill",
          TasksOuterClass.KillRequest.getDefaultInstance(),
          Empty.getDefaultInstance());
  static final MethodDescriptor<TasksOuterClass.WaitRequest, TasksOuterClass.WaitResponse>
      TASKS_WAIT =
          unary(
              TASKS,
              "Wait",
              TasksOuterClass.WaitRequest.getDefaultInstance(),
              TasksOuterClass.WaitResponse.getDefaultInstance());
  static final MethodDescriptor<TasksOuterClass.DeleteTaskRequest, TasksOuterClass.DeleteResponse>
      TASKS_DELETE =
          unary(
              TASKS,
              "Delete",
              TasksOuterClass.DeleteTaskRequest.getDefaultInstance(),
              TasksOuterClass.DeleteResponse.getDefaultInstance());

  private static final String IMAGES = "containerd.services.images.v1.Images";
  static final MethodDescriptor<
          ImagesOuterClass.ListImagesRequest, ImagesOuterClass.ListImagesResponse>
      IMAGES_LIST =
          unary(
              IMAGES,
              "List",
              ImagesOuterClass.ListImagesRequest.getDefaultInstance(),
              ImagesOuterClass.ListImagesResponse.getDefaultInstance());
  static final MethodDescriptor<ImagesOuterClass.DeleteImageRequest, Empty> IMAGES_DELETE =
      unary(
          IMAGES,
          "Delete",
          ImagesOuterClass.DeleteImageRequest.getDefaultInstance(),
          Empty.getDefaultInstance());

  static final MethodDescriptor<
          ContentOuterClass.ReadContentRequest, ContentOuterClass.ReadContentResponse>
      CONTENT_READ =
          serverStreaming(
              "containerd.services.content.v1.Content",
              "Read",
              ContentOuterClass.ReadContentRequest.getDefaultInstance(),
              ContentOuterClass.ReadContentResponse.getDefaultInstance());

  private static final String SNAPSHOTS = "containerd.services.snapshots.v1.Snapshots";
  static final MethodDescriptor<
          SnapshotsOuterClass.MountsRequest, SnapshotsOuterClass.MountsResponse>
      SNAPSHOTS_MOUNTS =
          unary(
              SNAPSHOTS,
              "Mounts",
              SnapshotsOuterClass.MountsRequest.getDefaultInstance(),
              SnapshotsOuterClass.MountsResponse.getDefaultInstance());
  static final MethodDescriptor<SnapshotsOuterClass.RemoveSnapshotRequest, Empty> SNAPSHOTS_REMOVE =
      unary(
          SNAPSHOTS,
          "Remove",
          SnapshotsOuterClass.RemoveSnapshotRequest.getDefaultInstance(),
          Empty.getDefaultInstance());

  static final MethodDescriptor<EventsOuterClass.SubscribeRequest, EventsOuterClass.Envelope>
      EVENTS_SUBSCRIBE =
          serverStreaming(
              "containerd.services.events.v1.Events",
              "Subscribe",
              EventsOuterClass.SubscribeRequest.getDefaultInstance(),
              EventsOuterClass.Envelope.getDefaultInstance());

  private static <Q extends Message, R extends Message> MethodDescriptor<Q, R> unary(
      String service, String method, Q request, R response) {
    return descriptor(MethodDescriptor.MethodType.UNARY, service, method, request, response);
  }

  private static <Q extends Message, R extends Message> MethodDescriptor<Q, R> serverStreaming(
      String service, String method, Q request, R response) {
    return descriptor(
        MethodDescriptor.MethodType.SERVER_STREAMING, service, method, request, response);
  }

  private static <Q extends Message, R extends Message> MethodDescriptor<Q, R> descriptor(
      MethodDescriptor.MethodType type, String service, String method, Q request, R response) {
    return MethodDescriptor.<Q, R>newBuilder()
        .setType(type)
        .setFullMethodName(MethodDescriptor.generateFullMethodName(service, method))
        .setRequestMarshaller(ProtoUtils.marshaller(request))
        .setResponseMarshaller(ProtoUtils.marshaller(response))
        .build();
  }
}
