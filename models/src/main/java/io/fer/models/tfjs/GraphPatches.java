package io.fer.models.tfjs;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.Set;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/** Edits to converted graphs that a model needs to be used in batches. */
public final class GraphPatches {
    private GraphPatches() {}

    /**
     * For graphs exported with batch size 1 baked in: the placeholders' first dimension and the leading 1 of
     * every Reshape target shape become -1, so N inputs run in one call.
     */
    public static GraphDef dynamicBatch(GraphDef in) {
        Set<String> reshapeShapes = new HashSet<>();
        for (NodeDef n : in.getNodeList()) {
            if (n.getOp().equals("Reshape") && n.getInputCount() > 1) {
                reshapeShapes.add(n.getInput(1));
            }
        }
        GraphDef.Builder out = in.toBuilder().clearNode();
        for (NodeDef n : in.getNodeList()) {
            if (n.getOp().equals("Placeholder") && n.containsAttr("shape")) {
                TensorShapeProto shape = n.getAttrOrThrow("shape").getShape();
                if (shape.getDimCount() > 0 && shape.getDim(0).getSize() == 1) {
                    TensorShapeProto dyn = shape.toBuilder().setDim(0, TensorShapeProto.Dim.newBuilder().setSize(-1)).build();
                    n = n.toBuilder().putAttr("shape", AttrValue.newBuilder().setShape(dyn).build()).build();
                }
            } else if (n.getOp().equals("Const") && reshapeShapes.contains(n.getName())) {
                TensorProto t = n.getAttrOrThrow("value").getTensor();
                ByteBuffer b = t.getTensorContent().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
                if (b.remaining() >= 4 && b.getInt(0) == 1) {
                    ByteBuffer copy = ByteBuffer.allocate(b.remaining()).order(ByteOrder.LITTLE_ENDIAN);
                    copy.put(b.duplicate().order(ByteOrder.LITTLE_ENDIAN));
                    copy.putInt(0, -1);
                    TensorProto patched = t.toBuilder().setTensorContent(ByteString.copyFrom(copy.array())).build();
                    n = n.toBuilder().putAttr("value", AttrValue.newBuilder().setTensor(patched).build()).build();
                }
            }
            out.addNode(n);
        }
        return out.build();
    }
}
