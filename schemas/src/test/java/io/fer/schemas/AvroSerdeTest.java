package io.fer.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

    @Test
    void frameBatchRoundTripsWithItsJpegBytes() {
        var frame = Frame.newBuilder().setFrameIndex(7).setTimestampUs(280_000).setWidth(4).setHeight(2)
                .setJpeg(ByteBuffer.wrap(new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2})).build();
        var batch = FrameBatch.newBuilder().setStreamId("cam-1").setBatchSeq(3).setSource("file.mp4")
                .setFrames(List.of(frame)).build();
        AvroSerde<FrameBatch> serde = AvroSerde.frames();

        FrameBatch back = serde.decode(serde.encode(batch));

        assertThat(back).isEqualTo(batch);
        assertThat(back.getEndOfStream()).isFalse();
    }

    @Test
    void eventWrittenWithTheOlderSchemaIsReadByTheNewerReader() {
        Schema v1 = SchemaHistory.load("/avro-history/EmotionEvent-v1.avsc");
        assertThat(v1.getField("modalities")).as("v1 predates the modalities field").isNull();
        GenericRecord old = record(v1,
                "streamId", "s", "trackId", 2, "windowStartUs", 0L, "windowEndUs", 600_000L, "firstFrameIndex", 0L,
                "lastFrameIndex", 15L, "classes", List.of("happy", "sad"), "probabilities", List.of(0.75f, 0.25f),
                "label", "happy", "confidence", 0.75f, "modelVersion", "m1");
        byte[] bytes = encode(v1, old);

        EmotionEvent read = AvroSerde.emotions().decode(bytes);

        assertThat(read.getLabel()).isEqualTo("happy");
        assertThat(read.getProbabilities()).containsExactly(0.75f, 0.25f);
        assertThat(read.getModalities()).as("default of the field added in v2").isEmpty();
        assertThat(read.getEndOfTrack()).isFalse();
    }

    @Test
    void framesWrittenBeforeLiveSheddingReadAsNoneShed() {
        Schema v1 = SchemaHistory.load("/avro-history/FrameBatch-v1.avsc");
        Schema frameV1 = v1.getField("frames").schema().getElementType();
        assertThat(frameV1.getField("keepEvery")).as("v1 predates the shedding mark").isNull();
        GenericRecord frame = record(frameV1,
                "frameIndex", 7L, "timestampUs", 280_000L, "width", 2, "height", 2,
                "jpeg", ByteBuffer.wrap(new byte[] {1, 2}));
        GenericRecord old = record(v1,
                "streamId", "cam", "batchSeq", 3L, "source", "rtsp://camera", "preAligned", false,
                "frames", List.of(frame), "endOfStream", false, "error", null);

        FrameBatch read = AvroSerde.frames().decode(encode(v1, old));

        assertThat(read.getFrames().get(0).getFrameIndex()).isEqualTo(7L);
        assertThat(read.getFrames().get(0).getKeepEvery()).as("default of the field added in v2").isEqualTo(1);
    }

    @Test
    void facesWrittenBeforeTheBoundWasPassedOnReadAsFiles() {
        Schema v1 = SchemaHistory.load("/avro-history/FaceBatch-v1.avsc");
        assertThat(v1.getField("staleAfterMs")).as("v1 predates it").isNull();
        GenericRecord old = record(v1,
                "streamId", "cam", "batchSeq", 4L, "frames", List.of(), "endOfStream", false, "trackIds", List.of());

        FaceBatch read = AvroSerde.faces().decode(encode(v1, old));

        assertThat(read.getBatchSeq()).isEqualTo(4L);
        assertThat(read.getStaleAfterMs()).as("default of the field added in v2: never dropped").isZero();
    }

    @Test
    void facesAndVectorsWrittenBeforeTheSheddingMarkWasPassedOnReadAsNoneShed() {
        Schema faceV2 = SchemaHistory.load("/avro-history/FaceBatch-v2.avsc");
        Schema frameV2 = faceV2.getField("frames").schema().getElementType();
        assertThat(frameV2.getField("keepEvery")).as("v2 predates it").isNull();
        GenericRecord frame = record(frameV2,
                "frameIndex", 9L, "timestampUs", 360_000L, "width", 2, "height", 2, "faces", List.of());
        GenericRecord faces = record(faceV2,
                "streamId", "cam", "batchSeq", 5L, "frames", List.of(frame), "endOfStream", false,
                "trackIds", List.of(), "staleAfterMs", 1000L);

        FaceBatch readFaces = AvroSerde.faces().decode(encode(faceV2, faces));

        assertThat(readFaces.getStaleAfterMs()).isEqualTo(1000L);
        assertThat(readFaces.getFrames().get(0).getKeepEvery()).as("default of the field added in v3").isEqualTo(1);

        Schema embV2 = SchemaHistory.load("/avro-history/ModalityEmbedding-v2.avsc");
        assertThat(embV2.getField("keepEvery")).as("v2 predates it").isNull();
        GenericRecord marker = record(embV2,
                "streamId", "cam", "trackId", -1, "frameIndex", 9L, "timestampUs", 360_000L, "modality", "expression",
                "vector", List.of(), "endOfTrack", false, "tracksInStream", 0, "progress", true);

        ModalityEmbedding readMarker = AvroSerde.embeddings().decode(encode(embV2, marker));

        assertThat(readMarker.getProgress()).isTrue();
        assertThat(readMarker.getKeepEvery()).as("default of the field added in v3").isEqualTo(1);
    }

    @Test
    void recordOfAnotherTypeIsRejectedWithAReason() {
        var emb = ModalityEmbedding.newBuilder().setStreamId("s").setTrackId(0).setFrameIndex(1)
                .setTimestampUs(1).setModality("expression").setVector(List.of(1f)).build();
        byte[] bytes = AvroSerde.embeddings().encode(emb);

        assertThatThrownBy(() -> AvroSerde.frames().decode(bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("not a FrameBatch");
        assertThatThrownBy(() -> AvroSerde.frames().decode(new byte[] {1, 2, 3}))
                .isInstanceOf(SerializationException.class);
    }

    /** A record of an older schema, its fields given as name, value, name, value ... */
    private static GenericRecord record(Schema schema, Object... fieldsAndValues) {
        GenericRecord r = new GenericData.Record(schema);
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            r.put((String) fieldsAndValues[i], fieldsAndValues[i + 1]);
        }
        return r;
    }

    private static byte[] encode(Schema schema, GenericRecord r) {
        try {
            ByteBuffer b = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema).encode(r);
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
