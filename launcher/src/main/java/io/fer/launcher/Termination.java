package io.fer.launcher;

import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT as a request to stop, not as the end of the JVM: the command finishes its work (a worker commits
 * its round and leaves its group, ingest sends its end-of-stream batch) and then exits with its own status, 0 for a
 * clean stop, instead of the JVM's 143.
 */
final class Termination {
    private final CountDownLatch requested = new CountDownLatch(1);
    private volatile String signal;

    private Termination() {}

    /** Installs the handlers; {@code onRequest} runs once, on the signal's thread. */
    static Termination install(Runnable onRequest) {
        Termination t = new Termination();
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), s -> {
                if (t.requested.getCount() > 0) {
                    t.signal = "SIG" + s.getName();
                    t.requested.countDown();
                    onRequest.run();
                }
            });
        }
        return t;
    }

    boolean requested() {
        return requested.getCount() == 0;
    }

    /** SIGTERM or SIGINT, or null. */
    String signal() {
        return signal;
    }
}
