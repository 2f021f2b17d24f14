package eventservice.ingest;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import eventservice.cache.RedisCache;
import eventservice.event.EventValidator;
import eventservice.event.NewEvent;
import eventservice.metrics.EventMetrics;
import eventservice.relay.Handover;
import eventservice.relay.RelaySettings;
import eventservice.support.Eventually;
import eventservice.support.StoreFixture;
import eventservice.support.TestConfig;
import eventservice.support.TestDb;
import eventservice.types.TypeCatalog;
import io.helidon.config.Config;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * What the relay yields to: ingest is busy while a publish finds no writer free or a batch is being
 * stored. The database is made slow by holding a lock on event_log, as a busy server would be.
 */
class IngestBusyTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private StoreFixture fixture;
    private GroupCommit groupCommit;
    private EventIngest ingest;
    private Handover handover;
    private TypeCatalog types;
    private TestDb db;

    @BeforeEach
    void open() {
        fixture = StoreFixture.open(IngestBusyTest.class);
        db = fixture.db();
        handover = new Handover(RelaySettings.from(fixture.config().get("relay")), "ingest-busy-test");
        groupCommit = new GroupCommit(fixture.store(), 1, 100, 10_000, handover);  // one writer: a second publish finds none free
        EventValidator validator = EventValidator.create(fixture.config().get("events"));
        types = TypeCatalog.open(fixture.database(), validator.configuredTypes(), type -> "events", Duration.ofSeconds(1));
        ingest = new EventIngest(validator.knowing(types::exists), types, fixture.store(), groupCommit,
                RedisCache.create(Config.empty()), new EventMetrics(fixture.store(), Duration.ofMinutes(1)), 1000, handover);
        db.truncate();
    }

    @AfterEach
    void close() {
        groupCommit.close();
        types.close();
        fixture.close();
    }

    @Test
    void aPublishThatFindsNoWriterFreeMakesIngestBusyForAWhile() throws Exception {
        assertThat("idle ingest", handover.ingestBusy(), is(false));
        Thread first;
        Thread second;
        try (Connection lock = lockEventLog()) {
            first = Thread.ofVirtual().start(() -> ingest.publish(event("a")));
            awaitInsertsBlocked(1);
            assertThat("one publish, taken by the free writer", handover.ingestBusy(), is(false));

            second = Thread.ofVirtual().start(() -> ingest.publish(event("b")));
            Eventually.await(WAIT, "ingest busy once a publish waits for the one writer", handover::ingestBusy);
            lock.rollback();
        }
        assertThat(first.join(WAIT), is(true));
        assertThat(second.join(WAIT), is(true));
        assertThat(db.count("true"), is(2L));
        Eventually.await(WAIT, "ingest no longer busy after the writer caught up", () -> !handover.ingestBusy());
    }

    @Test
    void ingestIsBusyWhileABatchIsStored() throws Exception {
        Thread batch;
        try (Connection lock = lockEventLog()) {
            batch = Thread.ofVirtual().start(() -> ingest.publishAll(List.of(event("a"), event("b"), event("c"))));
            awaitInsertsBlocked(1);
            assertThat("a batch under way", handover.ingestBusy(), is(true));
            lock.rollback();
        }
        assertThat(batch.join(WAIT), is(true));
        assertThat(db.count("true"), is(3L));
        Eventually.await(WAIT, "ingest no longer busy after the batch", () -> !handover.ingestBusy());
    }

    private Connection lockEventLog() throws Exception {
        Connection c = TestConfig.adminConnection(db.database());
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("LOCK TABLE event_log IN EXCLUSIVE MODE");  // reads go on, inserts wait
        }
        return c;
    }

    private void awaitInsertsBlocked(int inserts) {
        Eventually.await(WAIT, inserts + " insert(s) waiting on the lock", () -> Long.parseLong(db.strings(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
                        + " AND query LIKE '%INSERT INTO event_log%'").get(0)) == inserts);
    }

    private static NewEvent event(String aggregate) {
        return new NewEvent("ORDER_CREATED", aggregate, "{\"n\":1}", Map.of(), null);
    }
}
