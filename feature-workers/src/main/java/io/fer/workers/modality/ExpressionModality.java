package io.fer.workers.modality;

import io.fer.models.store.ModelStore;
import io.fer.models.tf.TfGraph;
import io.fer.workers.expression.ExpressionFeatures;
import io.fer.workers.expression.ExpressionModel;
import io.fer.workers.image.RgbImage;
import java.util.List;

/** Expression: the `emotion` model's 7 logits and 256 pooled features. */
public final class ExpressionModality implements Modality {
    public static final String NAME = "expression";
    private final ExpressionModel model;

    public ExpressionModality(ModelStore store, TfGraph.TfOptions options) {
        this.model = new ExpressionModel(store, options);
    }

    @Override public String name() { return NAME; }
    @Override public Input input() { return Input.FACE_CROP; }
    @Override public int dimension() { return 7 + 256; }

    @Override
    public List<float[]> embed(List<RgbImage> crops) {
        return model.run(crops).stream().map(ExpressionFeatures::vector).toList();
    }

    @Override
    public void close() {
        model.close();
    }
}
