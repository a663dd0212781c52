package io.fer.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer.ingest.IngestConfig;
import io.fer.ingest.KafkaFrameSink;
import io.fer.ingest.StreamIngester;
import io.fer.ingest.pipeline.IngestStats;
import io.fer.ingest.source.SourceSpec;
import io.fer.launcher.Generators;
import io.fer.launcher.ModelsOptions;
import io.fer.launcher.runtime.SampleClip;
import io.fer.models.store.ModelStore;
import io.fer.models.tf.TfGraph;
import io.fer.schemas.AvroSerde;
import io.fer.schemas.ModalityEmbedding;
import io.fer.schemas.Topics;
import io.fer.schemas.kafka.EmbeddedKafkaBroker;
import io.fer.schemas.kafka.KafkaProps;
import io.fer.schemas.kafka.KafkaSettings;
import io.fer.schemas.kafka.TopicCreator;
import io.fer.schemas.kafka.TopicNames;
import io.fer.workers.Workers;
import io.fer.workers.modality.Modalities;
import io.fer.workers.stage.StageConfig;
import io.fer.workers.stage.StageLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * fer bench workers: face-frames/s through each worker stage and through all of them together (in-process broker),
 * against the model-only cost of the same models on the same faces, measured in the same run.
 */
@Command(name = "workers", mixinStandardHelpOptions = true,
        description = "Face-frames/s of each worker stage and of all together (embedded broker) vs the models alone, and the ratio.")
public final class BenchWorkersCommand implements Callable<Integer> {
    @Option(names = "--source", paramLabel = "FILE", description = "a video (default: the sample clip, 4 faces per frame)")
    String source;

    @Option(names = "--batch", defaultValue = "32", description = "faces per model call (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    @Option(names = "--repeat", defaultValue = "2",
            description = "the source is replayed as this many streams per measurement, to outweigh fixed per-round costs (default: ${DEFAULT-VALUE})")
    int repeat;

    @Mixin ModelsOptions models;

