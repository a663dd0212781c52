package io.fer.classifier.flink;

import io.fer.classifier.model.EmotionResult;
import io.fer.classifier.model.FeatureWindow;
import io.fer.models.temporal.ModelMetadata;
import io.fer.models.temporal.TemporalModel;
import io.fer.schemas.Probabilities;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Runs the transformer on windows of many tracks in one call: windows are keyed by a batch bucket (not by track),
 * buffered in order (end-of-track markers too, so they still follow their track's last window), and the buffer is
 * classified when it holds maxBatch windows or maxDelayMs after its first window (or at the end of a bounded input).
 * The model is loaded once per parallel task.
 */
public class BatchedTransformer extends KeyedProcessFunction<Integer, FeatureWindow, EmotionResult> {
    /** A model directory shipped with the job (Flink's distributed cache) instead of a path on every TaskManager. */
    public static final String SHIPPED = "flink-cache:";

    private final String modelDir;
    private final int maxBatch;
    private final long maxDelayMs;
    private transient TemporalModel model;
    private transient ListState<FeatureWindow> buffer;
    private transient ValueState<Integer> size;

    public BatchedTransformer(String modelDir, int maxBatch, long maxDelayMs) {
        this.modelDir = modelDir;
        this.maxBatch = maxBatch;
        this.maxDelayMs = maxDelayMs;
    }

    /**
     * The batch bucket of a stream: streams spread over the parallel tasks, many share a batch. A stream's windows and
     * markers stay on one task, so its end marker follows its tracks' windows (and commits in the same transaction).
     */
    public static int bucket(FeatureWindow w, int buckets) {
        return Math.floorMod(w.streamId.hashCode(), Math.max(1, buckets));
    }

    @Override
    public void open(OpenContext ctx) {
        model = TemporalModel.load(modelDir.startsWith(SHIPPED)
                ? getRuntimeContext().getDistributedCache().getFile(modelDir.substring(SHIPPED.length())).toPath()
                : Path.of(modelDir));
        buffer = getRuntimeContext().getListState(new ListStateDescriptor<>("buffer", TypeInformation.of(FeatureWindow.class)));
        size = getRuntimeContext().getState(new ValueStateDescriptor<>("size", Types.INT));
    }

    @Override
    public void processElement(FeatureWindow w, Context ctx, Collector<EmotionResult> out) throws Exception {
        buffer.add(w);
        int n = size.value() == null ? 1 : size.value() + 1;
        size.update(n);
        if (n == 1) {
            ctx.timerService().registerProcessingTimeTimer(ctx.timerService().currentProcessingTime() + maxDelayMs);
            ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE); // a bounded input's end flushes too
        }
        if (n >= maxBatch) {
            flush(out);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<EmotionResult> out) throws Exception {
        flush(out);
    }

    private void flush(Collector<EmotionResult> out) throws Exception {
        List<FeatureWindow> all = new ArrayList<>();
        for (FeatureWindow w : buffer.get()) {
            all.add(w);
        }
        buffer.clear();
        size.clear();
        if (all.isEmpty()) {
            return;
        }
        List<FeatureWindow> windows = all.stream().filter(w -> !w.endOfTrack).toList();
        float[][] probs = windows.isEmpty() ? new float[0][] : predict(windows);
        int k = 0;
        for (FeatureWindow w : all) {
            out.collect(Results.of(w, model.metadata(), w.endOfTrack ? null : probs[k++]));
        }
    }

    private float[][] predict(List<FeatureWindow> windows) {
        int f = windows.get(0).features.length;
        int m = windows.get(0).mask.length;
        float[] features = new float[windows.size() * f];
        float[] mask = new float[windows.size() * m];
        for (int i = 0; i < windows.size(); i++) {
            System.arraycopy(windows.get(i).features, 0, features, i * f, f);
            System.arraycopy(windows.get(i).mask, 0, mask, i * m, m);
        }
        return model.predict(features, mask, windows.size());
    }

    @Override
    public void close() {
        if (model != null) {
            model.close();
        }
    }

    /** Builds results from windows and probabilities. */
    static final class Results {
        private Results() {}

        static EmotionResult of(FeatureWindow w, ModelMetadata md, float[] p) {
            EmotionResult r = new EmotionResult();
            r.streamId = w.streamId;
            r.trackId = w.trackId;
            r.windowStartUs = w.startUs;
            r.windowEndUs = w.endUs;
            r.firstFrameIndex = w.firstFrameIndex;
            r.lastFrameIndex = w.lastFrameIndex;
            r.modelVersion = md.version();
            r.classes = md.classes().toArray(new String[0]);
            r.modalities = w.modalitiesPresent;
            r.endOfTrack = w.endOfTrack;
            r.tracksInStream = w.tracksInStream;
            r.framesPerSecond = w.framesPerSecond;
            if (p == null) {
                r.probabilities = new float[0];
                r.label = "";
                return r;
            }
            int best = Probabilities.argmax(p);
            r.probabilities = p;
            r.label = md.classes().get(best);
            r.confidence = p[best];
            return r;
        }
    }
}
