package eventservice.api.grpc;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * UNIMPLEMENTED for a call whose messages are compressed. gRPC compression is off on the server
 * (see application.yaml), and Helidon 4.5.0 would then drop a compressed message without an answer:
 * the client would only see its deadline pass.
 */
public final class UncompressedRequests implements ServerInterceptor {
    private static final Metadata.Key<String> ENCODING = Metadata.Key.of("grpc-encoding", Metadata.ASCII_STRING_MARSHALLER);

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        String encoding = headers.get(ENCODING);
        if (encoding != null && !encoding.equals("identity")) {
            call.close(Status.UNIMPLEMENTED.withDescription("grpc-encoding " + encoding
                    + ": compressed messages are not accepted, send them uncompressed"), new Metadata());
            return new ServerCall.Listener<>() { };
        }
        return next.startCall(call, headers);
    }
}
