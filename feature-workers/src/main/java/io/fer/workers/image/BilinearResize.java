package io.fer.workers.image;

/**
 * Bilinear crop-and-resize in pure Java: the arithmetic the models were converted and their parity measured with, so
 * any faster path must give the very same floats (ImagesTest checks it bit for bit against a per-pixel reference).
 * One instance per call: the sample columns, worked out once, and the last two source rows blended across them.
 */
final class BilinearResize {
    private final RgbImage img;
    private final int outW;
    private final float[] out;
    private final int[] xi;
    private final float[] ax;
    private final boolean[] columnInside;
    /** The first run of inside columns: on an inside row its blend is one branch-free loop the JIT vectorises. */
    private final int runFrom;
    private final int runTo;
    // a source row's horizontal blend serves every output row that samples it (most of them when enlarging a crop,
    // as for the 224-px appearance input): kept for the last two rows
    private float[] upper;
    private float[] lower;
    private int upperRow = Integer.MIN_VALUE;
    private int lowerRow = Integer.MIN_VALUE;

    private BilinearResize(RgbImage img, Box box, int outW, int outH) {
        this.img = img;
        this.outW = outW;
        this.out = new float[outW * outH * 3];
        this.xi = new int[outW];
        this.ax = new float[outW];
        this.columnInside = new boolean[outW];
        float sx = box.width() / outW;
        for (int ox = 0; ox < outW; ox++) {
            float fx = box.x() + (ox + 0.5f) * sx - 0.5f;
            xi[ox] = (int) Math.floor(fx);
            ax[ox] = fx - xi[ox];
            columnInside[ox] = xi[ox] >= 0 && xi[ox] + 1 < img.width();
        }
        int from = 0;
        while (from < outW && !columnInside[from]) {
            from++;
        }
        int to = from;
        while (to < outW && columnInside[to]) {
            to++;
        }
        this.runFrom = from;
        this.runTo = to;
        this.upper = new float[outW * 3];
        this.lower = new float[outW * 3];
    }

    /** See {@link Images#cropResize}. */
    static float[] cropResize(RgbImage img, Box box, int outW, int outH) {
        BilinearResize r = new BilinearResize(img, box, outW, outH);
        float sy = box.height() / outH;
        for (int oy = 0; oy < outH; oy++) {
            r.row(oy, box.y() + (oy + 0.5f) * sy - 0.5f);
        }
        return r.out;
    }

    private void row(int oy, float fy) {
        int yi = (int) Math.floor(fy);
        float ay = fy - yi;
        if (yi < 0 || yi + 1 >= img.height()) {
            perPixel(oy, fy);
            return;
        }
        keepRows(yi);
        blendKept(oy, fy, ay, 0, runFrom);
        int rowBase = oy * outW * 3;
        for (int k = runFrom * 3, end = runTo * 3; k < end; k++) {
            float t = upper[k];
            out[rowBase + k] = t + ay * (lower[k] - t);
        }
        blendKept(oy, fy, ay, runTo, outW);
    }

    /** Makes upper and lower hold source rows yi and yi + 1, blended across the sample columns. */
    private void keepRows(int yi) {
        if (upperRow != yi) {
            if (lowerRow == yi) {
                float[] t = upper;
                upper = lower;
                lower = t;
                lowerRow = Integer.MIN_VALUE;
            } else {
                blendRow(yi, upper);
            }
            upperRow = yi;
        }
        if (lowerRow != yi + 1) {
            blendRow(yi + 1, lower);
            lowerRow = yi + 1;
        }
    }

    /** Output columns [from, to) of an inside row: from the kept rows where the column is inside, else per pixel. */
    private void blendKept(int oy, float fy, float ay, int from, int to) {
        for (int ox = from; ox < to; ox++) {
            int o = (oy * outW + ox) * 3;
            if (columnInside[ox]) {
                int k = ox * 3;
                float t0 = upper[k];
                float t1 = upper[k + 1];
                float t2 = upper[k + 2];
                out[o] = t0 + ay * (lower[k] - t0);
                out[o + 1] = t1 + ay * (lower[k + 1] - t1);
                out[o + 2] = t2 + ay * (lower[k + 2] - t2);
            } else {
                pixel(o, xi[ox] + ax[ox], fy);
            }
        }
    }

    /** A row outside the image (in part): every column sampled per pixel. */
    private void perPixel(int oy, float fy) {
        for (int ox = 0; ox < outW; ox++) {
            pixel((oy * outW + ox) * 3, xi[ox] + ax[ox], fy);
        }
    }

    private void pixel(int o, float fx, float fy) {
        for (int c = 0; c < 3; c++) {
            out[o + c] = sample(img, fx, fy, c);
        }
    }

    /** One source row blended between each sample column and the next (columns outside the image left alone). */
    private void blendRow(int row, float[] blended) {
        byte[] src = img.rgb();
        int rowStart = row * img.width() * 3;
        for (int ox = 0; ox < xi.length; ox++) {
            if (!columnInside[ox]) {
                continue;
            }
            int p = rowStart + xi[ox] * 3;
            float a = ax[ox];
            int k = ox * 3;
            int l0 = src[p] & 0xff;
            int l1 = src[p + 1] & 0xff;
            int l2 = src[p + 2] & 0xff;
            blended[k] = l0 + a * ((src[p + 3] & 0xff) - l0);
            blended[k + 1] = l1 + a * ((src[p + 4] & 0xff) - l1);
            blended[k + 2] = l2 + a * ((src[p + 5] & 0xff) - l2);
        }
    }

    /** One channel at (fx, fy), blended from the four pixels around it (outside the image: 0). */
    static float sample(RgbImage img, float fx, float fy, int c) {
        int x0 = (int) Math.floor(fx);
        int y0 = (int) Math.floor(fy);
        float ax = fx - x0;
        float ay = fy - y0;
        float top = (1 - ax) * px(img, x0, y0, c) + ax * px(img, x0 + 1, y0, c);
        float bottom = (1 - ax) * px(img, x0, y0 + 1, c) + ax * px(img, x0 + 1, y0 + 1, c);
        return (1 - ay) * top + ay * bottom;
    }

    private static float px(RgbImage img, int x, int y, int c) {
        if (x < 0 || y < 0 || x >= img.width() || y >= img.height()) {
            return 0;
        }
        return img.channel(x, y, c);
    }
}
