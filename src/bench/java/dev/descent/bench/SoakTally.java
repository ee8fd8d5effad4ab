package dev.descent.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;

/** Operations by kind and outcome, and named counters (how the in-doubt operations turned out, what restarts swept). */
final class SoakTally {

    /** The operation kinds, in the order the summary lists them. */
    static final List<String> KINDS = List.of("upload-small", "upload-large", "job-short", "job-long", "cancel",
            "job-status", "model-get", "predict", "delete-dataset", "delete-model", "delete-job");

    private static final class Counts {
        final LongAdder sent = new LongAdder();
        final LongAdder acknowledged = new LongAdder();
        final LongAdder inDoubt = new LongAdder();
        final LongAdder notSent = new LongAdder();
        final Map<Integer, LongAdder> refused = new ConcurrentSkipListMap<>();
    }

    /** Totals of one moment, to print a cycle's share as the difference of two. */
    record Totals(long sent, long acknowledged, long refused, long inDoubt, long notSent) {

        Totals minus(Totals earlier) {
            return new Totals(sent - earlier.sent, acknowledged - earlier.acknowledged, refused - earlier.refused,
                    inDoubt - earlier.inDoubt, notSent - earlier.notSent);
        }
    }

    private final Map<String, Counts> kinds = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> counters = new ConcurrentSkipListMap<>();

    SoakTally() {
        KINDS.forEach(kind -> kinds.put(kind, new Counts()));
    }

    void record(String kind, SoakHttp.Answer answer) {
        Counts counts = kinds.computeIfAbsent(kind, k -> new Counts());
        counts.sent.increment();
        switch (answer.outcome()) {
            case ANSWERED -> {
                if (answer.success()) {
                    counts.acknowledged.increment();
                } else {
                    counts.refused.computeIfAbsent(answer.status(), s -> new LongAdder()).increment();
                }
            }
            case NOT_SENT -> counts.notSent.increment();
            case IN_DOUBT -> counts.inDoubt.increment();
        }
    }

    void count(String counter) {
        add(counter, 1);
    }

    void add(String counter, long amount) {
        counters.computeIfAbsent(counter, c -> new LongAdder()).add(amount);
    }

    long counter(String counter) {
        LongAdder adder = counters.get(counter);
        return adder == null ? 0 : adder.sum();
    }

    Totals totals() {
        long sent = 0, acknowledged = 0, refused = 0, inDoubt = 0, notSent = 0;
        for (Counts counts : kinds.values()) {
            sent += counts.sent.sum();
            acknowledged += counts.acknowledged.sum();
            refused += counts.refused.values().stream().mapToLong(LongAdder::sum).sum();
            inDoubt += counts.inDoubt.sum();
            notSent += counts.notSent.sum();
        }
        return new Totals(sent, acknowledged, refused, inDoubt, notSent);
    }

    /** The summary's table of operations, one line per kind, and the named counters. */
    List<String> report() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format("%-15s %7s %7s %-28s %8s %8s", "operation", "sent", "2xx", "refused (status: count)",
                "in doubt", "not sent"));
        List<String> order = new ArrayList<>(KINDS);
        kinds.keySet().stream().filter(k -> !order.contains(k)).sorted().forEach(order::add);
        for (String kind : order) {
            Counts counts = kinds.get(kind);
            Map<Integer, Long> refused = new TreeMap<>();
            counts.refused.forEach((status, n) -> refused.put(status, n.sum()));
            String refusedText = refused.isEmpty() ? "-" : refused.toString().replace("=", ": ").replaceAll("[{}]", "");
            lines.add(String.format("%-15s %7d %7d %-28s %8d %8d", kind, counts.sent.sum(), counts.acknowledged.sum(),
                    refusedText, counts.inDoubt.sum(), counts.notSent.sum()));
        }
        Totals totals = totals();
        lines.add(String.format("%-15s %7d %7d %-28s %8d %8d", "all", totals.sent(), totals.acknowledged(),
                totals.refused(), totals.inDoubt(), totals.notSent()));
        lines.add("");
        counters.forEach((name, n) -> lines.add(String.format("%-62s %8d", name, n.sum())));
        return lines;
    }
}
