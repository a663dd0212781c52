package io.fer.models.tfjs;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/** Rewrites the ops TF.js graphs use that stock TensorFlow lacks or declares differently. */
final class OpRewriter {
    // the TF.js converter drops the type attribute of some nodes; these graphs are float32
    private static final AttrValue FLOAT = AttrValue.newBuilder().setType(DataType.DT_FLOAT).build();
    private OpRewriter() {}

    static GraphDef rewrite(GraphDef in) {
        GraphDef.Builder out = in.toBuilder().clearNode();
        for (NodeDef n : in.getNodeList()) {
            switch (n.getOp()) {
                case "_FusedConv2D", "_FusedMatMul" -> {
                    if (fusedOps(n).contains("Prelu")) {
                        out.addAllNode(splitFusedPrelu(n));
                    } else if (n.getOp().equals("_FusedConv2D")) {
                        out.addNode(withTArgs(n));
                    } else {
                        out.addNode(n); // _FusedMatMul has no TArgs in TF's op definition
                    }
                }
                case "FusedDepthwiseConv2dNative" -> out.addAllNode(splitFusedDepthwise(n));
                case "Prelu" -> out.addAllNode(prelu(n));
                default -> out.addNode(n);
            }
        }
        return out.build();
    }

    /** TF declares _FusedConv2D's extra inputs by a TArgs list the TF.js converter drops. */
    private static NodeDef withTArgs(NodeDef n) {
        if (n.containsAttr("TArgs")) {
            return n;
        }
        long numArgs = n.getAttrOrThrow("num_args").getI();
        DataType t = n.getAttrOrDefault("T", FLOAT).getType();
        AttrValue.ListValue.Builder types = AttrValue.ListValue.newBuilder();
        for (int i = 0; i < numArgs; i++) {
            types.addType(t);
        }
        return n.toBuilder().putAttr("TArgs", AttrValue.newBuilder().setList(types).build()).build();
    }

    private static List<String> fusedOps(NodeDef n) {
        return n.getAttrOrDefault("fused_ops", AttrValue.getDefaultInstance()).getList().getSList().stream()
                .map(b -> b.toStringUtf8()).toList();
    }

    /** TF.js fuses Prelu into conv/matmul; TF cannot: the fused op keeps BiasAdd, the prelu follows it. */
    private static List<NodeDef> splitFusedPrelu(NodeDef n) {
        String name = n.getName();
        List<String> fused = fusedOps(n);
        if (!fused.equals(List.of("BiasAdd", "Prelu"))) {
            throw new IllegalArgumentException("unsupported fusion " + fused + " in " + name);
        }
        NodeDef.Builder conv = n.toBuilder().setName(name + "/biased").clearInput().addInput(n.getInput(0))
                .addInput(n.getInput(1)).addInput(n.getInput(2))
                .putAttr("fused_ops", AttrValue.newBuilder().setList(AttrValue.ListValue.newBuilder()
                        .addS(ByteString.copyFromUtf8("BiasAdd"))).build())
                .putAttr("num_args", AttrValue.newBuilder().setI(1).build()).removeAttr("TArgs");
        List<NodeDef> out = new ArrayList<>();
        out.add(n.getOp().equals("_FusedConv2D") ? withTArgs(conv.build()) : conv.build());
        NodeDef prelu = NodeDef.newBuilder().setName(name).setOp("Prelu").putAttr("T", n.getAttrOrDefault("T", FLOAT))
                .addInput(name + "/biased").addInput(n.getInput(3)).build();
        out.addAll(prelu(prelu));
        return out;
    }

    /** TF.js-only: depthwise conv + bias + activation, as three stock ops under the original name. */
    private static List<NodeDef> splitFusedDepthwise(NodeDef n) {
        String name = n.getName();
        NodeDef.Builder conv = n.toBuilder().setName(name + "/depthwise").setOp("DepthwiseConv2dNative").clearInput()
                .addInput(n.getInput(0)).addInput(n.getInput(1))
                .removeAttr("fused_ops").removeAttr("num_args").removeAttr("epsilon").removeAttr("leakyrelu_alpha")
                .removeAttr("TArgs");
        List<String> fused = n.getAttrOrThrow("fused_ops").getList().getSList().stream().map(b -> b.toStringUtf8()).toList();
        AttrValue t = n.getAttrOrDefault("T", FLOAT);
        String last = name + "/depthwise";
        var nodes = new ArrayList<NodeDef>();
        nodes.add(conv.build());
        int arg = 2;
        for (int i = 0; i < fused.size(); i++) {
            String op = fused.get(i);
            boolean isLast = i == fused.size() - 1;
            String outName = isLast ? name : name + "/" + op;
            NodeDef.Builder b = NodeDef.newBuilder().setName(outName).putAttr("T", t).addInput(last);
            switch (op) {
                case "BiasAdd" -> b.setOp("BiasAdd").addInput(n.getInput(arg++));
                case "Relu", "Relu6", "Elu", "Sigmoid", "Tanh" -> b.setOp(op);
                default -> throw new IllegalArgumentException("unsupported fused op " + op + " in " + name);
            }
            nodes.add(b.build());
            last = outName;
        }
        if (fused.isEmpty()) {
            nodes.set(0, conv.setName(name).build());
        }
        return nodes;
    }

    /** TF.js-only: prelu(x, a) = relu(x) - a * relu(-x). */
    private static List<NodeDef> prelu(NodeDef n) {
        String name = n.getName();
        AttrValue t = n.getAttrOrDefault("T", FLOAT);
        String x = n.getInput(0);
        String alpha = n.getInput(1);
        return List.of(
                node(name + "/pos", "Relu", t, x),
                node(name + "/neg", "Neg", t, x),
                node(name + "/negrelu", "Relu", t, name + "/neg"),
                node(name + "/scaled", "Mul", t, alpha, name + "/negrelu"),
                node(name, "Sub", t, name + "/pos", name + "/scaled"));
    }

    private static NodeDef node(String name, String op, AttrValue t, String... inputs) {
        return NodeDef.newBuilder().setName(name).setOp(op).putAttr("T", t).addAllInput(List.of(inputs)).build();
    }
}
