package io.fer.models.tf;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs a model on batches of items, the loop every model wrapper shares: each item prepared by the translator into
 * one input tensor, one engine call per batch, the outputs split back per item. One per thread, as its engine.
 */
public final class Predictor<I, O> implements AutoCloseable {
    private final ModelRunner engine;
    private final Translator<I, O> translator;
    private final int itemSize;

    public Predictor(ModelRunner engine, Translator<I, O> translator) {
        this.engine = engine;
        this.translator = translator;
        long size = 1;
        for (long d : translator.itemShape()) {
            size *= d;
        }
        this.itemSize = Math.toIntExact(size);
    }

    /** One result per item, in order; no engine call for none. */
    public List<O> predict(List<I> items) {
        if (items.isEmpty()) {
            return List.of();
        }
        float[] batch = new float[items.size() * itemSize];
        for (int i = 0; i < items.size(); i++) {
            float[] x = translator.prepare(items.get(i));
            if (x.length != itemSize) {
                throw new IllegalStateException("prepared input of " + x.length + " values, the model reads " + itemSize);
            }
            System.arraycopy(x, 0, batch, i * itemSize, itemSize);
        }
        List<FloatTensor> outputs = runRaw(batch, items.size());
        List<O> results = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            results.add(translator.output(outputs, i, items.get(i)));
        }
        return results;
    }

    /** The raw outputs of n prepared items (parity checks compare these with the reference library's). */
    public List<FloatTensor> runRaw(float[] batch, int n) {
        long[] item = translator.itemShape();
        long[] shape = new long[item.length + 1];
        shape[0] = n;
        System.arraycopy(item, 0, shape, 1, item.length);
        return engine.run(translator.inputNode(), new FloatTensor(batch, shape), translator.outputNodes());
    }

    @Override
    public void close() {
        engine.close();
    }
}
