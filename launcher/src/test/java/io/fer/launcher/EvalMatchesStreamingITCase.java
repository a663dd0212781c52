package io.fer.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fer.ingest.IngestConfig;
import io.fer.ingest.KafkaFrameSink;
import io.fer.ingest.StreamIngester;
import io.fer.ingest.pipeline.IngestStats;
import io.fer.ingest.source.SourceKind;
import io.fer.ingest.source.SourceSpec;
import io.fer.launcher.runtime.DefaultModel;
import io.fer.launcher.runtime.EmbeddedStack;
import io.fer.launcher.runtime.EventCollector;
import io.fer.models.store.ModelStore;
import io.fer.models.temporal.ModelMetadata;
import io.fer.models.temporal.TemporalModel;
import io.fer.schemas.EmotionEvent;
import io.fer.testing.TestModels;
import io.fer.training.SupervisedTraining;
import io.fer.training.TrainConfig;
import io.fer.training.TrainingSettings;
import io.fer.training.dataset.Dataset;
import io.fer.training.dataset.FoldersDataset;
import io.fer.training.dataset.LabelledClip;
import io.fer.training.eval.EvalResult;
import io.fer.training.eval.ModelEvaluation;
import io.fer.workers.face.Detection;
import io.fer.workers.face.FaceAligner;
import io.fer.workers.face.FaceDetector;
import io.fer.workers.image.AlignedBox;
import io.fer.workers.image.Images;
import io.fer.workers.image.RgbImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model trained with `fer train` on a small labelled set of aligned face clips (made from the sample photos) gives
 * a clip the same label through `fer eval`'s batch path as through the streaming job fed by the ingester; and on a
 * video of two people, training's feature extraction (the face stage's detector, tracker and crops) gives the
 * labelled (longest) track's windows exactly the probabilities the live path gives that track.
 */
class EvalMatchesStreamingITCase {

    @Test
    void theSameClipGetsTheSameLabelOfflineAndLive(@TempDir Path dir) throws Exception {
        ModelStore store = TestModels.store();
        Path data = dir.resolve("data");
        makeClips(store, data);
        Dataset ds = FoldersDataset.read(data);
        SupervisedTraining st = new SupervisedTraining(store.dir(), msg -> {});
        var s = new TrainingSettings(List.of("expression"), true, 16, 4, 0.0,
                new TrainConfig(15, 8, 1e-3f, 1, 0.1f, 0f, true, 0), 1);
        Path model = dir.resolve("model");
        st.train(ds, "test clips", s, model);

        EvalResult offline = st.evaluate(model, ds, true, 1);
        assertThat(offline.clips()).isEqualTo(ds.clips().size());

        LabelledClip clip = ds.clips().get(0);
        var windows = st.features(List.of(clip), List.of("expression"), true, 16, 4, 1).get(clip.id());
        int offlineLabel;
        float[] offlineMean;
        try (TemporalModel m = TemporalModel.load(model)) {
            offlineLabel = ModelEvaluation.predict(m, windows);
            offlineMean = mean(windows.stream().map(w -> m.predict(w.features, w.mask, 1)[0]).toList());
        }

        List<EmotionEvent> live = new ArrayList<>();
        try (EmbeddedStack stack = EmbeddedStack.forModel(store, model).start()) {
            EventCollector collector = new EventCollector(stack.bootstrap(), "clip-0", live::add);
            Thread t = new Thread(collector);
            t.start();
            try (KafkaFrameSink sink = new KafkaFrameSink(stack.bootstrap())) {
                new StreamIngester(IngestConfig.DEFAULT).run(new SourceSpec(clip.source().toString(), "clip-0",
                        SourceKind.FOLDER, true), sink, new AtomicBoolean(), new IngestStats());
            }
            assertThat(collector.awaitComplete(Duration.ofMinutes(5))).isTrue();
            collector.close();
            t.join(10_000);
        }
        assertThat(live).hasSize(windows.size());
        float[] liveMean = mean(live.stream().map(e -> {
            float[] p = new float[e.getProbabilities().size()];
            for (int i = 0; i < p.length; i++) {
                p[i] = e.getProbabilities().get(i);
            }
            return p;
        }).toList());
        int liveLabel = 0;
        for (int k = 1; k < liveMean.length; k++) {
            liveLabel = liveMean[k] > liveMean[liveLabel] ? k : liveLabel;
        }
        assertThat(liveLabel).isEqualTo(offlineLabel);
        for (int k = 0; k < liveMean.length; k++) {
            assertThat(liveMean[k]).isCloseTo(offlineMean[k], within(1e-3f));
        }
    }

