package io.fer.training;

import io.fer.models.temporal.ModelMetadata;
import io.fer.schemas.Probabilities;
import io.fer.training.eval.EvalResult;
import io.fer.training.listen.EarlyStopping;
import io.fer.training.listen.EpochEnd;
import io.fer.training.listen.EpochLog;
import io.fer.training.listen.LastEpoch;
import io.fer.training.listen.TrainingListener;
import io.fer.training.listen.ValidationScores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.framework.optimizers.Adam;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/** Trains the temporal transformer on clips and exports it as a model directory (SavedModel + metadata). */
public final class TransformerTrainer {
    private final Consumer<String> progress;

    public TransformerTrainer(Consumer<String> progress) {
        this.progress = progress;
    }

    /** A network being trained or trained, still in its session: it predicts and exports. */
    public static final class Fitted implements AutoCloseable {
        private final Graph graph;
        private final Session session;
        private final TransformerGraph net;
        private final TransformerSpec spec;

        private Fitted(Graph graph, Session session, TransformerGraph net, TransformerSpec spec) {
            this.graph = graph;
            this.session = session;
            this.net = net;
            this.spec = spec;
        }

        /** Class probabilities of each window. */
        public float[][] predict(List<Clip> windows) {
            int d = spec.featureDim();
            int m = spec.modalities().size();
            int c = spec.classes();
            float[][] out = new float[windows.size()][c];
            for (int from = 0; from < windows.size(); from += 256) {
                List<Clip> batch = windows.subList(from, Math.min(windows.size(), from + 256));
                int tb = TrainingBatches.frames(batch, m);
                float[][] io = TrainingBatches.pack(batch, tb, d, m, c, 0, null);
                try (TFloat32 f = tensor(io[0], batch.size(), tb, d); TFloat32 k = tensor(io[1], batch.size(), tb, m);
                        Result r = session.runner().feed(net.features, f).feed(net.mask, k).fetch(net.probabilities).run()) {
                    TFloat32 p = (TFloat32) r.get(0);
                    for (int i = 0; i < batch.size(); i++) {
                        for (int j = 0; j < c; j++) {
                            out[from + i][j] = p.getFloat(i, j);
                        }
                    }
                }
            }
            return out;
        }

        public void export(ModelMetadata metadata, Path outDir) {
            TransformerTrainer.export(session, net, metadata, outDir);
        }

        @Override
        public void close() {
            session.close();
            graph.close();
        }
    }

