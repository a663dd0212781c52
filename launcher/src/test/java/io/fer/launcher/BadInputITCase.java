package io.fer.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.fer.launcher.process.OsProcess;
import io.fer.launcher.process.StreamEvents;
import io.fer.launcher.runtime.DefaultModel;
import io.fer.launcher.runtime.EmbeddedStack;
import io.fer.launcher.runtime.SampleClip;
import io.fer.models.store.ModelStore;
import io.fer.models.temporal.ModelMetadata;
import io.fer.schemas.AvroSerde;
import io.fer.schemas.DeadLetter;
import io.fer.schemas.EmotionEvent;
import io.fer.schemas.Face;
import io.fer.schemas.FaceBatch;
import io.fer.schemas.FaceFrame;
import io.fer.schemas.Frame;
import io.fer.schemas.FrameBatch;
import io.fer.schemas.ModalityEmbedding;
import io.fer.schemas.Topics;
import io.fer.testing.TestModels;
import io.fer.testing.TopicRecords;
import io.fer.workers.Workers;
import io.fer.workers.image.Images;
import io.fer.workers.image.RgbImage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad-input suite: garbage written by a third-party client (kcat) into fer.frames, fer.faces and
 * fer.emb.expression ends in fer.dlq with its reason and origin, and no stage stops; bad videos and bad model
 * directories get a clear one-line error and a non-zero status. A good stream sent after all of it still gets every
 * event.
 */
class BadInputITCase {
    @TempDir
    static Path dir;
    private static ModelStore store;
    private static Path model;
    private static EmbeddedStack stack;

