package dev.descent.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.RequiresLinux;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ThreadPriorityTests {

    @Test
    @RequiresLinux
    void aThreadLowersItsOwnPriorityOnly() throws InterruptedException {
        OptionalInt before = ThreadPriority.niceness();
        AtomicReference<Boolean> set = new AtomicReference<>();
        AtomicReference<OptionalInt> seen = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            set.set(ThreadPriority.setNiceness(7));
            seen.set(ThreadPriority.niceness());
        });
        thread.start();
        thread.join();

        assertThat(set.get()).isTrue();
        assertThat(seen.get()).hasValue(7);
        assertThat(ThreadPriority.niceness()).isEqualTo(before);
    }

    @Test
    void refusesValuesOutsideTheUnprivilegedRange() {
        assertThatThrownBy(() -> ThreadPriority.setNiceness(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ThreadPriority.setNiceness(20)).isInstanceOf(IllegalArgumentException.class);
    }
}
