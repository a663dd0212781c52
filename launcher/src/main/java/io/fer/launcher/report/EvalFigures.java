package io.fer.launcher.report;

import io.fer.training.cv.CrossValidation;
import io.fer.training.eval.Conditions;
import io.fer.training.eval.EvalResult;
import java.util.LinkedHashMap;
import java.util.Map;

/** fer eval's figures as JSON rows and console lines: WAR, UAR, per-class recall, fold spread. */
public final class EvalFigures {
    private EvalFigures() {}

    public static Map<String, Object> conditionRow(Conditions.Condition c, double war, double uar, EvalResult pooled) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("condition", c.name());
        row.put("spec", c.spec());
        row.put("war", round(war));
        row.put("uar", round(uar));
        row.put("clips", pooled.clips());
        row.put("faces_found", round(pooled.clips() == 0 ? 0 : 1 - (double) pooled.clipsWithoutFace() / pooled.clips()));
        row.put("clips_without_face", pooled.clipsWithoutFace());
        row.put("per_class_recall", perClassRecall(pooled));
        return row;
    }

    public static Map<String, Object> cvFigures(CrossValidation.Outcome o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("war_mean", round(o.meanWar()));
        m.put("war_sd", round(o.sdWar()));
        m.put("uar_mean", round(o.meanUar()));
        m.put("uar_sd", round(o.sdUar()));
        m.put("fold_war", o.folds().stream().map(f -> round(f.war())).toList());
        m.put("fold_uar", o.folds().stream().map(f -> round(f.uar())).toList());
        EvalResult p = o.pooled();
        m.put("pooled_war", round(p.war()));
        m.put("pooled_uar", round(p.uar()));
        m.put("per_class_recall", perClassRecall(p));
        m.put("confusion", p.confusion());
        return m;
    }

    public static void printCv(String name, CrossValidation.Outcome o) {
        EvalResult p = o.pooled();
        StringBuilder per = new StringBuilder();
        for (int k = 0; k < p.classes().size(); k++) {
            per.append(String.format(" %s %.2f", p.classes().get(k), p.perClassRecall()[k]));
        }
        System.out.printf("%-16s WAR %.3f ± %.3f  UAR %.3f ± %.3f  (pooled recall:%s)%n", name, o.meanWar(), o.sdWar(), o.meanUar(), o.sdUar(), per);
    }

    /** Recall per class, by name; null for a class without clips. */
    public static Map<String, Object> perClassRecall(EvalResult r) {
        Map<String, Object> recall = new LinkedHashMap<>();
        for (int k = 0; k < r.classes().size(); k++) {
            recall.put(r.classes().get(k), Double.isNaN(r.perClassRecall()[k]) ? null : round(r.perClassRecall()[k]));
        }
        return recall;
    }

    public static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }
}
