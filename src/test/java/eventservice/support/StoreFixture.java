package eventservice.support;

import eventservice.store.Database;
import eventservice.store.DeliveryState;
import eventservice.store.EventStore;
import io.helidon.config.Config;

/** A test class's own database, opened as the service opens it, with the stores on it and psql-like access. */
public record StoreFixture(Config config, Database database, EventStore store, DeliveryState state, TestDb db)
        implements AutoCloseable {

    public static StoreFixture open(Class<?> testClass) {
        Config config = TestConfig.forTest(testClass);
        Database database = Database.open(config.get("db"));
        return new StoreFixture(config, database, new EventStore(database), new DeliveryState(database),
                                new TestDb(config.get("db.name").asString().get()));
    }

    @Override
    public void close() {
        database.close();
    }
}
