package eventservice.support;

import java.util.concurrent.TimeUnit;

import eventservice.api.grpc.v1.EventServiceGrpc;
import eventservice.api.grpc.v1.EventTypeServiceGrpc;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.MetadataUtils;

/** A real grpc-java client over the network, as another team's service would use. */
public final class GrpcClients {
    private GrpcClients() {
    }

    public static ManagedChannel channel(int port) {
        return ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    /** Gives every call 30 s (a stub's own deadline would be fixed once, at creation). */
    private static final ClientInterceptor DEADLINE = new ClientInterceptor() {
        @Override
        public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
            return next.newCall(method, options.withDeadlineAfter(30, TimeUnit.SECONDS));
        }
    };

    public static EventServiceGrpc.EventServiceBlockingStub events(ManagedChannel channel) {
        return EventServiceGrpc.newBlockingStub(channel).withInterceptors(DEADLINE);
    }

    /** The events stub sending {@code token} as its bearer token. */
    public static EventServiceGrpc.EventServiceBlockingStub events(ManagedChannel channel, String token) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        return events(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    public static EventTypeServiceGrpc.EventTypeServiceBlockingStub eventTypes(ManagedChannel channel) {
        return EventTypeServiceGrpc.newBlockingStub(channel).withInterceptors(DEADLINE);
    }

    public static void close(ManagedChannel channel) {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
