package io.fer.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.fer.classifier.flink.DecodeEmbedding;
import io.fer.classifier.window.ModalityLayout;
import io.fer.schemas.ModalityEmbedding;
import io.fer.schemas.kafka.TopicNames;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the classifier refuses (to fer.dlq) instead of feeding it to the window assembly. */
class DecodeEmbeddingTest {
    private final DecodeEmbedding decode = new DecodeEmbedding(new ModalityLayout(List.of("expression", "geometry"), List.of(4, 3)),
            new TopicNames("t."));

    private static ModalityEmbedding vector(String modality, float... v) {
        List<Float> l = new ArrayList<>();
        for (float x : v) {
            l.add(x);
        }
        return ModalityEmbedding.newBuilder().setStreamId("s").setTrackId(0).setFrameIndex(7).setTimestampUs(0)
                .setModality(modality).setVector(l).build();
    }

    @Test
    void aGoodVectorAndAMarkerPass() {
        assertThat(decode.check("t.emb.expression", vector("expression", 1, 2, 3, 4))).isNull();
        ModalityEmbedding progress = ModalityEmbedding.newBuilder().setStreamId("s").setTrackId(-1).setFrameIndex(7)
                .setTimestampUs(0).setModality("geometry").setVector(Collections.emptyList()).setProgress(true).build();
        assertThat(decode.check("t.emb.geometry", progress)).isNull();
    }

    @Test
    void badRecordsHaveAReason() {
        assertThat(decode.check("t.emb.pose", vector("pose", 1, 2))).contains("unknown modality 'pose'");
        assertThat(decode.check("t.emb.geometry", vector("expression", 1, 2, 3, 4))).contains("its topic is t.emb.expression");
        assertThat(decode.check("t.emb.expression", vector("expression", 1, 2, 3))).contains("3 values").contains("reads 4");
        assertThat(decode.check("t.emb.expression", vector("expression", 1, Float.NaN, 3, 4))).contains("NaN");
        assertThat(decode.check("t.emb.geometry", vector("geometry", 1, Float.POSITIVE_INFINITY, 3))).contains("Infinity");
    }
}
