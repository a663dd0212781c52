package io.fer.classifier.flink;

import io.fer.classifier.model.Embedding;
import io.fer.classifier.model.FeatureWindow;
import io.fer.classifier.window.FrameSlot;
import io.fer.classifier.window.Frontier;
import io.fer.classifier.window.ModalityLayout;
import io.fer.classifier.window.ModalityProgress;
import io.fer.classifier.window.StreamCursor;
import io.fer.classifier.window.TrackCursor;
import io.fer.classifier.window.WindowPlan;
import java.io.Serializable;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per stream (key streamId): collects every track's per-frame modality vectors and emits each track's sliding windows
 * once they are final, that is once every modality the model reads has delivered the stream up to the window's last
 * frame (its progress markers) or has ended. No watermark is involved: a window's content depends only on the
 * stream's own records, never on other streams, their clocks, or how fast each stage runs.
 * <ul>
 *   <li>A modality that delivers nothing for {@code modalityTimeout} (processing time) while another one keeps moving
 *       on (or has ended) is no longer awaited: its vectors are masked, counted ({@code modalityTimeouts}) and logged
 *       per track, until it reports again. When every modality is silent (a worker hosting them all restarts, or
 *       this job does) nothing is masked: the windows wait.</li>
 *   <li>A track whose next vector (or the frontier) is more than {@code trackIdle} of stream time after its last one
 *       ends: its last windows (a tail window aligned to its last frame) and its end marker are emitted and its state
 *       is cleared. The decision is taken while scanning frames in order, so it is the same however records arrive.</li>
 *   <li>When every awaited modality has sent the stream's end marker (or a marker of a modality the model does not
 *       read arrives, as training sends), every track ends, then one stream end marker (track -1) follows.</li>
 *   <li>Keyed-state TTL ({@code stateTtl}) is the backstop for streams that vanish without an end.</li>
 * </ul>
 */
public class WindowAssembler extends KeyedProcessFunction<String, Embedding, FeatureWindow> {
    private static final Logger LOG = LoggerFactory.getLogger(WindowAssembler.class);

    /** How long to await a silent modality, when a track ends, and when forgotten state expires. */
    public record Timing(Duration modalityTimeout, Duration trackIdle, Duration stateTtl) implements Serializable {
        public static final Timing DEFAULT = new Timing(Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofHours(1));

        public Timing {
            if (modalityTimeout.isNegative() || modalityTimeout.isZero() || trackIdle.isNegative() || trackIdle.isZero()
                    || stateTtl.isNegative() || stateTtl.isZero()) {
                throw new IllegalArgumentException("modality timeout, track idle time and state TTL must be positive");
            }
        }
    }

    private final ModalityLayout layout;
    private final WindowPlan plan;
    private final Timing timing;

    private transient MapState<Long, FrameSlot> slots;          // packed (track, frame) -> vectors
    private transient MapState<Integer, TrackCursor> tracks;
    private transient MapState<String, ModalityProgress> progress;
    private transient ValueState<StreamCursor> stream;

    /*
     * Operator-wide gauges. They are not kept in operator state (a rescale would hand them to subtasks that do not own
     * the streams they count): each stream's tracks and frames are counted in when this instance first touches it, as
     * recorded in the stream's own keyed state under this instance's epoch, so they follow the stream's key group.
     */
    private transient ValueState<Long> countedInEpoch;
    private transient long epoch;
    private transient long openTracks;
    private transient long bufferedFrames;
    private transient Counter timeouts;
    private transient long openedAtMs;
    private transient Counter lateVectors;
    private transient Counter staleVectors;

    public WindowAssembler(ModalityLayout layout, WindowPlan plan) {
        this(layout, plan, Timing.DEFAULT);
    }

    public WindowAssembler(ModalityLayout layout, WindowPlan plan, Timing timing) {
        this.layout = layout;
        this.plan = plan;
        this.timing = timing;
    }

