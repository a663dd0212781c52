package io.fer.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.fer.ingest.IngestConfig;
import io.fer.ingest.KafkaFrameSink;
import io.fer.ingest.StreamIngester;
import io.fer.ingest.pipeline.IngestStats;
import io.fer.ingest.source.SourceSpec;
import io.fer.launcher.runtime.SampleClip;
import io.fer.models.store.ModelStore;
import io.fer.models.tf.TfGraph;
import io.fer.schemas.AvroSerde;
import io.fer.schemas.DeadLetter;
import io.fer.schemas.Face;
import io.fer.schemas.FaceBatch;
import io.fer.schemas.FaceFrame;
import io.fer.schemas.ModalityEmbedding;
import io.fer.schemas.Topics;
import io.fer.schemas.kafka.EmbeddedKafkaBroker;
import io.fer.schemas.kafka.KafkaProps;
import io.fer.schemas.kafka.KafkaSettings;
import io.fer.schemas.kafka.TopicCreator;
import io.fer.schemas.kafka.TopicNames;
import io.fer.testing.MetricsScrape;
import io.fer.testing.TestModels;
import io.fer.workers.Workers;
import io.fer.workers.image.Box;
import io.fer.workers.image.Images;
import io.fer.workers.image.RgbImage;
import io.fer.workers.modality.ExpressionModality;
import io.fer.workers.modality.Modalities;
import io.fer.workers.stage.MetricsServer;
import io.fer.workers.stage.ModalityStage;
import io.fer.workers.stage.RecordProcessor;
import io.fer.workers.stage.StageInput;
import io.fer.workers.stage.StageLoop;
import io.fer.workers.stage.StageOutput;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workers on the in-process broker with the real models: a panning video of two real people (from a group
 * photo of the sample package) through the face stage and every modality stage.
 */
class WorkersITCase {
    private static final int FRAMES = 40;
    private static EmbeddedKafkaBroker broker;
    private static ModelStore store;

