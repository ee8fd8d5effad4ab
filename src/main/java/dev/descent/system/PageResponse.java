package dev.descent.system;

import java.util.List;
import java.util.function.Function;

/** One page of a list endpoint: {@code {"items", "page", "size", "totalItems"}}; pages count from 0. */
public record PageResponse<T>(List<T> items, int page, int size, long totalItems) {

    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 500;

    /** Cuts one page out of an already ordered list. */
    public static <S, T> PageResponse<T> of(List<S> ordered, int page, int size, Function<S, T> view) {
        check(page, size, MAX_SIZE);
        long from = Math.min((long) page * size, ordered.size());
        long to = Math.min(from + size, ordered.size());
        List<T> items = ordered.subList((int) from, (int) to).stream().map(view).toList();
        return new PageResponse<>(items, page, size, ordered.size());
    }

    /** Checks a page request: {@code page} from 0, {@code size} from 1 to {@code maxSize}. */
    public static void check(int page, int size, int maxSize) {
        if (page < 0) {
            throw InvalidInputException.forField("page", "must be 0 or more, got " + page);
        }
        if (size < 1 || size > maxSize) {
            throw InvalidInputException.forField("size", "must be between 1 and " + maxSize + ", got " + size);
        }
    }
}