    @Override
    public void open(OpenContext ctx) {
        StateTtlConfig ttl = StateTtlConfig.newBuilder(timing.stateTtl())
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired).build();
        var slotsDesc = new MapStateDescriptor<>("slots", Types.LONG, TypeInformation.of(FrameSlot.class));
        var tracksDesc = new MapStateDescriptor<>("tracks", Types.INT, TypeInformation.of(TrackCursor.class));
        var progressDesc = new MapStateDescriptor<>("progress", Types.STRING, TypeInformation.of(ModalityProgress.class));
        var streamDesc = new ValueStateDescriptor<>("stream", TypeInformation.of(StreamCursor.class));
        slotsDesc.enableTimeToLive(ttl);
        tracksDesc.enableTimeToLive(ttl);
        progressDesc.enableTimeToLive(ttl);
        streamDesc.enableTimeToLive(ttl);
        slots = getRuntimeContext().getMapState(slotsDesc);
        tracks = getRuntimeContext().getMapState(tracksDesc);
        progress = getRuntimeContext().getMapState(progressDesc);
        stream = getRuntimeContext().getState(streamDesc);
        var countedDesc = new ValueStateDescriptor<>("countedInEpoch", Types.LONG);
        countedDesc.enableTimeToLive(ttl);
        countedInEpoch = getRuntimeContext().getState(countedDesc);
        epoch = new SecureRandom().nextLong();
        openTracks = 0;
        bufferedFrames = 0;
        openedAtMs = -1; // set by the first record or timer, in the timer service's clock
        var metrics = getRuntimeContext().getMetricGroup();
        timeouts = metrics.counter("modalityTimeouts");
        lateVectors = metrics.counter("lateVectors");
        staleVectors = metrics.counter("staleRunVectors");
        metrics.gauge("openTracks", () -> openTracks);
        metrics.gauge("bufferedFrames", () -> bufferedFrames);
    }

    @Override
    public void processElement(Embedding e, Context ctx, Collector<FeatureWindow> out) throws Exception {
        long now = ctx.timerService().currentProcessingTime();
        if (openedAtMs < 0) {
            openedAtMs = now;
        }
        countInGauges();
        StreamCursor s = stream.value();
        if (s == null) {
            s = new StreamCursor();
            for (String m : layout.names()) {
                progress.put(m, new ModalityProgress(now));
            }
        }
        int m = layout.index(e.modality);
        if (m >= 0 && !e.endOfTrack && !newRun(ctx.getCurrentKey(), s, e, out)) {
            staleVectors.inc(); // the end of a run that was closed when the source restarted
            return;
        }
        if (m >= 0) {
            s = stream.value() == null ? s : stream.value();
        }
        if (e.endOfTrack) {
            if (m < 0) {
                endStream(ctx.getCurrentKey(), s, out); // training's end marker, or a modality the model does not read
                return;
            }
            ModalityProgress p = progress.get(e.modality);
            if (p.run < s.run) {
                return; // the end of a run that was closed when the source restarted
            }
            p.ended = true;
            progress.put(e.modality, p);
            boolean allEnded = true;
            for (String n : layout.names()) {
                allEnded &= ended(n);
            }
            if (allEnded) {
                endStream(ctx.getCurrentKey(), s, out);
                return;
            }
            advance(ctx.getCurrentKey(), s, now, ctx.timerService(), out);
        } else if (e.progress) {
            if (m < 0) {
                return;
            }
            ModalityProgress p = progress.get(e.modality);
            if (p.timedOut) {
                LOG.info("stream {}: modality {} reports again from frame {}: awaited again", ctx.getCurrentKey(), e.modality, e.frameIndex);
                p.timedOut = false;
            }
            if (e.frameIndex > p.frame) {
                p.frame = e.frameIndex;
                p.timestampUs = e.timestampUs;
                p.advancedAtMs = now;
            }
            progress.put(e.modality, p);
            advance(ctx.getCurrentKey(), s, now, ctx.timerService(), out);
        } else {
            if (m < 0 || e.vector.length != layout.dims().get(m)) {
                stream.update(s);
                return; // a modality the model does not read
            }
            if (e.frameIndex <= s.completeFrame) {
                lateVectors.inc(); // only after its modality timed out: its frames were emitted without it
                stream.update(s);
                return;
            }
            long key = slotKey(e.trackId, e.frameIndex);
            FrameSlot slot = slots.get(key);
            if (slot == null) {
                slot = new FrameSlot(e.timestampUs, layout.featureDim(), layout.size());
                bufferedFrames++;
            }
            System.arraycopy(e.vector, 0, slot.features, layout.offset(m), e.vector.length);
            slot.mask[m] = 1f;
            slots.put(key, slot);
            TrackCursor t = tracks.get(e.trackId);
            if (t == null) {
                t = new TrackCursor(e.trackId, s.completeFrame);
                openTracks++;
            }
            t.maxArrivedFrame = Math.max(t.maxArrivedFrame, e.frameIndex);
            tracks.put(e.trackId, t);
            stream.update(s);
        }
    }

    /**
     * A modality's records come in frame order within a run of its stream, so a frame index below the highest it
     * sent means the source was restarted (new run, indices from 0). The first modality to show it closes the old run
     * (every track ends, then the stream end marker) and starts a new one; records of a modality still in the old
     * run are dropped. Returns false for such a stale record.
     */
    private boolean newRun(String key, StreamCursor s, Embedding e, Collector<FeatureWindow> out) throws Exception {
        ModalityProgress p = progress.get(e.modality);
        if (e.frameIndex < p.lastFrame) {
            p.run++;
            p.lastFrame = -1;
            p.frame = -1;
            p.timedOut = false;
            p.ended = false;
            if (p.run > s.run) {
                LOG.warn("stream {}: modality {} restarts at frame {}: its source was restarted; the run before ends here",
                        key, e.modality, e.frameIndex);
                Map<String, ModalityProgress> kept = new HashMap<>();
                for (Map.Entry<String, ModalityProgress> x : progress.entries()) {
                    kept.put(x.getKey(), x.getValue());
                }
                kept.put(e.modality, p);
                int run = p.run;
                endStream(key, s, out);
                StreamCursor fresh = new StreamCursor();
                fresh.run = run;
                for (Map.Entry<String, ModalityProgress> x : kept.entrySet()) {
                    ModalityProgress q = x.getValue();
                    if (q.run < run) {
                        // not restarted yet: awaited from nothing, as at a stream's start
                        q.frame = -1;
                        q.timedOut = false;
                        q.ended = false;
                    }
                    q.advancedAtMs = Math.max(q.advancedAtMs, p.advancedAtMs);
                    progress.put(x.getKey(), q);
                }
                stream.update(fresh);
                countedInEpoch.update(epoch); // the new run starts counted: its records join the gauges as they come
                return true;
            }
            progress.put(e.modality, p);
        }
        if (p.run < s.run) {
            return false;
        }
        if (e.frameIndex > p.lastFrame) {
            p.lastFrame = e.frameIndex;
            progress.put(e.modality, p);
        }
        return true;
    }

    private boolean ended(String modality) throws Exception {
        ModalityProgress p = progress.get(modality);
        return p != null && (p.ended || p.timedOut);
    }

    @Override
    public void onTimer(long timestampMs, OnTimerContext ctx, Collector<FeatureWindow> out) throws Exception {
        StreamCursor s = stream.value();
        if (s == null || s.timeoutTimerMs != timestampMs) {
            return; // the stream ended, or an older timer
        }
        s.timeoutTimerMs = 0;
        if (openedAtMs < 0) {
            openedAtMs = timestampMs;
        }
        countInGauges();
        Frontier f = frontier();
        long timeout = timing.modalityTimeout().toMillis();
        for (String m : f.lagging()) {
            ModalityProgress p = progress.get(m);
            if (timestampMs - silentSince(p) >= timeout && othersAlive(m, timestampMs)) {
                p.timedOut = true;
                progress.put(m, p);
                List<Integer> open = new ArrayList<>();
                for (Integer id : tracks.keys()) {
                    open.add(id);
                }
                for (Integer id : open) {
                    timeouts.inc();
                    LOG.warn("stream {} track {}: modality {} delivered nothing for {} s (it is at frame {}, others at {}):"
                            + " masked from frame {} until it reports again", ctx.getCurrentKey(), id, m,
                            timing.modalityTimeout().toSeconds(), p.frame, f.maxFrame(), p.frame + 1);
                }
                if (open.isEmpty()) {
                    timeouts.inc();
                    LOG.warn("stream {}: modality {} delivered nothing for {} s: no longer awaited until it reports again",
                            ctx.getCurrentKey(), m, timing.modalityTimeout().toSeconds());
                }
            }
        }
        advance(ctx.getCurrentKey(), s, timestampMs, ctx.timerService(), out);
    }

    /** The current stream's tracks and buffered frames join the gauges the first time this instance touches it. */
    private void countInGauges() throws Exception {
        Long counted = countedInEpoch.value();
        if (counted != null && counted == epoch) {
            return;
        }
        openTracks += countTracks();
        for (Long ignored : slots.keys()) {
            bufferedFrames++;
        }
        countedInEpoch.update(epoch);
    }

    /** Open tracks of the streams this instance holds (a gauge). */
    long openTracks() {
        return openTracks;
    }

    /** Frames buffered for the streams this instance holds (a gauge). */
    long bufferedFrames() {
        return bufferedFrames;
    }

    /** Silence counts from the last advance, or from this task's (re)start: a restart is nobody's silence. */
    private long silentSince(ModalityProgress p) {
        return Math.max(p.advancedAtMs, openedAtMs);
    }

    /**
     * Whether another modality the model reads is moving on: it ended, or it advanced within the last half timeout.
     * When every modality is silent (the stream paused, a worker hosting them all restarts) nothing is masked.
     */
    private boolean othersAlive(String modality, long now) throws Exception {
        for (String n : layout.names()) {
            ModalityProgress q = progress.get(n);
            if (n.equals(modality) || q == null || q.timedOut) {
                continue;
            }
            if (q.ended || now - silentSince(q) < timing.modalityTimeout().toMillis() / 2) {
                return true;
            }
        }
        return false;
    }

    /** Scans every track up to the new frontier, then arms the timeout if a modality lags. */
    private void advance(String key, StreamCursor s, long now, TimerService timers,
            Collector<FeatureWindow> out) throws Exception {
        Frontier f = frontier();
        if (f.frame() > s.completeFrame) {
            for (TrackCursor t : trackList()) {
                scan(key, s, t, f.frame(), f.ts(), out);
            }
            s.completeFrame = f.frame();
            s.completeTs = f.ts();
        }
        if (!f.lagging().isEmpty() && s.timeoutTimerMs == 0) {
            long oldest = Long.MAX_VALUE;
            for (String m : f.lagging()) {
                oldest = Math.min(oldest, silentSince(progress.get(m)));
            }
            // while everything is silent, look again every second rather than at once
            s.timeoutTimerMs = Math.max(now + 1000, oldest + timing.modalityTimeout().toMillis());
            timers.registerProcessingTimeTimer(s.timeoutTimerMs);
        }
        stream.update(s);
    }

    private Frontier frontier() throws Exception {
        Map<String, ModalityProgress> p = new HashMap<>();
        for (Map.Entry<String, ModalityProgress> e : progress.entries()) {
            p.put(e.getKey(), e.getValue());
        }
        return Frontier.of(layout.names(), p);
    }

    private List<TrackCursor> trackList() throws Exception {
        List<TrackCursor> list = new ArrayList<>();
        for (TrackCursor t : tracks.values()) {
            list.add(t);
        }
        list.sort((a, b) -> Integer.compare(a.trackId, b.trackId)); // a fixed order: output order is deterministic too
        return list;
    }

    /**
     * Reads one track's frames in order from where it stopped to the frontier: a gap longer than the idle time ends
     * the segment before it; complete windows are emitted; a track idle at the frontier ends.
     */
    private void scan(String key, StreamCursor s, TrackCursor t, long frontier, long frontierTs, Collector<FeatureWindow> out)
            throws Exception {
        long idleUs = timing.trackIdle().toNanos() / 1000;
        long to = Math.min(frontier, t.maxArrivedFrame);
        for (long i = t.scannedTo + 1; i <= to; i++) {
            FrameSlot slot = slots.get(slotKey(t.trackId, i));
            if (slot == null) {
                continue;
            }
            if (t.open() && slot.timestampUs - t.lastDataTs > idleUs) {
                endSegment(key, s, t, out);
            }
            if (!t.open()) {
                t.firstFrame = i;
                t.nextStart = i;
            }
            t.lastDataFrame = i;
            t.lastDataTs = slot.timestampUs;
        }
        t.scannedTo = Math.max(t.scannedTo, frontier);
        if (t.open() && frontierTs - t.lastDataTs > idleUs) {
            endSegment(key, s, t, out);
        }
        if (t.open()) {
            List<Long> starts = plan.completeWindows(t.nextStart, t.lastDataFrame);
            for (long start : starts) {
                out.collect(window(key, t.trackId, start));
                t.lastEmittedStart = start;
            }
            long next = plan.after(starts, t.nextStart);
            // keep a stride before the next start: the tail window at the track's end may reach back that far
            removeSlots(t.trackId, t.nextStart - plan.stride(), next - plan.stride() - 1);
            t.nextStart = next;
        }
        if (!t.open() && t.maxArrivedFrame <= t.scannedTo) {
            tracks.remove(t.trackId);
            openTracks--;
        } else {
            tracks.put(t.trackId, t);
        }
    }

    /** The track's segment ends: its remaining complete windows, a tail window if frames are left over, its marker. */
    private void endSegment(String key, StreamCursor s, TrackCursor t, Collector<FeatureWindow> out) throws Exception {
        List<Long> starts = plan.completeWindows(t.nextStart, t.lastDataFrame);
        for (long start : starts) {
            out.collect(window(key, t.trackId, start));
            t.lastEmittedStart = start;
        }
        Long tail = plan.tailWindow(t.firstFrame, t.lastEmittedStart, t.lastDataFrame);
        if (tail != null) {
            out.collect(window(key, t.trackId, tail));
        }
        out.collect(FeatureWindow.endMarker(key, t.trackId, t.lastDataTs, 0));
        s.endedTracks++;
        removeSlots(t.trackId, t.firstFrame, t.lastDataFrame);
        t.resetSegment();
    }

    /** Every awaited modality ended: every track ends, then the stream's own marker; its state is cleared. */
    private void endStream(String key, StreamCursor s, Collector<FeatureWindow> out) throws Exception {
        for (TrackCursor t : trackList()) {
            scan(key, s, t, t.maxArrivedFrame, Frontier.END, out);
        }
        out.collect(FeatureWindow.endMarker(key, -1, s.completeTs, s.endedTracks));
        for (Long k : slots.keys()) {
            bufferedFrames--;
        }
        openTracks -= countTracks();
        slots.clear();
        tracks.clear();
        progress.clear();
        stream.clear(); // a pending timeout timer finds no stream and does nothing
        countedInEpoch.clear();
    }

    private int countTracks() throws Exception {
        int n = 0;
        for (Integer ignored : tracks.keys()) {
            n++;
        }
        return n;
    }

    private void removeSlots(int trackId, long from, long to) throws Exception {
        for (long i = Math.max(0, from); i <= to; i++) {
            long k = slotKey(trackId, i);
            if (slots.contains(k)) {
                slots.remove(k);
                bufferedFrames--;
            }
        }
    }

    private FeatureWindow window(String key, int trackId, long start) throws Exception {
        int t = plan.frames();
        int d = layout.featureDim();
        int m = layout.size();
        FeatureWindow w = new FeatureWindow();
        w.streamId = key;
        w.trackId = trackId;
        w.features = new float[t * d];
        w.mask = new float[t * m];
        w.firstFrameIndex = start;
        w.lastFrameIndex = start + t - 1;
        long startUs = Long.MAX_VALUE;
        long endUs = Long.MIN_VALUE;
        long firstData = -1;
        long lastData = -1;
        Set<String> present = new LinkedHashSet<>();
        for (int i = 0; i < t; i++) {
            FrameSlot f = slots.get(slotKey(trackId, start + i));
            if (f == null) {
                continue; // no face of this track in that frame: masked
            }
            System.arraycopy(f.features, 0, w.features, i * d, d);
            System.arraycopy(f.mask, 0, w.mask, i * m, m);
            for (int j = 0; j < m; j++) {
                if (f.mask[j] > 0) {
                    present.add(layout.names().get(j));
                }
            }
            startUs = Math.min(startUs, f.timestampUs);
            endUs = Math.max(endUs, f.timestampUs);
            firstData = firstData < 0 ? start + i : firstData;
            lastData = start + i;
        }
        w.startUs = startUs == Long.MAX_VALUE ? 0 : startUs;
        w.endUs = endUs == Long.MIN_VALUE ? 0 : endUs;
        w.framesPerSecond = FeatureWindow.framesPerSecond(firstData, lastData, w.startUs, w.endUs);
        w.modalitiesPresent = present.toArray(new String[0]);
        return w;
    }

    /** One map entry per (track, frame): frame indices stay below 2^40, track ids below 2^23. */
    static long slotKey(int trackId, long frameIndex) {
        return ((long) (trackId + 1) << 40) | frameIndex;
    }
}
