package io.fer.launcher;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * A command's progress as one line per phase: on a terminal the line of the running phase is redrawn in place twice
 * a second (its detail and the seconds it has taken) and stays when the phase ends; elsewhere each phase prints one
 * plain line when it ends. The command then prints its one-line result.
 */
public final class PhaseLine implements AutoCloseable {
    private final String command;
    private final PrintStream err;
    private final boolean terminal;
    private final int phases;
    private final Thread ticker;
    private int index;
    private String name;
    private volatile Supplier<String> detail = () -> "";
    private long phaseStartNs;
    private volatile boolean running = true;

    public PhaseLine(String command, int phases, PrintStream err, boolean terminal) {
        this.command = command;
        this.phases = phases;
        this.err = err;
        this.terminal = terminal;
        this.ticker = new Thread(this::tick, "fer-progress");
        this.ticker.setDaemon(true);
        if (terminal) {
            ticker.start();
        }
    }

    /** Ends the running phase, if any, and starts the next one; detail is asked for on each redraw. */
    public synchronized void phase(String phaseName, Supplier<String> phaseDetail) {
        endPhase();
        index++;
        name = phaseName;
        detail = phaseDetail;
        phaseStartNs = System.nanoTime();
        draw();
    }

    public void phase(String phaseName) {
        phase(phaseName, () -> "");
    }

    /** A fixed detail for the running phase (a message of a long step). */
    public void detail(String text) {
        detail = () -> text;
        if (terminal) {
            synchronized (this) {
                draw();
            }
        }
    }

    /** Ends the last phase and prints the result line. */
    public synchronized void result(String line) {
        endPhase();
        err.println(command + ": " + line);
        err.flush();
    }

    private void endPhase() {
        if (name == null) {
            return;
        }
        if (terminal) {
            err.print("\r\033[K" + text() + "\n");
        } else {
            err.println(text());
        }
        err.flush();
        name = null;
    }

    private synchronized void draw() {
        if (terminal && name != null) {
            err.print("\r\033[K" + text());
            err.flush();
        }
    }

    private String text() {
        String d = detail.get();
        return String.format(Locale.ROOT, "%s [%d/%d] %s%s (%.0f s)", command, index, phases, name, d.isEmpty() ? "" : ": " + d,
                (System.nanoTime() - phaseStartNs) / 1e9);
    }

    private void tick() {
        while (running) {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
            draw();
        }
    }

    /** Stops redrawing; a phase still running (the command failed) keeps its last line. */
    @Override
    public synchronized void close() {
        running = false;
        ticker.interrupt();
        endPhase();
    }
}
