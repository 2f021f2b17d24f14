import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import eventservice.api.grpc.v1.EventServiceGrpc;
import eventservice.api.grpc.v1.EventStatus;
import eventservice.api.grpc.v1.EventTypeServiceGrpc;
import eventservice.api.grpc.v1.GetEventRequest;
import eventservice.api.grpc.v1.GetEventsByTypeRequest;
import eventservice.api.grpc.v1.ListEventTypesRequest;
import eventservice.api.grpc.v1.ListEventsRequest;
import eventservice.api.grpc.v1.ProcessPendingEventsRequest;
import eventservice.api.grpc.v1.PublishEventRequest;
import eventservice.api.grpc.v1.PublishEventsRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;

/**
 * bin/train-aot's gRPC client (compiled there, run on the build's JDK): the calls a client makes
 * over gRPC, so that the AOT cache holds the service's gRPC paths. Usage: java TrainGrpc PORT ROUNDS
 * Prints the ids it published, one a line, for the caller to wait on.
 */
public final class TrainGrpc {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int rounds = Integer.parseInt(args[1]);
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        try {
            var health = HealthGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
            var serving = health.check(HealthCheckRequest.getDefaultInstance()).getStatus();
            if (serving != HealthCheckResponse.ServingStatus.SERVING) {
                throw new IllegalStateException("gRPC health: " + serving);
            }
            List<String> ids = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                var events = EventServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
                String aggregate = "train-grpc-" + round;
                var one = events.publishEvent(event("ORDER_CREATED", aggregate, round, "grpc-" + round)).getEvent();
                ids.add(one.getId());
                var batch = PublishEventsRequest.newBuilder();
                for (int i = 0; i < 10; i++) {
                    batch.addEvents(event(i % 2 == 0 ? "ORDER_UPDATED" : "PAYMENT_COMPLETED", aggregate, i, ""));
                }
                events.publishEvents(batch.build()).getResultsList().forEach(r -> ids.add(r.getEvent().getId()));
                // a repeat with the same idempotency key answers the first event
                events.publishEvent(event("ORDER_CREATED", aggregate, round, "grpc-" + round));
                events.getEvent(GetEventRequest.newBuilder().setId(one.getId()).build());
                events.getEventsByType(GetEventsByTypeRequest.newBuilder().setType("ORDER_CREATED").setPageSize(20).build());
                events.getEventsByType(GetEventsByTypeRequest.newBuilder().setType("ORDER_UPDATED")
                        .setStatus(EventStatus.EVENT_STATUS_PROCESSED).build());
                events.listEvents(ListEventsRequest.newBuilder().setAggregateId(aggregate).build());
                events.listEvents(ListEventsRequest.newBuilder().setStatus(EventStatus.EVENT_STATUS_PENDING).setPageSize(5).build());
                events.processPendingEvents(ProcessPendingEventsRequest.newBuilder().setLimit(100).build());
                EventTypeServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                        .listEventTypes(ListEventTypesRequest.getDefaultInstance());
            }
            ids.forEach(System.out::println);
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static PublishEventRequest event(String type, String aggregate, int n, String idempotencyKey) {
        return PublishEventRequest.newBuilder()
                .setType(type)
                .setAggregateId(aggregate)
                .setPayload("{\"n\":" + n + ",\"total\":" + (n * 10 + 5) + ",\"currency\":\"EUR\"}")
                .setIdempotencyKey(idempotencyKey)
                .build();
    }
}
