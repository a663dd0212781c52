package io.fer.workers.pose;

import io.fer.models.store.ModelStore;
import io.fer.models.tf.FloatTensor;
import io.fer.models.tf.TfGraph;
import io.fer.models.tfjs.ConvertedModels;
import io.fer.workers.face.Letterbox;
import io.fer.workers.image.Images;
import io.fer.workers.image.RgbImage;
import java.util.ArrayList;
import java.util.List;

/**
 * The `movenet-lightning` model: 17 body keypoints from an image (the upper-body context crop), padded to a
 * square and resized to 192 x 192 int32 as the library does. Its graph is fixed to batch 1, so a batch is a loop.
 */
public final class MoveNetModel implements AutoCloseable {
    public static final String MODEL = "movenet-lightning";
    public static final int SIZE = 192;
    static final String INPUT = "input";
    static final List<String> OUTPUTS = List.of("Identity");

    private final TfGraph graph;

    public MoveNetModel(ModelStore store, TfGraph.TfOptions options) {
        this.graph = TfGraph.of(ConvertedModels.load(store, MODEL), options);
    }

    public static int[] prepare(RgbImage img) {
        Letterbox lb = new Letterbox(img.width(), img.height(), SIZE);
        float[] f = Images.cropResize(img, lb.sourceRegion(), SIZE, SIZE);
        int[] out = new int[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = (int) f[i]; // the library casts (truncates) to int32
        }
        return out;
    }

    public FloatTensor runRaw(int[] input) {
        return graph.runInt(INPUT, input, new long[] {1, SIZE, SIZE, 3}, OUTPUTS).get(0);
    }

    public List<BodyPose> run(List<RgbImage> images) {
        List<BodyPose> out = new ArrayList<>(images.size());
        for (RgbImage img : images) {
            float[] raw = runRaw(prepare(img)).data(); // y, x, score normalised to the padded square
            Letterbox lb = new Letterbox(img.width(), img.height(), SIZE);
            var src = lb.sourceRegion();
            float[] kp = new float[BodyPose.KEYPOINTS * 3];
            for (int k = 0; k < BodyPose.KEYPOINTS; k++) {
                kp[3 * k] = src.x() + raw[3 * k + 1] * src.width();
                kp[3 * k + 1] = src.y() + raw[3 * k] * src.height();
                kp[3 * k + 2] = raw[3 * k + 2];
            }
            out.add(new BodyPose(kp));
        }
        return out;
    }

    @Override
    public void close() {
        graph.close();
    }
}
