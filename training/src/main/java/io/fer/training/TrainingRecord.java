package io.fer.training;

import io.fer.training.cv.CrossValidation;
import io.fer.training.dataset.Dataset;
import io.fer.training.dataset.LabelledClip;
import io.fer.training.eval.EvalResult;
import io.fer.training.features.ExtractionConfig;
import io.fer.training.features.FeatureCache;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a trained model's metadata.json says about how it was made: provenance (data, fingerprint, seed), the training
 * settings chosen (read back by {@link TrainingSettings#recipeOf}), the selection's and the validation split's figures.
 */
final class TrainingRecord {
    private TrainingRecord() {}

    /** Where a trained model comes from: the data set and its fingerprint, subjects, face settings, seed, time. */
    static Map<String, Object> provenance(Dataset ds, String datasetName, TrainingSettings s, long seed, String track) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("dataset", datasetName);
        p.put("data_fingerprint", FeatureCache.fingerprint(ds.clips(), new ExtractionConfig("", s.modalities(), s.alignedFaces(),
                s.windowFrames(), 512, track), s.windowFrames(), s.stride()));
        p.put("clips", ds.clips().size());
        p.put("subjects", ds.clips().stream().map(LabelledClip::group).distinct().count());
        p.put("aligned_faces", s.alignedFaces());
        p.put("track", track);
        p.put("seed", seed);
        p.put("created", Instant.now().toString());
        return p;
    }

    static String version(Map<String, Object> provenance) {
        return "trained-" + ((String) provenance.get("data_fingerprint")).substring(0, 8) + "-s" + provenance.get("seed");
    }

    /** The chosen settings, under provenance.training. */
    static Map<String, Object> training(TrainConfig cfg, TrainingSettings s, TransformerSpec spec) {
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("learning_rate", cfg.learningRate());
        training.put("input_dropout", cfg.inputDropout());
        training.put("modality_dropout", cfg.modalityDropout());
        training.put("frame_dropout", cfg.frameDropout());
        training.put("weight_decay", cfg.weightDecay());
        training.put("epochs", cfg.epochs());
        training.put("batch_size", cfg.batchSize());
        training.put("class_balanced", cfg.classBalanced());
        training.put("members", s.members());
        training.put("mirrored_copies", s.mirror());
        training.put("degraded_copies", s.augmentCopies());
        training.put("encoder_layers", spec.layers());
        training.put("d_model", spec.dModel());
        training.put("standardisation", "per-dimension mean and standard deviation of the training frames, inside the SavedModel");
        return training;
    }

    /** How the settings were chosen and how every candidate scored. */
    static Map<String, Object> selection(CrossValidation.Outcome best, List<CrossValidation.Outcome> outcomes, boolean givenSplit,
            boolean personGroups) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("selection", givenSplit ? "given validation split" : personGroups ? "folds grouped by person"
                : "class-stratified folds, not grouped by person");
        metrics.put("cv_folds", best.folds().size());
        metrics.put("cv_war_mean", best.meanWar());
        metrics.put("cv_war_sd", best.sdWar());
        metrics.put("cv_uar_mean", best.meanUar());
        metrics.put("cv_uar_sd", best.sdUar());
        metrics.put("cv_fold_war", best.folds().stream().map(EvalResult::war).toList());
        metrics.put("cv_fold_uar", best.folds().stream().map(EvalResult::uar).toList());
        metrics.put("cv_chosen", best.setting());
        Map<String, Object> candidates = new LinkedHashMap<>();
        for (CrossValidation.Outcome o : outcomes) {
            candidates.put(o.setting(), Map.of("war", o.meanWar(), "uar", o.meanUar()));
        }
        metrics.put("cv_candidates", candidates);
        return metrics;
    }

    /** The model itself on a given validation split. */
    static Map<String, Object> validation(EvalResult onValidation) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("validation_clips", onValidation.clips());
        metrics.put("validation_clips_without_face", onValidation.clipsWithoutFace());
        metrics.put("validation_war", onValidation.war());
        metrics.put("validation_uar", onValidation.uar());
        Map<String, Object> recall = new LinkedHashMap<>();
        for (int k = 0; k < onValidation.classes().size(); k++) {
            recall.put(onValidation.classes().get(k), onValidation.perClassRecall()[k]);
        }
        metrics.put("validation_per_class_recall", recall);
        return metrics;
    }
}