    @BeforeAll
    static void start() throws Exception {
        store = TestModels.store();
        model = DefaultModel.ensure(store, msg -> {});
        stack = EmbeddedStack.forModel(store, model).start();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    record Case(String name, String topic, byte[] value, int deadLetters, String reason) {}

    @Test
    void garbageRecordsGoToTheDeadLetterTopicAndAGoodStreamStillGetsEveryEvent() throws Exception {
        List<Case> cases = new ArrayList<>();
        byte[] photo = Files.readAllBytes(store.file("sample1.jpg"));
        byte[] random = new byte[2000];
        new Random(7).nextBytes(random);
        byte[] huge = ImageHeaderPatch.declare(Images.encodeJpeg(new RgbImage(16, 16, new byte[16 * 16 * 3]), 0.9f), 60000, 60000);
        byte[] frames = AvroSerde.frames().encode(frameBatch("f-ok", photo));
        byte[] faces = AvroSerde.faces().encode(faceBatch("e-ok", photo));
        byte[] vector = AvroSerde.embeddings().encode(embedding("c-ok", "expression", 0, new float[dim()]));

        // the face stage (fer.frames)
        cases.add(new Case("frames: null value", Topics.FRAMES, null, 1, "null value"));
        cases.add(new Case("frames: text", Topics.FRAMES, "hello".getBytes(StandardCharsets.UTF_8), 1, "not a FrameBatch"));
        cases.add(new Case("frames: truncated", Topics.FRAMES, Arrays.copyOf(frames, frames.length / 2), 1, "not a FrameBatch"));
        cases.add(new Case("frames: bad magic", Topics.FRAMES, magic(frames), 1, "not a FrameBatch"));
        cases.add(new Case("frames: unknown fingerprint", Topics.FRAMES, fingerprint(frames), 1, "not a FrameBatch"));
        cases.add(new Case("frames: another schema", Topics.FRAMES, vector, 1, "not a FrameBatch"));
        cases.add(new Case("frames: undecodable image", Topics.FRAMES, AvroSerde.frames().encode(frameBatch("f1", random)), 1, "undecodable"));
        cases.add(new Case("frames: zero-byte image", Topics.FRAMES, AvroSerde.frames().encode(frameBatch("f2", new byte[0])), 1, "frame 0"));
        cases.add(new Case("frames: absurd image size", Topics.FRAMES, AvroSerde.frames().encode(frameBatch("f3", huge)), 1, "60000x60000"));
        cases.add(new Case("frames: two bad frames beside a good one", Topics.FRAMES,
                AvroSerde.frames().encode(frameBatch("f4", random, photo, huge)), 2, "stream f4"));
        // a modality stage (fer.faces)
        int faceReaders = Workers.stagesOf(model).size() - 1; // every modality stage of the model reads fer.faces and dead-letters
        cases.add(new Case("faces: null value", Topics.FACES, null, faceReaders, "null value"));
        cases.add(new Case("faces: text", Topics.FACES, "{\"json\":1}".getBytes(StandardCharsets.UTF_8), faceReaders, "not a FaceBatch"));
        cases.add(new Case("faces: truncated", Topics.FACES, Arrays.copyOf(faces, faces.length - 7), faceReaders, "not a FaceBatch"));
        cases.add(new Case("faces: unknown fingerprint", Topics.FACES, fingerprint(faces), faceReaders, "not a FaceBatch"));
        cases.add(new Case("faces: another schema", Topics.FACES, frames, faceReaders, "not a FaceBatch"));
        cases.add(new Case("faces: undecodable crop", Topics.FACES, AvroSerde.faces().encode(faceBatch("e1", random)), faceReaders, "crop of track"));
        cases.add(new Case("faces: empty crop", Topics.FACES, AvroSerde.faces().encode(faceBatch("e2", new byte[0])), faceReaders, "crop of track"));
        cases.add(new Case("faces: absurd crop size", Topics.FACES, AvroSerde.faces().encode(faceBatch("e3", huge)), faceReaders, "60000x60000"));
        // the classifier (fer.emb.expression)
        String emb = Topics.embedding("expression");
        float[] nan = new float[dim()];
        nan[3] = Float.NaN;
        float[] inf = new float[dim()];
        inf[0] = Float.NEGATIVE_INFINITY;
        cases.add(new Case("embeddings: null value", emb, null, 1, "null value"));
        cases.add(new Case("embeddings: text", emb, "1,2,3".getBytes(StandardCharsets.UTF_8), 1, "not a ModalityEmbedding"));
        cases.add(new Case("embeddings: truncated", emb, Arrays.copyOf(vector, vector.length - 100), 1, "not a ModalityEmbedding"));
        cases.add(new Case("embeddings: bad magic", emb, magic(vector), 1, "not a ModalityEmbedding"));
        cases.add(new Case("embeddings: another schema", emb, faces, 1, "not a ModalityEmbedding"));
        cases.add(new Case("embeddings: wrong size", emb, AvroSerde.embeddings().encode(embedding("c1", "expression", 0, new float[5])), 1, "5 values"));
        cases.add(new Case("embeddings: NaN", emb, AvroSerde.embeddings().encode(embedding("c2", "expression", 0, nan)), 1, "NaN"));
        cases.add(new Case("embeddings: infinity", emb, AvroSerde.embeddings().encode(embedding("c3", "expression", 0, inf)), 1, "Infinity"));
        cases.add(new Case("embeddings: unknown modality", emb, AvroSerde.embeddings().encode(embedding("c4", "pose", 0, new float[3])), 1,
                "unknown modality 'pose'"));
        cases.add(new Case("embeddings: negative frame", emb, AvroSerde.embeddings().encode(embedding("c5", "expression", -3, new float[dim()])),
                1, "frame -3"));
        cases.add(new Case("embeddings: no stream id", emb, AvroSerde.embeddings().encode(embedding("", "expression", 0, new float[dim()])), 1,
                "no stream id"));

        Map<String, Long> before = deadLettersBySource();
        for (int i = 0; i < cases.size(); i++) {
            kcat(cases.get(i).topic(), "bad-" + i, cases.get(i).value());
        }
        // a good stream after all of it
        FaultToleranceITCase.ingest(stack.bootstrap(), SampleClip.ensure(store), "good");
        List<EmotionEvent> events = StreamEvents.readComplete(stack.bootstrap(), "good", Duration.ofMinutes(4));
        assertThat(events).as("the good stream's events").anyMatch(e -> !e.getEndOfTrack());
        assertThat(StreamEvents.byWindow(events)).hasSize(events.size());
        assertThat(stack.stageFailure()).as("every stage still runs").isNull();

        List<DeadLetter> letters = readDeadLetters();
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            String key = "bad-" + i;
            List<DeadLetter> mine = letters.stream().filter(d -> key.equals(d.getStreamId())).toList();
            assertThat(mine).as(c.name() + ": dead letters " + mine).hasSize(c.deadLetters());
            for (DeadLetter d : mine) {
                assertThat(d.getReason()).as(c.name()).contains(c.reason());
                assertThat(d.getSourceTopic()).as(c.name()).isEqualTo(c.topic());
                assertThat(d.getSourceOffset()).as(c.name()).isGreaterThanOrEqualTo(0);
            }
        }
        assertThat(before).isEmpty();
        System.out.println("BadInputITCase: " + cases.size() + " garbage records, " + letters.size() + " dead letters");
    }

