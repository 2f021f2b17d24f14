package eventservice.metrics;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * Counts per minute of the last {@code minutes} minutes, in this instance: a ring of counters
 * indexed by the minute's number, each cleared when its slot is reused.
 */
public final class MinuteCounts {
    private final int minutes;
    private final AtomicLongArray counts;
    private final AtomicLongArray minuteOfSlot;
    private final LongSupplier clockMillis;

    public MinuteCounts(int minutes) {
        this(minutes, System::currentTimeMillis);
    }

    MinuteCounts(int minutes, LongSupplier clockMillis) {
        this.minutes = minutes;
        this.counts = new AtomicLongArray(minutes);
        this.minuteOfSlot = new AtomicLongArray(minutes);
        this.clockMillis = clockMillis;
    }

    public void add(long n) {
        long minute = clockMillis.getAsLong() / 60_000;
        int slot = (int) (minute % minutes);
        long held = minuteOfSlot.get(slot);
        if (held != minute && minuteOfSlot.compareAndSet(slot, held, minute)) {
            counts.set(slot, 0);   // a count racing this reset may be lost: these are indicative rates
        }
        counts.addAndGet(slot, n);
    }

    /** The counts of the last {@code minutes} minutes, oldest first; the last is the current minute so far. */
    public long[] lastMinutes() {
        long now = clockMillis.getAsLong() / 60_000;
        long[] out = new long[minutes];
        for (int i = 0; i < minutes; i++) {
            long minute = now - (minutes - 1) + i;
            int slot = (int) (minute % minutes);
            out[i] = minuteOfSlot.get(slot) == minute ? counts.get(slot) : 0;
        }
        return out;
    }
}
