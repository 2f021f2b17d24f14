package eventservice.ingest;

import java.util.List;
import java.util.Optional;

import eventservice.event.Event;
import eventservice.store.Claim;

/**
 * The relay's side of direct delivery: a writer may store a group already claimed for it, and
 * hands over what it claimed once committed, so those events need no claim query and no wait for a
 * relay worker to notice them.
 */
public interface DirectDelivery {
    /** The claim to store a group under, or empty when the relay cannot take one now. */
    Optional<Claim> claim();

    /** Events stored PROCESSING under that claim, committed. */
    void deliver(List<Event> claimed);
}
