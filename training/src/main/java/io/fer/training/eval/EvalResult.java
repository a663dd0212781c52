package io.fer.training.eval;

import java.util.Arrays;
import java.util.List;

/**
 * WAR (accuracy), UAR (mean per-class recall), per-class recall and the confusion matrix [truth][predicted]. A clip in
 * which no face was found counts as wrong in WAR and UAR, but apart from wrong labels: detection is not recognition.
 *
 * @param clipsWithoutFace clips without a face (no prediction), outside the confusion matrix
 * @param wrongLabels      clips with a face and a wrong label
 */
public record EvalResult(List<String> classes, double war, double uar, double[] perClassRecall, int[][] confusion, int clips,
        int clipsWithoutFace, int wrongLabels) {

    public static EvalResult of(List<String> classes, int[] truth, int[] predicted) {
        int c = classes.size();
        int[][] confusion = new int[c][c];
        int correct = 0;
        int withoutFace = 0;
        for (int i = 0; i < truth.length; i++) {
            if (predicted[i] >= 0) { // -1: no face found, counted as wrong
                confusion[truth[i]][predicted[i]]++;
            } else {
                withoutFace++;
            }
            correct += truth[i] == predicted[i] ? 1 : 0;
        }
        double[] recall = new double[c];
        double sum = 0;
        int present = 0;
        for (int k = 0; k < c; k++) {
            int kk = k;
            int n = (int) Arrays.stream(truth).filter(t -> t == kk).count();
            recall[k] = n == 0 ? Double.NaN : (double) confusion[k][k] / n;
            if (n > 0) {
                sum += recall[k];
                present++;
            }
        }
        return new EvalResult(classes, truth.length == 0 ? 0 : (double) correct / truth.length, present == 0 ? 0 : sum / present,
                recall, confusion, truth.length, withoutFace, truth.length - correct - withoutFace);
    }
}
