package io.fer.workers.modality;

import io.fer.models.store.ModelStore;
import io.fer.models.tf.TfGraph;
import io.fer.workers.expression.ExpressionModel;
import io.fer.workers.image.RgbImage;
import java.util.List;

/**
 * Expression with where it shows: the `emotion` model's 7 logits and 256 pooled features (as {@link ExpressionModality})
 * plus its last feature map pooled over a 2 x 2 grid of the aligned face (upper/lower, left/right: 4 x 256). One run of
 * the same model; a model reads this or expression, not both.
 */
public final class ExpressionGridModality implements Modality {
    public static final String NAME = "expression-grid";
    static final int CELLS = 2;
    public static final int DIM = 7 + 256 + CELLS * CELLS * 256;
    private final ExpressionModel model;

    public ExpressionGridModality(ModelStore store, TfGraph.TfOptions options) {
        this.model = new ExpressionModel(store, options);
    }

    @Override public String name() { return NAME; }
    @Override public Input input() { return Input.FACE_CROP; }
    @Override public int dimension() { return DIM; }

    @Override
    public List<float[]> embed(List<RgbImage> crops) {
        return model.gridVectors(crops, CELLS);
    }

    @Override
    public void close() {
        model.close();
    }
}
