package faults;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import eventservice.api.grpc.v1.EventServiceGrpc;
import eventservice.api.grpc.v1.PublishEventRequest;
import eventservice.api.grpc.v1.PublishEventResponse;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Continuous PublishEvent load from several gRPC clients (one channel, so one connection, per
 * client and endpoint). Each client drives its own aggregates; an aggregate's events carry
 * {@code seq} 1, 2, 3 … in the payload and are sent one at a time: the next only after the
 * previous one was acknowledged. A failed call is retried with the same idempotency key
 * ({@code <aggregate>#<seq>}), so a retry of a call whose outcome was unknown cannot store a
 * second row. With several endpoints (instances), UNAVAILABLE moves a client to the next one.
 */
final class Load {
    /** An acknowledged publish: the service answered OK. */
    record Ack(String id, String aggregate, int seq, long at, long latencyNanos, boolean duplicate) {
    }

    /** A failed call (it is retried). */
    record Err(Status.Code code, long at, String aggregate, int seq, String description) {
    }

    static final String TYPE = "ORDER_CREATED";
    private static final String PAD = "x".repeat(120);

    final int clients;
    final int aggregatesPerClient;
    final double targetRate;
    final ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Err> errors = new ConcurrentLinkedQueue<>();
    private final String tag;
    private final List<Integer> ports;
    private final List<ManagedChannel> allChannels = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;
    /** When > 0: every other aggregate's calls use this deadline (ms) instead of 10 s ("impatient" callers). */
    volatile long impatientDeadlineMillis;
    /** Outcomes of the impatient calls (not counted as errors). */
    final ConcurrentHashMap<String, Integer> impatientOutcomes = new ConcurrentHashMap<>();
    private long startedAt;
    private long stoppedAt;

    Load(String tag, List<Integer> grpcPorts, int clients, int aggregatesPerClient, double targetRate) {
        this.tag = tag;
        this.ports = grpcPorts;
        this.clients = clients;
        this.aggregatesPerClient = aggregatesPerClient;
        this.targetRate = targetRate;
    }

    void start() {
        running = true;
        startedAt = System.nanoTime();
        int streams = clients * aggregatesPerClient;
        long interval = (long) (streams * 1e9 / targetRate);
        int n = 0;
        for (int c = 0; c < clients; c++) {
            ManagedChannel[] channels = new ManagedChannel[ports.size()];
            for (int e = 0; e < ports.size(); e++) {
                channels[e] = ManagedChannelBuilder.forAddress("127.0.0.1", ports.get(e)).usePlaintext().build();
                allChannels.add(channels[e]);
            }
            int home = c % ports.size();
            for (int a = 0; a < aggregatesPerClient; a++) {
                String aggregate = tag + "-c" + c + "-a" + a;
                long offset = interval * n++ / streams;   // spread the streams over one interval
                boolean impatient = impatientDeadlineMillis > 0 && a % 2 == 1;
                Thread t = Thread.ofPlatform().daemon().name("load-" + aggregate)
                        .start(() -> {
                            if (impatient) {
                                impatient(channels[home], Verify.UNORDERED + aggregate, interval);
                            } else {
                                stream(channels, home, aggregate, interval, offset);
                            }
                        });
                threads.add(t);
            }
        }
    }

    private void stream(ManagedChannel[] channels, int home, String aggregate, long interval, long offset) {
        int endpoint = home;
        int seq = 1;
        long next = System.nanoTime() + offset;
        while (running) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                sleepNanos(wait);
            }
            next += interval;
            if (System.nanoTime() - next > TimeUnit.SECONDS.toNanos(1)) {
                next = System.nanoTime();   // long stall (outage): do not burst to catch up
            }
            while (running) {
                PublishEventRequest request = PublishEventRequest.newBuilder()
                        .setType(TYPE)
                        .setAggregateId(aggregate)
                        .setPayload("{\"seq\":" + seq + ",\"aggregate\":\"" + aggregate + "\",\"pad\":\"" + PAD + "\"}")
                        .putMetadata("fault_suite", tag)
                        .setIdempotencyKey(aggregate + "#" + seq)
                        .build();
                long t0 = System.nanoTime();
                try {
                    PublishEventResponse r = EventServiceGrpc.newBlockingStub(channels[endpoint])
                            .withDeadlineAfter(10, TimeUnit.SECONDS)
                            .publishEvent(request);
                    long t1 = System.nanoTime();
                    acks.add(new Ack(r.getEvent().getId(), aggregate, seq, t1, t1 - t0, r.getDuplicate()));
                    seq++;
                    break;
                } catch (StatusRuntimeException e) {
                    if (!running && e.getStatus().getCode() != Status.Code.DEADLINE_EXCEEDED
                            && e.getStatus().getCode() != Status.Code.UNAVAILABLE) {
                        break;   // the suite closed the channel while stopping: not the service's doing
                    }
                    errors.add(new Err(e.getStatus().getCode(), System.nanoTime(), aggregate, seq,
                                       String.valueOf(e.getStatus().getDescription())));
                    if (e.getStatus().getCode() == Status.Code.UNAVAILABLE && channels.length > 1) {
                        endpoint = (endpoint + 1) % channels.length;
                    }
                    channels[endpoint].resetConnectBackoff();
                    sleepNanos(TimeUnit.MILLISECONDS.toNanos(100));
                } catch (RuntimeException e) {
                    errors.add(new Err(Status.Code.UNKNOWN, System.nanoTime(), aggregate, seq, e.toString()));
                    sleepNanos(TimeUnit.MILLISECONDS.toNanos(100));
                }
            }
        }
    }

    /** Calls with a short deadline, on the same connection as the patient ones; outcomes only counted. */
    private void impatient(ManagedChannel channel, String aggregate, long interval) {
        int seq = 1;
        while (running) {
            try {
                EventServiceGrpc.newBlockingStub(channel).withDeadlineAfter(impatientDeadlineMillis, TimeUnit.MILLISECONDS)
                        .publishEvent(PublishEventRequest.newBuilder().setType(TYPE).setAggregateId(aggregate)
                                              .setPayload("{\"seq\":" + seq++ + "}").build());
                impatientOutcomes.merge("OK", 1, Integer::sum);
            } catch (StatusRuntimeException e) {
                impatientOutcomes.merge(e.getStatus().getCode().toString(), 1, Integer::sum);
            }
            sleepNanos(interval);
        }
    }

    private static void sleepNanos(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the clients (each finishes its call in flight) and closes the channels. */
    void stop() {
        running = false;
        for (Thread t : threads) {
            try {
                t.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        stoppedAt = System.nanoTime();
        for (ManagedChannel ch : allChannels) {
            ch.shutdownNow();
        }
    }

    long startedAt() {
        return startedAt;
    }

    double seconds() {
        return ((stoppedAt == 0 ? System.nanoTime() : stoppedAt) - startedAt) / 1e9;
    }

    /** Acknowledged publishes per second over the whole run (outages included). */
    double rate() {
        return distinctAcked().size() / seconds();
    }

    Set<String> distinctAcked() {
        Set<String> ids = new HashSet<>();
        acks.forEach(a -> ids.add(a.id()));
        return ids;
    }

    /** Time of the first acknowledgement at or after {@code t} (nanoTime), or -1. */
    long firstAckAfter(long t) {
        long best = Long.MAX_VALUE;
        for (Ack a : acks) {
            if (a.at() >= t && a.at() < best) {
                best = a.at();
            }
        }
        return best == Long.MAX_VALUE ? -1 : best;
    }

    long acksBetween(long from, long to) {
        return acks.stream().filter(a -> a.at() >= from && a.at() < to).count();
    }

    List<Err> errorsBetween(long from, long to) {
        return errors.stream().filter(e -> e.at() >= from && e.at() < to).toList();
    }

    long maxLatencyMillisBetween(long from, long to) {
        return acks.stream().filter(a -> a.at() >= from && a.at() < to).mapToLong(Ack::latencyNanos).max().orElse(0) / 1_000_000;
    }

    static Map<Status.Code, Integer> byCode(List<Err> errs) {
        Map<Status.Code, Integer> out = new EnumMap<>(Status.Code.class);
        errs.forEach(e -> out.merge(e.code(), 1, Integer::sum));
        return out;
    }

    String describe() {
        return clients + " clients × " + aggregatesPerClient + " aggregates, target " + (int) targetRate + "/s";
    }
}
