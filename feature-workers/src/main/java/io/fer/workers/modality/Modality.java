package io.fer.workers.modality;

import io.fer.workers.image.RgbImage;
import java.util.List;

/**
 * One per-frame feature generator behind the modality stages: a name (its topic is fer.emb.NAME), which crop it
 * reads, its vector size, and batched inference. Adding a modality never touches the classifier job.
 * Instances hold model sessions: one per thread, closed after use.
 */
public interface Modality extends AutoCloseable {
    enum Input { FACE_CROP, CONTEXT_CROP }

    String name();

    Input input();

    int dimension();

    /** One vector per image, in order. */
    List<float[]> embed(List<RgbImage> crops);

    @Override
    void close();
}
