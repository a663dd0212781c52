package io.fer.classifier.flink;

import io.fer.classifier.window.FrameSlot;
import io.fer.classifier.window.ModalityProgress;
import io.fer.classifier.window.StreamCursor;
import io.fer.classifier.window.StreamState;
import io.fer.classifier.window.TrackCursor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.FlinkRuntimeException;
import org.apache.flink.util.function.SupplierWithException;
import org.apache.flink.util.function.ThrowingRunnable;

/**
 * Window assembly's stream state in Flink keyed state, scoped to the current key. Every entry carries the state TTL,
 * the backstop for streams that vanish without an end.
 */
final class KeyedStreamState implements StreamState {
    private final MapState<Long, FrameSlot> slots; // packed (track, frame) -> vectors
    private final MapState<Integer, TrackCursor> tracks;
    private final MapState<String, ModalityProgress> progress;
    private final ValueState<StreamCursor> cursor;
    private final ValueState<Long> countedInEpoch;

    KeyedStreamState(RuntimeContext ctx, StateTtlConfig ttl) {
        slots = ctx.getMapState(withTtl(new MapStateDescriptor<>("slots", Types.LONG, TypeInformation.of(FrameSlot.class)), ttl));
        tracks = ctx.getMapState(withTtl(new MapStateDescriptor<>("tracks", Types.INT, TypeInformation.of(TrackCursor.class)), ttl));
        progress = ctx.getMapState(withTtl(
                new MapStateDescriptor<>("progress", Types.STRING, TypeInformation.of(ModalityProgress.class)), ttl));
        cursor = ctx.getState(withTtl(new ValueStateDescriptor<>("stream", TypeInformation.of(StreamCursor.class)), ttl));
        countedInEpoch = ctx.getState(withTtl(new ValueStateDescriptor<>("countedInEpoch", Types.LONG), ttl));
    }

    private static <D extends StateDescriptor<?, ?>> D withTtl(D descriptor, StateTtlConfig ttl) {
        descriptor.enableTimeToLive(ttl);
        return descriptor;
    }

    @Override
    public StreamCursor cursor() {
        return read(cursor::value);
    }

    @Override
    public void cursor(StreamCursor c) {
        write(() -> cursor.update(c));
    }

    @Override
    public ModalityProgress progress(String modality) {
        return read(() -> progress.get(modality));
    }

    @Override
    public void progress(String modality, ModalityProgress p) {
        write(() -> progress.put(modality, p));
    }

    @Override
    public Map<String, ModalityProgress> allProgress() {
        return read(() -> {
            Map<String, ModalityProgress> all = new HashMap<>();
            for (Map.Entry<String, ModalityProgress> e : progress.entries()) {
                all.put(e.getKey(), e.getValue());
            }
            return all;
        });
    }

    @Override
    public TrackCursor track(int trackId) {
        return read(() -> tracks.get(trackId));
    }

    @Override
    public void track(TrackCursor t) {
        write(() -> tracks.put(t.trackId, t));
    }

    @Override
    public void removeTrack(int trackId) {
        write(() -> tracks.remove(trackId));
    }

    @Override
    public List<TrackCursor> tracks() {
        return read(() -> {
            List<TrackCursor> all = new ArrayList<>();
            for (TrackCursor t : tracks.values()) {
                all.add(t);
            }
            return all;
        });
    }

    @Override
    public FrameSlot slot(long slotKey) {
        return read(() -> slots.get(slotKey));
    }

    @Override
    public void slot(long slotKey, FrameSlot slot) {
        write(() -> slots.put(slotKey, slot));
    }

    @Override
    public boolean removeSlot(long slotKey) {
        return read(() -> {
            if (!slots.contains(slotKey)) {
                return false;
            }
            slots.remove(slotKey);
            return true;
        });
    }

    @Override
    public int slotCount() {
        return read(() -> {
            int n = 0;
            for (Long ignored : slots.keys()) {
                n++;
            }
            return n;
        });
    }

    @Override
    public Long countedInEpoch() {
        return read(countedInEpoch::value);
    }

    @Override
    public void countedInEpoch(long epoch) {
        write(() -> countedInEpoch.update(epoch));
    }

    @Override
    public void clear() {
        slots.clear();
        tracks.clear();
        progress.clear();
        cursor.clear();
        countedInEpoch.clear();
    }

    /** Flink's state access declares Exception (RocksDB); the rules above it have no checked failure to handle. */
    private static <T> T read(SupplierWithException<T, Exception> access) {
        try {
            return access.get();
        } catch (Exception e) {
            throw new FlinkRuntimeException("window assembly state could not be read", e);
        }
    }

    private static void write(ThrowingRunnable<Exception> access) {
        try {
            access.run();
        } catch (Exception e) {
            throw new FlinkRuntimeException("window assembly state could not be written", e);
        }
    }
}
