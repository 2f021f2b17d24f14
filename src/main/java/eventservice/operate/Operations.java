package eventservice.operate;

import java.util.function.Consumer;

import eventservice.relay.EventRecords;
import eventservice.relay.KafkaClients;
import eventservice.store.CancelStore;
import eventservice.store.Database;
import eventservice.store.ReplayStore;
import io.helidon.config.Config;

/**
 * The operators' commands and views beyond the relay's own (cancel, replay, overview), built from
 * the service's parts and closed with it; both doors reach them through here.
 */
public final class Operations implements AutoCloseable {
    private final EventCancel cancel;
    private final Replays replays;
    private final ReplayWorker replayWorker;

    /**
     * @param wakeRelay   tells the relay that events may have become due (a cancel freed an aggregate)
     * @param ensureTopic creates a replay's named topic when it is missing
     */
    public Operations(Database database, Runnable wakeRelay, ReplaySettings replay, Config kafka, EventRecords records,
                      String owner, Consumer<String> ensureTopic) {
        this.cancel = new EventCancel(new CancelStore(database), wakeRelay);
        ReplayStore replayStore = new ReplayStore(database);
        this.replayWorker = new ReplayWorker(replayStore, records, () -> KafkaClients.producer(kafka, owner + "/replay"),
                                             replay, owner);
        this.replays = new Replays(replayStore, ensureTopic, replayWorker::wake);
    }

    /** Starts this instance's replay worker, which takes any instance's unheld jobs. */
    public void start() {
        replayWorker.start();
    }

    public EventCancel cancel() {
        return cancel;
    }

    public Replays replays() {
        return replays;
    }

    @Override
    public void close() {
        replayWorker.close();
    }
}
