package dev.drover.engine.containerd;

import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * gRPC over mutual TLS to a TLS terminator that forwards plain HTTP/2 to containerd's unix socket
 * (the guest's socat). gRPC's own TLS insists on ALPN "h2", which such a terminator does not
 * negotiate; the HTTP/2 it carries is the same either way. So TLS is the channel's first handler,
 * below a plaintext (prior-knowledge) HTTP/2 channel: the server's certificate is still checked
 * against the CA and the host name, and the client certificate still presented.
 */
final class TlsFirstChannels {

  private TlsFirstChannels() {}

  /**
   * A channel to {@code host:port} with {@code tls} (a client context, no ALPN) under plaintext
   * HTTP/2.
   */
  static ManagedChannel open(String host, int port, SslContext tls, int maxInboundMessageBytes) {
    EventLoopGroup group =
        new NioEventLoopGroup(1, new DefaultThreadFactory("containerd-tls", true));
    var channel =
        NettyChannelBuilder.forAddress(host, port)
            .eventLoopGroup(group)
            .channelFactory(() -> new TlsSocketChannel(tls, host, port))
            .usePlaintext()
            .maxInboundMessageSize(maxInboundMessageBytes)
            .build();
    releaseWhenShutDown(channel, group);
    return channel;
  }

  private static void releaseWhenShutDown(ManagedChannel channel, EventLoopGroup group) {
    var state = channel.getState(false);
    if (state == ConnectivityState.SHUTDOWN) {
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
      return;
    }
    channel.notifyWhenStateChanged(state, () -> releaseWhenShutDown(channel, group));
  }

  /**
   * A TCP channel whose pipeline starts with the TLS handshake; writes wait in the handler until it
   * is done.
   */
  private static final class TlsSocketChannel extends NioSocketChannel {
    TlsSocketChannel(SslContext tls, String host, int port) {
      var handler = tls.newHandler(alloc(), host, port);
      var parameters = handler.engine().getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      handler.engine().setSSLParameters(parameters);
      pipeline().addFirst("tls", handler);
    }
  }
}
