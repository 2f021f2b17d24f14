package eventservice.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import eventservice.api.grpc.v1.EventServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;

/** Plain-text gRPC channels to the service; callbacks run on the transport threads (no hand-off). */
final class Grpc implements AutoCloseable {
    private final List<ManagedChannel> channels = new ArrayList<>();
    private final List<EventServiceGrpc.EventServiceFutureStub> stubs = new ArrayList<>();

    Grpc(String host, int port, int count) {
        String token = System.getenv("BENCH_AUTH_TOKEN");
        // grpc-java tunes its receive window by default (BDP pings, then WINDOW_UPDATE and SETTINGS
        // frames that grow it); against Helidon 4.5.0 that ends, under load, in FLOW_CONTROL_ERROR
        // ("Window size too big") and a dropped connection. A fixed window (grpc-java's default
        // size, 1 MiB) keeps the measurement going; BENCH_GRPC_AUTO_FLOW_CONTROL=true reproduces it.
        boolean autoFlowControl = Boolean.parseBoolean(System.getenv().getOrDefault("BENCH_GRPC_AUTO_FLOW_CONTROL", "false"));
        for (int i = 0; i < count; i++) {
            NettyChannelBuilder builder = NettyChannelBuilder.forAddress(host, port).usePlaintext().directExecutor()
                    .maxInboundMessageSize(64 << 20);
            if (autoFlowControl) {
                builder.initialFlowControlWindow(1 << 20);
            } else {
                builder.flowControlWindow(1 << 20);
            }
            ManagedChannel ch = builder.build();
            channels.add(ch);
            EventServiceGrpc.EventServiceFutureStub stub = EventServiceGrpc.newFutureStub(ch);
            if (token != null && !token.isEmpty()) {
                Metadata md = new Metadata();
                md.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
                stub = stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md));
            }
            stubs.add(stub);
        }
    }

    /** The stub for worker {@code i}, with a 60 s deadline from now. */
    EventServiceGrpc.EventServiceFutureStub stub(int i) {
        return stubs.get(Math.floorMod(i, stubs.size())).withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        for (ManagedChannel ch : channels) {
            ch.shutdown();
        }
        for (ManagedChannel ch : channels) {
            if (!ch.awaitTermination(5, TimeUnit.SECONDS)) {
                ch.shutdownNow();
            }
        }
    }
}
