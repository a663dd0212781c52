package io.fer.training;

import io.fer.training.TrainingSettings.Selection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the shipped default model is made: FER2013's training images (in-the-wild faces, the pipeline's seven classes
 * with neutral), the settings chosen on its public test, nothing else. See docs/ARCHITECTURE.md, Default model.
 */
public final class DefaultRecipe {
    public static final String VERSION = "default-fer2013-2";
    /** Chosen on FER2013 public-test (fer eval --ablate --val): each alone, all, all but each one. */
    public static final List<String> MODALITIES = List.of("expression", "appearance", "faceapi");
    /** Where the data lie beside a checkout (../shared/data of the project's workspace). */
    public static final String TRAIN = "fer2013/train";
    public static final String VALIDATION = "fer2013/public-test";

    private DefaultRecipe() {}

    /**
     * The candidates chosen among on the validation split, and the shipped model's shape: a wider transformer than
     * CK+48's (28,709 clips, not 217), mirrored and degraded training copies, 3 members averaged.
     */
    public static TrainingSettings settings(long seed) {
        TrainingSettings d = TrainingSettings.defaults(MODALITIES, true);
        TrainConfig base = d.train().withEpochsAndSeed(30, seed);
        List<TrainConfig> candidates = List.of(
                base.withRegularisation(1e-3f, 0.3f, 0.2f, 1e-4f),
                base.withRegularisation(1e-3f, 0.5f, 0.2f, 1e-4f));
        return d.withSelection(new Selection(0, candidates, List.of(20, 30))).withTrain(base).withMembers(MEMBERS).withMirror(true)
                .withWidth(WIDTH).withAugmentCopies(DEGRADED_COPIES);
    }

    static final int MEMBERS = 3;
    /**
     * Degraded copies of the training faces (smaller, darker and noisier, blurred, rolled, compressed, masked; as crops,
     * FER2013 being aligned faces), as {@code fer train} makes by default: cameras deliver these, FER2013 rarely.
     */
    static final int DEGRADED_COPIES = TrainingSettings.DEFAULT_AUGMENT_COPIES;
    static final int WIDTH = 128;

    /** What metadata.json's provenance says beyond the training run's own record. */
    public static Map<String, Object> provenance() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("data", "FER2013 (Goodfellow et al., ICML 2013 Challenges in Representation Learning): the 28,709 Training images,"
                + " 48x48 grayscale in-the-wild faces, 7 classes with neutral; settings chosen on the 3,589 PublicTest images; the"
                + " PrivateTest images were not used");
        p.put("terms", "FER2013 is research data released for the challenge; cite the paper above");
        p.put("not_used", "ckplus48-dev (CK+48): its terms forbid shipping weights trained on it as a product default, so it is"
                + " used for evaluation only; its 'contempt' class has no counterpart among the pipeline's seven classes and is"
                + " left out of every figure on the shared classes");
        p.put("rebuild", "scripts/build-default-model.sh (./fer train --default --out DIR on ../shared/data)");
        return p;
    }
}
