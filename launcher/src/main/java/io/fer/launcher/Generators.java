package io.fer.launcher;

import io.fer.models.store.ModelStore;
import io.fer.models.tf.TfGraph;
import io.fer.workers.appearance.FaceResModel;
import io.fer.workers.expression.ExpressionModel;
import io.fer.workers.face.FaceDetector;
import io.fer.workers.landmarks.FaceMeshModel;
import io.fer.workers.pose.MoveNetModel;
import java.util.List;

/** The generator names the CLI accepts, and where each runs. */
public final class Generators {
    public static final List<String> ALL = List.of(FaceDetector.MODEL, ExpressionModel.MODEL, FaceResModel.MODEL,
            FaceMeshModel.MODEL, MoveNetModel.MODEL);

    private Generators() {}

    public static void requireKnown(String name) {
        if (!ALL.contains(name)) {
            throw new Fer.UserError("unknown model '" + name + "': one of " + ALL);
        }
    }

    public static TfGraph.TfOptions options(String device, int threads) {
        return new TfGraph.TfOptions(device, threads, 0);
    }

    static ModelStore checked(ModelStore store) {
        if (!store.problems().isEmpty()) {
            throw new Fer.UserError("the model cache " + store.dir() + " is incomplete: " + ModelStore.FETCH_HINT);
        }
        return store;
    }
}
