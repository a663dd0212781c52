package io.fer.workers.stage;

import static org.assertj.core.api.Assertions.assertThat;

import io.fer.schemas.AvroSerde;
import io.fer.workers.face.Detection;
import io.fer.workers.face.IouTracker;
import io.fer.workers.face.KeyFrameFaces;
import io.fer.workers.image.Box;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The face tracker's state survives its changelog record: a restored tracker hands out the same ids. */
class FaceStateTest {

    private static List<Box> frame(int i) {
        // one face moving right, a second that leaves after frame 5, a third that arrives at frame 8
        List<Box> boxes = new ArrayList<>(List.of(new Box(10 + 4 * i, 10, 80, 80)));
        if (i < 5) {
            boxes.add(new Box(300, 40, 90, 90));
        }
        if (i >= 8) {
            boxes.add(new Box(500 - 3 * i, 200, 70, 70));
        }
        return boxes;
    }

    private static List<float[]> signatures(int n, int i) {
        List<float[]> s = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            s.add(new float[] {k, 1 - k * 0.1f, 0.5f + i * 0.01f});
        }
        return s;
    }

    @Test
    void aTrackerRestoredFromItsChangelogRecordContinuesExactlyAsTheOriginal() {
        IouTracker original = new IouTracker(0.3f, 1_000_000);
        for (int i = 0; i < 6; i++) {
            original.assign(frame(i), signatures(frame(i).size(), i), i * 40_000L);
        }
        byte[] record = AvroSerde.trackerStates().encode(FaceStateCodec.toState("s", 3, original, null));
        IouTracker restored = IouTracker.restore(0.3f, 1_000_000,
                FaceStateCodec.fromState(AvroSerde.trackerStates().decode(record)));

        for (int i = 6; i < 40; i++) {
            long ts = i * 40_000L;
            int[] a = original.assign(frame(i), signatures(frame(i).size(), i), ts);
            int[] b = restored.assign(frame(i), signatures(frame(i).size(), i), ts);
            assertThat(b).as("frame " + i).containsExactly(a);
        }
        assertThat(restored.allTrackIds()).isEqualTo(original.allTrackIds()).contains(0, 1, 2);
    }

    @Test
    void keyFramesRestoredFromTheChangelogRecordPredictTheSameFaces() {
        KeyFrameFaces original = new KeyFrameFaces(3);
        original.keyFrame(0, List.of(face(7, 10, 20)));
        original.keyFrame(3, List.of(face(7, 16, 23), face(8, 200, 50)));
        byte[] record = AvroSerde.trackerStates().encode(FaceStateCodec.toState("s", 3, new IouTracker(0.3f, 1_000_000), original));
        KeyFrameFaces restored = KeyFrameFaces.restore(3, FaceStateCodec.keyFramesFromState(AvroSerde.trackerStates().decode(record).getKeyFrames()));

        assertThat(restored.plan(List.of(4L, 5L, 6L, 7L))).containsExactly(original.plan(List.of(4L, 5L, 6L, 7L)));
        for (long f = 4; f < 6; f++) {
            var a = original.predict(f);
            var b = restored.predict(f);
            assertThat(b).hasSameSizeAs(a);
            for (int i = 0; i < a.size(); i++) {
                assertThat(b.get(i).trackId()).isEqualTo(a.get(i).trackId());
                assertThat(b.get(i).detection().box()).isEqualTo(a.get(i).detection().box());
                assertThat(b.get(i).detection().keypoints()).containsExactly(a.get(i).detection().keypoints());
            }
        }
    }

    @Test
    void aRecordWithoutKeyFramesMakesTheNextFrameAKeyFrame() {
        byte[] record = AvroSerde.trackerStates().encode(FaceStateCodec.toState("s", 3, new IouTracker(0.3f, 1_000_000), null));
        assertThat(AvroSerde.trackerStates().decode(record).getKeyFrames()).isNull();
    }

    private static KeyFrameFaces.TrackedDetection face(int id, float x, float y) {
        return new KeyFrameFaces.TrackedDetection(id, new Detection(new Box(x, y, 60, 60), 0.9f,
                new float[] {x + 15, y + 20, x + 45, y + 20, x + 30, y + 35, x + 30, y + 48, x + 2, y + 25, x + 58, y + 25}));
    }

    @Test
    void aFreshTrackerWouldNotGiveTheSameIds() {
        IouTracker original = new IouTracker(0.3f, 1_000_000);
        for (int i = 0; i < 6; i++) {
            original.assign(frame(i), signatures(frame(i).size(), i), i * 40_000L);
        }
        IouTracker fresh = new IouTracker(0.3f, 1_000_000);
        assertThat(fresh.assign(frame(8), signatures(2, 8), 320_000)).isNotEqualTo(original.assign(frame(8), signatures(2, 8), 320_000));
    }
}
