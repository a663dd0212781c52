package io.fer.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.fer.launcher.process.KafkaProcess;
import io.fer.launcher.process.OsProcess;
import io.fer.launcher.process.StreamEvents;
import io.fer.launcher.runtime.DefaultModel;
import io.fer.models.store.ModelStore;
import io.fer.models.temporal.ModelMetadata;
import io.fer.schemas.AvroSerde;
import io.fer.schemas.EmotionEvent;
import io.fer.schemas.FaceBatch;
import io.fer.schemas.Topics;
import io.fer.testing.MetricsScrape;
import io.fer.testing.TestModels;
import io.fer.testing.TopicRecords;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 3-broker KRaft cluster (three OS processes): `fer topics create` gives every topic 3 replicas and min ISR 2; two
 * `fer worker` processes of the same stages share the 4 partitions; `fer classify` runs beside them. Four streams go
 * in at once, one broker is killed with SIGKILL in mid-stream, and still every frame reaches fer.faces once, every face
 * gets one expression vector, and every stream's events come out complete and without duplicates.
 */
class KafkaClusterITCase {
    private static final int FRAMES = 150; // 6 s paced, per stream
    private static final int PARTITIONS = 4;

    @Test
    void twoWorkersShareThePartitionsAndABrokerDiesWithoutLoss(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir) throws Exception {
        ModelStore store = TestModels.store();
        Path model = DefaultModel.ensure(store, msg -> {});
        Path clip = TestClips.twoPeople(store, dir.resolve("clip.mp4"), FRAMES);
        List<KafkaProcess> brokers = KafkaProcess.cluster(dir.resolve("kafka"), 3);
        try {
            String b = brokers.get(0).bootstrap();
            List<String> jvm = List.of("-Xmx1500m");
            OsProcess topics = OsProcess.java("topics", dir, jvm, "io.fer.launcher.Fer", List.of("topics", "create", "--bootstrap", b,
                    "--partitions", Integer.toString(PARTITIONS), "--modalities", String.join(",", ModelMetadata.read(model).modalities().stream().map(ModelMetadata.Modality::name).toList())));
            assertThat(topics.awaitExit(Duration.ofMinutes(2))).as(topics.tail()).isZero();
            assertReplicated(b);

            List<String> worker = List.of("worker", "--stage", "model", "--bootstrap", b, "--metrics-port", "0",
                    "--metrics-host", "127.0.0.1");
            List<OsProcess> workers = new ArrayList<>();
            for (String id : List.of("w1", "w2")) {
                List<String> args = new ArrayList<>(worker);
                args.addAll(List.of("--instance-id", id));
                workers.add(OsProcess.java("worker-" + id, dir, jvm, "io.fer.launcher.Fer", args));
            }
            OsProcess classifier = OsProcess.java("classify", dir, jvm, "io.fer.launcher.Fer", List.of("classify", "--bootstrap", b,
                    "--model", model.toString(), "--state-dir", dir.resolve("state").toString(), "--checkpoint-interval", "1s",
                    "--rest-port", "0"));
            try {
                List<String> streams = onePerPartition();
                List<Thread> ingests = new ArrayList<>();
                for (String s : streams) {
                    Thread t = new Thread(() -> FaultToleranceITCase.ingest(b, clip, s));
                    t.start();
                    ingests.add(t);
                }
                Thread.sleep(3000);
                brokers.get(2).process().kill9(); // mid-stream: the streams are 6 s long and the stages lag behind them
                for (Thread t : ingests) {
                    t.join(120_000);
                }
                for (String s : streams) {
                    List<EmotionEvent> events = StreamEvents.readComplete(b, s, Duration.ofMinutes(6));
                    assertThat(StreamEvents.byWindow(events)).as(s + ": no duplicate events").hasSize(events.size());
                    assertThat(events.stream().filter(e -> !e.getEndOfTrack()).count()).as(s + ": windows")
                            .isGreaterThan(2L * (FRAMES - 16) / 4);
                    assertEveryFrameAndFaceOnce(b, s);
                }
                assertSameFacesPartitionsInEveryGroup(b, ModelMetadata.read(model).modalities().stream()
                        .map(ModelMetadata.Modality::name).toList());
                for (OsProcess w : workers) {
                    String scrape = scrape(w);
                    double decodes = MetricsScrape.value(scrape, "fer_crop_decodes_total{input=\"face_crop\"}").orElse(0);
                    double requests = MetricsScrape.value(scrape, "fer_crop_decode_requests_total{input=\"face_crop\"}").orElse(0);
                    System.out.printf("KafkaClusterITCase: %s decoded %.0f face crops for %.0f requests%n", w.log().getFileName(),
                            decodes, requests);
                    // 3 readers of each face crop in a process: 1/3 when they share every decode
                    assertThat(decodes).as(w.tail()).isPositive().isLessThanOrEqualTo(0.75 * requests);
                    assertThat(MetricsScrape.value(scrape, FACES_RECORDS).orElse(0)).as(w.tail()).isGreaterThan(0);
                    assertThat(w.alive()).as(w.tail()).isTrue();
                }
                assertThat(classifier.alive()).as(classifier.tail()).isTrue();
                // SIGTERM: the worker commits its round, leaves its group and exits 0 within 10 s
                long t0 = System.currentTimeMillis();
                assertThat(workers.get(0).terminate()).as(workers.get(0).tail()).isZero();
                assertThat(System.currentTimeMillis() - t0).isLessThan(10_000);
            } finally {
                for (OsProcess w : workers) {
                    w.close();
                }
                classifier.close();
            }
        } finally {
            for (KafkaProcess k : brokers) {
                k.close();
            }
        }
    }

