package io.fer.classifier.window;

import java.util.List;
import java.util.Map;

/**
 * One stream's assembly state, wherever it is kept: Flink keyed state in the job (scoped to the current key), plain
 * maps in tests. Reads return null where nothing is stored.
 */
public interface StreamState {
    /** Where the stream stands; null before its first record and after it ended. */
    StreamCursor cursor();

    void cursor(StreamCursor cursor);

    ModalityProgress progress(String modality);

    void progress(String modality, ModalityProgress progress);

    Map<String, ModalityProgress> allProgress();

    TrackCursor track(int trackId);

    void track(TrackCursor track);

    void removeTrack(int trackId);

    /** Every open track, in no particular order. */
    List<TrackCursor> tracks();

    FrameSlot slot(long slotKey);

    void slot(long slotKey, FrameSlot slot);

    /** Removes the slot; false if there was none. */
    boolean removeSlot(long slotKey);

    int slotCount();

    /** The gauge epoch the stream was last counted in (see {@link AssemblyGauges}); null if never. */
    Long countedInEpoch();

    void countedInEpoch(long epoch);

    /** Forgets the whole stream. */
    void clear();
}
