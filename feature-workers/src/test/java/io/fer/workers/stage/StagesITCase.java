package io.fer.workers.stage;

import static org.assertj.core.api.Assertions.assertThat;

import io.fer.models.tf.TfGraph;
import io.fer.schemas.AvroSerde;
import io.fer.schemas.DeadLetter;
import io.fer.schemas.FaceBatch;
import io.fer.schemas.Frame;
import io.fer.schemas.FrameBatch;
import io.fer.schemas.ModalityEmbedding;
import io.fer.schemas.Topics;
import io.fer.testing.TestModels;
import io.fer.workers.face.FaceDetector;
import io.fer.workers.image.Box;
import io.fer.workers.image.Images;
import io.fer.workers.image.RgbImage;
import io.fer.workers.modality.ExpressionModality;
import io.fer.workers.modality.PoseModality;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The face and expression stages' record logic on real photos, without a broker. */
class StagesITCase {
    private static FaceStage faces;
    private static ModalityStage expression;
    private static byte[] photoJpeg;

    @BeforeAll
    static void load() throws Exception {
        faces = new FaceStage(new FaceDetector(TestModels.store(), FaceDetector.DetectorConfig.DEFAULT), StageConfig.DEFAULT);
        expression = new ModalityStage(new ExpressionModality(TestModels.store(), TfGraph.TfOptions.DEFAULT), 32, null);
        RgbImage photo = Images.decode(Files.readAllBytes(TestModels.store().file("sample6.jpg")));
        photoJpeg = Images.encodeJpeg(Images.crop(photo, new Box(0, 0, photo.width(), photo.height()), 640, 512), 0.9f);
    }

    @AfterAll
    static void close() {
        faces.close();
        expression.close();
    }

    private static Frame frame(long i, byte[] jpeg) {
        return Frame.newBuilder().setFrameIndex(i).setTimestampUs(i * 40_000).setWidth(640).setHeight(512)
                .setJpeg(ByteBuffer.wrap(jpeg)).build();
    }

    @Test
    void aCorruptFrameIsDeadLetteredAndTheRestOfItsBatchProcessed() throws Exception {
        FrameBatch batch = FrameBatch.newBuilder().setStreamId("s").setBatchSeq(0).setSource("test")
                .setFrames(List.of(frame(0, photoJpeg), frame(1, new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3}), frame(2, photoJpeg)))
                .setEndOfStream(true).build();
        var in = new StageInput(Topics.FRAMES, 0, 42L, "s", AvroSerde.frames().encode(batch));

        List<StageOutput> out = faces.process(in);

