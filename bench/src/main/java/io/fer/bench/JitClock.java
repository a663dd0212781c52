package io.fer.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

/** How much of a run this JVM's JIT compiler threads were busy: their time per second of wall clock, in cores. */
final class JitClock {
    private final CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    private final long startMs;
    private final long startNs;

    private JitClock() {
        this.startMs = compilationMs();
        this.startNs = System.nanoTime();
    }

    static JitClock start() {
        return new JitClock();
    }

    /** NaN where the JVM does not time its compilations. */
    double shareOfOneCore() {
        double wallMs = (System.nanoTime() - startNs) / 1e6;
        return startMs < 0 ? Double.NaN : (compilationMs() - startMs) / wallMs;
    }

    private long compilationMs() {
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
    }
}
