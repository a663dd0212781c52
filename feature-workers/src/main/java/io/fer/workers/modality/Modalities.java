package io.fer.workers.modality;

import io.fer.models.store.ModelStore;
import io.fer.models.tf.TfGraph;
import io.fer.workers.appearance.FaceResModel;
import io.fer.workers.faceapi.FaceApiExpressionModality;
import io.fer.workers.landmarks.FaceMesh;
import io.fer.workers.pose.BodyPose;
import java.util.List;

/** The built-in modalities by name, and generic ones from a spec. */
public final class Modalities {
    /** The standard set (--stage all, bench workers). */
    public static final List<String> BUILT_IN = List.of(ExpressionModality.NAME, AppearanceModality.NAME,
            GeometryModality.NAME, PoseModality.NAME);
    /** Every modality built in, the candidates outside the standard set included. */
    public static final List<String> KNOWN = List.of(ExpressionModality.NAME, AppearanceModality.NAME,
            GeometryModality.NAME, PoseModality.NAME, FaceApiExpressionModality.NAME);

    private Modalities() {}

    /** Vector size of a built-in modality, without loading its model. */
    public static int dimension(String name) {
        return switch (name) {
            case ExpressionModality.NAME -> 7 + 256;
            case AppearanceModality.NAME -> FaceResModel.DIM;
            case GeometryModality.NAME -> FaceMesh.POINTS * 3;
            case PoseModality.NAME -> BodyPose.KEYPOINTS * 3;
            case FaceApiExpressionModality.NAME -> FaceApiExpressionModality.DIM;
            default -> throw new IllegalArgumentException("unknown modality '" + name + "': one of " + KNOWN);
        };
    }

    /** What a built-in modality reads, without loading its model. */
    public static Modality.Input input(String name) {
        return name.equals(PoseModality.NAME) ? Modality.Input.CONTEXT_CROP : Modality.Input.FACE_CROP;
    }

    public static Modality create(String name, ModelStore store, TfGraph.TfOptions options) {
        return switch (name) {
            case ExpressionModality.NAME -> new ExpressionModality(store, options);
            case AppearanceModality.NAME -> new AppearanceModality(store, options);
            case GeometryModality.NAME -> new GeometryModality(store, options);
            case PoseModality.NAME -> new PoseModality(store, options);
            case FaceApiExpressionModality.NAME -> new FaceApiExpressionModality(store, options);
            default -> throw new IllegalArgumentException("unknown modality '" + name + "': one of " + KNOWN
                    + ", or a generic one with --modality name=...,path=...");
        };
    }
}
