package io.fer.launcher;

import io.fer.models.store.ModelStore;
import io.fer.models.tf.TfDevices;
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

    /** Session options for a device the user named; a named GPU that is not there is a user error, not a quiet CPU run. */
    public static TfGraph.TfOptions options(String device, int threads) {
        TfGraph.TfOptions options;
        try {
            options = new TfGraph.TfOptions(device, threads, 0);
        } catch (IllegalArgumentException e) {
            throw new Fer.UserError(e.getMessage());
        }
        TfDevices.unavailable(device).ifPresent(reason -> {
            throw new Fer.UserError(reason);
        });
        return options;
    }

    public static ModelStore checked(ModelStore store) {
        if (!store.problems().isEmpty()) {
            throw new Fer.UserError("the model cache " + store.dir() + " is incomplete: " + ModelStore.FETCH_HINT);
        }
        return store;
    }
}