    @Test
    void badVideosFailWithOneClearLine() throws Exception {
        Path zero = Files.createFile(dir.resolve("zero.mp4"));
        Path corrupt = dir.resolve("corrupt.mp4");
        byte[] junk = new byte[50_000];
        new Random(3).nextBytes(junk);
        Files.write(corrupt, junk);
        Path audio = dir.resolve("audio-only.m4a");
        ffmpeg("-f", "lavfi", "-i", "sine=frequency=440:duration=1", "-c:a", "aac", audio.toString());
        Path full = dir.resolve("full.mkv");
        ffmpeg("-f", "lavfi", "-i", "testsrc=size=320x240:rate=25", "-frames:v", "100", "-c:v", "libvpx", "-b:v", "400k", full.toString());
        Path truncated = dir.resolve("truncated.mkv");
        byte[] all = Files.readAllBytes(full);
        Files.write(truncated, Arrays.copyOf(all, all.length / 2));
        Path uhd = dir.resolve("8k.avi");
        ffmpeg("-f", "lavfi", "-i", "testsrc=size=7680x4320:rate=5", "-frames:v", "3", "-c:v", "mjpeg", "-q:v", "5", uhd.toString());

        assertFails(List.of("ingest", "--bootstrap", stack.bootstrap(), "--source", dir.resolve("missing.mp4").toString()), "no such file");
        assertFails(List.of("ingest", "--bootstrap", stack.bootstrap(), "--source", zero.toString()), "zero.mp4");
        assertFails(List.of("ingest", "--bootstrap", stack.bootstrap(), "--source", corrupt.toString()), "cannot open");
        assertFails(List.of("ingest", "--bootstrap", stack.bootstrap(), "--source", audio.toString()), "audio-only.m4a");
        assertFails(List.of("ingest", "--bootstrap", stack.bootstrap(), "--source", truncated.toString()), "ends early");
        // 8K frames are scaled to --max-side and published
        Run ok = run(List.of("ingest", "--bootstrap", stack.bootstrap(), "--source", uhd.toString(), "--stream-id", "uhd"));
        assertThat(ok.status()).as(ok.err()).isZero();
        assertThat(ok.err()).contains("3 published");

        // model directories
        Path empty = Files.createDirectories(dir.resolve("no-model"));
        assertFails(List.of("classify", "--bootstrap", stack.bootstrap(), "--model", empty.toString()), "no metadata.json");
        Path invalid = copyModel("invalid-metadata");
        Files.writeString(invalid.resolve("metadata.json"), "{\"windowFrames\": ");
        assertFails(List.of("classify", "--bootstrap", stack.bootstrap(), "--model", invalid.toString()), "not valid model metadata");
        Path mismatch = copyModel("mismatch");
        String md = Files.readString(mismatch.resolve("metadata.json"));
        // the metadata says the expression vectors have 100 values; the SavedModel was built for the real size
        Files.writeString(mismatch.resolve("metadata.json"), md.replaceFirst("\"dim\"\\s*:\\s*\\d+", "\"dim\": 100"));
        assertThat(Files.readString(mismatch.resolve("metadata.json"))).isNotEqualTo(md);
        assertFails(List.of("classify", "--bootstrap", stack.bootstrap(), "--model", mismatch.toString()), "does not match its metadata.json");
    }

