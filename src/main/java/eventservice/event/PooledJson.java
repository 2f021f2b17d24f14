package eventservice.event;

import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;

/**
 * Jackson factories whose parse and write buffers are pooled across threads. Jackson's default
 * pool is per thread; every request runs on a new virtual thread, so it allocated fresh buffers for
 * every payload parsed (the largest allocation per event in a JFR profile at 600 events/s).
 */
public final class PooledJson {
    private PooledJson() {
    }

    public static JsonFactoryBuilder factory() {
        return new JsonFactoryBuilder().recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool());
    }
}
