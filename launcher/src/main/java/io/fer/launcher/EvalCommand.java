package io.fer.launcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer.training.SupervisedTraining;
import io.fer.training.dataset.Dataset;
import io.fer.training.dataset.DfewDataset;
import io.fer.training.dataset.LabelledClip;
import io.fer.training.eval.EvalResult;
import io.fer.training.eval.Reports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** fer eval: WAR, UAR, per-class recall, confusion matrix PNG and HTML report; --ablate compares modality sets. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Evaluate a model on a labelled data set (DFEW: the fold's test part): WAR, UAR, per-class recall,"
                + " a confusion matrix PNG and an HTML report.",
                "--ablate instead trains on one part (DFEW: the fold's train part; folders: 80 % of the subjects) and evaluates"
                        + " on the rest, each modality alone and all together, and prints the table."})
public final class EvalCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "DIR", description = "model directory (not with --ablate)")
    Path model;

    @Mixin DatasetOptions data;

    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    @Option(names = "--report", paramLabel = "DIR", defaultValue = "fer-eval", description = "where the PNG and HTML go (default: ${DEFAULT-VALUE})")
    Path report;

    @Option(names = "--ablate", description = "train and evaluate each modality alone and all together")
    boolean ablate;

    @Option(names = "--modalities", split = ",", defaultValue = "expression,appearance,geometry",
            description = "with --ablate: the modalities (default: ${DEFAULT-VALUE})")
    List<String> modalities;

    @Mixin ModelsOptions models;

    @Override
    public Integer call() throws Exception {
        Path modelsDir = Generators.checked(models.store()).dir();
        SupervisedTraining st = new SupervisedTraining(modelsDir, msg -> System.err.println("eval: " + msg));
        if (ablate) {
            return ablation(st);
        }
        if (model == null) {
            throw new Fer.UserError("--model DIR is required (or --ablate)");
        }
        Dataset ds = data.read(DfewDataset.Part.TEST);
        EvalResult r = st.evaluate(model, ds, data.alignedFaces, 1);
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
        out.put("war", round(r.war()));
        out.put("uar", round(r.uar()));
        Map<String, Object> perClass = new LinkedHashMap<>();
        for (int k = 0; k < r.classes().size(); k++) {
            perClass.put(r.classes().get(k), Double.isNaN(r.perClassRecall()[k]) ? null : round(r.perClassRecall()[k]));
        }
        out.put("per_class", perClass);
        out.put("confusion", r.confusion());
        out.put("report", report.resolve("report.html").toString());
        if (json) {
            System.out.println(new ObjectMapper().writeValueAsString(out));
        } else {
            System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(out));
        }
    }

    private int ablation(SupervisedTraining st) throws Exception {
        Dataset train;
        Dataset test;
        if (data.format.equals("dfew")) {
            train = data.read(DfewDataset.Part.TRAIN);
            test = data.read(DfewDataset.Part.TEST);
        } else {
            Dataset all = data.read(DfewDataset.Part.TRAIN);
            List<String> groups = new ArrayList<>(all.clips().stream().map(LabelledClip::group).distinct().sorted().toList());
            Collections.shuffle(groups, new Random(7));
            Set<String> held = new HashSet<>(groups.subList(0, groups.size() / 5));
            train = new Dataset(all.classes(), all.clips().stream().filter(c -> !held.contains(c.group())).toList());
            test = new Dataset(all.classes(), all.clips().stream().filter(c -> held.contains(c.group())).toList());
        }
        List<List<String>> sets = new ArrayList<>();
        modalities.forEach(m -> sets.add(List.of(m)));
        sets.add(modalities);
        Map<String, Object> table = new LinkedHashMap<>();
        for (List<String> set : sets) {
            Path dir = Files.createTempDirectory("fer-ablate");
            var s = SupervisedTraining.Settings.defaults(set, data.alignedFaces);
            st.train(train, data.dataset.toString(), s, dir);
            EvalResult r = st.evaluate(dir, test, data.alignedFaces, 1);
            table.put(String.join("+", set), Map.of("war", round(r.war()), "uar", round(r.uar())));
            System.err.printf("eval: %-40s WAR %.3f  UAR %.3f%n", String.join("+", set), r.war(), r.uar());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("train_clips", train.clips().size());
        out.put("test_clips", test.clips().size());
        out.put("ablation", table);
        System.out.println(json ? new ObjectMapper().writeValueAsString(out)
                : new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(out));
        return 0;
    }

    private static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }

}
