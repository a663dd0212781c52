package io.fer.workers.image;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Random;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point2f;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/** One step of a {@link Degradation}: what a camera does to a frame, with the spec it parses from. */
public sealed interface DegradationStep permits DegradationStep.FaceOnCanvas, DegradationStep.Scale, DegradationStep.Jpeg,
        DegradationStep.Dark, DegradationStep.Noise, DegradationStep.Blur, DegradationStep.Roll, DegradationStep.Mask,
        DegradationStep.Mirror {
    RgbImage apply(RgbImage img, Random random);

    String spec();

    /** The frame's longer side scaled to {@code face} px, centred on a plain gray canvas. */
    public record FaceOnCanvas(int face, int width, int height) implements DegradationStep {
        static final int CANVAS_GRAY = 118;

        public FaceOnCanvas {
            if (face < 8 || width < face || height < face) {
                throw new IllegalArgumentException("face:" + face + "@" + width + "x" + height + ": the face needs 8 px or more and must fit the canvas");
            }
        }

        static FaceOnCanvas parse(String arg) {
            String[] at = arg.split("@");
            String[] wh = at.length == 2 ? at[1].split("x") : new String[0];
            if (wh.length != 2) {
                throw new IllegalArgumentException("face:" + arg + ": expected face:S@WxH, e.g. face:40@640x480");
            }
            return new FaceOnCanvas(Integer.parseInt(at[0]), Integer.parseInt(wh[0]), Integer.parseInt(wh[1]));
        }

        @Override
        public RgbImage apply(RgbImage img, Random random) {
            float scale = (float) face / Math.max(img.width(), img.height());
            int w = Math.max(1, Math.round(img.width() * scale));
            int h = Math.max(1, Math.round(img.height() * scale));
            RgbImage small = resize(img, w, h);
            byte[] out = new byte[width * height * 3];
            Arrays.fill(out, (byte) CANVAS_GRAY);
            int x0 = (width - w) / 2;
            int y0 = (height - h) / 2;
            for (int y = 0; y < h; y++) {
                System.arraycopy(small.rgb(), y * w * 3, out, ((y0 + y) * width + x0) * 3, w * 3);
            }
            return new RgbImage(width, height, out);
        }

        @Override
        public String spec() {
            return "face:" + face + "@" + width + "x" + height;
        }
    }

    /** The frame's longer side scaled to {@code size} px. */
    public record Scale(int size) implements DegradationStep {
        public Scale {
            if (size < 8) {
                throw new IllegalArgumentException("scale:" + size + ": needs 8 px or more");
            }
        }

        @Override
        public RgbImage apply(RgbImage img, Random random) {
            float scale = (float) size / Math.max(img.width(), img.height());
            return resize(img, Math.max(1, Math.round(img.width() * scale)), Math.max(1, Math.round(img.height() * scale)));
        }

        @Override
        public String spec() {
            return "scale:" + size;
        }
    }

    public record Jpeg(int quality) implements DegradationStep {
        public Jpeg {
            if (quality < 1 || quality > 100) {
                throw new IllegalArgumentException("jpeg:" + quality + ": quality is 1..100");
            }
        }

        @Override
        public RgbImage apply(RgbImage img, Random random) {
            return Images.decode(Images.encodeJpeg(img, quality / 100f));
        }

        @Override
        public String spec() {
            return "jpeg:" + quality;
        }
    }

    public record Dark(float factor) implements DegradationStep {
        public Dark {
            if (!(factor > 0 && factor <= 1)) {
                throw new IllegalArgumentException("dark:" + factor + ": the light factor is in (0, 1]");
            }
        }

        @Override
        public RgbImage apply(RgbImage img, Random random) {
            byte[] out = new byte[img.rgb().length];
            for (int i = 0; i < out.length; i++) {
                out[i] = (byte) Math.round((img.rgb()[i] & 0xff) * factor);
            }
            return new RgbImage(img.width(), img.height(), out);
        }

        @Override
        public String spec() {
            return "dark:" + num(factor);
        }
    }

    public record Noise(float sd) implements DegradationStep {
        public Noise {
            if (!(sd >= 0)) {
                throw new IllegalArgumentException("noise:" + sd + ": the standard deviation is >= 0");
            }
        }

        @Override
        public RgbImage apply(RgbImage img, Random random) {
            byte[] out = new byte[img.rgb().length];
            for (int i = 0; i < out.length; i++) {
                out[i] = clamp((img.rgb()[i] & 0xff) + random.nextGaussian() * sd);
            }
            return new RgbImage(img.width(), img.height(), out);
        }

        @Override
        public String spec() {
            return "noise:" + num(sd);
        }
    }

    public record Blur(float sigma) implements DegradationStep {
        public Blur {
            if (!(sigma > 0)) {
                throw new IllegalArgumentException("blur:" + sigma + ": sigma is > 0");
            }
        }

        @Override
        public RgbImage apply(RgbImage img, Random random) {
            try (Mat src = mat(img); Mat dst = new Mat(); Size none = new Size(0, 0)) {
                opencv_imgproc.GaussianBlur(src, dst, none, sigma, sigma, opencv_core.BORDER_REPLICATE, opencv_core.ALGO_HINT_DEFAULT);
                return image(dst);
            }
        }

        @Override
        public String spec() {
            return "blur:" + num(sigma);
        }
    }

    public record Roll(float degrees) implements DegradationStep {
        @Override
        public RgbImage apply(RgbImage img, Random random) {
            try (Mat src = mat(img); Mat dst = new Mat(); Point2f centre = new Point2f(img.width() / 2f, img.height() / 2f);
                    Mat m = opencv_imgproc.getRotationMatrix2D(centre, degrees, 1.0); Size size = new Size(img.width(), img.height());
                    Scalar border = new Scalar()) {
                opencv_imgproc.warpAffine(src, dst, m, size, opencv_imgproc.INTER_LINEAR, opencv_core.BORDER_REPLICATE, border);
                return image(dst);
            }
        }

        @Override
        public String spec() {
            return "roll:" + num(degrees);
        }
    }

    /** The lower {@code fraction} of the frame filled with one colour. */
    public record Mask(float fraction, int rgb) implements DegradationStep {
        static final int GRAY = 0x8c8c8c;

        public Mask {
            if (!(fraction > 0 && fraction < 1)) {
                throw new IllegalArgumentException("mask:" + fraction + ": the covered fraction is in (0, 1)");
            }
        }

        static Mask parse(String arg) {
            String[] p = arg.split(":");
            return new Mask(Float.parseFloat(p[0]), p.length > 1 ? Integer.parseInt(p[1], 16) : GRAY);
        }

        @Override
        public RgbImage apply(RgbImage img, Random random) {
            byte[] out = img.rgb().clone();
            int from = Math.round(img.height() * (1 - fraction));
            for (int y = from; y < img.height(); y++) {
                for (int x = 0; x < img.width(); x++) {
                    int o = (y * img.width() + x) * 3;
                    out[o] = (byte) (rgb >> 16);
                    out[o + 1] = (byte) (rgb >> 8);
                    out[o + 2] = (byte) rgb;
                }
            }
            return new RgbImage(img.width(), img.height(), out);
        }

        @Override
        public String spec() {
            return "mask:" + num(fraction) + (rgb == GRAY ? "" : String.format(":%06x", rgb));
        }
    }

    public record Mirror() implements DegradationStep {
        @Override
        public RgbImage apply(RgbImage img, Random random) {
            byte[] out = new byte[img.rgb().length];
            int w = img.width();
            for (int y = 0; y < img.height(); y++) {
                for (int x = 0; x < w; x++) {
                    System.arraycopy(img.rgb(), (y * w + x) * 3, out, (y * w + w - 1 - x) * 3, 3);
                }
            }
            return new RgbImage(w, img.height(), out);
        }

        @Override
        public String spec() {
            return "mirror";
        }
    }

    private static byte clamp(double v) {
        return (byte) Math.max(0, Math.min(255, Math.round(v)));
    }

    /** Area resampling when shrinking (no aliasing), bilinear when enlarging. */
    private static RgbImage resize(RgbImage img, int w, int h) {
        if (w == img.width() && h == img.height()) {
            return img;
        }
        try (Mat src = mat(img); Mat dst = new Mat(); Size size = new Size(w, h)) {
            int how = w < img.width() ? opencv_imgproc.INTER_AREA : opencv_imgproc.INTER_LINEAR;
            opencv_imgproc.resize(src, dst, size, 0, 0, how);
            return image(dst);
        }
    }

    private static Mat mat(RgbImage img) {
        Mat m = new Mat(img.height(), img.width(), opencv_core.CV_8UC3);
        m.data().put(img.rgb(), 0, img.rgb().length);
        return m;
    }

    private static RgbImage image(Mat m) {
        byte[] px = new byte[m.cols() * m.rows() * 3];
        m.data().get(px);
        return new RgbImage(m.cols(), m.rows(), px);
    }

    /** A parameter as the spec writes it: 3, not 3.0; 0.25, not 0.25000001. */
    private static String num(float f) {
        return f == Math.rint(f) ? Integer.toString((int) f) : new BigDecimal(Float.toString(f)).stripTrailingZeros().toPlainString();
    }
}
