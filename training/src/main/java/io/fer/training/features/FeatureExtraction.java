package io.fer.training.features;

import io.fer.classifier.flink.WindowAssembler;
import io.fer.classifier.model.Embedding;
import io.fer.classifier.model.FeatureWindow;
import io.fer.classifier.window.ModalityLayout;
import io.fer.classifier.window.WindowPlan;
import io.fer.ingest.source.SourceKind;
import io.fer.training.dataset.LabelledClip;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
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
            WindowPlan plan, int parallelism, Consumer<String> progress) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        env.setParallelism(parallelism);
        List<ClipTask> tasks = tasks(clips);
        DataStream<Embedding> embeddings = env.fromData(tasks).rebalance()
                .flatMap(new ClipFeatureFunction(cfg)).name("decode, faces, modalities")
                .assignTimestampsAndWatermarks(WatermarkStrategy.<Embedding>forMonotonousTimestamps()
                        .withTimestampAssigner((e, ts) -> e.timestampUs / 1000));
        DataStream<FeatureWindow> windows = embeddings.keyBy(e -> e.streamId)
                .process(new WindowAssembler(layout, plan)).name("assemble windows");
        Map<String, List<FeatureWindow>> out = new LinkedHashMap<>();
        try (ExtractionProgress reporting = ExtractionProgress.start(clips.size(), progress);
                CloseableIterator<FeatureWindow> it = windows.executeAndCollect("fer feature extraction")) {
            while (it.hasNext()) {
                FeatureWindow w = it.next();
                if (!w.endOfTrack) {
                    out.computeIfAbsent(w.streamId, k -> new ArrayList<>()).add(WindowFrames.trimmed(w, layout.size()));
                }
            }
        }
        return out;
    }

    /** Still images are extracted STILLS_PER_TASK at a time (one batched generator call each); other clips one by one. */
    static final int STILLS_PER_TASK = 32;

    static List<ClipTask> tasks(List<LabelledClip> clips) {
        List<ClipTask> tasks = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        for (LabelledClip c : clips) {
            if (!isStill(c.source())) {
                tasks.add(new ClipTask(c.id(), c.source().toString()));
                continue;
            }
            ids.add(c.id());
            sources.add(c.source().toString());
            if (ids.size() == STILLS_PER_TASK) {
                tasks.add(new ClipTask(ids, sources));
                ids = new ArrayList<>();
                sources = new ArrayList<>();
            }
        }
        if (!ids.isEmpty()) {
            tasks.add(new ClipTask(ids, sources));
        }
        return tasks;
    }

    static boolean isStill(Path source) {
        return Files.isRegularFile(source) && SourceKind.of(source.toString(), false) == SourceKind.FOLDER;
    }
}
