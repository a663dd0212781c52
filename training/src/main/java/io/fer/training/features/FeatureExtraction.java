package io.fer.training.features;

import io.fer.classifier.flink.WindowAssembler;
import io.fer.classifier.model.Embedding;
import io.fer.classifier.model.FeatureWindow;
import io.fer.classifier.window.ModalityLayout;
import io.fer.classifier.window.WindowPlan;
import io.fer.training.dataset.LabelledClip;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * Feature extraction for training and evaluation as a Flink BATCH job: clips -> the live path's decoding, face and
 * modality operators ({@link ClipFeatureFunction}) -> the streaming job's own window assembly ({@link WindowAssembler})
 * -> windows per clip. Serving and training thus see the same windows for the same clip.
 */
public final class FeatureExtraction {
    private FeatureExtraction() {}

    public static Map<String, List<FeatureWindow>> run(List<LabelledClip> clips, ExtractionConfig cfg, ModalityLayout layout,
            WindowPlan plan, int parallelism) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        env.setParallelism(parallelism);
        List<ClipTask> tasks = clips.stream().map(c -> new ClipTask(c.id(), c.source().toString())).toList();
        DataStream<Embedding> embeddings = env.fromData(tasks).rebalance()
                .flatMap(new ClipFeatureFunction(cfg)).name("decode, faces, modalities")
                .assignTimestampsAndWatermarks(WatermarkStrategy.<Embedding>forMonotonousTimestamps()
                        .withTimestampAssigner((e, ts) -> e.timestampUs / 1000));
        DataStream<FeatureWindow> windows = embeddings.keyBy(e -> e.streamId)
                .process(new WindowAssembler(layout, plan)).name("assemble windows");
        Map<String, List<FeatureWindow>> out = new LinkedHashMap<>();
        try (CloseableIterator<FeatureWindow> it = windows.executeAndCollect("fer feature extraction")) {
            while (it.hasNext()) {
                FeatureWindow w = it.next();
                if (!w.endOfTrack) {
                    out.computeIfAbsent(w.streamId, k -> new ArrayList<>()).add(w);
                }
            }
        }
        return out;
    }
}
