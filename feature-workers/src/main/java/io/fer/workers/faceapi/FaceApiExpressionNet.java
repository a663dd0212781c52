package io.fer.workers.faceapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer.models.store.ModelStore;
import io.fer.models.tfjs.TfjsGraphModelLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * face-api's FaceExpressionNet as a TF graph. The package ships weights only (a TF.js weights manifest, uint8
 * quantised); the network is the library's code, rebuilt here op for op (face-api.js src/faceFeatureExtractor and
 * src/faceExpressionNet): RGB 112 x 112 minus the mean RGB, over 255; four dense blocks of four convolutions
 * (the first of each strided by 2, every later one fed the sum of the earlier outputs); a 7 x 7 average pool to 256
 * features; a fully connected layer to 7 logits (neutral, happy, sad, angry, fearful, disgusted, surprised).
 * ParityITCase checks it against the library itself.
 */
public final class FaceApiExpressionNet {
    public static final String MODEL = "face_expression_model";
    public static final int SIZE = 112;
    public static final String INPUT = "input";
    public static final String FEATURES = "features";
    public static final String LOGITS = "logits";
    public static final List<String> CLASSES = List.of("neutral", "happy", "sad", "angry", "fearful", "disgusted", "surprised");
    private static final float[] MEAN_RGB = {122.782f, 117.001f, 104.298f};

    private final Ops tf;
    private final Map<String, TensorProto> weights;

    private FaceApiExpressionNet(Ops tf, Map<String, TensorProto> weights) {
        this.tf = tf;
        this.weights = weights;
    }

    /** The network with the store's pinned weights: input [N, 112, 112, 3] RGB 0..255; outputs features [N, 256], logits [N, 7]. */
    public static GraphDef graphDef(ModelStore store) {
        try {
            var manifest = new ObjectMapper().readTree(store.file(MODEL + ".json").toFile());
            var w = TfjsGraphModelLoader.readWeights(manifest, Files.readAllBytes(store.file(MODEL + ".bin")));
            try (Graph g = new Graph()) {
                new FaceApiExpressionNet(Ops.create(g), w).build();
                return g.toGraphDef();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the face-api expression model", e);
        }
    }

    private void build() {
        Placeholder<TFloat32> input = tf.withName(INPUT).placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, SIZE, SIZE, 3)));
        Operand<TFloat32> x = tf.math.div(tf.math.sub(input, tf.constant(MEAN_RGB)), tf.constant(255f));
        x = denseBlock(x, "dense0", true);
        x = denseBlock(x, "dense1", false);
        x = denseBlock(x, "dense2", false);
        x = denseBlock(x, "dense3", false);
        x = tf.nn.avgPool(x, List.of(1L, 7L, 7L, 1L), List.of(1L, 2L, 2L, 1L), "VALID");
        Operand<TFloat32> features = tf.withName(FEATURES).reshape(x, tf.constant(new int[] {-1, 256}));
        tf.withName(LOGITS).math.add(tf.linalg.matMul(features, constant("fc/weights")), constant("fc/bias"));
    }

    /** denseBlock4 with isScaleDown: out1 strided; each later conv reads relu of the sum of the outputs before it. */
    private Operand<TFloat32> denseBlock(Operand<TFloat32> x, String block, boolean first) {
        Operand<TFloat32> out1 = tf.nn.relu(first
                ? tf.math.add(tf.nn.conv2d(x, constant(block + "/conv0/filters"), List.of(1L, 2L, 2L, 1L), "SAME"), constant(block + "/conv0/bias"))
                : separable(x, block + "/conv0", 2));
        Operand<TFloat32> out2 = separable(out1, block + "/conv1", 1);
        Operand<TFloat32> out3 = separable(tf.nn.relu(tf.math.add(out1, out2)), block + "/conv2", 1);
        Operand<TFloat32> out4 = separable(tf.nn.relu(tf.math.add(out1, tf.math.add(out2, out3))), block + "/conv3", 1);
        return tf.nn.relu(tf.math.add(out1, tf.math.add(out2, tf.math.add(out3, out4))));
    }

    /** tf.separableConv2d(x, depthwise, pointwise, stride, 'same') + bias. */
    private Operand<TFloat32> separable(Operand<TFloat32> x, String conv, long stride) {
        Operand<TFloat32> depthwise = tf.nn.depthwiseConv2dNative(x, constant(conv + "/depthwise_filter"), List.of(1L, stride, stride, 1L), "SAME");
        Operand<TFloat32> pointwise = tf.nn.conv2d(depthwise, constant(conv + "/pointwise_filter"), List.of(1L, 1L, 1L, 1L), "VALID");
        return tf.math.add(pointwise, constant(conv + "/bias"));
    }

    private Operand<TFloat32> constant(String name) {
        TensorProto t = weights.get(name);
        if (t == null) {
            throw new IllegalArgumentException("the face-api expression weights lack " + name);
        }
        long[] dims = t.getTensorShape().getDimList().stream().mapToLong(d -> d.getSize()).toArray();
        ByteBuffer b = t.getTensorContent().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[b.remaining() / 4];
        b.asFloatBuffer().get(values);
        return tf.constant(Shape.of(dims), DataBuffers.of(values, true, false));
    }
}
