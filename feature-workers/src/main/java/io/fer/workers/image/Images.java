package io.fer.workers.image;

import java.awt.image.BufferedImage;
import java.nio.DoubleBuffer;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/** JPEG coding (OpenCV) and the resampling the models' pre-processing needs (pure Java). */
public final class Images {
    private Images() {}

    /**
     * Decodes a JPEG or PNG with OpenCV (libjpeg-turbo); throws IllegalArgumentException with a reason if the bytes
     * are not an image.
     */
    public static RgbImage decode(byte[] encoded) {
        if (encoded.length == 0) {
            throw new IllegalArgumentException("empty image (0 bytes)");
        }
        ImageHeader.checkSize(encoded);
        try (BytePointer buf = new BytePointer(encoded); Mat raw = new Mat(1, encoded.length, opencv_core.CV_8UC1, buf);
                // the codec writes RGB itself: the same bytes as BGR swapped afterwards, without a pass in Java
                Mat rgb = opencv_imgcodecs.imdecode(raw, opencv_imgcodecs.IMREAD_COLOR_RGB)) {
            if (rgb == null || rgb.empty()) {
                throw new IllegalArgumentException("undecodable image: not a JPEG or PNG (" + encoded.length + " bytes)");
            }
            int w = rgb.cols();
            int h = rgb.rows();
            byte[] px = new byte[w * h * 3];
            rgb.data().get(px);
            return new RgbImage(w, h, px);
        }
    }

    public static RgbImage fromBuffered(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        byte[] rgb = new byte[w * h * 3];
        for (int i = 0; i < argb.length; i++) {
            rgb[i * 3] = (byte) (argb[i] >> 16);
            rgb[i * 3 + 1] = (byte) (argb[i] >> 8);
            rgb[i * 3 + 2] = (byte) argb[i];
        }
        return new RgbImage(w, h, rgb);
    }

    public static BufferedImage toBuffered(RgbImage img) {
        BufferedImage out = new BufferedImage(img.width(), img.height(), BufferedImage.TYPE_INT_RGB);
        int[] px = new int[img.width() * img.height()];
        byte[] rgb = img.rgb();
        for (int i = 0; i < px.length; i++) {
            px[i] = (rgb[i * 3] & 0xff) << 16 | (rgb[i * 3 + 1] & 0xff) << 8 | (rgb[i * 3 + 2] & 0xff);
        }
        out.setRGB(0, 0, img.width(), img.height(), px, 0, img.width());
        return out;
    }

    public static byte[] encodeJpeg(RgbImage img, float quality) {
        try (Mat rgb = new Mat(img.height(), img.width(), opencv_core.CV_8UC3); Mat bgr = new Mat(); BytePointer out = new BytePointer();
                IntPointer params = new IntPointer(opencv_imgcodecs.IMWRITE_JPEG_QUALITY, Math.round(quality * 100))) {
            rgb.data().put(img.rgb(), 0, img.rgb().length);
            opencv_imgproc.cvtColor(rgb, bgr, opencv_imgproc.COLOR_RGB2BGR);
            if (!opencv_imgcodecs.imencode(".jpg", bgr, out, params)) {
                throw new IllegalStateException("JPEG encoding failed for a " + img.width() + "x" + img.height() + " image");
            }
            byte[] jpeg = new byte[(int) out.limit()];
            out.position(0).get(jpeg);
            return jpeg;
        }
    }

    /**
     * Bilinear crop-and-resize of {@code box} (pixels, may reach outside the image: outside is black)
     * to outW x outH, as interleaved RGB floats in 0..255. Samples pixel centres, like
     * tf.image.resize with half_pixel_centers.
     */
    public static float[] cropResize(RgbImage img, Box box, int outW, int outH) {
        return BilinearResize.cropResize(img, box, outW, outH);
    }

    /** Crop-and-resize back to an 8-bit image (for face crops that travel as JPEG). */
    public static RgbImage crop(RgbImage img, Box box, int outW, int outH) {
        float[] f = cropResize(img, box, outW, outH);
        byte[] b = new byte[f.length];
        for (int i = 0; i < f.length; i++) {
            b[i] = (byte) Math.max(0, Math.min(255, Math.round(f[i])));
        }
        return new RgbImage(outW, outH, b);
    }

