package io.fer.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fer.schemas.AvroSerde;
import io.fer.schemas.Frame;
import io.fer.schemas.FrameBatch;
import io.fer.schemas.Topics;
import io.fer.schemas.kafka.EmbeddedKafkaBroker;
import io.fer.schemas.kafka.KafkaProps;
import io.fer.schemas.kafka.TopicCreator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VideoIngestITCase {
    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start();
        TopicCreator.ensure(broker.bootstrapServers(), Topics.all(1, List.of("expression")));
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void aVideoFileArrivesOnFramesInOrderWithEventTimeAndAnEndMarker(@TempDir Path dir) throws Exception {
        Path video = TestVideos.movingSquare(dir.resolve("clip.mp4"), 50, 25, 320, 240);
        IngestReport report;
        try (KafkaFrameSink sink = new KafkaFrameSink(broker.bootstrapServers())) {
            report = new VideoIngester(IngestConfig.DEFAULT).ingest(video.toString(), "cam-a", sink);
        }
        List<FrameBatch> batches = readStream("cam-a");

        assertThat(report.framesDecoded()).isEqualTo(50);
        List<Frame> frames = batches.stream().flatMap(b -> b.getFrames().stream()).toList();
        assertThat(frames).hasSize(50);
        assertThat(frames).extracting(Frame::getFrameIndex).isSorted().doesNotHaveDuplicates();
        assertThat(frames.get(1).getTimestampUs() - frames.get(0).getTimestampUs()).isEqualTo(40_000);
        assertThat(frames.get(0).getWidth()).isEqualTo(320);
        assertThat(batches.get(batches.size() - 1).getEndOfStream()).isTrue();
        assertThat(batches).extracting(FrameBatch::getBatchSeq).isSorted();
    }

    @Test
    void aMissingOrCorruptFileFailsWithAReasonThatNamesIt(@TempDir Path dir) throws Exception {
        Path corrupt = Files.writeString(dir.resolve("bad.mp4"), "not a video at all");
        VideoIngester ingester = new VideoIngester(IngestConfig.DEFAULT);
        try (KafkaFrameSink sink = new KafkaFrameSink(broker.bootstrapServers())) {
            assertThatThrownBy(() -> ingester.ingest(dir.resolve("missing.mp4").toString(), "x", sink))
                    .isInstanceOf(IngestException.class).hasMessageContaining("missing.mp4").hasMessageContaining("no such file");
            assertThatThrownBy(() -> ingester.ingest(corrupt.toString(), "y", sink))
                    .isInstanceOf(IngestException.class).hasMessageContaining("bad.mp4");
        }
    }

    private static List<FrameBatch> readStream(String streamId) {
        List<FrameBatch> out = new ArrayList<>();
        AvroSerde<FrameBatch> serde = AvroSerde.frames();
        try (var c = new KafkaConsumer<String, byte[]>(KafkaProps.consumer(broker.bootstrapServers(), "t-" + streamId))) {
            c.subscribe(List.of(Topics.FRAMES));
            long deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline) {
                for (var r : c.poll(Duration.ofMillis(200))) {
                    if (streamId.equals(r.key())) {
                        out.add(serde.decode(r.value()));
                    }
                }
                if (!out.isEmpty() && out.get(out.size() - 1).getEndOfStream()) {
                    break;
                }
            }
        }
        return out;
    }
}
