package io.fer.training;

import io.fer.models.temporal.ModelMetadata;
import io.fer.models.temporal.ModelMetadata.Modality;
import java.util.List;
import java.util.Map;

/**
 * Settings of a training run (a recipe: what fer train chose, recorded in the model's provenance).
 *
 * @param mirror train also on every training clip mirrored left to right (features extracted once more, cached);
 *               held-out and validation clips are scored as they are
 * @param width  the transformer's model dimension (its MLP is twice as wide)
 */
public record TrainingSettings(List<String> modalities, boolean alignedFaces, int windowFrames, int stride, double validationShare,
        TrainConfig train, int parallelism, Selection selection, int members, boolean mirror, int width, int augmentCopies) {
    /** What --ablate trains every modality set with: the typical choice of the default selection, one member. */
    static final float[] ABLATION = {1e-3f, 0.5f, 0.2f, 1e-3f};
    static final int ABLATION_EPOCHS = 20;
    /**
     * Degraded copies of every training clip that fer train adds when it detects faces (small, dark, blurred,
     * compressed, rolled, masked faces; {@link io.fer.workers.image.Augmentation}): pre-aligned frames get none, their
     * frame is the face.
     */
    public static final int DEFAULT_AUGMENT_COPIES = 2;
    /** Encoder layers of trained models. */
    static final int LAYERS = 1;
    /** The transformer's model dimension unless a recipe says otherwise (CK+48's few clips want a narrow one). */
    static final int WIDTH = 64;

    /** Candidates of the default selection: {learning rate, input dropout, modality dropout, weight decay}. */
    static final List<float[]> DEFAULT_GRID = List.of(
            new float[] {1e-3f, 0.5f, 0.2f, 1e-3f},
            new float[] {3e-3f, 0.7f, 0.2f, 1e-3f},
            new float[] {1e-3f, 0.7f, 0.2f, 1e-3f});

    /**
     * How fer train chooses its settings: subject-grouped k-fold cross-validation over candidate training settings,
     * each scored at checkpoint epochs; the best mean fold UAR (then WAR) wins and the model is trained on all clips.
     */
    public record Selection(int folds, List<TrainConfig> candidates, List<Integer> checkpoints) {
        public static final Selection NONE = new Selection(0, List.of(), List.of());

        public boolean enabled() {
            return folds >= 2;
        }
    }

    public TrainingSettings(List<String> modalities, boolean alignedFaces, int windowFrames, int stride, double validationShare,
            TrainConfig train, int parallelism, Selection selection, int members, boolean mirror, int width) {
        this(modalities, alignedFaces, windowFrames, stride, validationShare, train, parallelism, selection, members, mirror, width, 0);
    }

    public TrainingSettings(List<String> modalities, boolean alignedFaces, int windowFrames, int stride, double validationShare,
            TrainConfig train, int parallelism, Selection selection, int members, boolean mirror) {
        this(modalities, alignedFaces, windowFrames, stride, validationShare, train, parallelism, selection, members, mirror, WIDTH);
    }

    public TrainingSettings {
        if (augmentCopies < 0) {
            throw new IllegalArgumentException("augmented copies: " + augmentCopies + ", needs 0 or more");
        }
    }

    /**
     * Train also on {@code copies} degraded copies of every training clip (camera conditions drawn per clip and copy,
     * {@link io.fer.workers.image.Augmentation}); held-out and validation clips are scored as they are.
     */
    public TrainingSettings withAugmentCopies(int copies) {
        return new TrainingSettings(modalities, alignedFaces, windowFrames, stride, validationShare, train, parallelism, selection, members,
                mirror, width, copies);
    }

    public TrainingSettings(List<String> modalities, boolean alignedFaces, int windowFrames, int stride, double validationShare,
            TrainConfig train, int parallelism, Selection selection, int members) {
        this(modalities, alignedFaces, windowFrames, stride, validationShare, train, parallelism, selection, members, false);
    }

    public TrainingSettings withMirror(boolean m) {
        return new TrainingSettings(modalities, alignedFaces, windowFrames, stride, validationShare, train, parallelism, selection, members, m,
                width, augmentCopies);
    }

    public TrainingSettings withWidth(int w) {
        return new TrainingSettings(modalities, alignedFaces, windowFrames, stride, validationShare, train, parallelism, selection, members,
                mirror, w, augmentCopies);
    }

    /** A single run with a validation split and early stopping (no selection, one member). */
    public TrainingSettings(List<String> modalities, boolean alignedFaces, int windowFrames, int stride, double validationShare,
            TrainConfig train, int parallelism) {
        this(modalities, alignedFaces, windowFrames, stride, validationShare, train, parallelism, Selection.NONE, 1);
    }

    public TrainingSettings withTrain(TrainConfig t) {
        return new TrainingSettings(modalities, alignedFaces, windowFrames, stride, validationShare, t, parallelism, selection, members, mirror, width,
                augmentCopies);
    }

    public TrainingSettings withSelection(Selection s) {
        return new TrainingSettings(modalities, alignedFaces, windowFrames, stride, validationShare, train, parallelism, s, members, mirror, width,
                augmentCopies);
    }

    public TrainingSettings withMembers(int m) {
        return new TrainingSettings(modalities, alignedFaces, windowFrames, stride, validationShare, train, parallelism, selection, m, mirror, width,
                augmentCopies);
    }

    /**
     * fer train's defaults: 5-fold subject-grouped selection over learning rate, input dropout, modality dropout
     * and weight decay at 10..40 epochs, then 3 members trained on all clips (see docs/ARCHITECTURE.md,
     * Training). Cross-validation on CK+48 favoured short training, strong input dropout and weight decay, one
     * encoder layer and the plain (not class-weighted) loss.
     */
    public static TrainingSettings ablation(List<String> modalities, boolean aligned, long seed) {
        TrainingSettings d = defaults(modalities, aligned);
        TrainConfig t = d.train().withRegularisation(ABLATION[0], ABLATION[1], ABLATION[2], ABLATION[3]).withEpochsAndSeed(ABLATION_EPOCHS, seed);
        return new TrainingSettings(modalities, aligned, d.windowFrames(), d.stride(), 0, t, d.parallelism(), Selection.NONE, 1);
    }

    public static TrainingSettings defaults(List<String> modalities, boolean aligned) {
        TrainConfig base = new TrainConfig(40, 32, 1e-3f, 42, 0.1f, 0.2f, false, 0, 0f, 0f);
        List<TrainConfig> grid = DEFAULT_GRID.stream().map(g -> base.withRegularisation(g[0], g[1], g[2], g[3])).toList();
        return new TrainingSettings(modalities, aligned, 16, 4, 0, base, 1, new Selection(5, grid, List.of(10, 20, 30, 40)), 3, false, WIDTH,
                aligned ? 0 : DEFAULT_AUGMENT_COPIES);
    }

    /**
     * The training recipe of a model directory (what fer train chose and recorded): its modalities and, from
     * provenance.training, the settings and members; the defaults' first candidate where absent.
     */
    @SuppressWarnings("unchecked")
    public static TrainingSettings recipeOf(ModelMetadata md, boolean aligned) {
        List<String> mods = md.modalities().stream().map(Modality::name).toList();
        TrainingSettings d = defaults(mods, aligned);
        Object t = md.provenance() == null ? null : md.provenance().get("training");
        if (!(t instanceof Map<?, ?> m)) {
            TrainConfig first = d.selection().candidates().get(0).withEpochsAndSeed(60, d.train().seed());
            return new TrainingSettings(mods, aligned, md.windowFrames(), md.windowStride(), 0, first, 1, Selection.NONE, d.members());
        }
        Map<String, Object> tr = (Map<String, Object>) m;
        TrainConfig base = d.train();
        TrainConfig cfg = new TrainConfig(num(tr, "epochs", base.epochs()).intValue(), num(tr, "batch_size", base.batchSize()).intValue(),
                num(tr, "learning_rate", base.learningRate()).floatValue(), base.seed(), num(tr, "frame_dropout", base.frameDropout()).floatValue(),
                num(tr, "modality_dropout", base.modalityDropout()).floatValue(), !Boolean.FALSE.equals(tr.get("class_balanced")), 0,
                num(tr, "input_dropout", 0).floatValue(), num(tr, "weight_decay", 0).floatValue());
        return new TrainingSettings(mods, aligned, md.windowFrames(), md.windowStride(), 0, cfg, 1, Selection.NONE,
                num(tr, "members", 1).intValue(), Boolean.TRUE.equals(tr.get("mirrored_copies")), num(tr, "d_model", WIDTH).intValue(),
                num(tr, "degraded_copies", 0).intValue());
    }

    private static Number num(Map<String, Object> m, String key, Number fallback) {
        return m.get(key) instanceof Number n ? n : fallback;
    }
}
