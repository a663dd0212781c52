package io.fer.classifier.flink;

import io.fer.classifier.model.Embedding;
import io.fer.classifier.model.FeatureWindow;
import io.fer.classifier.window.ModalityLayout;
import io.fer.classifier.window.WindowPlan;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Per track (key streamId/trackId): collects each frame's modality vectors and presence mask, and emits
 * sliding windows of frames once the watermark has passed their last frame. A modality missing in a
 * frame is masked, not awaited forever. Once every modality it reads has sent the track's end marker, it emits the
 * remaining windows, then one marker, and clears the track's state.
 */
public class WindowAssembler extends KeyedProcessFunction<String, Embedding, FeatureWindow> {
    private final ModalityLayout layout;
    private final WindowPlan plan;

    private transient MapState<Long, float[]> frameFeatures; // frame index -> featureDim
    private transient MapState<Long, float[]> frameMasks;    // frame index -> modalities
    private transient MapState<Long, Long> frameTimes;       // frame index -> event time (us)
    private transient ValueState<Long> firstFrame;
    private transient ValueState<Long> nextStart;
    private transient ValueState<Long> lastEmittedStart;
    private transient ValueState<Long> lastFinalFrame;
    private transient MapState<String, Boolean> endedModalities;

    public WindowAssembler(ModalityLayout layout, WindowPlan plan) {
        this.layout = layout;
        this.plan = plan;
    }

    @Override
    public void open(OpenContext ctx) {
        frameFeatures = getRuntimeContext().getMapState(new MapStateDescriptor<>("features", Types.LONG,
                PrimitiveArrayTypeInfo.FLOAT_PRIMITIVE_ARRAY_TYPE_INFO));
        frameMasks = getRuntimeContext().getMapState(new MapStateDescriptor<>("masks", Types.LONG,
                PrimitiveArrayTypeInfo.FLOAT_PRIMITIVE_ARRAY_TYPE_INFO));
        frameTimes = getRuntimeContext().getMapState(new MapStateDescriptor<>("times", Types.LONG, Types.LONG));
        firstFrame = getRuntimeContext().getState(new ValueStateDescriptor<>("first", Types.LONG));
        nextStart = getRuntimeContext().getState(new ValueStateDescriptor<>("next", Types.LONG));
        lastEmittedStart = getRuntimeContext().getState(new ValueStateDescriptor<>("lastEmitted", Types.LONG));
        lastFinalFrame = getRuntimeContext().getState(new ValueStateDescriptor<>("lastFinal", Types.LONG));
        endedModalities = getRuntimeContext().getMapState(new MapStateDescriptor<>("ended", Types.STRING, Types.BOOLEAN));
    }

    @Override
    public void processElement(Embedding e, Context ctx, Collector<FeatureWindow> out) throws Exception {
        if (e.endOfTrack) {
            // every modality topic ends the track on its own: wait for all the model reads (their last embeddings
            // may still be on the way); a marker of a modality the model does not read ends it at once
            if (layout.index(e.modality) >= 0) {
                endedModalities.put(e.modality, true);
                int ended = 0;
                for (String m : endedModalities.keys()) {
                    ended++;
                }
                if (ended < layout.size()) {
                    return;
                }
            }
            flush(ctx.getCurrentKey(), ctx.timerService(), out);
            out.collect(FeatureWindow.endMarker(e.streamId, e.trackId, e.timestampUs, e.tracksInStream));
            for (Long ts : frameTimes.values()) {
                ctx.timerService().deleteEventTimeTimer(ts / 1000);
            }
            clear();
            return;
        }
        int m = layout.index(e.modality);
        if (m < 0 || e.vector.length != layout.dims().get(m)) {
            return; // a modality the model does not read
        }
        if (nextStart.value() != null && e.frameIndex < nextStart.value()) {
            return; // its windows were emitted already
        }
        float[] f = frameFeatures.get(e.frameIndex);
        float[] k = frameMasks.get(e.frameIndex);
        if (f == null) {
            f = new float[layout.featureDim()];
            k = new float[layout.size()];
        }
        System.arraycopy(e.vector, 0, f, layout.offset(m), e.vector.length);
        k[m] = 1f;
        frameFeatures.put(e.frameIndex, f);
        frameMasks.put(e.frameIndex, k);
        frameTimes.put(e.frameIndex, e.timestampUs);
        if (firstFrame.value() == null || e.frameIndex < firstFrame.value()) {
            firstFrame.update(e.frameIndex);
        }
        if (nextStart.value() == null) {
            nextStart.update(e.frameIndex);
        }
        ctx.timerService().registerEventTimeTimer(e.timestampUs / 1000);
    }