    @Test
    void trainingSeesADetectedTrackAsTheLivePathDoes(@TempDir Path dir) throws Exception {
        ModelStore store = TestModels.store();
        Path model = DefaultModel.ensure(store, msg -> {});
        Path video = TestClips.twoPeople(store, dir.resolve("two.mp4"), 48);
        SupervisedTraining st = new SupervisedTraining(store.dir(), msg -> {});
        List<String> mods;
        try (TemporalModel m = TemporalModel.load(model)) {
            mods = m.metadata().modalities().stream().map(ModelMetadata.Modality::name).toList();
        }
        LabelledClip clip = new LabelledClip("two", "happy", "two", video);
        var windows = st.features(List.of(clip), mods, false, 16, 4, 1).get(clip.id());
        assertThat(windows).as("windows of the labelled track").hasSize((48 - 16) / 4 + 1);
        Map<Long, float[]> offline = new TreeMap<>();
        try (TemporalModel m = TemporalModel.load(model)) {
            windows.forEach(w -> offline.put(w.firstFrameIndex, m.predict(w.features, w.mask, 1)[0]));
        }

        List<EmotionEvent> live = new ArrayList<>();
        try (EmbeddedStack stack = EmbeddedStack.forModel(store, model).start()) {
            EventCollector collector = new EventCollector(stack.bootstrap(), "two-live", live::add);
            Thread t = new Thread(collector);
            t.start();
            try (KafkaFrameSink sink = new KafkaFrameSink(stack.bootstrap())) {
                new StreamIngester(IngestConfig.DEFAULT).run(SourceSpec.of(video.toString(), "two-live", false, false), sink,
                        new AtomicBoolean(), new IngestStats());
            }
            assertThat(collector.awaitComplete(Duration.ofMinutes(5))).isTrue();
            collector.close();
            t.join(10_000);
        }
        Map<Integer, List<EmotionEvent>> byTrack = new TreeMap<>();
        live.forEach(e -> byTrack.computeIfAbsent(e.getTrackId(), k -> new ArrayList<>()).add(e));
        assertThat(byTrack).as("two people, two tracks").hasSize(2);
        double best = Double.MAX_VALUE;
        for (List<EmotionEvent> track : byTrack.values()) {
            if (track.size() != offline.size()) {
                continue;
            }
            double worst = 0;
            for (EmotionEvent e : track) {
                float[] p = offline.get(e.getFirstFrameIndex());
                for (int k = 0; p != null && k < p.length; k++) {
                    worst = Math.max(worst, Math.abs(p[k] - e.getProbabilities().get(k)));
                }
                worst = p == null ? Double.MAX_VALUE : worst;
            }
            best = Math.min(best, worst);
        }
        assertThat(best).as("largest probability difference between training's windows and the live track's").isLessThan(1e-4);
        System.out.printf("training vs live, detected track: largest probability difference %.2e%n", best);
    }

    private static float[] mean(List<float[]> ps) {
        float[] m = new float[ps.get(0).length];
        for (float[] p : ps) {
            for (int k = 0; k < m.length; k++) {
                m[k] += p[k] / ps.size();
            }
        }
        return m;
    }

    /** Two labels, two 20-frame clips each: tight aligned crops of sample-photo faces drifting slightly. */
    static void makeClips(ModelStore store, Path root) throws Exception {
        String[][] plan = {{"a", "sample3.jpg", "1"}, {"a", "sample6.jpg", "0"}, {"b", "sample1.jpg", "0"}, {"b", "sample2.jpg", "1"}};
        try (FaceDetector det = new FaceDetector(store, FaceDetector.DetectorConfig.DEFAULT)) {
            for (int c = 0; c < plan.length; c++) {
                RgbImage photo = Images.decode(Files.readAllBytes(store.file(plan[c][1])));
                Detection face = det.detect(photo).stream().sorted(Comparator.comparingDouble(d -> d.box().x())).toList()
                        .get(Integer.parseInt(plan[c][2]));
                AlignedBox base = FaceAligner.align(face, 1.1f);
                Path clip = Files.createDirectories(root.resolve(plan[c][0]).resolve("S" + c + "_001"));
                for (int f = 0; f < 20; f++) {
                    AlignedBox moved = new AlignedBox(base.cx() + f * 0.5f, base.cy(), base.side(), base.angle());
                    ImageIO.write(Images.toBuffered(Images.warp(photo, moved, 112)), "png", clip.resolve(f + ".png").toFile());
                }
            }
        }
    }
}
