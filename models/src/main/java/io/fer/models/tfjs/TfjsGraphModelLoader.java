package io.fer.models.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * Turns a TensorFlow.js graph model (model.json + weights .bin) into a GraphDef that stock TensorFlow
 * imports: the topology is a GraphDef in proto3 JSON, the Const values come from the weights file
 * (de-quantised where the converter quantised them), and TF.js-only ops are rewritten.
 */
public final class TfjsGraphModelLoader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TfjsGraphModelLoader() {}

    public static GraphDef load(Path modelJson, Path weightsBin) {
        return ClipFusion.fuse(unfused(modelJson, weightsBin));
    }

    /** The graph as TF.js exported it, made importable but with its blocks not yet fused. */
    static GraphDef unfused(Path modelJson, Path weightsBin) {
        try {
            JsonNode root = JSON.readTree(modelJson.toFile());
            GraphDef.Builder graph = GraphDef.newBuilder();
            JsonFormat.parser().ignoringUnknownFields().merge(root.get("modelTopology").toString(), graph);
            Map<String, TensorProto> weights = readWeights(root.get("weightsManifest"), Files.readAllBytes(weightsBin));
            return OpRewriter.rewrite(withWeights(graph.build(), weights));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException(modelJson + " is not a TF.js graph model: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + modelJson, e);
        }
    }

    private static GraphDef withWeights(GraphDef graph, Map<String, TensorProto> weights) {
        GraphDef.Builder out = graph.toBuilder().clearNode();
        for (NodeDef node : graph.getNodeList()) {
            NodeDef.Builder b = node.toBuilder().clearDevice();
            TensorProto value = weights.get(node.getName());
            if (node.getOp().equals("Const") && value != null) {
                b.putAttr("value", AttrValue.newBuilder().setTensor(value).build());
                b.putAttr("dtype", AttrValue.newBuilder().setType(value.getDtype()).build());
            }
            out.addNode(b);
        }
        return out.build();
    }

    /** The weights of a TF.js weights manifest ("weightsManifest" of a model, or a weights-only manifest), de-quantised. */
    public static Map<String, TensorProto> readWeights(JsonNode manifest, byte[] bin) {
        Map<String, TensorProto> out = new HashMap<>();
        ByteBuffer buf = ByteBuffer.wrap(bin).order(ByteOrder.LITTLE_ENDIAN);
        for (JsonNode group : manifest) {
            for (JsonNode w : group.get("weights")) {
                TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
                long count = 1;
                for (JsonNode d : w.get("shape")) {
                    shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(d.asLong()));
                    count *= d.asLong();
                }
                String dtype = w.get("dtype").asText();
                JsonNode q = w.get("quantization");
                TensorProto.Builder t = TensorProto.newBuilder().setTensorShape(shape);
                if (q != null) {
                    t.setDtype(DataType.DT_FLOAT).setTensorContent(dequantize(buf, (int) count, q));
                } else {
                    switch (dtype) {
                        case "float32" -> t.setDtype(DataType.DT_FLOAT).setTensorContent(take(buf, (int) count * 4));
                        case "int32" -> t.setDtype(DataType.DT_INT32).setTensorContent(take(buf, (int) count * 4));
                        case "bool" -> t.setDtype(DataType.DT_BOOL).setTensorContent(take(buf, (int) count));
                        default -> throw new IllegalArgumentException("unsupported weight dtype " + dtype + " of " + w.get("name"));
                    }
                }
                out.put(w.get("name").asText(), t.build());
            }
        }
        return out;
    }

    private static ByteString take(ByteBuffer buf, int bytes) {
        byte[] b = new byte[bytes];
        buf.get(b);
        return ByteString.copyFrom(b);
    }

    private static ByteString dequantize(ByteBuffer buf, int count, JsonNode q) {
        String qtype = q.get("dtype").asText();
        ByteBuffer out = ByteBuffer.allocate(count * 4).order(ByteOrder.LITTLE_ENDIAN);
        switch (qtype) {
            case "float16" -> {
                for (int i = 0; i < count; i++) {
                    out.putFloat(halfToFloat(buf.getShort()));
                }
            }
            case "uint8", "uint16" -> {
                float scale = (float) q.get("scale").asDouble();
                float min = (float) q.get("min").asDouble();
                for (int i = 0; i < count; i++) {
                    int v = qtype.equals("uint8") ? Byte.toUnsignedInt(buf.get()) : Short.toUnsignedInt(buf.getShort());
                    out.putFloat(v * scale + min);
                }
            }
            default -> throw new IllegalArgumentException("unsupported quantisation " + qtype);
        }
        return ByteString.copyFrom(out.array());
    }

    /** IEEE 754 half to float (Float.float16ToFloat arrives only in Java 20). */
    static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0) {
            return (sign == 0 ? 1 : -1) * mant * 0x1p-24f;
        }
        if (exp == 31) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }
}
