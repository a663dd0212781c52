package io.fer.models.tf;

import java.util.List;

/** The engine call of a model: one float input in, float outputs by name out. Holds native sessions: close it. */
public interface ModelRunner extends AutoCloseable {
    List<FloatTensor> run(String input, FloatTensor value, List<String> outputs);

    @Override
    void close();
}
