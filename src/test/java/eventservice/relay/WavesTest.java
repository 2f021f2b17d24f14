package eventservice.relay;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import eventservice.event.Event;
import eventservice.event.EventStatus;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

/** Rounds of a claim: each aggregate's n-th event of the claim in round n, in the claim's order. */
class WavesTest {

    @Test
    void distinctAggregatesGoInOneRound() {
        Waves waves = Waves.of(events("a", "b", "c"));
        assertThat(waves.rounds(), is(List.of(List.of(0, 1, 2))));
        assertThat(waves.later(), is(empty()));
    }

    @Test
    void anAggregatesLaterEventsGoInLaterRounds() {
        Waves waves = Waves.of(events("a", "b", "a", "c", "a", "b"));
        assertThat(waves.rounds(), contains(List.of(0, 1, 3), List.of(2, 5), List.of(4)));
        assertThat(waves.later(), is(empty()));
    }

    @Test
    void aChainOfOneAggregateGoesOutEventByEvent() {
        assertThat(Waves.of(events("a", "a", "a")).rounds(), contains(List.of(0), List.of(1), List.of(2)));
    }

    @Test
    void aRoundUnderATenthOfTheFirstAndEveryRoundAfterItAreLeftForALaterClaim() {
        String[] aggregates = new String[24];
        for (int i = 0; i < 20; i++) {
            aggregates[i] = "agg-" + i;
        }
        // round 1: agg-0 and agg-1 (2 of 20: kept); round 2: agg-0 alone (1 of 20: left), and so its round 3
        aggregates[20] = "agg-0";
        aggregates[21] = "agg-1";
        aggregates[22] = "agg-0";
        aggregates[23] = "agg-0";
        Waves waves = Waves.of(events(aggregates));
        assertThat(waves.rounds(), hasSize(2));
        assertThat(waves.rounds().get(1), is(List.of(20, 21)));
        assertThat(waves.later(), is(List.of(22, 23)));
    }

    @Test
    void noEventsNoRounds() {
        Waves waves = Waves.of(List.of());
        assertThat(waves.rounds(), is(empty()));
        assertThat(waves.later(), is(empty()));
    }

    private static List<Event> events(String... aggregates) {
        Instant now = Instant.now();
        long seq = 0;
        ArrayList<Event> events = new ArrayList<>();
        for (String aggregate : aggregates) {
            events.add(new Event(UUID.randomUUID(), ++seq, "ORDER_UPDATED", aggregate, "{}", EventStatus.PENDING, 0,
                                 now, now, null, null, Map.of(), null, null, null));
        }
        return events;
    }
}
