package io.fer.workers.modality;

import io.fer.models.store.ModelStore;
import io.fer.models.tf.TfGraph;
import io.fer.workers.image.RgbImage;
import io.fer.workers.pose.BodyPose;
import io.fer.workers.pose.MoveNetModel;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Pose: `movenet-lightning` 17 body keypoints on the upper-body context crop, as x, y in the crop's unit square and
 * the keypoint score (the paper's OpenPose body slot).
 */
public final class PoseModality implements Modality {
    public static final String NAME = "pose";
    private final MoveNetModel model;

    public PoseModality(ModelStore store, TfGraph.TfOptions options) {
        this.model = new MoveNetModel(store, options);
    }

    @Override public String name() { return NAME; }
    @Override public Input input() { return Input.CONTEXT_CROP; }
    @Override public int dimension() { return BodyPose.KEYPOINTS * 3; }

    @Override
    public List<float[]> embed(List<RgbImage> crops) {
        List<BodyPose> poses = model.run(crops);
        return IntStream.range(0, crops.size()).mapToObj(i -> {
            float[] k = poses.get(i).keypoints().clone();
            for (int j = 0; j < k.length; j += 3) {
                k[j] /= crops.get(i).width();
                k[j + 1] /= crops.get(i).height();
            }
            return k;
        }).toList();
    }

    @Override
    public void close() {
        model.close();
    }
}
