package io.fer.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fer.ingest.pipeline.IngestStats;
import io.fer.ingest.source.SourceKind;
import io.fer.ingest.source.SourceSpec;
import io.fer.schemas.AvroSerde;
import io.fer.schemas.Frame;
import io.fer.schemas.FrameBatch;
import io.fer.schemas.Topics;
import io.fer.schemas.kafka.EmbeddedKafkaBroker;
import io.fer.schemas.kafka.KafkaProps;
import io.fer.schemas.kafka.TopicCreator;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every kind of source through the ingester into the in-process broker; media made by the ffmpeg CLI. */
class IngestITCase {
    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start();
        TopicCreator.ensure(broker.bootstrapServers(), Topics.all(1, List.of()));
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @ParameterizedTest(name = "{0} with {1}")
    @CsvSource({"mp4, libx264", "mkv, libvpx-vp9", "avi, mjpeg", "webm, libvpx", "mov, mpeg4"})
    void filesOfEveryContainerArriveWholeInOrderWithEventTime(String container, String codec, @TempDir Path dir) throws Exception {
        Path video = dir.resolve("clip." + container);
        ffmpeg("-f", "lavfi", "-i", "testsrc=size=320x240:rate=25", "-t", "2", "-c:v", codec, "-pix_fmt", "yuv420p", video.toString());
        String id = "file-" + container;

        IngestReport report = ingest(SourceSpec.of(video.toString(), id, false, false), IngestConfig.DEFAULT);
        List<FrameBatch> batches = readStream(id);

        List<Frame> frames = frames(batches);
        assertThat(report.framesDecoded()).isEqualTo(50);
        assertThat(frames).hasSize(50);
        assertThat(frames).extracting(Frame::getFrameIndex).containsExactlyElementsOf(range(50));
        for (int i = 1; i < frames.size(); i++) {
            assertThat(frames.get(i).getTimestampUs() - frames.get(i - 1).getTimestampUs()).isBetween(39_000L, 41_000L);
        }
        assertThat(frames.get(0).getWidth()).isEqualTo(320);
        assertThat(batches).extracting(FrameBatch::getBatchSeq).containsExactlyElementsOf(range(batches.size()));
        assertThat(batches.get(batches.size() - 1).getEndOfStream()).isTrue();
        assertThat(batches.get(batches.size() - 1).getError()).isNull();
    }