    /**
     * Trains on windows for cfg.epochs() epochs (or until the listener says stop) and returns the network in its
     * session. Standardisation statistics come from the training windows and are baked into the graph.
     */
    public Fitted fit(List<Clip> train, TransformerSpec spec, TrainConfig cfg, TrainingListener listener) {
        int d = spec.featureDim();
        int m = spec.modalities().size();
        int c = spec.classes();
        int[] modalityOfDim = new int[d];
        for (int i = 0, off = 0; i < m; i++) {
            for (int k = 0; k < spec.modalities().get(i).dim(); k++) {
                modalityOfDim[off++] = i;
            }
        }
        Normalisation norm = Normalisation.of(train, d, m, modalityOfDim);
        Random random = new Random(cfg.seed());
        Graph g = new Graph();
        Session s = null;
        try {
            Ops tf = Ops.create(g);
            TransformerGraph net = new TransformerGraph(tf, spec, norm.mean(), norm.std(), cfg.seed());
            Placeholder<TFloat32> targets = tf.withName("targets").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, c)));
            // targets scaled by the class weights: a weighted cross-entropy (weights 1 unless class-balanced)
            Operand<TFloat32> weighted = tf.math.mul(targets, tf.constant(TrainingBatches.classWeights(train, c, cfg.classBalanced())));
            Operand<TFloat32> loss = null;
            for (Operand<TFloat32> logits : net.memberLogits) {
                Operand<TFloat32> perClip = tf.math.neg(tf.sum(tf.math.mul(weighted, tf.nn.logSoftmax(logits)), tf.constant(1)));
                Operand<TFloat32> memberLoss = tf.math.mean(perClip, tf.constant(0));
                loss = loss == null ? memberLoss : tf.math.add(loss, memberLoss);
            }
            if (cfg.weightDecay() > 0) {
                for (var w : net.weightMatrices()) {
                    loss = tf.math.add(loss, tf.math.mul(tf.constant(cfg.weightDecay()), tf.nn.l2Loss(w)));
                }
            }
            loss = tf.withName("loss").identity(loss);
            Op minimize = new Adam(g, cfg.learningRate()).minimize(loss);
            s = new Session(g);
            s.initialize();
            Fitted fitted = new Fitted(g, s, net, spec);
            List<Clip> order = new ArrayList<>(train);
            for (int epoch = 1; epoch <= cfg.epochs(); epoch++) {
                long epochStart = System.nanoTime();
                Collections.shuffle(order, random);
                double lossSum = 0;
                int steps = 0;
                for (int from = 0; from < order.size(); from += cfg.batchSize()) {
                    List<Clip> batch = order.subList(from, Math.min(order.size(), from + cfg.batchSize()));
                    int tb = TrainingBatches.frames(batch, m);
                    float[][] io = TrainingBatches.pack(batch, tb, d, m, c, cfg.frameDropout(), random);
                    TrainingBatches.dropModalities(io[1], batch.size(), tb, m, cfg.modalityDropout(), random);
                    TrainingBatches.dropInputs(io[0], norm.mean(), cfg.inputDropout(), random);
                    try (TFloat32 f = tensor(io[0], batch.size(), tb, d); TFloat32 k = tensor(io[1], batch.size(), tb, m);
                            TFloat32 y = TFloat32.tensorOf(Shape.of(batch.size(), c), DataBuffers.of(io[2], true, false));
                            Result r = s.runner().feed(net.features, f).feed(net.mask, k).feed(targets, y)
                                    .addTarget(minimize).fetch(loss).run()) {
                        lossSum += ((TFloat32) r.get(0)).getFloat();
                        steps++;
                    }
                }
                long tookMs = (System.nanoTime() - epochStart) / 1_000_000;
                if (!listener.onEpoch(new EpochEnd(epoch, cfg.epochs(), lossSum / Math.max(1, steps), tookMs, fitted))) {
                    break;
                }
            }
            return fitted;
        } catch (RuntimeException | Error e) {
            if (s != null) {
                s.close();
            }
            g.close();
            throw e;
        }
    }

    /**
     * Trains with a validation set: logs each epoch; with patience, keeps (exports) the epoch of the best validation
     * UAR and stops after patience epochs without a better one; otherwise exports the last epoch.
     */
    public TrainResult train(List<Clip> train, List<Clip> validation, TransformerSpec spec, TrainConfig cfg,
            ModelMetadata metadata, Path outDir) {
        ValidationScores scores = new ValidationScores(validation);
        EarlyStopping early = cfg.patience() > 0 && !validation.isEmpty()
                ? new EarlyStopping(scores::of, cfg.patience(), e -> e.fitted().export(metadata, outDir), progress) : null;
        LastEpoch last = new LastEpoch();
        TrainingListener log = EpochLog.withValidation(progress, scores);
        try (Fitted fitted = fit(train, spec, cfg, early != null ? TrainingListener.all(log, early, last)
                : TrainingListener.all(log, last))) {
            if (early != null) {
                return new TrainResult(last.loss(), early.bestWar(), last.epochs(), early.bestUar(), early.bestEpoch());
            }
            fitted.export(metadata, outDir);
            return new TrainResult(last.loss(), last.epoch() == null ? Double.NaN : scores.of(last.epoch())[0], last.epochs());
        }
    }

    /** {WAR, UAR} of window probabilities against the windows' target argmax. */
    public static double[] scores(float[][] probabilities, List<Clip> clips) {
        int[] truth = clips.stream().mapToInt(Clip::argmaxTarget).toArray();
        int[] predicted = Arrays.stream(probabilities).mapToInt(Probabilities::argmax).toArray();
        int classes = clips.isEmpty() ? 0 : clips.get(0).target().length;
        EvalResult r = EvalResult.of(Collections.nCopies(classes, ""), truth, predicted);
        return new double[] {r.war(), r.uar()};
    }

    private static TFloat32 tensor(float[] data, int b, int t, int n) {
        return TFloat32.tensorOf(Shape.of(b, t, n), DataBuffers.of(data, true, false));
    }

    private static void export(Session s, TransformerGraph net, ModelMetadata metadata, Path outDir) {
        try {
            if (Files.exists(outDir.resolve("saved_model.pb"))) {
                try (var files = Files.walk(outDir)) {
                    files.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(outDir)).forEach(p -> p.toFile().delete());
                }
            }
            Files.createDirectories(outDir);
            Signature sig = Signature.builder().key(ModelMetadata.SIGNATURE)
                    .input(ModelMetadata.INPUT_FEATURES, net.features).input(ModelMetadata.INPUT_MASK, net.mask)
                    .output(ModelMetadata.OUTPUT_PROBABILITIES, net.probabilities).build();
            SavedModelBundle.exporter(outDir.toString()).withFunction(SessionFunction.create(sig, s)).export();
            metadata.write(outDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the model to " + outDir, e);
        }
    }
}