    /** Stream ids whose records land on partitions 0..3 (Kafka's default partitioner: murmur2 of the key). */
    static List<String> onePerPartition() {
        String[] byPartition = new String[PARTITIONS];
        for (int i = 0, found = 0; found < PARTITIONS; i++) {
            String id = "s" + i;
            int p = Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
            if (byPartition[p] == null) {
                byPartition[p] = id;
                found++;
            }
        }
        return List.of(byPartition);
    }

    private static void assertReplicated(String b) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, b))) {
            Map<String, TopicDescription> d = admin.describeTopics(List.of(Topics.FRAMES, Topics.EMOTIONS, Topics.embedding("expression")))
                    .allTopicNames().get();
            for (TopicDescription t : d.values()) {
                assertThat(t.partitions()).as(t.name()).hasSize(PARTITIONS);
                assertThat(t.partitions()).as(t.name()).allMatch(p -> p.replicas().size() == 3);
            }
            var cfg = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, Topics.FRAMES))).all().get();
            assertThat(cfg.values().iterator().next().get("min.insync.replicas").value()).isEqualTo("2");
        }
    }

    /** fer.faces has every frame of the stream exactly once; fer.emb.expression one vector per face. */
    static void assertEveryFrameAndFaceOnce(String b, String stream) {
        List<FaceBatch> batches = readAll(b, Topics.FACES, stream, v -> AvroSerde.faces().decode(v));
        List<Long> frames = new ArrayList<>();
        Set<String> faces = new HashSet<>();
        batches.forEach(x -> x.getFrames().forEach(f -> {
            frames.add(f.getFrameIndex());
            f.getFaces().forEach(face -> faces.add(face.getTrackId() + "/" + f.getFrameIndex()));
        }));
        assertThat(frames).as(stream + ": every frame in fer.faces once").hasSize(FRAMES).doesNotHaveDuplicates();
        List<String> vectors = readAll(b, Topics.embedding("expression"), stream, v -> AvroSerde.embeddings().decode(v)).stream()
                .filter(e -> !e.getProgress() && !e.getEndOfTrack()).map(e -> e.getTrackId() + "/" + e.getFrameIndex()).toList();
        assertThat(vectors).as(stream + ": one expression vector per face").doesNotHaveDuplicates();
        assertThat(new HashSet<>(vectors)).as(stream).isEqualTo(faces);
    }

    private static <T> List<T> readAll(String b, String topic, String stream, Function<byte[], T> decode) {
        return TopicRecords.upToEnd(b, topic, "read_committed").stream().filter(r -> stream.equals(r.key()))
                .map(r -> decode.apply(r.value())).toList();
    }

    /**
     * Each worker holds the same fer.faces partitions in every modality's group, so the stages of one process read the
     * same crops and share their decodes (their consumers' client ids end in the worker's instance id).
     */
    private static void assertSameFacesPartitionsInEveryGroup(String b, List<String> modalities) throws Exception {
        List<String> groups = modalities.stream().map(m -> "fer-" + m).toList();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, b))) {
            long deadline = System.currentTimeMillis() + 60_000;
            Map<String, Map<String, Set<Integer>>> byWorker;
            boolean stable;
            do {
                Map<String, ConsumerGroupDescription> described = admin.describeConsumerGroups(groups).all().get();
                stable = described.values().stream().allMatch(g -> g.groupState() == GroupState.STABLE && g.members().size() == 2);
                byWorker = new TreeMap<>();
                for (ConsumerGroupDescription g : described.values()) {
                    for (MemberDescription m : g.members()) {
                        byWorker.computeIfAbsent(m.clientId().substring(m.clientId().lastIndexOf('-') + 1), k -> new TreeMap<>())
                                .put(g.groupId(), m.assignment().topicPartitions().stream().map(TopicPartition::partition)
                                        .collect(Collectors.toCollection(TreeSet::new)));
                    }
                }
                if (!stable) {
                    Thread.sleep(1000);
                }
            } while (!stable && System.currentTimeMillis() < deadline);
            assertThat(stable).as("every modality's group stable with both workers: " + byWorker).isTrue();
            assertThat(byWorker).as("members named after their worker").containsOnlyKeys("w1", "w2");
            for (var worker : byWorker.entrySet()) {
                assertThat(worker.getValue()).as(worker.getKey() + ": a member in every group").containsOnlyKeys(groups);
                assertThat(new HashSet<>(worker.getValue().values())).as(worker.getKey() + ": the same partitions in every group: "
                        + worker.getValue()).hasSize(1).allMatch(ps -> ps.size() == PARTITIONS / 2);
            }
        }
    }

    /** The series of fer.frames records a worker's face stage committed. */
    private static final String FACES_RECORDS = "fer_stage_records_total{stage=\"faces\"}";

    /** The worker's own count of fer.frames records its face stage committed, from its metrics endpoint. */
    static double facesProcessed(OsProcess worker) throws Exception {
        return MetricsScrape.value(scrape(worker), FACES_RECORDS).orElse(0);
    }

    /** The worker's metrics endpoint, as its log names it. */
    private static String scrape(OsProcess worker) throws Exception {
        Matcher m = Pattern.compile("metrics on (http://\\S+/metrics)").matcher(Files.readString(worker.log()));
        assertThat(m.find()).as(worker.tail()).isTrue();
        assertThat(m.group(1)).startsWith("http://127.0.0.1:");
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(m.group(1))).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
