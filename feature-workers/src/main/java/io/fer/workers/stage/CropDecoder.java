package io.fer.workers.stage;

import io.fer.workers.image.Images;
import io.fer.workers.image.RgbImage;
import java.nio.ByteBuffer;

/** Turns a crop of fer.faces (JPEG) into pixels for a modality stage. */
public interface CropDecoder {
    /** Every call decodes: a stage that is the only reader of its crops in its process. */
    CropDecoder OWN = jpeg -> Images.decode(FaceStage.bytes(jpeg));

    /**
     * @throws IllegalArgumentException the bytes are not an image
     */
    RgbImage decode(ByteBuffer jpeg);
}
