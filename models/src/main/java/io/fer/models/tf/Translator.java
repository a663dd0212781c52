package io.fer.models.tf;

import java.util.List;

/**
 * A model's pre- and post-processing, pure (DJL's Translator): what one item becomes as the model's input, and what
 * the model's outputs for one item of a batch become. The engine call and the batching are {@link Predictor}'s.
 *
 * @param <I> an item, e.g. a face crop
 * @param <O> what the model says of it
 */
public interface Translator<I, O> {
    String inputNode();

    List<String> outputNodes();

    /** One item's input shape, without the batch dimension (e.g. {64, 64, 1}). */
    long[] itemShape();

    /** One item as the model reads it, itemShape's size. */
    float[] prepare(I item);

    /** What the outputs say of the item at this index of the batch. */
    O output(List<FloatTensor> outputs, int index, I item);
}
