package io.fer.workers.image;

/**
 * An image's size read from its JPEG or PNG header, before anything is decoded: a small record can declare a huge
 * image (a uniform 60000 x 60000 JPEG compresses to a few hundred kB), which must be refused, not allocated.
 */
public final class ImageHeader {
    /** 8192 x 8192: an 8K frame (7680 x 4320) passes; beyond this a frame is refused as absurd. */
    public static final long MAX_PIXELS = 8192L * 8192L;

    private ImageHeader() {}

    /** {width, height}, or null when the header is neither JPEG nor PNG or is cut off. */
    public static int[] dimensions(byte[] b) {
        if (b.length >= 24 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            return new int[] {int32(b, 16), int32(b, 20)};
        }
        if (b.length < 4 || (b[0] & 0xff) != 0xFF || (b[1] & 0xff) != 0xD8) {
            return null;
        }
        int i = 2;
        while (i + 9 < b.length) {
            if ((b[i] & 0xff) != 0xFF) {
                return null;
            }
            int marker = b[i + 1] & 0xff;
            if (marker == 0xFF) {
                i++; // fill byte
                continue;
            }
            int len = ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
            boolean startOfFrame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (startOfFrame) {
                int h = ((b[i + 5] & 0xff) << 8) | (b[i + 6] & 0xff);
                int w = ((b[i + 7] & 0xff) << 8) | (b[i + 8] & 0xff);
                return new int[] {w, h};
            }
            i += 2 + len;
        }
        return null;
    }

    /** Throws with the reason when the declared size is beyond what a frame may be. */
    public static void checkSize(byte[] encoded) {
        int[] d = dimensions(encoded);
        if (d != null && ((long) d[0] * d[1] > MAX_PIXELS || d[0] <= 0 || d[1] <= 0)) {
            throw new IllegalArgumentException("image of " + d[0] + "x" + d[1] + " px: beyond the " + MAX_PIXELS / 1_000_000
                    + " megapixel limit of a frame");
        }
    }

    private static int int32(byte[] b, int o) {
        return ((b[o] & 0xff) << 24) | ((b[o + 1] & 0xff) << 16) | ((b[o + 2] & 0xff) << 8) | (b[o + 3] & 0xff);
    }
}
