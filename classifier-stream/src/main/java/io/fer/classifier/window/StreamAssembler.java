package io.fer.classifier.window;

import io.fer.classifier.model.Embedding;
import io.fer.classifier.model.FeatureWindow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Window assembly's rules for one stream at a time, without Flink: collects every track's per-frame modality vectors
 * and emits each track's sliding windows once they are final, that is once every modality the model reads has
 * delivered the stream up to the window's last frame (its progress markers) or has ended. No watermark is involved:
 * a window's content depends only on the stream's own records, never on other streams, their clocks, or how fast each
 * stage runs.
 * <ul>
 *   <li>A modality that delivers nothing for the modality timeout (processing time) while another one keeps moving
 *       on (or has ended) is no longer awaited: its vectors are masked, counted and logged per track, until it
 *       reports again ({@link SilenceWatch}).</li>
 *   <li>A track whose next vector (or the frontier) is more than the idle time of stream time after its last one
 *       ends: its last windows (a tail window aligned to its last frame) and its end marker are emitted and its state
 *       is cleared ({@link TrackScanner}).</li>
 *   <li>When every awaited modality has sent the stream's end marker (or a marker of a modality the model does not
 *       read arrives, as training sends), every track ends, then one stream end marker (track -1) follows.</li>
 *   <li>A modality whose frame indices go back started a new run of its source: the old run ends there.</li>
 * </ul>
 * One instance serves every stream of its host; each call names the stream and hands in that stream's state.
 */
public final class StreamAssembler {
    private static final Logger LOG = LoggerFactory.getLogger(StreamAssembler.class);

    private final ModalityLayout layout;
    private final AssemblyTiming timing;
    private final AssemblyGauges gauges = new AssemblyGauges();
    private final SilenceWatch silence;
    private final TrackScanner scanner;

    public StreamAssembler(ModalityLayout layout, WindowPlan plan, AssemblyTiming timing) {
        this.layout = layout;
        this.timing = timing;
        this.silence = new SilenceWatch(layout.names(), timing);
        this.scanner = new TrackScanner(layout, plan, timing, gauges);
    }

    public AssemblyGauges gauges() {
        return gauges;
    }

    /** A record of the modality reached this instance, for one of its streams or (a tick) another's: its stage is alive. */
    public void heard(String modality, long nowMs) {
        silence.sawTime(nowMs);
        if (layout.index(modality) >= 0) {
            silence.heard(modality, nowMs);
        }
    }

    /** One record of the stream: a vector, a progress marker or an end marker. */
    public void onEmbedding(String streamId, Embedding e, long nowMs, StreamState state, AssemblyOutput out) {
        heard(e.modality, nowMs);
        gauges.countIn(state);
        StreamCursor s = state.cursor();
        if (s == null) {
            s = new StreamCursor();
            for (String m : layout.names()) {
                state.progress(m, new ModalityProgress(nowMs));
            }
        }
        int m = layout.index(e.modality);
        if (m >= 0 && !e.endOfTrack && !sameRun(streamId, s, e, state, out)) {
            out.staleVector(); // the end of a run that was closed when the source restarted
            return;
        }
        if (m >= 0 && state.cursor() != null) {
            s = state.cursor(); // a new run may have started
        }
        if (e.endOfTrack) {
            onEnd(streamId, s, e, m, nowMs, state, out);
        } else if (e.progress) {
            onProgress(streamId, s, e, m, nowMs, state, out);
        } else {
            onVector(s, e, m, state, out);
        }
    }

