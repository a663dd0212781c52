package io.fer.classifier.window;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The complete frontier of a stream, pure: the last frame every awaited modality has delivered. A modality that
 * ended counts as done with every frame; one that timed out is not awaited.
 *
 * @param frame    the frontier, -1 if some awaited modality has delivered nothing yet
 * @param ts       the frontier frame's event time
 * @param maxFrame the furthest any modality has delivered
 * @param lagging  awaited modalities behind maxFrame (the ones a timeout may mask)
 */
public record Frontier(long frame, long ts, long maxFrame, List<String> lagging) {
    public static final long END = Long.MAX_VALUE / 4;

    public static Frontier of(List<String> modalities, Map<String, ModalityProgress> progress) {
        long min = END;
        long minTs = END;
        long max = -1;
        long maxTs = 0;
        boolean anyAwaited = false;
        for (String m : modalities) {
            ModalityProgress p = progress.get(m);
            if (p != null && p.frame > max) {
                max = p.frame;
                maxTs = p.timestampUs;
            }
        }
        List<String> lagging = new ArrayList<>();
        for (String m : modalities) {
            ModalityProgress p = progress.get(m);
            if (p != null && (p.timedOut || p.ended)) {
                continue;
            }
            anyAwaited = true;
            long f = p == null ? -1 : p.frame;
            if (f < min) {
                min = f;
                minTs = p == null ? 0 : p.timestampUs;
            }
            if (f < max) {
                lagging.add(m);
            }
        }
        if (!anyAwaited) {
            // every modality ended or timed out: the furthest delivery is all there is, or the stream is over
            boolean allEnded = modalities.stream().allMatch(m -> progress.get(m) != null && progress.get(m).ended);
            return allEnded ? new Frontier(END, END, max, List.of()) : new Frontier(max, maxTs, max, List.of());
        }
        return new Frontier(min, minTs, max, List.copyOf(lagging));
    }
}
