package dev.descent.engine.nd4j;

import java.lang.management.ManagementFactory;
import org.bytedeco.javacpp.Pointer;

/**
 * How much native memory the jobs' ND4J arrays may take in all, from the limits the process really has: JavaCPP's
 * cap on the resident memory of the whole process ({@code org.bytedeco.javacpp.maxphysicalbytes}, by default twice
 * the maximum heap; past it a new array is refused) and the memory the machine or container gives the JVM (the JDK
 * reads cgroup limits). Both bound the process's resident memory, which also holds the heap and the JVM's and native
 * libraries' own memory, so those are taken off.
 */
final class NativeMemory {

    /** Metaspace, code cache, thread stacks, GC structures and libnd4j's own memory; measured about 250 MB (README). */
    static final long JVM_OVERHEAD = 256L << 20;
    /** What is left when the limits leave less: jobs on small data still run, and the cap still protects the process. */
    static final long MINIMUM = 32L << 20;

    private NativeMemory() {
    }

    /** The budget for this process. */
    static long budget() {
        long machine = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        return budget(Pointer.maxPhysicalBytes(), machine, Runtime.getRuntime().maxMemory());
    }

    /**
     * @param maxPhysicalBytes JavaCPP's cap on the process's resident memory; 0 or less when it is off
     * @param machineBytes     the memory of the machine or the container's limit
     * @param maxHeapBytes     the JVM's maximum heap
     */
    static long budget(long maxPhysicalBytes, long machineBytes, long maxHeapBytes) {
        long limit = machineBytes > 0 ? machineBytes : Long.MAX_VALUE;
        if (maxPhysicalBytes > 0) {
            limit = Math.min(limit, maxPhysicalBytes);
        }
        if (limit == Long.MAX_VALUE) {
            return Long.MAX_VALUE;
        }
        return Math.max(MINIMUM, limit - maxHeapBytes - JVM_OVERHEAD);
    }
}
