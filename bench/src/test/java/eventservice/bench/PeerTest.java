package eventservice.bench;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Debezium harness's printed figures (lines as its run.sh prints them) become result rows. */
class PeerTest {
    private static final List<String> ALL = List.of(
            "wal_level = logical",
            "java openjdk version \"17.0.15\" 2025-04-15; engine log: target/run-20261207-140643.log",
            "debezium-outbox drain: 20000 events in 1.58 s = 12692 events/s (commit -> last ack; INSERT..SELECT itself took 0.47 s, first ack 0.09 s after commit)",
            "debezium-outbox drain check: producer acks 20000, topic peer-dbz-events end offsets grew by 20000 (expected 20000) OK",
            "debezium-outbox latency@1000/s: p50 15.1 ms p99 35.8 ms p999 44.2 ms max 55.1 ms (5000 events over 5.0 s = 1000/s offered, 5000 acked; created_at (DB clock) -> Kafka ack)",
            "debezium-outbox rss: 300 MB at end (peak 301 MB), max heap 1024 MB",
            "kcat spot check (last record of partition 0):",
            "slot peer_dbz_outbox_slot dropped");

    @Test
    void readsEveryFigureOfAFullRun() {
        Peer.Output out = Peer.parse(ALL);
        assertEquals(12692.0, out.drain().get("events_per_s"));
        assertEquals(1.58, out.drain().get("seconds"));
        assertEquals(0.47, out.drain().get("insert_s"));
        assertEquals("OK", out.drain().get("check"));
        assertEquals(1000.0, out.latency().get("rate"));
        assertEquals(15.1, out.latency().get("p50_ms"));
        assertEquals(35.8, out.latency().get("p99_ms"));
        assertEquals(44.2, out.latency().get("p999_ms"));
        assertEquals(5000.0, out.latency().get("acked"));
        assertEquals(301.0, out.rss().get("rss_peak_mib"));
        assertNull(out.failure());
        assertTrue(out.complete("all"));
    }

    @Test
    void aMismatchedDrainIsNotComplete() {
        List<String> lines = ALL.stream().map(l -> l.replace("grew by 20000 (expected 20000) OK", "grew by 19990 (expected 20000) MISMATCH")).toList();
        Peer.Output out = Peer.parse(lines);
        assertEquals("MISMATCH", out.drain().get("check"));
        assertFalse(out.complete("all"));
        assertTrue(out.complete("latency"));
    }

    @Test
    void aFailedRunSaysWhyAndIsNotComplete() {
        Peer.Output out = Peer.parse(List.of("wal_level = logical",
                "debezium-outbox FAILED: timeout, only 10 of 5000 acked"));
        assertEquals("timeout, only 10 of 5000 acked", out.failure());
        assertNull(out.drain());
        assertFalse(out.complete("drain"));
    }

    @Test
    void eventsNotAllAckedLeaveTheLatencyIncomplete() {
        List<String> lines = ALL.stream().map(l -> l.replace("5000 acked", "4990 acked")).toList();
        assertFalse(Peer.parse(lines).complete("latency"));
        assertTrue(Peer.parse(lines).complete("drain"));
    }
}
