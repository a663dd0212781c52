package io.fer.classifier.window;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * When a silent modality stops being awaited, in processing time. A modality is silent for a stream when it has
 * sent nothing for that stream and nothing for any other stream of this instance: a stage still working through a
 * backlog of other streams' records is behind, not down, and masking it would make a window depend on the load.
 * Silence counts from the later of those, or from this instance's (re)start: a restart is nobody's silence. A modality
 * is given up only while another one it is fused with moves on; when every modality is silent (the stream paused, a
 * worker hosting them all restarts) nothing is masked and the windows wait.
 */
final class SilenceWatch {
    private final List<String> modalities;
    private final long timeoutMs;
    private long startedAtMs = -1;
    /** When each modality last sent anything to this instance, for any stream (not state: a restart forgets it) */
    private final Map<String, Long> heardAtMs = new HashMap<>();

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

    /** A record of the modality arrived, for whichever stream: its stage is alive. */
    void heard(String modality, long nowMs) {
        heardAtMs.merge(modality, nowMs, Math::max);
    }

    /** Whether a lagging modality has been silent too long while another moves on. */
    boolean givesUp(String modality, long nowMs, Map<String, ModalityProgress> progress) {
        return nowMs - silentSince(modality, progress.get(modality)) >= timeoutMs && othersAlive(modality, nowMs, progress);
    }

    /** When to look at the lagging modalities again: their timeout, but while everything is silent every second. */
    long nextCheck(long nowMs, List<String> lagging, Map<String, ModalityProgress> progress) {
        long oldest = Long.MAX_VALUE;
        for (String m : lagging) {
            oldest = Math.min(oldest, silentSince(m, progress.get(m)));
        }
        return Math.max(nowMs + 1000, oldest + timeoutMs);
    }

    private long silentSince(String modality, ModalityProgress p) {
        return Math.max(silentInStreamSince(p), heardAtMs.getOrDefault(modality, Long.MIN_VALUE));
    }

    private long silentInStreamSince(ModalityProgress p) {
        return Math.max(p.advancedAtMs, startedAtMs);
    }

    /** Another modality the model reads ended for this stream, or advanced in it within the last half timeout. */
    private boolean othersAlive(String modality, long nowMs, Map<String, ModalityProgress> progress) {
        for (String n : modalities) {
            ModalityProgress q = progress.get(n);
            if (n.equals(modality) || q == null || q.timedOut) {
                continue;
            }
            if (q.ended || nowMs - silentInStreamSince(q) < timeoutMs / 2) {
                return true;
            }
        }
        return false;
    }
}
