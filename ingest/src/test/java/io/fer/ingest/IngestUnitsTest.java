package io.fer.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fer.ingest.pipeline.Backoff;
import io.fer.ingest.pipeline.EncoderPipeline;
import io.fer.ingest.pipeline.IngestStats;
import io.fer.ingest.source.DecodedFrame;
import io.fer.ingest.source.SourceKind;
import io.fer.ingest.source.SourceSpec;
import io.fer.schemas.Frame;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class IngestUnitsTest {

    @Test
    void backoffGrowsWithJitterUpToTheCapAndResets() {
        Backoff b = new Backoff(100, 1_000, 1);
        long[] d = new long[6];
        for (int i = 0; i < d.length; i++) {
            d[i] = b.nextDelayMs();
        }
        assertThat(d[0]).isBetween(50L, 100L);
        assertThat(d[1]).isBetween(100L, 200L);
        assertThat(d[2]).isBetween(200L, 400L);
        assertThat(d[5]).isBetween(500L, 1_000L);
        b.reset();
        assertThat(b.nextDelayMs()).isBetween(50L, 100L);
    }

    @Test
    void sourceKindsAreToldApartByScheme() {
        assertThat(SourceKind.of("rtsp://cam/stream", false)).isEqualTo(SourceKind.LIVE);
        assertThat(SourceKind.of("udp://127.0.0.1:5000", false)).isEqualTo(SourceKind.LIVE);
        assertThat(SourceKind.of("srt://host:9000", false)).isEqualTo(SourceKind.LIVE);
        assertThat(SourceKind.of("/dev/video0", false)).isEqualTo(SourceKind.LIVE);
        assertThat(SourceKind.of("http://host/clip.mp4", false)).isEqualTo(SourceKind.FILE);
        assertThat(SourceKind.of("http://host/clip.mp4", true)).isEqualTo(SourceKind.LIVE);
        assertThat(SourceKind.of("http://host/live", false)).isEqualTo(SourceKind.LIVE);
        assertThat(SourceKind.of("clip.mkv", false)).isEqualTo(SourceKind.FILE);
        assertThat(SourceKind.of(System.getProperty("java.io.tmpdir"), false)).isEqualTo(SourceKind.FOLDER);
    }

    @Test
    void sourcesFileNeedsUniqueIdsAndAUriPerLine() {
        List<SourceSpec> specs = SourcesFile.parse("s.txt", List.of("# cameras", "", "door rtsp://a/1", "hall  udp://0.0.0.0:5000"),
                false, false);
        assertThat(specs).extracting(SourceSpec::streamId).containsExactly("door", "hall");
        assertThat(specs.get(1).kind()).isEqualTo(SourceKind.LIVE);
        assertThatThrownBy(() -> SourcesFile.parse("s.txt", List.of("a x.mp4", "a y.mp4"), false, false))
                .hasMessageContaining("s.txt:2").hasMessageContaining("used twice");
        assertThatThrownBy(() -> SourcesFile.parse("s.txt", List.of("lonely"), false, false)).hasMessageContaining("s.txt:1");
    }

    @Test
    void liveOverflowDropsTheOldestAndKeepsTheRestInOrder() throws Exception {
        IngestStats stats = new IngestStats();
        List<Long> delivered = Collections.synchronizedList(new ArrayList<>());
        BufferedImage img = new BufferedImage(64, 48, BufferedImage.TYPE_3BYTE_BGR);
        try (EncoderPipeline p = new EncoderPipeline(1, 4, true, 0.8f, stats, f -> {
            sleep(20); // a slow Kafka
            delivered.add(f.getFrameIndex());
        })) {
            for (long i = 0; i < 60; i++) {
                p.submit(i, new DecodedFrame(img, i * 1000));
            }
            p.finish();
        }
        assertThat(stats.dropped.get()).isPositive();
        assertThat(delivered.size() + stats.dropped.get()).isEqualTo(60);
        assertThat(delivered).isSorted().contains(59L);
    }

    @Test
    void fileBackpressureLosesNothing() throws Exception {
        IngestStats stats = new IngestStats();
        List<Frame> delivered = Collections.synchronizedList(new ArrayList<>());
        BufferedImage img = new BufferedImage(64, 48, BufferedImage.TYPE_3BYTE_BGR);
        try (EncoderPipeline p = new EncoderPipeline(2, 2, false, 0.8f, stats, f -> {
            sleep(2);
            delivered.add(f);
        })) {
            for (long i = 0; i < 40; i++) {
                p.submit(i, new DecodedFrame(img, i * 1000));
            }
            p.finish();
        }
        assertThat(stats.dropped.get()).isZero();
        assertThat(delivered).extracting(Frame::getFrameIndex).isSorted().hasSize(40);
        assertThat(delivered.get(0).getJpeg().get(0)).isEqualTo((byte) 0xFF);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