    @BeforeAll
    static void start() {
        broker = EmbeddedKafkaBroker.start();
        store = TestModels.store();
        TopicCreator.ensure(broker.bootstrapServers(), Topics.all(1, Modalities.BUILT_IN));
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void twoPeopleGetTwoStableTracksAndEveryModalityOneEmbeddingPerTrackAndFrame(@TempDir Path dir) throws Exception {
        ingest(twoPeople(dir.resolve("two.mp4")), "two");
        List<StageLoop> loops;
        try (MetricsServer metrics = new MetricsServer(0)) {
            loops = Workers.build(Workers.expand(List.of("all")), List.of(), store, KafkaSettings.of(broker.bootstrapServers()),
                    TfGraph.TfOptions.DEFAULT, 32, metrics.registry());
            List<Thread> threads = start(loops);
            try {
                List<FaceBatch> faces = read(Topics.FACES, "two", r -> AvroSerde.faces().decode(r.value()), FaceBatch::getEndOfStream);
                Map<Integer, Integer> framesPerTrack = new HashMap<>();
                Set<String> trackFrames = new HashSet<>();
                for (FaceBatch b : faces) {
                    for (FaceFrame f : b.getFrames()) {
                        for (Face face : f.getFaces()) {
                            framesPerTrack.merge(face.getTrackId(), 1, Integer::sum);
                            trackFrames.add(face.getTrackId() + "/" + f.getFrameIndex());
                        }
                    }
                }
                List<Integer> counts = framesPerTrack.values().stream().sorted((a, b) -> b - a).toList();
                assertThat(counts.size()).as("tracks " + framesPerTrack).isGreaterThanOrEqualTo(2);
                assertThat(counts.get(0)).isGreaterThanOrEqualTo((int) Math.ceil(FRAMES * 0.95));
                assertThat(counts.get(1)).isGreaterThanOrEqualTo((int) Math.ceil(FRAMES * 0.95));

                for (String modality : Modalities.BUILT_IN) {
                    List<ModalityEmbedding> emb = read(Topics.embedding(modality), "two",
                            r -> AvroSerde.embeddings().decode(r.value()), ModalityEmbedding::getEndOfTrack, Integer.MAX_VALUE);
                    Set<String> got = new HashSet<>();
                    for (ModalityEmbedding e : emb) {
                        if (!e.getEndOfTrack() && !e.getProgress()) {
                            assertThat(got.add(e.getTrackId() + "/" + e.getFrameIndex())).as(modality + " duplicate").isTrue();
                        }
                    }
                    assertThat(got).as(modality).isEqualTo(trackFrames);
                    // one end marker for the stream, after its last vectors and progress markers; progress only moves on
                    assertThat(emb.get(emb.size() - 1).getEndOfTrack()).isTrue();
                    assertThat(emb.get(emb.size() - 1).getTracksInStream()).isEqualTo(framesPerTrack.size());
                    assertThat(emb.stream().filter(ModalityEmbedding::getProgress).map(ModalityEmbedding::getFrameIndex).toList())
                            .isSorted().last().isEqualTo((long) FRAMES - 1);
                }
                String scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + metrics.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
                assertThat(scrape).contains("fer_stage_items_total{stage=\"appearance\"}").contains("fer_model_batch_size")
                        .contains("fer_stage_latency_seconds_bucket").contains("fer_stage_consumer_lag");
                // expression, appearance, geometry and faceapi read the face crops and share their decodes: 160 of
                // 400 here (a crop taken by all four is decoded once; the slowest stage decodes its own past 16 MB behind)
                double decodes = metric(scrape, "fer_crop_decodes_total{input=\"face_crop\"}");
                double requests = metric(scrape, "fer_crop_decode_requests_total{input=\"face_crop\"}");
                assertThat(requests).as("crops asked for").isGreaterThanOrEqualTo(4.0 * trackFrames.size());
                assertThat(decodes).as("crops decoded").isGreaterThanOrEqualTo(trackFrames.size()).isLessThanOrEqualTo(0.75 * requests);
            } finally {
                loops.forEach(StageLoop::close);
                join(threads);
            }
        }
    }

    @Test
    void aWorkerThatCrashesMidRoundIsReplacedAndNoFrameLosesItsEmbeddings(@TempDir Path dir) throws Exception {
        ingest(twoPeople(dir.resolve("crash.mp4")), "crash");
        List<StageLoop> faces = Workers.build(List.of(Workers.FACES), List.of(), store, KafkaSettings.of(broker.bootstrapServers()),
                TfGraph.TfOptions.DEFAULT, 32, null);
        List<Thread> faceThreads = start(faces);
        try {
            List<FaceBatch> batches = read(Topics.FACES, "crash", r -> AvroSerde.faces().decode(r.value()), FaceBatch::getEndOfStream);
            Set<String> expected = new HashSet<>();
            batches.forEach(b -> b.getFrames().forEach(f -> f.getFaces().forEach(x -> expected.add(x.getTrackId() + "/" + f.getFrameIndex()))));

            // first worker: dies after producing part of its second round, before committing it
            AtomicInteger rounds = new AtomicInteger();
            ModalityStage real = new ModalityStage(new ExpressionModality(store, TfGraph.TfOptions.DEFAULT), 32, null);
            RecordProcessor crashing = new RecordProcessor() {
                @Override
                public List<StageOutput> process(StageInput r) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public List<StageOutput> processAll(String stage, List<StageInput> rs) {
                    if (rounds.incrementAndGet() == 2) {
                        // an Error, as a crash: an exception would be taken for a bad record and dead-lettered
                        throw new Error("worker killed mid-round");
                    }
                    return real.processAll(stage, rs);
                }

                @Override
                public void close() {
                    real.close();
                }
            };
            StageLoop first = new StageLoop("expression", KafkaSettings.of(broker.bootstrapServers()), Topics.FACES, crashing, null, 2, 0);
            Thread t1 = new Thread(first);
            t1.start();
            t1.join(120_000);
            assertThat(first.failure()).hasMessageContaining("killed");

            StageLoop second = Workers.build(List.of("expression"), List.of(), store, KafkaSettings.of(broker.bootstrapServers()),
                    TfGraph.TfOptions.DEFAULT, 32, null).get(0);
            List<Thread> t2 = start(List.of(second));
            try {
                List<ModalityEmbedding> emb = read(Topics.embedding("expression"), "crash",
                        r -> AvroSerde.embeddings().decode(r.value()), e -> false, expected.size() + 2);
                Set<String> got = new HashSet<>();
                emb.stream().filter(e -> !e.getEndOfTrack() && !e.getProgress()).forEach(e -> got.add(e.getTrackId() + "/" + e.getFrameIndex()));
                assertThat(got).containsAll(expected);
            } finally {
                second.close();
                join(t2);
            }
        } finally {
            faces.forEach(StageLoop::close);
            join(faceThreads);
        }
    }

    @Test
    void aModelExceptionOnOneRecordDeadLettersThatRecordAndTheStageGoesOn(@TempDir Path dir) throws Exception {
        ingest(twoPeople(dir.resolve("poison.mp4")), "poison");
        List<StageLoop> faces = Workers.build(List.of(Workers.FACES), List.of(), store, KafkaSettings.of(broker.bootstrapServers()),
                TfGraph.TfOptions.DEFAULT, 32, null);
        List<Thread> faceThreads = start(faces);
        try {
            List<FaceBatch> batches = read(Topics.FACES, "poison", r -> AvroSerde.faces().decode(r.value()), FaceBatch::getEndOfStream);
            Set<String> expected = new HashSet<>();
            batches.stream().filter(b -> b.getBatchSeq() != 2).forEach(b -> b.getFrames()
                    .forEach(f -> f.getFaces().forEach(x -> expected.add(x.getTrackId() + "/" + f.getFrameIndex()))));

            // the model throws whenever the poisoned batch is among its inputs, as a model does on an input it cannot take
            ModalityStage real = new ModalityStage(new ExpressionModality(store, TfGraph.TfOptions.DEFAULT), 32, null);
            RecordProcessor poisoned = new RecordProcessor() {
                @Override
                public List<StageOutput> process(StageInput r) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public List<StageOutput> processAll(String stage, List<StageInput> rs) {
                    for (StageInput r : rs) {
                        FaceBatch b = AvroSerde.faces().decode(r.value());
                        if ("poison".equals(r.key()) && b.getBatchSeq() == 2) {
                            throw new IllegalStateException("model failed on this input");
                        }
                    }
                    return real.processAll(stage, rs);
                }

                @Override
                public void close() {
                    real.close();
                }
            };
            KafkaSettings own = new KafkaSettings(broker.bootstrapServers(), Map.of(), TopicNames.DEFAULT, "poison-");
            StageLoop loop = new StageLoop("expression", own, Topics.FACES, poisoned, null, 16, 20, own.group("expression"), "p1");
            List<Thread> t = start(List.of(loop));
            try {
                List<ModalityEmbedding> emb = read(Topics.embedding("expression"), "poison",
                        r -> AvroSerde.embeddings().decode(r.value()), ModalityEmbedding::getEndOfTrack);
                List<String> got = emb.stream().filter(e -> !e.getEndOfTrack() && !e.getProgress())
                        .map(e -> e.getTrackId() + "/" + e.getFrameIndex()).toList();
                assertThat(got).as("every face of the other batches once").doesNotHaveDuplicates();
                assertThat(new HashSet<>(got)).isEqualTo(expected);
                List<DeadLetter> dead = read(Topics.DLQ, "poison", r -> AvroSerde.deadLetters().decode(r.value()), d -> false, 1);
                assertThat(dead).hasSize(1);
                assertThat(dead.get(0).getReason()).contains("model failed on this input");
                assertThat(dead.get(0).getSourceTopic()).isEqualTo(Topics.FACES);
                assertThat(loop.failure()).isNull();
            } finally {
                loop.close();
                join(t);
            }
        } finally {
            faces.forEach(StageLoop::close);
            join(faceThreads);
        }
    }

    // ---- helpers

    /** 640x480, 25 fps: the two women on the right of sample6 (faces ~180 px), the camera panning and zooming slowly. */
    static Path twoPeople(Path out) throws Exception {
        RgbImage photo = Images.decode(Files.readAllBytes(store.file("sample6.jpg")));
        SampleClip.record(out, 640, 480, 25, FRAMES, i -> {
            float zoom = 1 - 0.1f * i / FRAMES;
            float w = 800 * zoom;
            float h = w * 3 / 4;
            Box region = new Box(1040 + i * 2 + (800 - w) / 2, 150 + (600 - h) / 2, w, h);
            return Images.toBuffered(Images.crop(photo, region, 640, 480));
        });
        return out;
    }

    private static double metric(String scrape, String series) {
        return MetricsScrape.value(scrape, series).orElseThrow(() -> new AssertionError(series + " not in the scrape"));
    }

    private static void ingest(Path video, String id) {
        try (KafkaFrameSink sink = new KafkaFrameSink(broker.bootstrapServers())) {
            new StreamIngester(IngestConfig.DEFAULT).run(SourceSpec.of(video.toString(), id, false, false), sink,
                    new AtomicBoolean(), new IngestStats());
        }
    }

    private static List<Thread> start(List<StageLoop> loops) {
        List<Thread> threads = new ArrayList<>();
        for (StageLoop l : loops) {
            Thread t = new Thread(l);
            t.start();
            threads.add(t);
        }
        return threads;
    }

    private static void join(List<Thread> threads) throws InterruptedException {
        for (Thread t : threads) {
            t.join(30_000);
        }
    }

    private static <T> List<T> read(String topic, String key, Function<ConsumerRecord<String, byte[]>, T> decode,
            Predicate<T> last) {
        return read(topic, key, decode, last, Integer.MAX_VALUE);
    }

    /** The key's records until one matches last, or until at least atLeast arrived and no more come. */
    private static <T> List<T> read(String topic, String key, Function<ConsumerRecord<String, byte[]>, T> decode,
            Predicate<T> last, int atLeast) {
        List<T> out = new ArrayList<>();
        try (var c = new KafkaConsumer<String, byte[]>(KafkaProps.consumer(broker.bootstrapServers(), "t-" + topic + key + System.nanoTime()))) {
            c.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 240_000;
            long quietSince = System.currentTimeMillis();
            while (System.currentTimeMillis() < deadline) {
                boolean any = false;
                for (var r : c.poll(Duration.ofMillis(300))) {
                    if (key.equals(r.key())) {
                        T v = decode.apply(r);
                        out.add(v);
                        any = true;
                        if (last.test(v)) {
                            return out;
                        }
                    }
                }
                if (any) {
                    quietSince = System.currentTimeMillis();
                } else if (out.size() >= atLeast && System.currentTimeMillis() - quietSince > 3_000) {
                    return out;
                }
            }
        }
        throw new AssertionError("only " + out.size() + " records of " + key + " on " + topic);
    }
}
