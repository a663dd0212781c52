package io.fer.classifier.flink;

import io.fer.classifier.model.Embedding;
import io.fer.classifier.model.EmotionResult;
import io.fer.classifier.model.FailedRecord;
import io.fer.classifier.model.RawRecord;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The classifier's dataflow, without I/O: raw embedding records in; emotion results and dead letters out.
 * decode -> event-time watermarks -> keyBy(streamId/trackId) -> window assembly -> transformer batched across tracks.
 */
public final class EmotionPipeline {
    private EmotionPipeline() {}

    public record Outputs(DataStream<EmotionResult> results, DataStream<FailedRecord> deadLetters) {}

    public static Outputs build(DataStream<RawRecord> raw, ClassifierConfig cfg) {
        SingleOutputStreamOperator<Embedding> decoded = raw.process(new DecodeEmbedding()).name("decode embeddings");
        DataStream<Embedding> timed = decoded.assignTimestampsAndWatermarks(
                WatermarkStrategy.<Embedding>forBoundedOutOfOrderness(cfg.maxOutOfOrder())
                        .withTimestampAssigner((e, ts) -> e.timestampUs / 1000)
                        .withIdleness(cfg.idleness()))
                .name("event time");
        int buckets = Math.max(1, cfg.parallelism());
        DataStream<EmotionResult> results = timed
                .keyBy(Embedding::trackKey)
                .process(new WindowAssembler(cfg.layout(), cfg.plan())).name("assemble windows")
                .keyBy(w -> BatchedTransformer.bucket(w, buckets))
                .process(new BatchedTransformer(cfg.modelDir(), cfg.maxBatch(), cfg.maxBatchDelayMs()))
                .name("temporal transformer (batched across tracks)");
        return new Outputs(results, decoded.getSideOutput(DecodeEmbedding.DEAD_LETTERS));
    }
}
