package io.fer.classifier.flink;

import io.fer.classifier.model.Embedding;
import io.fer.classifier.model.EmotionResult;
import io.fer.classifier.model.FailedRecord;
import io.fer.classifier.model.RawRecord;
import io.fer.schemas.kafka.TopicNames;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The classifier's dataflow, without I/O: raw embedding records in; emotion results and dead letters out.
 * decode -> liveness ticks -> keyBy(streamId) -> window assembly (closed by the modalities' progress markers, not
 * by watermarks) -> transformer batched across streams. Every stateful operator has a fixed uid, so checkpoints and savepoints restore
 * into a changed job.
 */
public final class EmotionPipeline {
    private EmotionPipeline() {}

    public record Outputs(DataStream<EmotionResult> results, DataStream<FailedRecord> deadLetters) {}

    /** A tick round per modality at most every second, and at least four per modality timeout. */
    static long livenessInterval(ClassifierConfig cfg) {
        return Math.max(1, Math.min(1000, cfg.timing().modalityTimeout().toMillis() / 4));
    }

    /** @param names the topics the records come from: a record's modality must be its topic's */
    public static Outputs build(DataStream<RawRecord> raw, ClassifierConfig cfg, TopicNames names) {
        SingleOutputStreamOperator<Embedding> decoded = raw.process(new DecodeEmbedding(cfg.layout(), names))
                .name("decode embeddings").uid("decode-embeddings");
        int buckets = Math.max(1, cfg.parallelism());
        DataStream<EmotionResult> results = decoded
                .process(new LivenessTicks(livenessInterval(cfg))).name("liveness ticks").uid("liveness-ticks")
                .keyBy(e -> e.streamId)
                .process(new WindowAssembler(cfg.layout(), cfg.plan(), cfg.timing()))
                .name("assemble windows").uid("assemble-windows")
                .keyBy(w -> BatchedTransformer.bucket(w, buckets))
                .process(new BatchedTransformer(cfg.modelDir(), cfg.maxBatch(), cfg.maxBatchDelayMs()))
                .name("temporal transformer (batched across streams)").uid("temporal-transformer");
        return new Outputs(results, decoded.getSideOutput(DecodeEmbedding.DEAD_LETTERS));
    }
}
