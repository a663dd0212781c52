package io.fer.classifier.window;

import java.util.List;
import java.util.Map;

/**
 * When a silent modality stops being awaited, in processing time. Silence counts from a modality's last advance, or
 * from this instance's (re)start: a restart is nobody's silence. A modality is given up only while another one it is
 * fused with moves on; when every modality is silent (the stream paused, a worker hosting them all restarts) nothing
 * is masked and the windows wait.
 */
final class SilenceWatch {
    private final List<String> modalities;
    private final long timeoutMs;
    private long startedAtMs = -1;

    SilenceWatch(List<String> modalities, AssemblyTiming timing) {
        this.modalities = modalities;
        this.timeoutMs = timing.modalityTimeout().toMillis();
    }

    /** The first record or timer after a (re)start, in the timer service's clock. */
    void sawTime(long nowMs) {
        if (startedAtMs < 0) {
            startedAtMs = nowMs;
        }
    }

    /** Whether a lagging modality has been silent too long while another moves on. */
    boolean givesUp(String modality, long nowMs, Map<String, ModalityProgress> progress) {
        return nowMs - silentSince(progress.get(modality)) >= timeoutMs && othersAlive(modality, nowMs, progress);
    }

    /** When to look at the lagging modalities again: their timeout, but while everything is silent every second. */
    long nextCheck(long nowMs, List<String> lagging, Map<String, ModalityProgress> progress) {
        long oldest = Long.MAX_VALUE;
        for (String m : lagging) {
            oldest = Math.min(oldest, silentSince(progress.get(m)));
        }
        return Math.max(nowMs + 1000, oldest + timeoutMs);
    }

    private long silentSince(ModalityProgress p) {
        return Math.max(p.advancedAtMs, startedAtMs);
    }

    /** Another modality the model reads ended, or advanced within the last half timeout. */
    private boolean othersAlive(String modality, long nowMs, Map<String, ModalityProgress> progress) {
        for (String n : modalities) {
            ModalityProgress q = progress.get(n);
            if (n.equals(modality) || q == null || q.timedOut) {
                continue;
            }
            if (q.ended || nowMs - silentSince(q) < timeoutMs / 2) {
                return true;
            }
        }
        return false;
    }
}