    private void onEnd(String streamId, StreamCursor s, Embedding e, int m, long nowMs, StreamState state,
            AssemblyOutput out) {
        if (m < 0) {
            endStream(streamId, s, state, out); // training's end marker, or a modality the model does not read
            return;
        }
        ModalityProgress p = state.progress(e.modality);
        if (p.run < s.run) {
            return; // the end of a run that was closed when the source restarted
        }
        p.ended = true;
        state.progress(e.modality, p);
        boolean allEnded = true;
        for (String n : layout.names()) {
            ModalityProgress q = state.progress(n);
            allEnded &= q != null && (q.ended || q.timedOut);
        }
        if (allEnded) {
            endStream(streamId, s, state, out);
        } else {
            advance(streamId, s, nowMs, state, out);
        }
    }

    private void onProgress(String streamId, StreamCursor s, Embedding e, int m, long nowMs, StreamState state,
            AssemblyOutput out) {
        if (m < 0) {
            return;
        }
        ModalityProgress p = state.progress(e.modality);
        if (p.timedOut) {
            LOG.info("stream {}: modality {} reports again from frame {}: awaited again", streamId, e.modality, e.frameIndex);
            p.timedOut = false;
        }
        if (e.frameIndex > p.frame) {
            p.frame = e.frameIndex;
            p.timestampUs = e.timestampUs;
            p.advancedAtMs = nowMs;
        }
        state.progress(e.modality, p);
        advance(streamId, s, nowMs, state, out);
    }

    private void onVector(StreamCursor s, Embedding e, int m, StreamState state, AssemblyOutput out) {
        if (m < 0 || e.vector.length != layout.dims().get(m)) {
            state.cursor(s);
            return; // a modality the model does not read
        }
        if (e.frameIndex <= s.completeFrame) {
            out.lateVector(); // only after its modality timed out: its frames were emitted without it
            state.cursor(s);
            return;
        }
        long key = WindowBuilder.slotKey(e.trackId, e.frameIndex);
        FrameSlot slot = state.slot(key);
        if (slot == null) {
            slot = new FrameSlot(e.timestampUs, layout.featureDim(), layout.size());
            gauges.framesBuffered(1);
        }
        System.arraycopy(e.vector, 0, slot.features, layout.offset(m), e.vector.length);
        slot.keepEvery = Math.max(slot.keepEvery, e.keepEvery);
        slot.mask[m] = 1f;
        state.slot(key, slot);
        TrackCursor t = state.track(e.trackId);
        if (t == null) {
            t = new TrackCursor(e.trackId, s.completeFrame);
            gauges.tracksOpened(1);
        }
        t.maxArrivedFrame = Math.max(t.maxArrivedFrame, e.frameIndex);
        state.track(t);
        state.cursor(s);
    }

    /**
     * A modality's records come in frame order within a run of its stream, so a frame index below the highest it
     * sent means the source was restarted (new run, indices from 0). The first modality to show it closes the old run
     * (every track ends, then the stream end marker) and starts a new one; records of a modality still in the old
     * run are dropped. Returns false for such a stale record.
     */
    private boolean sameRun(String streamId, StreamCursor s, Embedding e, StreamState state, AssemblyOutput out) {
        ModalityProgress p = state.progress(e.modality);
        if (e.frameIndex < p.lastFrame) {
            p.run++;
            p.lastFrame = -1;
            p.frame = -1;
            p.timedOut = false;
            p.ended = false;
            if (p.run > s.run) {
                LOG.warn("stream {}: modality {} restarts at frame {}: its source was restarted; the run before ends here",
                        streamId, e.modality, e.frameIndex);
                startRun(streamId, s, e.modality, p, state, out);
                return true;
            }
            state.progress(e.modality, p);
        }
        if (p.run < s.run) {
            return false;
        }
        if (e.frameIndex > p.lastFrame) {
            p.lastFrame = e.frameIndex;
            state.progress(e.modality, p);
        }
        return true;
    }

