package eventservice.relay;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import eventservice.event.Event;

/**
 * A claim's events in sending rounds: round n holds each aggregate's n-th event of the claim. A
 * round goes out once every record of the round before was acknowledged, so at most one event per
 * aggregate is ever in flight: were two, a failed first and an acknowledged second would reach
 * Kafka out of order (a per-record error, or a batch expiring while a later one succeeds).
 *
 * <p>A round costs a wait for acknowledgements, so one much smaller than the first is not worth it:
 * such events, and those of every round after, are left ({@code later}) for a following claim.
 *
 * @param rounds indexes into the claim's events (in seq order), round by round
 * @param later  indexes of events not sent in this claim
 */
record Waves(List<List<Integer>> rounds, List<Integer> later) {
    // A later round goes out only with at least this share of the first round's events.
    private static final int MIN_SHARE_OF_FIRST = 10;

    static Waves of(List<Event> events) {
        Map<String, Integer> seen = new HashMap<>();
        List<List<Integer>> all = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            int depth = seen.merge(events.get(i).aggregateId(), 1, Integer::sum) - 1;
            if (depth == all.size()) {
                all.add(new ArrayList<>());
            }
            all.get(depth).add(i);
        }
        int worth = all.isEmpty() ? 0 : 1;
        while (worth < all.size() && all.get(worth).size() * MIN_SHARE_OF_FIRST >= all.getFirst().size()) {
            worth++;
        }
        List<Integer> later = new ArrayList<>();
        all.subList(worth, all.size()).forEach(later::addAll);
        later.sort(null);
        return new Waves(List.copyOf(all.subList(0, worth)), later);
    }
}
