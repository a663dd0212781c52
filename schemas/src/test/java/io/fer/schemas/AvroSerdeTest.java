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
        GenericRecord old = new GenericData.Record(v1);
        old.put("streamId", "s");
        old.put("trackId", 2);
        old.put("windowStartUs", 0L);
        old.put("windowEndUs", 600_000L);
        old.put("firstFrameIndex", 0L);
        old.put("lastFrameIndex", 15L);
        old.put("classes", List.of("happy", "sad"));
        old.put("probabilities", List.of(0.75f, 0.25f));
        old.put("label", "happy");
        old.put("confidence", 0.75f);
        old.put("modelVersion", "m1");
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
        GenericRecord frame = new GenericData.Record(frameV1);
        frame.put("frameIndex", 7L);
        frame.put("timestampUs", 280_000L);
        frame.put("width", 2);
        frame.put("height", 2);
        frame.put("jpeg", ByteBuffer.wrap(new byte[] {1, 2}));
        GenericRecord old = new GenericData.Record(v1);
        old.put("streamId", "cam");
        old.put("batchSeq", 3L);
        old.put("source", "rtsp://camera");
        old.put("preAligned", false);
        old.put("frames", List.of(frame));
        old.put("endOfStream", false);
        old.put("error", null);

        FrameBatch read = AvroSerde.frames().decode(encode(v1, old));

        assertThat(read.getFrames().get(0).getFrameIndex()).isEqualTo(7L);
        assertThat(read.getFrames().get(0).getKeepEvery()).as("default of the field added in v2").isEqualTo(1);
    }

    @Test
    void facesWrittenBeforeTheBoundWasPassedOnReadAsFiles() {
        Schema v1 = SchemaHistory.load("/avro-history/FaceBatch-v1.avsc");
        assertThat(v1.getField("staleAfterMs")).as("v1 predates it").isNull();
        GenericRecord old = new GenericData.Record(v1);
        old.put("streamId", "cam");
        old.put("batchSeq", 4L);
        old.put("frames", List.of());
        old.put("endOfStream", false);
        old.put("trackIds", List.of());

        FaceBatch read = AvroSerde.faces().decode(encode(v1, old));

        assertThat(read.getBatchSeq()).isEqualTo(4L);
        assertThat(read.getStaleAfterMs()).as("default of the field added in v2: never dropped").isZero();
    }

    @Test
    void facesAndVectorsWrittenBeforeTheSheddingMarkWasPassedOnReadAsNoneShed() {
        Schema faceV2 = SchemaHistory.load("/avro-history/FaceBatch-v2.avsc");
        Schema frameV2 = faceV2.getField("frames").schema().getElementType();
        assertThat(frameV2.getField("keepEvery")).as("v2 predates it").isNull();
        GenericRecord frame = new GenericData.Record(frameV2);
        frame.put("frameIndex", 9L);
        frame.put("timestampUs", 360_000L);
        frame.put("width", 2);
        frame.put("height", 2);
        frame.put("faces", List.of());
        GenericRecord faces = new GenericData.Record(faceV2);
        faces.put("streamId", "cam");
        faces.put("batchSeq", 5L);
        faces.put("frames", List.of(frame));
        faces.put("endOfStream", false);
        faces.put("trackIds", List.of());
        faces.put("staleAfterMs", 1000L);

        FaceBatch readFaces = AvroSerde.faces().decode(encode(faceV2, faces));

        assertThat(readFaces.getStaleAfterMs()).isEqualTo(1000L);
        assertThat(readFaces.getFrames().get(0).getKeepEvery()).as("default of the field added in v3").isEqualTo(1);

        Schema embV2 = SchemaHistory.load("/avro-history/ModalityEmbedding-v2.avsc");
        assertThat(embV2.getField("keepEvery")).as("v2 predates it").isNull();
        GenericRecord marker = new GenericData.Record(embV2);
        marker.put("streamId", "cam");
        marker.put("trackId", -1);
        marker.put("frameIndex", 9L);
        marker.put("timestampUs", 360_000L);
        marker.put("modality", "expression");
        marker.put("vector", List.of());
        marker.put("endOfTrack", false);
        marker.put("tracksInStream", 0);
        marker.put("progress", true);

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
