package io.fer.classifier.flink;

import io.fer.classifier.model.EmotionResult;
import io.fer.classifier.model.FailedRecord;
import io.fer.schemas.DeadLetter;
import io.fer.schemas.EmotionEvent;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Conversions from the job's POJOs to the topics' Avro records. */
public final class Records {
    private Records() {}

    public static EmotionEvent toEvent(EmotionResult r) {
        List<Float> p = new ArrayList<>(r.probabilities.length);
        for (float v : r.probabilities) {
            p.add(v);
        }
        return EmotionEvent.newBuilder().setStreamId(r.streamId).setTrackId(r.trackId)
                .setWindowStartUs(r.windowStartUs).setWindowEndUs(r.windowEndUs)
                .setFirstFrameIndex(r.firstFrameIndex).setLastFrameIndex(r.lastFrameIndex)
                .setClasses(Arrays.asList(r.classes)).setProbabilities(p).setLabel(r.label).setConfidence(r.confidence)
                .setModelVersion(r.modelVersion).setModalities(Arrays.asList(r.modalities))
                .setEndOfTrack(r.endOfTrack).setTracksInStream(r.tracksInStream).setFramesPerSecond(r.framesPerSecond).build();
    }

    public static DeadLetter toDeadLetter(FailedRecord f) {
        byte[] v = f.record.value;
        return DeadLetter.newBuilder().setStage(f.stage).setReason(String.valueOf(f.reason))
                .setSourceTopic(f.record.topic).setSourcePartition(f.record.partition).setSourceOffset(f.record.offset)
                .setStreamId(f.record.key).setFailedAtMs(System.currentTimeMillis())
                .setPayload(v != null && v.length <= 1 << 20 ? ByteBuffer.wrap(v) : null).build();
    }
}
