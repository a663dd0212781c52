package io.fer.training.eval;

import io.fer.workers.image.Degradation;
import java.util.ArrayList;
import java.util.List;

/**
 * The camera conditions {@code fer eval --conditions} measures by default: a face-crop data set's faces as whole
 * frames seen near and far, compressed, in low light, blurred, rolled and masked ({@link Degradation} specs).
 */
public final class Conditions {
    /** A named condition. */
    public record Condition(String name, String spec) {}

    private static final String NEAR = "face:160@480x360";

    public static final List<Condition> STANDARD = List.of(
            new Condition("as given (pre-aligned crops)", "clean"),
            new Condition("face 160 px in 480x360", NEAR),
            new Condition("face 64 px in 640x480", "face:64@640x480"),
            new Condition("face 40 px in 640x480", "face:40@640x480"),
            new Condition("JPEG quality 12", NEAR + "+jpeg:12"),
            new Condition("30 % light plus sensor noise", NEAR + "+dark:0.3+noise:10"),
            new Condition("Gaussian blur", NEAR + "+blur:2.5"),
            new Condition("face rolled 20 degrees", NEAR + "+roll:20"),
            new Condition("lower 40 % of the face covered", "mask:0.4+" + NEAR));

    /** Beyond the standard nine: the smallest face the detector is set to find. */
    public static final List<Condition> EXTRA = List.of(new Condition("face 32 px in 640x480", "face:32@640x480"));

    private Conditions() {}

    /** "default" (the standard nine and the extras) or specs separated by ',' (each checked). */
    public static List<Condition> parse(String list) {
        if (list == null || list.isBlank() || list.equals("default")) {
            List<Condition> all = new ArrayList<>(STANDARD);
            all.addAll(EXTRA);
            return all;
        }
        List<Condition> out = new ArrayList<>();
        for (String spec : list.split(",")) {
            Degradation d = Degradation.parse(spec);
            out.add(new Condition(d.toString(), d.isNone() ? "clean" : d.spec()));
        }
        return out;
    }
}
