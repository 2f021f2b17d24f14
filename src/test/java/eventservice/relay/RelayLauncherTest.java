package eventservice.relay;

import java.util.concurrent.ExecutionException;

import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** Which failed topic checks the launcher retries (broker away) and which it starts the relay after anyway. */
class RelayLauncherTest {
    @Test
    void anUnreachableBrokerIsRetried() {
        // What KafkaAdmin.ensureTopics throws when no broker answers: Kafka's TimeoutException inside
        // the admin future's ExecutionException.
        var unreachable = new IllegalStateException("could not check",
                new ExecutionException(new TimeoutException("Timed out waiting for a node assignment")));
        assertThat(RelayLauncher.brokerAway(unreachable), is(true));
        assertThat(RelayLauncher.brokerAway(new IllegalStateException(new java.util.concurrent.TimeoutException())), is(true));
    }

    @Test
    void aRefusalIsNotWaitedOut() {
        var refused = new IllegalStateException("could not check",
                new ExecutionException(new TopicAuthorizationException("not allowed")));
        assertThat(RelayLauncher.brokerAway(refused), is(false));
    }
}
