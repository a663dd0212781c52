package io.fer.workers.image;

import io.fer.workers.image.DegradationStep.Blur;
import io.fer.workers.image.DegradationStep.Dark;
import io.fer.workers.image.DegradationStep.FaceOnCanvas;
import io.fer.workers.image.DegradationStep.Jpeg;
import io.fer.workers.image.DegradationStep.Mask;
import io.fer.workers.image.DegradationStep.Mirror;
import io.fer.workers.image.DegradationStep.Noise;
import io.fer.workers.image.DegradationStep.Roll;
import io.fer.workers.image.DegradationStep.Scale;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

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


    private final List<DegradationStep> steps;

    public Degradation(List<DegradationStep> steps) {
        this.steps = List.copyOf(steps);
    }

    public List<DegradationStep> steps() {
        return steps;
    }

    public boolean isNone() {
        return steps.isEmpty();
    }

    public RgbImage apply(RgbImage frame, long seed) {
        Random random = new Random(seed);
        RgbImage out = frame;
        for (DegradationStep s : steps) {
            out = s.apply(out, random);
        }
        return out;
    }

    /** The spec this parses from; "" for none. */
    public String spec() {
        return String.join("+", steps.stream().map(DegradationStep::spec).toList());
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
        return new Degradation(steps.stream().map(s -> s instanceof FaceOnCanvas f ? (DegradationStep) new Scale(f.face()) : s).toList());
    }

    /** Parses a spec ("" or "clean": none); throws IllegalArgumentException naming the bad part. */
    public static Degradation parse(String spec) {
        String s = spec.trim();
        if (s.isEmpty() || s.equals("clean")) {
            return NONE;
        }
        List<DegradationStep> steps = new ArrayList<>();
        for (String part : s.split("\\+")) {
            steps.add(step(part.trim()));
        }
        return new Degradation(steps);
    }

    private static DegradationStep step(String part) {
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
}
