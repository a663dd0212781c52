package io.fer.training.features;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/** A frame mirrored left to right: the training augmentation that keeps an expression's label. */
public final class Mirror {
    private Mirror() {}

    /** @param bgr a TYPE_3BYTE_BGR image (as the sources decode) */
    public static BufferedImage flip(BufferedImage bgr) {
        if (bgr.getType() != BufferedImage.TYPE_3BYTE_BGR) {
            throw new IllegalArgumentException("a 3-byte BGR frame expected, got image type " + bgr.getType());
        }
        int w = bgr.getWidth();
        int h = bgr.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        byte[] src = ((DataBufferByte) bgr.getRaster().getDataBuffer()).getData();
        byte[] dst = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < h; y++) {
            int row = y * w * 3;
            for (int x = 0; x < w; x++) {
                System.arraycopy(src, row + x * 3, dst, row + (w - 1 - x) * 3, 3);
            }
        }
        return out;
    }
}
