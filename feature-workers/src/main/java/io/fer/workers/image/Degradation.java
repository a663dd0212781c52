package io.fer.workers.image;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point2f;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * What a camera does to a face, as named, parameterised steps applied to a frame in order: the one definition that
 * {@code fer eval --conditions} measures and training augments with ({@link Augmentation}). A spec is steps joined by
 * '+', each {@code name[:parameter]}:
 * <ul>
 * <li>{@code face:S@WxH} the frame scaled so its longer side is S px, centred on a plain gray W x H canvas (a face-crop
 * data set's face seen from afar)</li>
 * <li>{@code scale:S} the frame scaled so its longer side is S px, nothing around it (the crop of a face seen at S px:
 * what {@code face:} gives once a detector has found and cut it out; see {@link #forAlignedFrames()})</li>
 * <li>{@code jpeg:Q} encoded and decoded at JPEG quality Q (1..100)</li>
 * <li>{@code dark:F} light scaled by F (0..1)</li>
 * <li>{@code noise:SD} Gaussian sensor noise of SD grey levels, per pixel and channel</li>
 * <li>{@code blur:SIGMA} Gaussian blur of SIGMA px</li>
 * <li>{@code roll:DEG} rotated DEG degrees about the centre (in-plane head roll), borders repeated</li>
 * <li>{@code mask:F[:RRGGBB]} the lower F of the frame covered (a face mask on a face-crop data set), gray unless a
 * colour is given</li>
 * <li>{@code mirror} mirrored left to right</li>
 * </ul>
 * Pure apart from OpenCV's resampling; the noise comes from the seed the caller passes, so a frame degrades the same
 * way in every run.
 */
public final class Degradation {
    public static final Degradation NONE = new Degradation(List.of());

    /** One step. */
    public sealed interface Step permits FaceOnCanvas, Scale, Jpeg, Dark, Noise, Blur, Roll, Mask, Mirror {
        RgbImage apply(RgbImage img, Random random);

        String spec();
    }

    private final List<Step> steps;

    public Degradation(List<Step> steps) {
        this.steps = List.copyOf(steps);
    }

    public List<Step> steps() {
        return steps;
    }

    public boolean isNone() {
        return steps.isEmpty();
    }

    public RgbImage apply(RgbImage frame, long seed) {
        Random random = new Random(seed);
        RgbImage out = frame;
        for (Step s : steps) {
            out = s.apply(out, random);
        }
        return out;
    }

    /** The spec this parses from; "" for none. */
    public String spec() {
        return String.join("+", steps.stream().map(Step::spec).toList());
    }

    @Override
    public String toString() {
        return isNone() ? "as is" : spec();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Degradation d && d.steps.equals(steps);
    }

    @Override
    public int hashCode() {
        return steps.hashCode();
    }

    /**
     * The same condition for frames that already are face crops (pre-aligned data, where no detector runs): a face placed
     * on a canvas becomes the face scaled to that size, as the detector's crop of it would be; every other step stays.
     */
    public Degradation forAlignedFrames() {
        return new Degradation(steps.stream().map(s -> s instanceof FaceOnCanvas f ? (Step) new Scale(f.face()) : s).toList());
    }

    /** Parses a spec ("" or "clean": none); throws IllegalArgumentException naming the bad part. */
    public static Degradation parse(String spec) {
        String s = spec.trim();
        if (s.isEmpty() || s.equals("clean")) {
            return NONE;
        }
        List<Step> steps = new ArrayList<>();
        for (String part : s.split("\\+")) {
            steps.add(step(part.trim()));
        }
        return new Degradation(steps);
    }

    private static Step step(String part) {
        String[] kv = part.split(":", 2);
        String arg = kv.length > 1 ? kv[1] : null;
        try {
            return switch (kv[0]) {
                case "face" -> FaceOnCanvas.parse(required(part, arg));
                case "scale" -> new Scale(Integer.parseInt(required(part, arg)));
                case "jpeg" -> new Jpeg(Integer.parseInt(required(part, arg)));
                case "dark" -> new Dark(Float.parseFloat(required(part, arg)));
                case "noise" -> new Noise(Float.parseFloat(required(part, arg)));
                case "blur" -> new Blur(Float.parseFloat(required(part, arg)));
                case "roll" -> new Roll(Float.parseFloat(required(part, arg)));
                case "mask" -> Mask.parse(required(part, arg));
                case "mirror" -> new Mirror();
                default -> throw new IllegalArgumentException("unknown degradation '" + kv[0] + "' in '" + part
                        + "': face:S@WxH, scale:S, jpeg:Q, dark:F, noise:SD, blur:SIGMA, roll:DEG, mask:F[:RRGGBB] or mirror");
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad number in degradation '" + part + "'");
        }
    }

    private static String required(String part, String arg) {
        if (arg == null || arg.isBlank()) {
            throw new IllegalArgumentException("degradation '" + part + "' needs a parameter (e.g. jpeg:12)");
        }
        return arg;
    }

    private static String num(float f) {
        return f == Math.rint(f) ? Integer.toString((int) f) : new java.math.BigDecimal(Float.toString(f)).stripTrailingZeros().toPlainString();
    }

    /** The frame's longer side scaled to {@code face} px, centred on a plain gray canvas. */
    public record FaceOnCanvas(int face, int width, int height) implements Step {
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
            java.util.Arrays.fill(out, (byte) CANVAS_GRAY);
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
    public record Scale(int size) implements Step {
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

    public record Jpeg(int quality) implements Step {
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

    public record Dark(float factor) implements Step {
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

    public record Noise(float sd) implements Step {
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

    public record Blur(float sigma) implements Step {
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

    public record Roll(float degrees) implements Step {
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
    public record Mask(float fraction, int rgb) implements Step {
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

    public record Mirror() implements Step {
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
    static RgbImage resize(RgbImage img, int w, int h) {
        if (w == img.width() && h == img.height()) {
            return img;
        }
        try (Mat src = mat(img); Mat dst = new Mat(); Size size = new Size(w, h)) {
            int how = w < img.width() ? opencv_imgproc.INTER_AREA : opencv_imgproc.INTER_LINEAR;
            opencv_imgproc.resize(src, dst, size, 0, 0, how);
            return image(dst);
        }
    }

    static Mat mat(RgbImage img) {
        Mat m = new Mat(img.height(), img.width(), opencv_core.CV_8UC3);
        m.data().put(img.rgb(), 0, img.rgb().length);
        return m;
    }

    static RgbImage image(Mat m) {
        byte[] px = new byte[m.cols() * m.rows() * 3];
        m.data().get(px);
        return new RgbImage(m.cols(), m.rows(), px);
    }
}
