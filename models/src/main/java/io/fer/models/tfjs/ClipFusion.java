package io.fer.models.tfjs;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;

/**
 * Keras MobileNets reach TF.js unfused: conv, a batch-norm Mul and Add, then relu6 spelled as Relu, Minimum(6)
 * and Maximum(0). TensorFlow runs each of those as a pass over the whole activation (a fifth of the appearance
 * stage's CPU); here each block becomes one fused convolution with bias and Relu6 (in the depthwise blocks the
 * batch-norm scale is folded into the kernel first).
 * Same function: relu6(x) = max(min(relu(x), 6), 0) exactly; folding the scale only rounds differently.
 */
final class ClipFusion {
    private static final AttrValue FLOAT = AttrValue.newBuilder().setType(DataType.DT_FLOAT).build();

    private final Map<String, NodeDef> byName = new HashMap<>();
    private final Map<String, Integer> consumers = new HashMap<>();
    private final Set<String> removed = new HashSet<>();
    private final Map<String, List<NodeDef>> replacements = new HashMap<>();

    private ClipFusion(GraphDef in) {
        for (NodeDef n : in.getNodeList()) {
            byName.put(n.getName(), n);
            for (String input : n.getInputList()) {
                consumers.merge(nodeName(input), 1, Integer::sum);
            }
        }
    }

    static GraphDef fuse(GraphDef in) {
        ClipFusion f = new ClipFusion(in);
        for (NodeDef n : in.getNodeList()) {
            f.fuseBlockEndingAt(n);
        }
        GraphDef.Builder out = in.toBuilder().clearNode();
        for (NodeDef n : in.getNodeList()) {
            List<NodeDef> replacement = f.replacements.get(n.getName());
            if (replacement != null) {
                out.addAllNode(replacement);
            } else if (!f.removed.contains(n.getName())) {
                out.addNode(n);
            }
        }
        return out.build();
    }

    /** {@code clip} is the Maximum(0) of a clip; rewrites the block that feeds it when it has the known shape. */
    private void fuseBlockEndingAt(NodeDef clip) {
        if (!clip.getOp().equals("Maximum") || !isScalar(clip, 1, 0f)) {
            return;
        }
        NodeDef min = soleProducer(clip.getInput(0), "Minimum");
        if (min == null || !isScalar(min, 1, 6f)) {
            return;
        }
        NodeDef relu = soleProducer(min.getInput(0), "Relu");
        NodeDef beforeActivation = relu != null ? relu : min;
        NodeDef add = soleProducer(beforeActivation.getInput(0), "Add", "AddV2", "BiasAdd");
        String bias = add == null ? null : add.getInput(1);
        if (add == null || !isVector(bias)) {
            return;
        }
        NodeDef conv = channelsLast(soleProducer(add.getInput(0), "Conv2D"));
        NodeDef mul = soleProducer(add.getInput(0), "Mul");
        NodeDef depthwise = mul == null ? null : channelsLast(soleProducer(mul.getInput(0), "DepthwiseConv2dNative"));
        List<NodeDef> block = new ArrayList<>();
        if (conv != null) {
            block.add(fused(clip.getName(), "_FusedConv2D", conv, bias));
            removed.add(conv.getName());
        } else if (depthwise != null && isVector(mul.getInput(1)) && isConst(depthwise.getInput(1))) {
            String kernel = depthwise.getName() + "/scaled_kernel";
            block.add(scaledKernel(kernel, byName.get(nodeName(depthwise.getInput(1))), byName.get(nodeName(mul.getInput(1)))));
            block.add(fused(clip.getName(), "_FusedDepthwiseConv2dNative", depthwise.toBuilder().setInput(1, kernel).build(), bias));
            removed.add(depthwise.getName());
            removed.add(mul.getName());
            if (consumers.get(nodeName(depthwise.getInput(1))) == 1) {
                removed.add(nodeName(depthwise.getInput(1)));
            }
        } else {
            return;
        }
        removed.add(add.getName());
        removed.add(min.getName());
        if (relu != null) {
            removed.add(relu.getName());
        }
        replacements.put(clip.getName(), block);
    }