    /** Bilinear sampling of a rotated square region to out x out, as an 8-bit image (outside is black). */
    /**
     * {@link #warp} for several boxes of one image, in native code (OpenCV's warpAffine, bilinear, black outside): the
     * image is copied to native memory once for all of them. Within 1-4 grey levels of {@link #warp} (fixed-point
     * weights), about 5x faster per face; the face stage and training both cut their crops with it.
     */
    public static List<RgbImage> warpAll(RgbImage img, List<AlignedBox> boxes, int out) {
        List<RgbImage> crops = new ArrayList<>(boxes.size());
        if (boxes.isEmpty()) {
            return crops;
        }
        try (BytePointer pixels = new BytePointer(img.rgb());
                Mat src = new Mat(img.height(), img.width(), opencv_core.CV_8UC3, pixels);
                Mat m = new Mat(2, 3, opencv_core.CV_64F);
                Mat dst = new Mat(out, out, opencv_core.CV_8UC3);
                Size size = new Size(out, out);
                Scalar black = new Scalar(0.0)) {
            DoubleBuffer coefficients = m.createBuffer();
            for (AlignedBox box : boxes) {
                // output pixel centre (ox, oy) -> image point, in the pixel-centre convention warp() uses
                float s = box.side() / out;
                float cos = (float) Math.cos(box.angle());
                float sin = (float) Math.sin(box.angle());
                float[] origin = box.toImage(0.5f / out, 0.5f / out);
                coefficients.clear();
                coefficients.put(new double[] {s * cos, -s * sin, origin[0] - 0.5f, s * sin, s * cos, origin[1] - 0.5f});
                opencv_imgproc.warpAffine(src, dst, m, size, opencv_imgproc.INTER_LINEAR | opencv_imgproc.WARP_INVERSE_MAP,
                        opencv_core.BORDER_CONSTANT, black);
                byte[] b = new byte[out * out * 3];
                dst.data().get(b);
                crops.add(new RgbImage(out, out, b));
            }
        }
        return crops;
    }

    public static RgbImage warp(RgbImage img, AlignedBox box, int out) {
        byte[] b = new byte[out * out * 3];
        // the output grid is an affine image of the unit square: step along rows and columns incrementally
        float s = box.side() / out;
        float cos = (float) Math.cos(box.angle());
        float sin = (float) Math.sin(box.angle());
        float[] origin = box.toImage(0.5f / out, 0.5f / out);
        float x0 = origin[0] - 0.5f;
        float y0 = origin[1] - 0.5f;
        byte[] src = img.rgb();
        int w = img.width();
        int h = img.height();
        for (int oy = 0; oy < out; oy++) {
            float rx = x0 - oy * s * sin;
            float ry = y0 + oy * s * cos;
            for (int ox = 0; ox < out; ox++) {
                float fx = rx + ox * s * cos;
                float fy = ry + ox * s * sin;
                int xi = (int) Math.floor(fx);
                int yi = (int) Math.floor(fy);
                float ax = fx - xi;
                float ay = fy - yi;
                int o = (oy * out + ox) * 3;
                boolean inside = xi >= 0 && yi >= 0 && xi + 1 < w && yi + 1 < h;
                for (int c = 0; c < 3; c++) {
                    float v;
                    if (inside) {
                        int p = (yi * w + xi) * 3 + c;
                        float top = (1 - ax) * (src[p] & 0xff) + ax * (src[p + 3] & 0xff);
                        float bottom = (1 - ax) * (src[p + w * 3] & 0xff) + ax * (src[p + w * 3 + 3] & 0xff);
                        v = (1 - ay) * top + ay * bottom;
                    } else {
                        v = BilinearResize.sample(img, fx, fy, c);
                    }
                    b[o + c] = (byte) Math.min(255, (int) (v + 0.5f));
                }
            }
        }
        return new RgbImage(out, out, b);
    }

    /** The centred square that is fraction (0..1] of the image's side, e.g. a tighter crop of a loose face crop. */
    public static Box centre(RgbImage img, float fraction) {
        float w = img.width() * fraction;
        float h = img.height() * fraction;
        return new Box((img.width() - w) / 2, (img.height() - h) / 2, w, h);
    }
}
