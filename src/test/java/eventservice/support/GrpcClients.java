package eventservice.support;

import java.util.concurrent.TimeUnit;

import eventservice.api.grpc.v1.EventServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;

/** A real grpc-java client over the network, as another team's service would use. */
public final class GrpcClients {
    private GrpcClients() {
    }

    public static ManagedChannel channel(int port) {
        return ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    public static EventServiceGrpc.EventServiceBlockingStub events(ManagedChannel channel) {
        return EventServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
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