    @Override
    public Integer call() throws Exception {
        ModelStore store = Generators.checked(models.store());
        String src = source != null ? source : SampleClip.ensure(store).toString();
        TfGraph.TfOptions opts = TfGraph.TfOptions.DEFAULT;
        List<String> modalities = Modalities.BUILT_IN;

        // model-only: the generators' own calls (pre-processing + engine) on the same frames and faces
        ModelOnlyBound.Result bound = ModelOnlyBound.measure(store, src, modalities, batch, StageConfig.DEFAULT_DETECT_EVERY);
        Map<String, Double> modelSeconds = bound.seconds();
        int faceFrames = bound.faceFrames();
        double modelTotal = bound.totalSeconds();

        // the main stream's frame and face records, made once, replayed into each measurement
        List<byte[]> mainFrames;
        List<byte[]> mainFaces;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            String bootstrap = broker.bootstrapServers();
            TopicCreator.ensure(bootstrap, Topics.all(1, Modalities.BUILT_IN));
            ingest(bootstrap, src, "main", 0);
            runUntil(store, bootstrap, List.of(Workers.FACES), "main", List.of());
            mainFrames = values(bootstrap, Topics.FRAMES);
            mainFaces = values(bootstrap, Topics.FACES);
        }
        // each stage alone, then all together; each on a broker of its own, timed after a warm-up stream has gone
        // through (first model runs and group joins are not throughput), from the moment the main stream's input
        // records are published
        Map<String, Double> stageSeconds = new LinkedHashMap<>();
        stageSeconds.put(Workers.FACES, measure(store, src, false, List.of(Workers.FACES), List.of(), Topics.FRAMES, mainFrames));
        for (String m : modalities) {
            stageSeconds.put(m, measure(store, src, true, List.of(m), List.of(m), Topics.FACES, mainFaces));
        }
        List<String> all = new ArrayList<>(List.of(Workers.FACES));
        all.addAll(modalities);
        double allSeconds = measure(store, src, false, all, modalities, Topics.FRAMES, mainFrames);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("source", src);
        out.put("frames", bound.frames());
        out.put("face_frames", faceFrames);
        Map<String, Object> stages = new LinkedHashMap<>();
        for (String s : stageSeconds.keySet()) {
            Map<String, Object> st = new LinkedHashMap<>();
            st.put("face_frames_per_s", round(faceFrames / stageSeconds.get(s)));
            st.put("model_only_per_s", round(faceFrames / modelSeconds.get(s)));
            st.put("ratio", round3(modelSeconds.get(s) / stageSeconds.get(s)));
            stages.put(s, st);
        }
        out.put("stages", stages);
        out.put("face_frames_per_s", round(faceFrames / allSeconds));
        out.put("model_only_per_s", round(faceFrames / modelTotal));
        out.put("ratio", round3(modelTotal / allSeconds));
        if (json) {
            System.out.println(new ObjectMapper().writeValueAsString(out));
        } else {
            System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(out));
        }
        return 0;
    }

    /**
     * Seconds the timed stages take for the main stream, after a short warm-up stream (the source sampled to 2 fps)
     * has been through them.
     *
     * @param facesFirst run the face stage untimed on the warm-up stream first (the timed stages read faces)
     * @param awaited    modalities whose end markers end a stream; none: fer.faces' end-of-stream
     * @param inputTopic where the main stream's records are replayed
     */
    private double measure(ModelStore store, String src, boolean facesFirst, List<String> timed, List<String> awaited,
            String inputTopic, List<byte[]> mainRecords) throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            String bootstrap = broker.bootstrapServers();
            TopicCreator.ensure(bootstrap, Topics.all(1, Modalities.BUILT_IN));
            ingest(bootstrap, src, "warm-up", 2);
            if (facesFirst) {
                runUntil(store, bootstrap, List.of(Workers.FACES), "warm-up", List.of());
            }
            List<StageLoop> loops = Workers.build(timed, List.of(), store, new KafkaSettings(bootstrap, Map.of(), TopicNames.DEFAULT, "bench-"),
                    TfGraph.TfOptions.DEFAULT, batch, null);
            List<Thread> threads = start(loops);
            try (var producer = new KafkaProducer<String, byte[]>(KafkaProps.producer(bootstrap))) {
                awaitEnd(bootstrap, "warm-up", awaited);
                List<List<byte[]>> streams = new ArrayList<>();
                for (int k = 0; k < repeat; k++) {
                    streams.add(renamed(mainRecords, inputTopic, "main-" + k));
                }
                long t = System.nanoTime();
                for (int k = 0; k < repeat; k++) {
                    for (byte[] v : streams.get(k)) {
                        producer.send(new ProducerRecord<>(inputTopic, "main-" + k, v));
                    }
                }
                producer.flush();
                for (int k = 0; k < repeat; k++) {
                    awaitEnd(bootstrap, "main-" + k, awaited);
                }
                return (System.nanoTime() - t) / 1e9 / repeat; // seconds per copy of the source
            } finally {
                stop(loops, threads);
            }
        }
    }

    /** The records re-encoded under another stream id (the id travels inside the value too). */
    private static List<byte[]> renamed(List<byte[]> records, String topic, String streamId) {
        List<byte[]> out = new ArrayList<>();
        for (byte[] v : records) {
            if (topic.equals(Topics.FRAMES)) {
                var b = AvroSerde.frames().decode(v);
                b.setStreamId(streamId);
                out.add(AvroSerde.frames().encode(b));
            } else {
                var b = AvroSerde.faces().decode(v);
                b.setStreamId(streamId);
                out.add(AvroSerde.faces().encode(b));
            }
        }
        return out;
    }

    /** Every value on a topic (a broker that holds one stream). */
    private static List<byte[]> values(String bootstrap, String topic) {
        List<byte[]> out = new ArrayList<>();
        try (var c = new KafkaConsumer<String, byte[]>(KafkaProps.consumer(bootstrap, "bench-copy-" + System.nanoTime()))) {
            var tp = new TopicPartition(topic, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long end = c.endOffsets(List.of(tp)).get(tp);
            while (c.position(tp) < end) {
                c.poll(Duration.ofMillis(200)).forEach(r -> out.add(r.value()));
            }
        }
        return out;
    }

    private void runUntil(ModelStore store, String bootstrap, List<String> stages, String stream, List<String> awaited)
            throws Exception {
        List<StageLoop> loops = Workers.build(stages, List.of(), store, new KafkaSettings(bootstrap, Map.of(), TopicNames.DEFAULT, "prep-"),
                TfGraph.TfOptions.DEFAULT, batch, null);
        List<Thread> threads = start(loops);
        try {
            awaitEnd(bootstrap, stream, awaited);
        } finally {
            stop(loops, threads);
        }
    }

    private static void stop(List<StageLoop> loops, List<Thread> threads) throws InterruptedException {
        loops.forEach(StageLoop::close);
        for (Thread th : threads) {
            th.join(30_000);
        }
    }

    private static void ingest(String bootstrap, String src, String id, double fps) {
        try (KafkaFrameSink sink = new KafkaFrameSink(bootstrap)) {
            new StreamIngester(IngestConfig.DEFAULT.withFps(fps)).run(SourceSpec.of(src, id, false, false), sink,
                    new AtomicBoolean(), new IngestStats());
        }
    }

    private static List<Thread> start(List<StageLoop> loops) {
        List<Thread> threads = new ArrayList<>();
        for (StageLoop l : loops) {
            Thread th = new Thread(l, "bench-stage");
            th.start();
            threads.add(th);
        }
        return threads;
    }

    /** Until the stream's end has come out of fer.faces (no modalities) or of every awaited modality topic. */
    private static void awaitEnd(String bootstrap, String stream, List<String> modalities) {
        List<String> topics = modalities.isEmpty() ? List.of(Topics.FACES) : modalities.stream().map(Topics::embedding).toList();
        Set<String> done = new HashSet<>();
        try (var c = new KafkaConsumer<String, byte[]>(KafkaProps.consumer(bootstrap, "bench-wait-" + System.nanoTime()))) {
            c.subscribe(topics);
            long deadline = System.currentTimeMillis() + 30 * 60_000;
            while (done.size() < topics.size()) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("stream " + stream + " did not finish");
                }
                for (var r : c.poll(Duration.ofMillis(100))) {
                    if (!stream.equals(r.key())) {
                        continue;
                    }
                    if (r.topic().equals(Topics.FACES)) {
                        if (AvroSerde.faces().decode(r.value()).getEndOfStream()) {
                            done.add(r.topic());
                        }
                    } else {
                        ModalityEmbedding e = AvroSerde.embeddings().decode(r.value());
                        if (e.getEndOfTrack()) {
                            done.add(r.topic()); // one end marker per modality, after the stream's last vectors
                        }
                    }
                }
            }
        }
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

}