    /** {@code conv} with its bias and Relu6 as one op: _FusedConv2D, or _FusedDepthwiseConv2dNative (which has no TArgs). */
    private static NodeDef fused(String name, String op, NodeDef conv, String bias) {
        AttrValue.ListValue.Builder ops = AttrValue.ListValue.newBuilder()
                .addS(ByteString.copyFromUtf8("BiasAdd")).addS(ByteString.copyFromUtf8("Relu6"));
        NodeDef.Builder b = conv.toBuilder().setName(name).setOp(op).clearDevice().addInput(bias)
                .putAttr("num_args", AttrValue.newBuilder().setI(1).build())
                .putAttr("fused_ops", AttrValue.newBuilder().setList(ops).build());
        if (op.equals("_FusedConv2D")) {
            b.putAttr("TArgs", AttrValue.newBuilder().setList(AttrValue.ListValue.newBuilder().addType(DataType.DT_FLOAT)).build());
        } else {
            b.removeAttr("explicit_paddings");
        }
        if (!b.containsAttr("T")) {
            b.putAttr("T", FLOAT);
        }
        return b.build();
    }

    /** A depthwise kernel [h, w, in, multiplier] times a per-output-channel scale [in * multiplier]. */
    private static NodeDef scaledKernel(String name, NodeDef kernel, NodeDef scale) {
        float[] k = floats(kernel);
        float[] s = floats(scale);
        ByteBuffer out = ByteBuffer.allocate(k.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < k.length; i++) {
            out.putFloat(k[i] * s[i % s.length]);
        }
        TensorProto t = kernel.getAttrOrThrow("value").getTensor().toBuilder().clearFloatVal()
                .setTensorContent(ByteString.copyFrom(out.array())).build();
        return NodeDef.newBuilder().setName(name).setOp("Const").putAttr("dtype", FLOAT)
                .putAttr("value", AttrValue.newBuilder().setTensor(t).build()).build();
    }

    /** The fused ops' bias indexes the last dimension. */
    private static NodeDef channelsLast(NodeDef conv) {
        return conv == null || conv.getAttrOrDefault("data_format", AttrValue.getDefaultInstance()).getS().toStringUtf8()
                .equals("NCHW") ? null : conv;
    }

    /** The node that produces {@code input}, when it has one of the ops and no other consumer. */
    private NodeDef soleProducer(String input, String... ops) {
        NodeDef n = byName.get(nodeName(input));
        if (n == null || !List.of(ops).contains(n.getOp()) || consumers.getOrDefault(n.getName(), 0) != 1
                || input.contains(":") && !input.endsWith(":0")) {
            return null;
        }
        return n;
    }

    private boolean isConst(String input) {
        NodeDef n = byName.get(nodeName(input));
        return n != null && n.getOp().equals("Const") && n.containsAttr("value")
                && n.getAttrOrThrow("value").getTensor().getDtype() == DataType.DT_FLOAT;
    }

    private boolean isVector(String input) {
        return isConst(input) && byName.get(nodeName(input)).getAttrOrThrow("value").getTensor().getTensorShape().getDimCount() == 1;
    }

    private boolean isScalar(NodeDef n, int inputIndex, float value) {
        if (n.getInputCount() != 2 || !isConst(n.getInput(inputIndex))) {
            return false;
        }
        float[] v = floats(byName.get(nodeName(n.getInput(inputIndex))));
        return v.length == 1 && v[0] == value;
    }

    private static float[] floats(NodeDef constant) {
        TensorProto t = constant.getAttrOrThrow("value").getTensor();
        if (t.getTensorContent().isEmpty()) {
            float[] v = new float[t.getFloatValCount()];
            for (int i = 0; i < v.length; i++) {
                v[i] = t.getFloatVal(i);
            }
            return v;
        }
        ByteBuffer b = t.getTensorContent().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[b.remaining() / 4];
        b.asFloatBuffer().get(v);
        return v;
    }

    private static String nodeName(String input) {
        String s = input.startsWith("^") ? input.substring(1) : input;
        int colon = s.indexOf(':');
        return colon < 0 ? s : s.substring(0, colon);
    }
}