        List<DeadLetter> dead = out.stream().filter(r -> r.topic().equals(Topics.DLQ))
                .map(r -> AvroSerde.deadLetters().decode(r.value())).toList();
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).getReason()).contains("frame 1").contains("undecodable");
        assertThat(dead.get(0).getSourceOffset()).isEqualTo(42L);
        FaceBatch fb = AvroSerde.faces().decode(out.stream().filter(r -> r.topic().equals(Topics.FACES)).findFirst().orElseThrow().value());
        assertThat(fb.getFrames()).extracting(f -> f.getFrameIndex()).containsExactly(0L, 2L);
        assertThat(fb.getFrames().get(0).getFaces()).hasSizeGreaterThanOrEqualTo(3);
        // the same faces keep their track ids from frame 0 to frame 2
        assertThat(fb.getFrames().get(1).getFaces()).extracting(f -> f.getTrackId())
                .containsExactlyInAnyOrderElementsOf(fb.getFrames().get(0).getFaces().stream().map(f -> f.getTrackId()).toList());
        assertThat(fb.getTrackIds()).hasSize(fb.getFrames().get(0).getFaces().size());

        var faceRecord = new StageInput(Topics.FACES, 0, 7L, "s", AvroSerde.faces().encode(fb));
        List<ModalityEmbedding> emb = expression.process(faceRecord).stream()
                .map(r -> AvroSerde.embeddings().decode(r.value())).toList();
        List<ModalityEmbedding> vectors = emb.stream().filter(e -> !e.getEndOfTrack() && !e.getProgress()).toList();
        assertThat((long) vectors.size()).isEqualTo(fb.getFrames().stream().mapToLong(f -> f.getFaces().size()).sum());
        assertThat(vectors).allSatisfy(e -> assertThat(e.getVector()).hasSize(7 + 256));
        // after the vectors: one progress marker up to the batch's last frame, then the stream's end marker
        assertThat(emb.subList(vectors.size(), emb.size())).extracting(ModalityEmbedding::getProgress, ModalityEmbedding::getEndOfTrack,
                ModalityEmbedding::getFrameIndex).containsExactly(Tuple.tuple(true, false, 2L),
                Tuple.tuple(false, true, -1L));
        assertThat(emb.get(emb.size() - 1).getTracksInStream()).isEqualTo(fb.getTrackIds().size());
    }

    @Test
    void aSheddingStreamsKeepEveryIsPassedOnToItsFacesVectorsAndProgress() throws Exception {
        Frame kept = Frame.newBuilder(frame(0, photoJpeg)).setKeepEvery(4).build();
        FrameBatch batch = FrameBatch.newBuilder().setStreamId("shed").setBatchSeq(0).setSource("rtsp://camera")
                .setFrames(List.of(kept)).setEndOfStream(false).build();

        FaceBatch fb = AvroSerde.faces().decode(faces.process(new StageInput(Topics.FRAMES, 0, 0L, "shed",
                AvroSerde.frames().encode(batch))).stream().filter(r -> r.topic().equals(Topics.FACES)).findFirst().orElseThrow().value());
        List<ModalityEmbedding> emb = expression.process(new StageInput(Topics.FACES, 0, 0L, "shed", AvroSerde.faces().encode(fb)))
                .stream().map(r -> AvroSerde.embeddings().decode(r.value())).toList();

        assertThat(fb.getFrames()).extracting(f -> f.getKeepEvery()).containsExactly(4);
        assertThat(emb).as("every vector and the progress marker: the classifier scales its track idle time by it")
                .hasSizeGreaterThan(1).anyMatch(ModalityEmbedding::getProgress).allSatisfy(e -> assertThat(e.getKeepEvery()).isEqualTo(4));
    }

    @Test
    void aRecordOfTheWrongSchemaIsABadRecord() {
        var in = new StageInput(Topics.FRAMES, 0, 1L, "s", new byte[] {1, 2, 3, 4});
        Assertions.assertThatThrownBy(() -> faces.process(in)).isInstanceOf(BadRecordException.class)
                .hasMessageContaining("FrameBatch");
    }

    @Test
    void withContextCropsOffTheFacesCarryNoneAndAContextModalityDeadLettersThemNamingTheSwitch() throws Exception {
        FrameBatch batch = FrameBatch.newBuilder().setStreamId("ctx").setBatchSeq(0).setSource("test")
                .setFrames(List.of(frame(0, photoJpeg))).setEndOfStream(false).build();
        List<StageOutput> out;
        try (FaceStage noContexts = new FaceStage(new FaceDetector(TestModels.store(), FaceDetector.DetectorConfig.DEFAULT),
                StageConfig.DEFAULT.withContextCrops(false))) {
            out = noContexts.process(new StageInput(Topics.FRAMES, 0, 0L, "ctx", AvroSerde.frames().encode(batch)));
        }
        FaceBatch fb = AvroSerde.faces().decode(out.stream().filter(r -> r.topic().equals(Topics.FACES)).findFirst().orElseThrow().value());
        assertThat(fb.getFrames().get(0).getFaces()).isNotEmpty().allSatisfy(f -> {
            assertThat(f.getContextCrop().remaining()).isZero();
            assertThat(f.getFaceCrop().remaining()).isPositive();
        });

        try (ModalityStage pose = new ModalityStage(new PoseModality(TestModels.store(),
                TfGraph.TfOptions.DEFAULT), 32, null)) {
            List<DeadLetter> dead = pose.process(new StageInput(Topics.FACES, 0, 3L, "ctx", AvroSerde.faces().encode(fb))).stream()
                    .filter(r -> r.topic().equals(Topics.DLQ)).map(r -> AvroSerde.deadLetters().decode(r.value())).toList();
            assertThat(dead).hasSize(fb.getFrames().get(0).getFaces().size())
                    .allSatisfy(d -> assertThat(d.getReason()).contains("CONTEXT_CROP").contains("--context-crops on"));
        }
    }
}
