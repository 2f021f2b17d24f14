package eventservice.bench;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import eventservice.api.grpc.v1.PublishEventRequest;
import eventservice.api.grpc.v1.PublishEventsRequest;

/** The events every scenario and baseline sends: ORDER_CREATED, 300-byte JSON payloads, random aggregates. */
final class Data {
    static final int PAYLOAD_BYTES = 300;
    static final String TYPE = "ORDER_CREATED";
    private static final String[] CURRENCIES = {"EUR", "USD", "GBP", "CHF"};
    private static final String[] CHANNELS = {"web", "app", "store"};
    private static final String[] COUNTRIES = {"DE", "FR", "NL", "SE", "PL"};

    private Data() {
    }

    /**
     * A JSON object of exactly {@link #PAYLOAD_BYTES} ASCII bytes, varied by {@code n}: an order valid
     * under {@code bench/schemas/order-created.json} (its date-time, enums and bounds exercised), padded by its note.
     */
    static String payload(long n) {
        SplittableRandom r = new SplittableRandom(n);
        String head = String.format(Locale.ROOT,
                "{\"order_id\":\"o-%08d\",\"customer_id\":\"c-%06d\",\"total\":%d.%02d,\"currency\":\"%s\","
                        + "\"channel\":\"%s\",\"placed_at\":\"2026-%02d-%02dT%02d:%02d:%02dZ\","
                        + "\"items\":[{\"sku\":\"sku-%05d\",\"qty\":%d},{\"sku\":\"sku-%05d\",\"qty\":%d}],"
                        + "\"shipping\":{\"method\":\"standard\",\"country\":\"%s\"},\"note\":\"",
                n % 100_000_000, r.nextInt(1_000_000), r.nextInt(10_000), r.nextInt(100),
                CURRENCIES[r.nextInt(CURRENCIES.length)], CHANNELS[r.nextInt(CHANNELS.length)],
                1 + r.nextInt(12), 1 + r.nextInt(28), r.nextInt(24), r.nextInt(60), r.nextInt(60),
                r.nextInt(100_000), 1 + r.nextInt(9), r.nextInt(100_000), 1 + r.nextInt(9),
                COUNTRIES[r.nextInt(COUNTRIES.length)]);
        StringBuilder sb = new StringBuilder(head);
        String words = "please leave the parcel at the door and ring twice ";
        while (sb.length() < PAYLOAD_BYTES - 2) {
            sb.append(words.charAt((sb.length() + (int) (n % 7)) % words.length()));
        }
        sb.setLength(PAYLOAD_BYTES - 2);
        sb.append("\"}");
        String s = sb.toString();
        if (s.getBytes(StandardCharsets.UTF_8).length != PAYLOAD_BYTES) {
            throw new IllegalStateException("payload is not " + PAYLOAD_BYTES + " bytes");
        }
        return s;
    }

    static String aggregate(int aggregates) {
        return "agg-" + ThreadLocalRandom.current().nextInt(aggregates);
    }

    static PublishEventRequest request(long n, int aggregates) {
        return PublishEventRequest.newBuilder().setType(TYPE).setAggregateId(aggregate(aggregates))
                .setPayload(payload(n)).build();
    }

    static PublishEventsRequest batch(long first, int size, int aggregates) {
        PublishEventsRequest.Builder b = PublishEventsRequest.newBuilder();
        for (int i = 0; i < size; i++) {
            b.addEvents(request(first + i, aggregates));
        }
        return b.build();
    }

    /** Time-ordered ids like the service's own (UUIDv7), so the seeded primary key grows the same way. */
    static UUID uuidV7() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long msb = (System.currentTimeMillis() << 16) | 0x7000L | r.nextInt(1 << 12);
        long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }
}