    @Override
    public void onTimer(long timestampMs, OnTimerContext ctx, Collector<FeatureWindow> out) throws Exception {
        if (nextStart.value() == null) {
            return; // the track ended and was cleared
        }
        long lastFinal = lastFinalFrame.value() == null ? -1 : lastFinalFrame.value();
        for (Map.Entry<Long, Long> t : frameTimes.entries()) {
            if (t.getValue() / 1000 <= timestampMs) {
                lastFinal = Math.max(lastFinal, t.getKey());
            }
        }
        lastFinalFrame.update(lastFinal);
        emitComplete(ctx.getCurrentKey(), ctx.timerService(), lastFinal, out);
    }

    private void emitComplete(String key, TimerService timers, long lastFinal, Collector<FeatureWindow> out) throws Exception {
        List<Long> starts = plan.completeWindows(nextStart.value(), lastFinal);
        for (long s : starts) {
            out.collect(window(key, s));
            lastEmittedStart.update(s);
        }
        long next = plan.after(starts, nextStart.value());
        nextStart.update(next);
        List<Long> old = new ArrayList<>();
        Set<Long> keptTimers = new java.util.HashSet<>();
        for (Map.Entry<Long, Long> t : frameTimes.entries()) {
            if (t.getKey() < next) {
                old.add(t.getKey());
            } else {
                keptTimers.add(t.getValue() / 1000);
            }
        }
        for (Long idx : old) {
            long timer = frameTimes.get(idx) / 1000;
            if (!keptTimers.contains(timer)) {
                timers.deleteEventTimeTimer(timer);
            }
            frameFeatures.remove(idx);
            frameMasks.remove(idx);
            frameTimes.remove(idx);
        }
    }

    private void flush(String key, TimerService timers, Collector<FeatureWindow> out) throws Exception {
        if (nextStart.value() == null) {
            return;
        }
        long last = -1;
        for (Long idx : frameTimes.keys()) {
            last = Math.max(last, idx);
        }
        if (last < 0) {
            return;
        }
        emitComplete(key, timers, last, out);
        long emitted = lastEmittedStart.value() == null ? -1 : lastEmittedStart.value();
        Long tail = plan.tailWindow(firstFrame.value(), emitted, last);
        if (tail != null) {
            out.collect(window(key, tail));
        }
    }

    private FeatureWindow window(String key, long start) throws Exception {
        int t = plan.frames();
        int d = layout.featureDim();
        int m = layout.size();
        FeatureWindow w = new FeatureWindow();
        w.streamId = key.substring(0, key.lastIndexOf('/'));
        w.trackId = Integer.parseInt(key.substring(key.lastIndexOf('/') + 1));
        w.features = new float[t * d];
        w.mask = new float[t * m];
        w.firstFrameIndex = start;
        w.lastFrameIndex = start + t - 1;
        long startUs = Long.MAX_VALUE;
        long endUs = Long.MIN_VALUE;
        Set<String> present = new LinkedHashSet<>();
        for (int i = 0; i < t; i++) {
            float[] f = frameFeatures.get(start + i);
            if (f == null) {
                continue;
            }
            float[] k = frameMasks.get(start + i);
            System.arraycopy(f, 0, w.features, i * d, d);
            System.arraycopy(k, 0, w.mask, i * m, m);
            for (int j = 0; j < m; j++) {
                if (k[j] > 0) {
                    present.add(layout.names().get(j));
                }
            }
            long ts = frameTimes.get(start + i);
            startUs = Math.min(startUs, ts);
            endUs = Math.max(endUs, ts);
        }
        w.startUs = startUs == Long.MAX_VALUE ? 0 : startUs;
        w.endUs = endUs == Long.MIN_VALUE ? 0 : endUs;
        w.modalitiesPresent = present.toArray(new String[0]);
        return w;
    }

    private void clear() {
        frameFeatures.clear();
        frameMasks.clear();
        frameTimes.clear();
        firstFrame.clear();
        nextStart.clear();
        lastEmittedStart.clear();
        lastFinalFrame.clear();
        endedModalities.clear();
    }
}
