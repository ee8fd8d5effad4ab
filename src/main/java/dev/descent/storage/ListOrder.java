package dev.descent.storage;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * A store's records in the order its list shows them, newest first, so that a page costs its own size and not the
 * store's: kept oldest first in one array (a new record, the newest, goes at the end), found by binary search.
 * Thread-safe.
 *
 * @param <T> the record, or the live object standing for it
 */
public final class ListOrder<T> {

    private final Comparator<T> oldestFirst;
    private final ArrayList<T> records = new ArrayList<>();

    /** @param oldestFirst the order of creation, with a tie-break (the id) so that no two records compare equal */
    public ListOrder(Comparator<T> oldestFirst) {
        this.oldestFirst = oldestFirst;
    }

    /** Adds many records at once, as a store does when it opens. */
    public synchronized void addAll(Collection<? extends T> added) {
        records.addAll(added);
        records.sort(oldestFirst);
    }

    public synchronized void add(T record) {
        int at = Collections.binarySearch(records, record, oldestFirst);
        if (at >= 0) {
            records.set(at, record);
        } else {
            records.add(-at - 1, record);
        }
    }

    public synchronized void remove(T record) {
        int at = Collections.binarySearch(records, record, oldestFirst);
        if (at >= 0) {
            records.remove(at);
        }
    }

    /** Up to {@code limit} records, newest first, after skipping the {@code skip} newest. */
    public synchronized List<T> page(long skip, int limit) {
        int n = records.size();
        if (skip >= n || limit <= 0) {
            return List.of();
        }
        int newest = n - 1 - (int) skip;
        int count = Math.min(limit, newest + 1);
        List<T> page = new ArrayList<>(count);
        for (int i = newest; i > newest - count; i--) {
            page.add(records.get(i));
        }
        return page;
    }

    public synchronized int size() {
        return records.size();
    }
}
