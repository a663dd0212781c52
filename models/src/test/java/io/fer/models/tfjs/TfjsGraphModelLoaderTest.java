package io.fer.models.tfjs;

import static org.assertj.core.api.Assertions.assertThat;

import io.fer.models.store.ModelStore;
import io.fer.models.tf.FloatTensor;
import io.fer.models.tf.TfGraph;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

class TfjsGraphModelLoaderTest {

    @Test
    void halfPrecisionWeightsDecodeExactly() {
        assertThat(TfjsGraphModelLoader.halfToFloat((short) 0x3C00)).isEqualTo(1.0f);
        assertThat(TfjsGraphModelLoader.halfToFloat((short) 0xC000)).isEqualTo(-2.0f);
        assertThat(TfjsGraphModelLoader.halfToFloat((short) 0x3555)).isEqualTo(0.333251953125f);
        assertThat(TfjsGraphModelLoader.halfToFloat((short) 0x0001)).isEqualTo(5.9604645e-8f); // subnormal
        assertThat(TfjsGraphModelLoader.halfToFloat((short) 0x7C00)).isEqualTo(Float.POSITIVE_INFINITY);
    }

    /** Every shipped generator converts and imports; the quantised ones (float16) run and give finite outputs. */
    @Test
    void theShippedGraphModelsImportIntoTensorFlow() {
        ModelStore store = ModelStore.at(ModelStore.defaultDir());
        for (String name : List.of("blazeface", "emotion", "facemesh", "faceres", "movenet-lightning")) {
            GraphDef def = TfjsGraphModelLoader.load(store.file(name + ".json"), store.file(name + ".bin"));
            assertThat(def.getNodeList()).extracting(NodeDef::getOp)
                    .doesNotContain("FusedDepthwiseConv2dNative", "Prelu");
            try (TfGraph g = TfGraph.of(def, TfGraph.TfOptions.DEFAULT)) {
                assertThat(g.graph().operation(def.getNode(def.getNodeCount() - 1).getName())).isNotNull();
            }
        }
        GraphDef faceres = TfjsGraphModelLoader.load(store.file("faceres.json"), store.file("faceres.bin"));
        try (TfGraph g = TfGraph.of(faceres, TfGraph.TfOptions.DEFAULT)) {
            float[] grey = new float[224 * 224 * 3];
            java.util.Arrays.fill(grey, 0.5f);
            FloatTensor out = g.run("input_1", new FloatTensor(grey, new long[] {1, 224, 224, 3}), List.of("global_pooling/Mean")).get(0);
            assertThat(out.data()).hasSize(1024);
            for (float v : out.data()) {
                assertThat(Float.isFinite(v)).isTrue();
            }
        }
    }
}