    private static Path copyModel(String name) throws Exception {
        Path to = dir.resolve(name);
        try (var s = Files.walk(model)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(model.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
        return to;
    }

    record Run(int status, String err) {}

    /** The command as its own process, as a user runs it: its status and everything it printed. */
    private static Run run(List<String> args) throws Exception {
        OsProcess p = OsProcess.java("cli-" + (++runs), dir, List.of("-Xmx1g"),
                "io.fer.launcher.Fer", args);
        int status = p.awaitExit(Duration.ofMinutes(2));
        String out = Files.readAllLines(p.log()).stream().filter(l -> !l.startsWith("=== start")).collect(Collectors.joining("\n"));
        return new Run(status, out);
    }

    private static int runs;

    private static void assertFails(List<String> args, String reason) throws Exception {
        Run r = run(args);
        assertThat(r.status()).as(args + ": " + r.err()).isNotZero();
        List<String> lines = r.err().lines().filter(l -> l.startsWith("fer ")).toList();
        assertThat(lines).as(args + ": one line that says why: " + r.err()).hasSize(1);
        assertThat(lines.get(0)).as(args.toString()).contains(reason);
    }

    private static int dim() {
        return ModelMetadata.read(model).modalities().get(0).dim();
    }

    private static FrameBatch frameBatch(String stream, byte[]... jpegs) {
        List<Frame> frames = new ArrayList<>();
        for (int i = 0; i < jpegs.length; i++) {
            frames.add(Frame.newBuilder().setFrameIndex(i).setTimestampUs(i * 40_000L).setWidth(640).setHeight(480)
                    .setJpeg(ByteBuffer.wrap(jpegs[i])).build());
        }
        return FrameBatch.newBuilder().setStreamId(stream).setBatchSeq(0).setSource("test").setPreAligned(false).setFrames(frames)
                .setEndOfStream(false).setError(null).build();
    }

    private static FaceBatch faceBatch(String stream, byte[] crop) {
        Face face = Face.newBuilder().setTrackId(0).setScore(0.9f).setBox(List.of(10f, 10f, 100f, 100f)).setKeypoints(List.of())
                .setFaceCrop(ByteBuffer.wrap(crop)).setContextCrop(null).build();
        FaceFrame f = FaceFrame.newBuilder().setFrameIndex(0).setTimestampUs(0).setWidth(640).setHeight(480).setFaces(List.of(face)).build();
        return FaceBatch.newBuilder().setStreamId(stream).setBatchSeq(0).setFrames(List.of(f)).setEndOfStream(false)
                .setTrackIds(List.of()).build();
    }

    private static ModalityEmbedding embedding(String stream, String modality, long frame, float[] v) {
        List<Float> l = new ArrayList<>();
        for (float x : v) {
            l.add(x);
        }
        return ModalityEmbedding.newBuilder().setStreamId(stream).setTrackId(0).setFrameIndex(frame).setTimestampUs(0)
                .setModality(modality).setVector(l).build();
    }

    /** Single-object encoding with a second magic byte other than 01. */
    private static byte[] magic(byte[] v) {
        byte[] b = v.clone();
        b[1] = 0x02;
        return b;
    }

    /** Single-object encoding with a fingerprint no schema has. */
    private static byte[] fingerprint(byte[] v) {
        byte[] b = v.clone();
        for (int i = 2; i < 10; i++) {
            b[i] = (byte) ~b[i];
        }
        return b;
    }

    /**
     * kcat writes the value: a file as one message, or a NULL value (-Z turns the empty value after the key
     * delimiter into NULL; kcat skips empty lines).
     */
    private static void kcat(String topic, String key, byte[] value) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("kcat", "-P", "-b", stack.bootstrap(), "-t", topic));
        Process p;
        if (value == null) {
            cmd.addAll(List.of("-K", ":", "-Z"));
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().write((key + ":\n").getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
        } else {
            Path f = Files.createTempFile(dir, "record", ".bin");
            Files.write(f, value);
            cmd.addAll(List.of("-k", key, f.toString()));
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("kcat: " + out).isZero();
    }

    private static List<DeadLetter> readDeadLetters() {
        return TopicRecords.upToEnd(stack.bootstrap(), Topics.DLQ, "read_committed").stream()
                .map(r -> AvroSerde.deadLetters().decode(r.value())).toList();
    }

    private static Map<String, Long> deadLettersBySource() {
        return readDeadLetters().stream().collect(Collectors.groupingBy(DeadLetter::getSourceTopic, Collectors.counting()));
    }

    private static void ffmpeg(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-loglevel", "error", "-y"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("ffmpeg " + String.join(" ", args) + ": " + out).isZero();
    }

    /** A JPEG whose start-of-frame declares another size (the pixels stay as they are). */
    static final class ImageHeaderPatch {
        static byte[] declare(byte[] jpeg, int w, int h) {
            byte[] b = Arrays.copyOf(jpeg, jpeg.length);
            int i = 2;
            while (true) {
                int marker = b[i + 1] & 0xff;
                int len = ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
                if (marker == 0xC0 || marker == 0xC2) {
                    b[i + 5] = (byte) (h >> 8);
                    b[i + 6] = (byte) h;
                    b[i + 7] = (byte) (w >> 8);
                    b[i + 8] = (byte) w;
                    return b;
                }
                i += 2 + len;
            }
        }
    }
}
