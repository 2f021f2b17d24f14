package faults;

import java.util.ArrayList;
import java.util.List;

/** One fault's line of the report. */
final class Row {
    final String fault;
    String injected = "";
    String load = "";
    double rate;
    double steadyRate;
    long acked;
    long delivered;
    long lost;
    long duplicates;
    long orderViolations;
    String recovery = "";
    boolean skipped;
    final List<String> problems = new ArrayList<>();
    final List<String> notes = new ArrayList<>();

    Row(String fault) {
        this.fault = fault;
    }

    boolean passed() {
        return skipped || problems.isEmpty();
    }

    String result() {
        return skipped ? "SKIPPED" : passed() ? "PASS" : "FAIL";
    }

    void expect(boolean condition, String problem) {
        if (!condition) {
            problems.add(problem);
        }
    }

    void take(Verify.Outcome o) {
        acked = o.acked;
        delivered = o.delivered;
        lost = o.lost;
        duplicates = o.duplicates;
        orderViolations = o.orderViolations;
        problems.addAll(o.problems);
        notes.addAll(o.notes);
        notes.add("stored " + o.stored + ", records on topic " + o.records + ", rows ever retried " + o.retriedRows
                  + ", FAILED " + o.failedRows + ", drained in " + (o.drainMillis < 0 ? "-" : String.format("%.1f s", o.drainMillis / 1000.0))
                  + " after the load stopped");
    }
}
