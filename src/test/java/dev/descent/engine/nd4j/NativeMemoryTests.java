package dev.descent.engine.nd4j;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The default memory budget from the limits a process has. */
class NativeMemoryTests {

    private static final long GB = 1L << 30;
    private static final long MB = 1L << 20;

    @Test
    void javaCppsCapLessTheHeapAndTheJvmsOwnMemory() {
        // JavaCPP's default cap is twice the heap: a 6 GB heap on a 24 GB machine leaves 6 GB less 256 MB
        assertThat(NativeMemory.budget(12 * GB, 24 * GB, 6 * GB)).isEqualTo(6 * GB - 256 * MB);
    }

    @Test
    void aContainerSmallerThanTheCapBoundsIt() {
        assertThat(NativeMemory.budget(12 * GB, 2 * GB, 512 * MB)).isEqualTo(2 * GB - 512 * MB - 256 * MB);
    }

    @Test
    void withTheCapTurnedOffTheMachineBoundsIt() {
        assertThat(NativeMemory.budget(0, 8 * GB, GB)).isEqualTo(7 * GB - 256 * MB);
    }

    @Test
    void limitsThatLeaveNothingStillLeaveTheMinimum() {
        assertThat(NativeMemory.budget(600 * MB, 24 * GB, 512 * MB)).isEqualTo(NativeMemory.MINIMUM);
    }

    @Test
    void noKnownLimitIsNoBudget() {
        assertThat(NativeMemory.budget(0, 0, GB)).isEqualTo(Long.MAX_VALUE);
    }
}
