package io.fer.workers.landmarks;

import io.fer.models.tf.FloatTensor;
import io.fer.models.tf.Translator;
import io.fer.workers.image.Images;
import io.fer.workers.image.RgbImage;
import java.util.List;

/** `facemesh`'s pre- and post-processing: 192 x 192 RGB in 0..1 in; 468 landmarks in the crop's unit square out. */
final class FaceMeshTranslator implements Translator<RgbImage, FaceMesh> {
    @Override
    public String inputNode() {
        return "input_1";
    }

    @Override
    public List<String> outputNodes() {
        return List.of("Identity_2", "Identity_1");
    }

    @Override
    public long[] itemShape() {
        return new long[] {FaceMeshModel.SIZE, FaceMeshModel.SIZE, 3};
    }

    @Override
    public float[] prepare(RgbImage crop) {
        float[] x = Images.cropResize(crop, Images.centre(crop, 1f), FaceMeshModel.SIZE, FaceMeshModel.SIZE);
        for (int i = 0; i < x.length; i++) {
            x[i] /= 255f;
        }
        return x;
    }

    @Override
    public FaceMesh output(List<FloatTensor> outputs, int index, RgbImage item) {
        float[] mesh = outputs.get(0).row(index);
        for (int j = 0; j < mesh.length; j++) {
            mesh[j] /= FaceMeshModel.SIZE; // model pixels -> unit square of the crop
        }
        return new FaceMesh(mesh, outputs.get(1).row(index)[0]);
    }
}
