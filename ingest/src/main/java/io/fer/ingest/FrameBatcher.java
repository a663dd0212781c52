package io.fer.ingest;

import io.fer.schemas.Frame;
import io.fer.schemas.FrameBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Groups consecutive frames of one stream into batches bounded by frame count and by bytes, numbering
 * them. A single frame over the byte bound is an error: it could never be published.
 */
public final class FrameBatcher {
    private final String streamId;
    private final String source;
    private final boolean preAligned;
    private final int maxFrames;
    private final int maxBytes;
    private final long staleAfterMs;
    private final List<Frame> pending = new ArrayList<>();
    private int pendingBytes;
    private long nextSeq;

    public FrameBatcher(String streamId, String source, boolean preAligned, int maxFrames, int maxBytes) {
        this(streamId, source, preAligned, maxFrames, maxBytes, 0);
    }

    /** @param staleAfterMs live streams that shed: frames the face stage reaches later than this are dropped (0: never) */
    public FrameBatcher(String streamId, String source, boolean preAligned, int maxFrames, int maxBytes, long staleAfterMs) {
        this.staleAfterMs = staleAfterMs;
        this.streamId = streamId;
        this.source = source;
        this.preAligned = preAligned;
        this.maxFrames = maxFrames;
        this.maxBytes = maxBytes;
    }

    /** Adds a frame; returns the batch that had to be closed to make room, if any. */
    public Optional<FrameBatch> add(Frame frame) {
        int size = frame.getJpeg().remaining();
        if (size > maxBytes) {
            throw new IllegalArgumentException("frame " + frame.getFrameIndex() + " is " + size
                    + " bytes as JPEG, over the batch limit of " + maxBytes + "; lower the resolution or quality");
        }
        Optional<FrameBatch> closed = Optional.empty();
        if (!pending.isEmpty() && (pending.size() >= maxFrames || pendingBytes + size > maxBytes)) {
            closed = Optional.of(build(false, null));
        }
        pending.add(frame);
        pendingBytes += size;
        if (pending.size() >= maxFrames) {
            return closed.isPresent() ? closed : Optional.of(build(false, null));
        }
        return closed;
    }

    /** The last batch: whatever is pending, marked end-of-stream, with the error if the source failed. */
    public FrameBatch finish(String error) {
        return build(true, error);
    }

    private FrameBatch build(boolean end, String error) {
        FrameBatch b = FrameBatch.newBuilder().setStreamId(streamId).setBatchSeq(nextSeq++).setSource(source)
                .setPreAligned(preAligned).setFrames(List.copyOf(pending)).setEndOfStream(end).setError(error)
                .setStaleAfterMs(staleAfterMs).build();
        pending.clear();
        pendingBytes = 0;
        return b;
    }
}
