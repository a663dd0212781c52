package io.fer.training.cv;

import io.fer.training.Clip;
import io.fer.training.TrainConfig;
import io.fer.training.TransformerSpec;
import io.fer.training.TransformerTrainer;
import io.fer.training.listen.EpochLog;
import io.fer.training.listen.TrainingListener;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The temporal transformer as a learner: for each candidate training setting one run on the training clips, scoring
 * the held-out clips at each checkpoint epoch (a clip's probabilities are the mean of its windows').
 */
public final class TransformerLearner implements Learner {
    /** A candidate: the training settings (their epochs the longest run) and the architecture. */
    public record Candidate(TrainConfig train, TransformerSpec spec) {
        public String describe(int epochs) {
            return String.format(Locale.ROOT, "lr %.0e, input dropout %.2f, modality dropout %.2f, weight decay %.0e, %d epochs",
                    train.learningRate(), train.inputDropout(), train.modalityDropout(), train.weightDecay(), epochs);
        }
    }

    /** What a setting's description stands for. */
    public record Choice(Candidate candidate, int epochs) {
        public TrainConfig train() {
            return candidate.train().withEpochsAndSeed(epochs, candidate.train().seed());
        }
    }

    private final List<Candidate> candidates;
    private final Set<Integer> checkpoints;
    private final Map<String, Choice> choices = new LinkedHashMap<>();
    private Consumer<String> progress = msg -> {};
    private static final long PROGRESS_EVERY_NS = 10_000_000_000L;

    public TransformerLearner(List<Candidate> candidates, Set<Integer> checkpoints) {
        this.candidates = candidates;
        this.checkpoints = new TreeSet<>(checkpoints);
        for (Candidate c : candidates) {
            for (int e : this.checkpoints) {
                if (e <= c.train().epochs()) {
                    choices.put(c.describe(e), new Choice(c, e));
                }
            }
        }
    }

    /** Reports each candidate's epochs (long runs on large data sets). */
    public TransformerLearner withProgress(Consumer<String> newProgress) {
        this.progress = newProgress;
        return this;
    }

    public Choice choice(String setting) {
        Choice c = choices.get(setting);
        if (c == null) {
            throw new IllegalArgumentException("not a setting of this learner: " + setting);
        }
        return c;
    }

    @Override
    public Map<String, float[][]> fitAndPredict(List<LabelledWindows> train, List<LabelledWindows> heldOut) {
        Map<String, float[][]> out = new LinkedHashMap<>();
        List<Clip> windows = LabelledWindows.trainingWindowsOf(train);
        List<Clip> heldWindows = LabelledWindows.windowsOf(heldOut);
        for (int i = 0; i < candidates.size(); i++) {
            Candidate cand = candidates.get(i);
            int number = i + 1;
            TrainingListener log = EpochLog.atMostEvery(PROGRESS_EVERY_NS, progress, "candidate " + number + "/" + candidates.size() + ", ");
            TrainingListener checkpoint = e -> {
                if (checkpoints.contains(e.epoch())) {
                    out.put(cand.describe(e.epoch()), perClip(e.fitted().predict(heldWindows), heldOut));
                }
                return true;
            };
            try (var fitted = new TransformerTrainer(msg -> {}).fit(windows, cand.spec(), cand.train(), TrainingListener.all(log, checkpoint))) {
                // scored at the checkpoints
            }
        }
        return out;
    }

    /** Mean of each clip's window probabilities, in the order of the clips' windows. */
    public static float[][] perClip(float[][] windowProbabilities, List<LabelledWindows> clips) {
        float[][] out = new float[clips.size()][];
        int w = 0;
        for (int i = 0; i < clips.size(); i++) {
            int n = clips.get(i).windows().size();
            if (n == 0) {
                continue;
            }
            float[] mean = new float[windowProbabilities[w].length];
            for (int j = 0; j < n; j++, w++) {
                for (int c = 0; c < mean.length; c++) {
                    mean[c] += windowProbabilities[w][c] / n;
                }
            }
            out[i] = mean;
        }
        return out;
    }
}
