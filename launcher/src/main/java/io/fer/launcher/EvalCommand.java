package io.fer.launcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer.launcher.report.EvalFigures;
import io.fer.models.temporal.ModelMetadata;
import io.fer.training.RecipeValidation;
import io.fer.training.SupervisedTraining;
import io.fer.training.TrainingSettings;
import io.fer.training.dataset.Dataset;
import io.fer.training.dataset.DfewDataset;
import io.fer.training.dataset.LabelledClip;
import io.fer.training.eval.Conditions;
import io.fer.training.eval.EvalResult;
import io.fer.training.eval.Reports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** fer eval: WAR, UAR, per-class recall, confusion matrix PNG and HTML report; --ablate compares modality sets. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Evaluate a model on a labelled data set (DFEW: the fold's test part): WAR, UAR, per-class recall,"
                + " a confusion matrix PNG and an HTML report.",
                "--cv K: subject-independent K-fold cross-validation of the model's training recipe; --baseline adds a logistic"
                        + " regression on the same features in the same folds.",
                "--ablate: each modality alone, all together and all but each one, cross-validated by subject (--cv K, default 5)"
                        + " with the same recipe; prints the table."})
public final class EvalCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "DIR", description = "model directory (not with --ablate)")
    Path model;

    @Mixin DatasetOptions data;

    @Option(names = "--shared-classes", description = "leave out clips whose label the model has no class for (CK+'s contempt),"
            + " instead of refusing the data set; labels match by name or common synonym (anger = angry, sadness = sad)")
    boolean sharedClasses;

    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    @Option(names = "--report", paramLabel = "DIR", defaultValue = "fer-eval", description = "where the PNG and HTML go (default: ${DEFAULT-VALUE})")
    Path report;

    @Option(names = "--ablate", description = "train and evaluate each modality alone and all together")
    boolean ablate;

    @Option(names = "--cv", paramLabel = "K", description = "subject-independent K-fold cross-validation of the model's training recipe"
            + " (its modalities and the settings fer train chose): retrain in each fold, score the held-out subjects; mean ± sd of"
            + " WAR and UAR, pooled per-class recall and confusion matrix (CK+ is usually reported with 10)")
    Integer cv;

    @Option(names = "--baseline", description = "with --cv: also a multinomial logistic regression on the same features (each clip's"
            + " mean) in the same folds, side by side")
    boolean baseline;

    @Option(names = "--seed", defaultValue = "42", description = "with --cv: the seed of the folds and the training (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--modalities", split = ",", defaultValue = "expression,appearance,geometry,faceapi",
            description = "with --ablate: the modalities (default: ${DEFAULT-VALUE})")
    List<String> modalities;

    @Option(names = "--conditions", arity = "0..1", fallbackValue = "default", paramLabel = "SPEC,..",
            description = "the data set degraded as cameras degrade faces, one row per condition: WAR, UAR, per-class recall and"
                    + " the clips whose face was found. Default: as given, the face 160/64/40/32 px on a plain canvas, JPEG quality"
                    + " 12, 30 %% light with noise, blur, 20 degrees roll, lower 40 %% covered. Or specs separated by ','; a spec is"
                    + " steps joined by '+': face:S@WxH, jpeg:Q, dark:F, noise:SD, blur:SIGMA, roll:DEG, mask:F[:RRGGBB], mirror"
                    + " (e.g. face:40@640x480+jpeg:20). With --model, or with --model and --cv K (each fold's model scores its"
                    + " held-out subjects under every condition)")
    String conditions;

    @Mixin ModelsOptions models;

    @Override
    public Integer call() throws Exception {
        Path modelsDir = Generators.checked(models.store()).dir();
        SupervisedTraining st = new SupervisedTraining(modelsDir, msg -> System.err.println("eval: " + msg), data.track);
        if (ablate) {
            return ablation(st);
        }
        if (baseline && cv == null) {
            throw new Fer.UserError("--baseline goes with --cv K");
        }
        if (model == null) {
            throw new Fer.UserError("--model DIR is required (or --ablate)");
        }
        if (conditions != null) {
            return underConditions(st);
        }
        if (cv != null) {
            return crossValidation(st);
        }
        Dataset ds = data.read(DfewDataset.Part.TEST);
        EvalResult r = st.evaluate(model, ds, data.alignedFaces, 1, sharedClasses);
        Files.createDirectories(report);
        Path png = report.resolve("confusion.png");
        Reports.confusionPng(r, png);
        Reports.html(r, model.toString(), data.dataset.toString(), png, report.resolve("report.html"));
        print(r);
        return 0;
    }

    private void print(EvalResult r) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("clips", r.clips());
        out.put("clips_without_face", r.clipsWithoutFace());
        out.put("wrong_labels", r.wrongLabels());
        out.put("war", EvalFigures.round(r.war()));
        out.put("uar", EvalFigures.round(r.uar()));
        out.put("per_class", EvalFigures.perClassRecall(r));
        out.put("confusion", r.confusion());
        out.put("report", report.resolve("report.html").toString());
        if (json) {
            System.out.println(new ObjectMapper().writeValueAsString(out));
        } else {
            System.out.printf("%d clips: WAR %.3f, UAR %.3f; %d without a face found (detection), %d with a wrong label"
                    + " (recognition)%n", r.clips(), r.war(), r.uar(), r.clipsWithoutFace(), r.wrongLabels());
            System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(out));
        }
    }

    /**
     * Each modality alone, all together and all but each one, every set cross-validated by subject in the same folds
     * with the same recipe (members 1), so the sets differ only in what the model reads.
     */
    private int ablation(SupervisedTraining st) throws Exception {
        Dataset all = data.format.equals("dfew") ? dfewAll() : data.read(DfewDataset.Part.TRAIN);
        Dataset validation = data.validation == null ? null : data.read(data.validation, DfewDataset.Part.TEST);
        int k = cv != null ? cv : 5;
        List<List<String>> sets = new ArrayList<>();
        modalities.forEach(m -> sets.add(List.of(m)));
        sets.add(modalities);
        if (modalities.size() > 2) {
            for (String m : modalities) {
                sets.add(modalities.stream().filter(x -> !x.equals(m)).toList());
            }
        }
        Map<String, Object> table = new LinkedHashMap<>();
        for (List<String> set : sets) {
            var recipe = TrainingSettings.ablation(set, data.alignedFaces, seed);
            var o = validation != null ? st.holdOut(all, validation, recipe) : st.crossValidate(all, recipe, k, seed, false).transformer();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("war", EvalFigures.round(o.meanWar()));
            row.put("war_sd", EvalFigures.round(o.sdWar()));
            row.put("uar", EvalFigures.round(o.meanUar()));
            row.put("uar_sd", EvalFigures.round(o.sdUar()));
            Map<String, Object> recall = new LinkedHashMap<>();
            for (int c = 0; c < o.pooled().classes().size(); c++) {
                recall.put(o.pooled().classes().get(c), EvalFigures.round(o.pooled().perClassRecall()[c]));
            }
            row.put("per_class_recall", recall);
            table.put(String.join("+", set), row);
            System.err.printf("eval: %-50s WAR %.3f ± %.3f  UAR %.3f ± %.3f  recall %s%n", String.join("+", set), o.meanWar(), o.sdWar(),
                    o.meanUar(), o.sdUar(), recall);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("evaluation", validation != null ? "trained on " + data.dataset + ", scored on the validation split " + data.validation
                : all.personGroups() ? k + " folds grouped by person" : k + " class-stratified folds, NOT grouped by person");
        out.put("folds", validation != null ? 1 : k);
        out.put("clips", all.clips().size());
        out.put("ablation", table);
        System.out.println(json ? new ObjectMapper().writeValueAsString(out)
                : new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(out));
        return 0;
    }

    private int crossValidation(SupervisedTraining st) throws Exception {
        if (model == null) {
            throw new Fer.UserError("--cv needs --model DIR: its training recipe is what is cross-validated");
        }
        if (cv < 2) {
            throw new Fer.UserError("--cv K needs K >= 2");
        }
        Dataset ds = data.format.equals("dfew") ? dfewAll() : data.read(DfewDataset.Part.TRAIN);
        var md = ModelMetadata.read(model);
        var recipe = TrainingSettings.recipeOf(md, data.alignedFaces);
        recipe = recipe.withTrain(recipe.train().withEpochsAndSeed(recipe.train().epochs(), seed));
        long start = System.nanoTime();
        RecipeValidation.CvReport r = st.crossValidate(ds, recipe, cv, seed, baseline);
        Files.createDirectories(report);
        Path png = report.resolve("confusion.png");
        Reports.confusionPng(r.transformer().pooled(), png);
        Reports.html(r.transformer().pooled(), model + " (" + cv + "-fold cross-validation, pooled)", data.dataset.toString(), png,
                report.resolve("report.html"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("folds", r.folds());
        out.put("subjects", r.subjects());
        out.put("clips", r.clips());
        out.put("recipe", r.recipe());
        out.put("transformer", EvalFigures.cvFigures(r.transformer()));
        if (r.baseline() != null) {
            Map<String, Object> b = EvalFigures.cvFigures(r.baseline());
            b.put("l2_per_fold", r.baselineL2());
            out.put("baseline", b);
            out.put("transformer_beats_baseline", r.transformer().meanUar() > r.baseline().meanUar()
                    && r.transformer().meanWar() >= r.baseline().meanWar());
        }
        out.put("seconds", Math.round((System.nanoTime() - start) / 1e9));
        out.put("report", report.resolve("report.html").toString());
        if (json) {
            System.out.println(new ObjectMapper().writeValueAsString(out));
            return 0;
        }
        System.out.printf("%d-fold subject-independent cross-validation, %d clips of %d subjects%n", r.folds(), r.clips(), r.subjects());
        EvalFigures.printCv("transformer", r.transformer());
        if (r.baseline() != null) {
            EvalFigures.printCv("linear baseline", r.baseline());
            boolean beats = Boolean.TRUE.equals(out.get("transformer_beats_baseline"));
            System.out.printf("the transformer %s the logistic baseline on the same features (UAR %.3f vs %.3f, WAR %.3f vs %.3f)%n",
                    beats ? "beats" : "does NOT beat", r.transformer().meanUar(), r.baseline().meanUar(), r.transformer().meanWar(),
                    r.baseline().meanWar());
        }
        System.out.println("report: " + report.resolve("report.html"));
        return 0;
    }

    /** The model (or, with --cv, its recipe retrained per fold) scored under each condition: one table. */
    private int underConditions(SupervisedTraining st) throws Exception {
        if (data.alignedFaces) {
            throw new Fer.UserError("--conditions degrades whole frames for the face detector: not with --aligned-faces");
        }
        List<Conditions.Condition> list;
        try {
            list = Conditions.parse(conditions);
        } catch (IllegalArgumentException e) {
            throw new Fer.UserError("--conditions: " + e.getMessage());
        }
        long start = System.nanoTime();
        List<Map<String, Object>> rows = new ArrayList<>();
        String evaluation;
        if (cv != null) {
            if (cv < 2) {
                throw new Fer.UserError("--cv K needs K >= 2");
            }
            Dataset ds = data.read(DfewDataset.Part.TRAIN);
            var recipe = TrainingSettings.recipeOf(ModelMetadata.read(model), false);
            recipe = recipe.withTrain(recipe.train().withEpochsAndSeed(recipe.train().epochs(), seed));
            var outcomes = st.crossValidateUnder(ds, recipe, cv, seed, list.stream().map(Conditions.Condition::spec).toList());
            for (int i = 0; i < list.size(); i++) {
                var o = outcomes.get(i);
                rows.add(EvalFigures.conditionRow(list.get(i), o.meanWar(), o.meanUar(), o.pooled()));
            }
            evaluation = cv + "-fold cross-validation of the model's recipe (" + (ds.personGroups() ? "grouped by person" : "NOT grouped by person")
                    + "), fold means; recall and faces pooled";
        } else {
            Dataset ds = data.read(DfewDataset.Part.TEST);
            for (var c : list) {
                EvalResult r = st.evaluate(model, ds, false, 1, sharedClasses, c.spec());
                rows.add(EvalFigures.conditionRow(c, r.war(), r.uar(), r));
            }
            evaluation = "the model on " + data.dataset;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("evaluation", evaluation);
        out.put("conditions", rows);
        List<Map<String, Object>> standard = rows.stream().filter(r -> Conditions.STANDARD.stream()
                .anyMatch(c -> c.spec().equals(r.get("spec")))).toList();
        if (standard.size() == Conditions.STANDARD.size()) {
            out.put("standard_mean_war", EvalFigures.round(standard.stream().mapToDouble(r -> (Double) r.get("war")).average().orElse(Double.NaN)));
            out.put("standard_min_war", EvalFigures.round(standard.stream().mapToDouble(r -> (Double) r.get("war")).min().orElse(Double.NaN)));
        }
        out.put("seconds", Math.round((System.nanoTime() - start) / 1e9));
        if (json) {
            System.out.println(new ObjectMapper().writeValueAsString(out));
            return 0;
        }
        System.out.println(evaluation);
        System.out.printf("%-34s %-40s %6s %6s %7s%n", "condition", "spec", "WAR", "UAR", "faces");
        for (Map<String, Object> r : rows) {
            System.out.printf("%-34s %-40s %6.3f %6.3f %6.1f%%%n", r.get("condition"), r.get("spec"), r.get("war"), r.get("uar"),
                    100 * (Double) r.get("faces_found"));
        }
        if (out.containsKey("standard_mean_war")) {
            System.out.printf("the standard nine: mean WAR %.3f, lowest %.3f%n", out.get("standard_mean_war"), out.get("standard_min_war"));
        }
        return 0;
    }

    private Dataset dfewAll() {
        Dataset train = data.read(DfewDataset.Part.TRAIN);
        Dataset test = data.read(DfewDataset.Part.TEST);
        List<LabelledClip> all = new ArrayList<>(train.clips());
        all.addAll(test.clips());
        return new Dataset(train.classes(), all);
    }
}
