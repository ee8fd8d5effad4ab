package dev.descent.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the soak found: violations (a broken promise of the service; each is printed when found and makes the exit
 * code non-zero) and notes (worth reading, not a failure), the latter counted by text.
 */
final class SoakFindings {

    private final List<String> violations = new ArrayList<>();
    private final Map<String, AtomicInteger> notes = new ConcurrentSkipListMap<>();
    private volatile int cycle;

    void cycle(int cycle) {
        this.cycle = cycle;
    }

    synchronized void violation(String description) {
        String text = "cycle " + cycle + ": " + description;
        violations.add(text);
        System.out.println("VIOLATION " + text);
        System.out.flush();
    }

    void note(String text) {
        notes.computeIfAbsent(text, t -> new AtomicInteger()).incrementAndGet();
    }

    synchronized int violationCount() {
        return violations.size();
    }

    synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    Map<String, AtomicInteger> notes() {
        return notes;
    }
}
