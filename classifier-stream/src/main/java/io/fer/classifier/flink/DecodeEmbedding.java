package io.fer.classifier.flink;

import io.fer.classifier.model.Embedding;
import io.fer.classifier.model.FailedRecord;
import io.fer.classifier.model.RawRecord;
import io.fer.classifier.window.ModalityLayout;
import io.fer.schemas.AvroSerde;
import io.fer.schemas.ModalityEmbedding;
import io.fer.schemas.kafka.TopicNames;
import java.util.List;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Decodes and checks embedding records. One the window assembly could not use goes to the dead-letter side output
 * with the reason (no value, not a ModalityEmbedding, a modality the model does not read or not its topic's, a vector
 * of the wrong size or with NaN/Inf); the job goes on.
 */
public class DecodeEmbedding extends ProcessFunction<RawRecord, Embedding> {
    public static final OutputTag<FailedRecord> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

    private final ModalityLayout layout;
    private final TopicNames names;
    private transient AvroSerde<ModalityEmbedding> serde;

    public DecodeEmbedding(ModalityLayout layout, TopicNames names) {
        this.layout = layout;
        this.names = names;
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<Embedding> out) {
        if (serde == null) {
            serde = AvroSerde.embeddings();
        }
        if (raw.value == null) {
            ctx.output(DEAD_LETTERS, new FailedRecord("classifier", "null value: nothing to decode", raw));
            return;
        }
        ModalityEmbedding e;
        try {
            e = serde.decode(raw.value);
        } catch (RuntimeException ex) {
            ctx.output(DEAD_LETTERS, new FailedRecord("classifier", ex.getMessage(), raw));
            return;
        }
        String wrong = check(raw.topic, e);
        if (wrong != null) {
            ctx.output(DEAD_LETTERS, new FailedRecord("classifier", wrong, raw));
            return;
        }
        float[] v = new float[e.getVector().size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = e.getVector().get(i);
        }
        Embedding emb = new Embedding(e.getStreamId(), e.getTrackId(), e.getFrameIndex(), e.getTimestampUs(), e.getModality(), v,
                e.getEndOfTrack(), e.getTracksInStream());
        emb.progress = e.getProgress();
        emb.keepEvery = Math.max(1, e.getKeepEvery());
        out.collect(emb);
    }

    /** Why the window assembly cannot use the record, or null. */
    public String check(String topic, ModalityEmbedding e) {
        String m = e.getModality();
        int index = layout.index(m);
        if (index < 0) {
            return "unknown modality '" + m + "': the model reads " + layout.names();
        }
        String expected = names.embedding(m);
        if (topic != null && !topic.equals(expected)) {
            return "a " + m + " record on " + topic + " (its topic is " + expected + ")";
        }
        if (e.getStreamId() == null || e.getStreamId().isEmpty()) {
            return "no stream id";
        }
        if (e.getProgress() || e.getEndOfTrack()) {
            return null;
        }
        if (e.getFrameIndex() < 0 || e.getTrackId() < 0) {
            return "a vector with frame " + e.getFrameIndex() + ", track " + e.getTrackId() + ": both must be >= 0";
        }
        List<Float> v = e.getVector();
        if (v.size() != layout.dims().get(index)) {
            return m + " vector of " + v.size() + " values: the model reads " + layout.dims().get(index);
        }
        for (Float x : v) {
            if (!Float.isFinite(x)) {
                return m + " vector of track " + e.getTrackId() + " in frame " + e.getFrameIndex() + " contains " + x;
            }
        }
        return null;
    }
}
