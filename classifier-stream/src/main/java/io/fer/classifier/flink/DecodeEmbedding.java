package io.fer.classifier.flink;

import io.fer.classifier.model.Embedding;
import io.fer.classifier.model.FailedRecord;
import io.fer.classifier.model.RawRecord;
import io.fer.schemas.AvroSerde;
import io.fer.schemas.ModalityEmbedding;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Decodes embedding records; one that is not a ModalityEmbedding goes to the dead-letter side output. */
public class DecodeEmbedding extends ProcessFunction<RawRecord, Embedding> {
    public static final OutputTag<FailedRecord> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

    private transient AvroSerde<ModalityEmbedding> serde;

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<Embedding> out) {
        if (serde == null) {
            serde = AvroSerde.embeddings();
        }
        ModalityEmbedding e;
        try {
            e = serde.decode(raw.value);
        } catch (RuntimeException ex) {
            ctx.output(DEAD_LETTERS, new FailedRecord("classifier", ex.getMessage(), raw));
            return;
        }
        float[] v = new float[e.getVector().size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = e.getVector().get(i);
        }
        Embedding emb = new Embedding(e.getStreamId(), e.getTrackId(), e.getFrameIndex(), e.getTimestampUs(), e.getModality(), v,
                e.getEndOfTrack(), e.getTracksInStream());
        emb.progress = e.getProgress();
        out.collect(emb);
    }
}
