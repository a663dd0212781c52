package io.fer.workers.face;

/** Joins the converted model's separate score and box heads into the anchor-major layout the decoder reads. */
final class BlazeFaceOutputs {
    private BlazeFaceOutputs() {}

    /** scores/boxes of the 512-anchor head first, then the 384-anchor head, as the library concatenates them. */
    static float[] interleave(float[] scores512, float[] boxes512, float[] scores384, float[] boxes384) {
        int n512 = scores512.length;
        int n384 = scores384.length;
        int v = BlazeFaceDecoder.VALUES_PER_ANCHOR;
        float[] out = new float[(n512 + n384) * v];
        fill(out, 0, scores512, boxes512);
        fill(out, n512 * v, scores384, boxes384);
        return out;
    }

    private static void fill(float[] out, int offset, float[] scores, float[] boxes) {
        int v = BlazeFaceDecoder.VALUES_PER_ANCHOR;
        for (int a = 0; a < scores.length; a++) {
            out[offset + a * v] = scores[a];
            System.arraycopy(boxes, a * (v - 1), out, offset + a * v + 1, v - 1);
        }
    }
}
