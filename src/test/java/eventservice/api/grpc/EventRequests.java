package eventservice.api.grpc;

import eventservice.api.grpc.v1.PublishEventRequest;

/** The gRPC API tests' well-formed event: an ORDER_CREATED of the aggregate given, with a payload and metadata. */
final class EventRequests {
    private EventRequests() {
    }

    static PublishEventRequest.Builder request(String aggregate) {
        return PublishEventRequest.newBuilder()
                .setType("ORDER_CREATED")
                .setAggregateId(aggregate)
                .setPayload("{\"order_id\":\"" + aggregate + "\",\"total\":42.5}")
                .putMetadata("source", "checkout");
    }
}
