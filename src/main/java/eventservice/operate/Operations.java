package eventservice.operate;

import eventservice.store.CancelStore;
import eventservice.store.Database;

/**
 * The operators' commands and views beyond the relay's own (cancel, replay, overview), built from
 * the service's parts and closed with it; both doors reach them through here.
 */
public final class Operations implements AutoCloseable {
    private final EventCancel cancel;

    public Operations(Database database, Runnable wakeRelay) {
        this.cancel = new EventCancel(new CancelStore(database), wakeRelay);
    }

    public EventCancel cancel() {
        return cancel;
    }

    @Override
    public void close() {
    }
}
