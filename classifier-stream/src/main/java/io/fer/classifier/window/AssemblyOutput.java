package io.fer.classifier.window;

import io.fer.classifier.model.FeatureWindow;

/** What window assembly hands to its host: windows and end markers, a timer to arm, and what it counts. */
public interface AssemblyOutput {
    void emit(FeatureWindow window);

    /** Calls {@link StreamAssembler#onTimer} for the current stream at this processing time (ms). */
    void armTimer(long atMs);

    /** A silent modality is masked from one open track (or from a stream with none). */
    void modalityTimedOut();

    /** A vector came after its frame was emitted without it (its modality had timed out). */
    void lateVector();

    /** A vector of a run that ended when its source restarted. */
    void staleVector();
}