    /** Ends the stream's current run and starts the next, keeping every modality's progress. */
    private void startRun(String streamId, StreamCursor s, String modality, ModalityProgress restarted,
            StreamState state, AssemblyOutput out) {
        Map<String, ModalityProgress> kept = new HashMap<>(state.allProgress());
        kept.put(modality, restarted);
        int run = restarted.run;
        endStream(streamId, s, state, out);
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
            q.advancedAtMs = Math.max(q.advancedAtMs, restarted.advancedAtMs);
            state.progress(x.getKey(), q);
        }
        state.cursor(fresh);
        gauges.markCounted(state);
    }

    /** The timer armed through {@link AssemblyOutput#armTimer}: lagging modalities silent too long are given up. */
    public void onTimer(String streamId, long timestampMs, StreamState state, AssemblyOutput out) {
        StreamCursor s = state.cursor();
        if (s == null || s.timeoutTimerMs != timestampMs) {
            return; // the stream ended, or an older timer
        }
        s.timeoutTimerMs = 0;
        silence.sawTime(timestampMs);
        gauges.countIn(state);
        Map<String, ModalityProgress> progress = state.allProgress();
        Frontier f = Frontier.of(layout.names(), progress);
        for (String m : f.lagging()) {
            if (silence.givesUp(m, timestampMs, progress)) {
                ModalityProgress p = progress.get(m);
                p.timedOut = true;
                state.progress(m, p);
                giveUpLog(streamId, m, p, f, state, out);
            }
        }
        advance(streamId, s, timestampMs, state, out);
    }

    private void giveUpLog(String streamId, String modality, ModalityProgress p, Frontier f, StreamState state,
            AssemblyOutput out) {
        List<TrackCursor> open = sortedTracks(state);
        for (TrackCursor t : open) {
            out.modalityTimedOut();
            LOG.warn("stream {} track {}: modality {} delivered nothing for {} s (it is at frame {}, others at {}):"
                    + " masked from frame {} until it reports again", streamId, t.trackId, modality,
                    timing.modalityTimeout().toSeconds(), p.frame, f.maxFrame(), p.frame + 1);
        }
        if (open.isEmpty()) {
            out.modalityTimedOut();
            LOG.warn("stream {}: modality {} delivered nothing for {} s: no longer awaited until it reports again",
                    streamId, modality, timing.modalityTimeout().toSeconds());
        }
    }

    /** Scans every track up to the new frontier, then arms the timeout if a modality lags. */
    private void advance(String streamId, StreamCursor s, long nowMs, StreamState state, AssemblyOutput out) {
        Map<String, ModalityProgress> progress = state.allProgress();
        Frontier f = Frontier.of(layout.names(), progress);
        if (f.frame() > s.completeFrame) {
            for (TrackCursor t : sortedTracks(state)) {
                scanner.scan(streamId, state, s, t, f.frame(), f.ts(), out);
            }
            s.completeFrame = f.frame();
            s.completeTs = f.ts();
        }
        if (!f.lagging().isEmpty() && s.timeoutTimerMs == 0) {
            s.timeoutTimerMs = silence.nextCheck(nowMs, f.lagging(), progress);
            out.armTimer(s.timeoutTimerMs);
        }
        state.cursor(s);
    }

    /** Every awaited modality ended: every track ends, then the stream's own marker; its state is cleared. */
    private void endStream(String streamId, StreamCursor s, StreamState state, AssemblyOutput out) {
        for (TrackCursor t : sortedTracks(state)) {
            scanner.scan(streamId, state, s, t, t.maxArrivedFrame, Frontier.END, out);
        }
        out.emit(FeatureWindow.endMarker(streamId, -1, s.completeTs, s.endedTracks));
        gauges.framesBuffered(-state.slotCount());
        gauges.tracksOpened(-state.tracks().size());
        state.clear(); // a pending timeout timer finds no stream and does nothing
    }

    /** Tracks in a fixed order, so that output order is deterministic too. */
    private static List<TrackCursor> sortedTracks(StreamState state) {
        List<TrackCursor> list = new ArrayList<>(state.tracks());
        list.sort(Comparator.comparingInt(t -> t.trackId));
        return list;
    }
}
