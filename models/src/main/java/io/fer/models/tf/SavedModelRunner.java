package io.fer.models.tf;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.types.TFloat32;

/** A SavedModel directory's session as a {@link ModelRunner}; its serving signature names the default nodes. */
public final class SavedModelRunner implements ModelRunner {
    private final SavedModelBundle bundle;

    public SavedModelRunner(String dir) {
        this.bundle = SavedModelBundle.load(dir, SavedModelBundle.DEFAULT_TAG);
    }

    /** The serving signature's first input or output node name. */
    public String servingNode(boolean input) {
        SignatureDef sig = bundle.metaGraphDef().getSignatureDefMap().get("serving_default");
        return (input ? sig.getInputsMap() : sig.getOutputsMap()).values().iterator().next().getName();
    }

    @Override
    public List<FloatTensor> run(String input, FloatTensor value, List<String> outputs) {
        Session session = bundle.session();
        try (TFloat32 t = TFloat32.tensorOf(Shape.of(value.shape()), DataBuffers.of(value.data(), true, false))) {
            Session.Runner r = session.runner().feed(input, t);
            outputs.forEach(r::fetch);
            try (Result res = r.run()) {
                List<FloatTensor> out = new ArrayList<>(outputs.size());
                for (int i = 0; i < outputs.size(); i++) {
                    out.add(FloatTensor.copyOf((TFloat32) res.get(i)));
                }
                return out;
            }
        }
    }

    @Override
    public void close() {
        bundle.close();
    }
}