    @Test
    void largeFramesAreScaledToTheMaxSideKeepingTheirAspect(@TempDir Path dir) throws Exception {
        Path video = dir.resolve("hd.mp4");
        ffmpeg("-f", "lavfi", "-i", "testsrc=size=1280x720:rate=25", "-t", "1", "-c:v", "libx264", "-pix_fmt", "yuv420p", video.toString());
        ingest(SourceSpec.of(video.toString(), "hd", false, false), IngestConfig.DEFAULT);
        List<Frame> frames = frames(readStream("hd"));
        assertThat(frames).hasSize(25).allSatisfy(f -> {
            assertThat(f.getWidth()).isEqualTo(640);
            assertThat(f.getHeight()).isEqualTo(360);
        });
        byte[] jpeg = new byte[frames.get(0).getJpeg().remaining()];
        frames.get(0).getJpeg().duplicate().get(jpeg);
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(jpeg));
        assertThat(decoded.getWidth()).isEqualTo(640);
    }

    @Test
    void aTruncatedFilePublishesWhatWasReadThenEndsWithTheError(@TempDir Path dir) throws Exception {
        Path video = dir.resolve("whole.mkv");
        ffmpeg("-f", "lavfi", "-i", "testsrc=size=320x240:rate=25", "-t", "4", "-c:v", "libx264", "-pix_fmt", "yuv420p", video.toString());
        byte[] all = Files.readAllBytes(video);
        Path cut = Files.write(dir.resolve("cut.mkv"), Arrays.copyOf(all, all.length / 2));

        assertThatThrownBy(() -> ingest(SourceSpec.of(cut.toString(), "cut", false, false), IngestConfig.DEFAULT))
                .isInstanceOf(IngestException.class).hasMessageContaining("cut.mkv").hasMessageContaining("frames before it were published");
        List<FrameBatch> batches = readStream("cut");
        List<Frame> frames = frames(batches);
        assertThat(frames.size()).isBetween(10, 90);
        assertThat(frames).extracting(Frame::getFrameIndex).containsExactlyElementsOf(range(frames.size()));
        FrameBatch last = batches.get(batches.size() - 1);
        assertThat(last.getEndOfStream()).isTrue();
        assertThat(last.getError()).contains("cut.mkv");
    }

    @Test
    void aFolderOfFramesIsAClipInNaturalOrder(@TempDir Path dir) throws Exception {
        for (int i = 1; i <= 12; i++) {
            BufferedImage img = new BufferedImage(96, 64, BufferedImage.TYPE_3BYTE_BGR);
            var g = img.getGraphics();
            g.setColor(new Color(i * 20, 0, 0));
            g.fillRect(0, 0, 96, 64);
            ImageIO.write(img, "png", dir.resolve("img" + i + ".png").toFile());
        }
        SourceSpec spec = SourceSpec.of(dir.toString(), "clip-a", false, true);
        assertThat(spec.kind()).isEqualTo(SourceKind.FOLDER);

        ingest(spec, IngestConfig.DEFAULT);
        List<FrameBatch> batches = readStream("clip-a");

        List<Frame> frames = frames(batches);
        assertThat(frames).hasSize(12);
        assertThat(frames).extracting(Frame::getTimestampUs).containsExactlyElementsOf(range(12).stream().map(i -> i * 40_000).toList());
        assertThat(batches).allSatisfy(b -> assertThat(b.getPreAligned()).isTrue());
        // natural order: img2 before img10, so the red channel grows frame by frame
        int previousRed = -1;
        for (Frame f : frames) {
            byte[] jpeg = new byte[f.getJpeg().remaining()];
            f.getJpeg().duplicate().get(jpeg);
            int red = (ImageIO.read(new ByteArrayInputStream(jpeg)).getRGB(10, 10) >> 16) & 0xff;
            assertThat(red).isGreaterThan(previousRed);
            previousRed = red;
        }
    }

    @Test
    void fourKFramesKeepEveryRecordUnderTheTopicLimit(@TempDir Path dir) throws Exception {
        Path video = dir.resolve("uhd.mp4");
        ffmpeg("-f", "lavfi", "-i", "testsrc2=size=3840x2160:rate=5", "-t", "2", "-c:v", "libx264", "-preset", "ultrafast",
                "-pix_fmt", "yuv420p", video.toString());
        int batchBytes = 1024 * 1024;
        IngestConfig cfg = IngestConfig.DEFAULT.withImage(4096, 0.95f).withBatch(8, batchBytes);

        ingest(SourceSpec.of(video.toString(), "uhd", false, false), cfg);
        List<ConsumerRecord<String, byte[]>> records = readRecords("uhd");

        assertThat(records).allSatisfy(r -> assertThat(r.value().length).isLessThan(batchBytes + 64 * 1024));
        List<Frame> frames = frames(records.stream().map(r -> AvroSerde.frames().decode(r.value())).toList());
        assertThat(frames).hasSize(10);
        assertThat(frames.get(0).getWidth()).isEqualTo(3840);
        assertThat(records.size()).as("4K JPEGs do not fit 8 to a batch").isGreaterThan(2);
    }

    @Test
    void aLiveStreamWhoseSenderRestartsIsReconnectedAndTheGapReported() throws Exception {
        int port = freePort();
        String url = "udp://127.0.0.1:" + port;
        IngestConfig cfg = IngestConfig.DEFAULT.withReconnect(1_000_000, 5, 200, 1_000);
        SourceSpec spec = SourceSpec.of(url, "live-udp", false, false);
        assertThat(spec.kind()).isEqualTo(SourceKind.LIVE);
        IngestStats stats = new IngestStats();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Object> result = new AtomicReference<>();

        Process sender = sender(url);
        Thread t = new Thread(() -> {
            try (KafkaFrameSink sink = new KafkaFrameSink(broker.bootstrapServers())) {
                result.set(new StreamIngester(cfg).run(spec, sink, stop, stats));
            } catch (RuntimeException e) {
                result.set(e);
            }
        });
        t.start();
        try {
            await(() -> stats.decoded.get() >= 25, 30);
            sender.destroy();
            sender.waitFor(5, TimeUnit.SECONDS);
            await(() -> stats.downSinceMs.get() > 0, 15);
            Thread.sleep(1_000);
            long before = stats.decoded.get();
            sender = sender(url);
            await(() -> stats.gaps.get() >= 1 && stats.decoded.get() >= before + 25, 30);
        } finally {
            stop.set(true);
            t.join(30_000);
            sender.destroy();
        }
        assertThat(result.get()).isInstanceOf(IngestReport.class);
        IngestReport report = (IngestReport) result.get();
        assertThat(report.longestGapMs()).isGreaterThanOrEqualTo(1_000);
        List<Frame> frames = frames(readStream("live-udp"));
        assertThat(frames.size()).isGreaterThanOrEqualTo(50);
        long biggestStep = 0;
        for (int i = 1; i < frames.size(); i++) {
            biggestStep = Math.max(biggestStep, frames.get(i).getTimestampUs() - frames.get(i - 1).getTimestampUs());
        }
        assertThat(biggestStep).as("the outage shows in event time").isGreaterThanOrEqualTo(1_000_000);
    }

    @Test
    void deadSourcesFailFastWithAReason(@TempDir Path dir) {
        IngestConfig cfg = IngestConfig.DEFAULT.withReconnect(1_000_000, 2, 200, 500);
        assertThatThrownBy(() -> ingest(SourceSpec.of(dir.resolve("gone.mp4").toString(), "gone", false, false), cfg))
                .hasMessageContaining("gone.mp4").hasMessageContaining("no such file");
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> ingest(SourceSpec.of("http://127.0.0.1:" + freePort() + "/live", "refused", false, false), cfg))
                .isInstanceOf(IngestException.class).hasMessageContaining("cannot open");
        assertThatThrownBy(() -> ingest(SourceSpec.of("udp://127.0.0.1:" + freePort(), "silent", false, false), cfg))
                .isInstanceOf(IngestException.class).hasMessageContaining("after 2 attempts");
        assertThat((System.nanoTime() - t0) / 1e9).as("seconds until both gave up").isLessThan(30);
    }

    // ---- helpers

    private static IngestReport ingest(SourceSpec spec, IngestConfig cfg) {
        try (KafkaFrameSink sink = new KafkaFrameSink(broker.bootstrapServers())) {
            return new StreamIngester(cfg).run(spec, sink, new AtomicBoolean(), new IngestStats());
        }
    }

    private static Process sender(String url) throws Exception {
        return new ProcessBuilder("ffmpeg", "-loglevel", "error", "-re", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25",
                "-c:v", "mpeg2video", "-f", "mpegts", url).redirectErrorStream(true).redirectOutput(new File("/dev/null")).start();
    }

    private static void ffmpeg(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-y", "-loglevel", "error"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("ffmpeg " + String.join(" ", args) + ": " + out).isZero();
    }

    private interface Condition {
        boolean met();
    }

    private static void await(Condition c, int seconds) throws InterruptedException {
        long end = System.currentTimeMillis() + seconds * 1000L;
        while (!c.met()) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("condition not met within " + seconds + " s");
            }
            Thread.sleep(50);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<Long> range(long n) {
        List<Long> out = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            out.add(i);
        }
        return out;
    }

    private static List<Frame> frames(List<FrameBatch> batches) {
        return batches.stream().flatMap(b -> b.getFrames().stream()).toList();
    }

    private static List<FrameBatch> readStream(String streamId) {
        return readRecords(streamId).stream().map(r -> AvroSerde.frames().decode(r.value())).toList();
    }

    /** The stream's records up to and including its end-of-stream batch. */
    private static List<ConsumerRecord<String, byte[]>> readRecords(String streamId) {
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (var c = new KafkaConsumer<String, byte[]>(KafkaProps.consumer(broker.bootstrapServers(), "t-" + streamId))) {
            c.subscribe(List.of(Topics.FRAMES));
            long deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline) {
                for (var r : c.poll(Duration.ofMillis(200))) {
                    if (streamId.equals(r.key())) {
                        out.add(r);
                        if (AvroSerde.frames().decode(r.value()).getEndOfStream()) {
                            return out;
                        }
                    }
                }
            }
        }
        throw new AssertionError("no end-of-stream batch for " + streamId + " after " + out.size() + " records");
    }
}
