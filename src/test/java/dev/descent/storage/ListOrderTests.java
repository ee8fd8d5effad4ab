package dev.descent.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pages of a store, newest first, from an index kept in order as records come and go. */
class ListOrderTests {

    private record Item(long createdAt, String id) {
    }

    private static ListOrder<Item> order() {
        return new ListOrder<>(Comparator.comparingLong(Item::createdAt).thenComparing(Item::id));
    }

    @Test
    void pagesAreNewestFirstAndCutWhereAsked() {
        ListOrder<Item> order = order();
        order.addAll(List.of(new Item(3, "c"), new Item(1, "a"), new Item(2, "b")));
        order.add(new Item(5, "e"));
        order.add(new Item(4, "d")); // an older one arriving late still goes to its place

        assertThat(order.page(0, 2)).extracting(Item::id).containsExactly("e", "d");
        assertThat(order.page(2, 2)).extracting(Item::id).containsExactly("c", "b");
        assertThat(order.page(4, 2)).extracting(Item::id).containsExactly("a");
        assertThat(order.page(5, 2)).isEmpty();
        assertThat(order.page(0, Integer.MAX_VALUE)).extracting(Item::id).containsExactly("e", "d", "c", "b", "a");
        assertThat(order.size()).isEqualTo(5);
    }

    @Test
    void removedRecordsLeaveThePagesAndTiesAreBrokenById() {
        ListOrder<Item> order = order();
        order.addAll(List.of(new Item(1, "b"), new Item(1, "a"), new Item(2, "c")));
        order.remove(new Item(2, "c"));
        order.remove(new Item(9, "never there"));

        assertThat(order.page(0, 10)).extracting(Item::id).containsExactly("b", "a");
        assertThat(order.size()).isEqualTo(2);
    }
}
