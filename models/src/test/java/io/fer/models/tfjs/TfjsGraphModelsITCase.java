package io.fer.models.tfjs;

import static org.assertj.core.api.Assertions.assertThat;

import io.fer.models.store.ModelStore;
import io.fer.models.tf.FloatTensor;
import io.fer.models.tf.TfGraph;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/** The shipped TF.js graph models, converted; needs the fetched models ({@code ./fer models fetch}). */
class TfjsGraphModelsITCase {
    private static final List<String> OUTPUTS = List.of("global_pooling/Mean", "age_pred/Softmax", "gender_pred/Sigmoid");

    @Test
    void faceResBlocksFuseAndComputeTheSameOnARealPhoto() throws IOException {
        ModelStore store = ModelStore.at(ModelStore.defaultDir());
        GraphDef unfused = TfjsGraphModelLoader.unfused(store.file("faceres.json"), store.file("faceres.bin"));
        GraphDef fused = ClipFusion.fuse(unfused);

        // 14 convolutions and 13 depthwise blocks, each ending in a clip, become one fused op or conv + BiasAdd + Relu6
        assertThat(fused.getNodeList()).extracting(NodeDef::getOp).doesNotContain("Minimum", "Maximum", "Mul", "Add");
        assertThat(fused.getNodeList()).filteredOn(n -> n.getOp().equals("_FusedDepthwiseConv2dNative")).hasSize(13);
        assertThat(fused.getNodeList()).filteredOn(n -> n.getOp().equals("_FusedConv2D")).hasSize(14);
        assertThat(fused.getNodeCount()).isLessThan(unfused.getNodeCount());

        FloatTensor photo = new FloatTensor(pixels(store, "sample1.jpg"), new long[] {1, 224, 224, 3});
        List<FloatTensor> before;
        List<FloatTensor> after;
        try (TfGraph g = TfGraph.of(unfused, TfGraph.TfOptions.DEFAULT)) {
            before = g.run("input_1", photo, OUTPUTS);
        }
        try (TfGraph g = TfGraph.of(fused, TfGraph.TfOptions.DEFAULT)) {
            after = g.run("input_1", photo, OUTPUTS);
        }
        for (int o = 0; o < OUTPUTS.size(); o++) {
            float[] a = before.get(o).data();
            float[] b = after.get(o).data();
            assertThat(b).hasSameSizeAs(a);
            float largest = 0;
            for (float v : a) {
                largest = Math.max(largest, Math.abs(v));
            }
            assertThat(largest).as("%s is not all zero", OUTPUTS.get(o)).isGreaterThan(0f);
            for (int i = 0; i < a.length; i++) {
                assertThat(b[i]).as("%s[%d]", OUTPUTS.get(o), i).isCloseTo(a[i], Offset.offset(1e-4f * largest));
            }
        }
    }

    private static float[] pixels(ModelStore store, String photo) throws IOException {
        BufferedImage src = ImageIO.read(store.file(photo).toFile());
        BufferedImage img = new BufferedImage(224, 224, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(src, 0, 0, 224, 224, null);
        g.dispose();
        float[] out = new float[224 * 224 * 3];
        for (int y = 0, i = 0; y < 224; y++) {
            for (int x = 0; x < 224; x++) {
                int rgb = img.getRGB(x, y);
                out[i++] = ((rgb >> 16) & 0xff) / 255f;
                out[i++] = ((rgb >> 8) & 0xff) / 255f;
                out[i++] = (rgb & 0xff) / 255f;
            }
        }
        return out;
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
            Arrays.fill(grey, 0.5f);
            FloatTensor out = g.run("input_1", new FloatTensor(grey, new long[] {1, 224, 224, 3}), List.of("global_pooling/Mean")).get(0);
            assertThat(out.data()).hasSize(1024);
            for (float v : out.data()) {
                assertThat(Float.isFinite(v)).isTrue();
            }
        }
    }
}
