package io.fer.workers.face;

import io.fer.workers.image.Box;
import io.fer.workers.image.RgbImage;
import java.util.List;

/** A face detector as the face stage uses it: whole frames in batches, and regions of one frame zoomed in. */
public interface FaceFinder {
    /** The faces of each image (image pixels), in one call. */
    List<List<Detection>> detect(List<RgbImage> images);

    /** The faces inside these regions of the image (each scaled to the detector's input), in image pixels. */
    List<Detection> detectIn(RgbImage image, List<Box> regions);
}
