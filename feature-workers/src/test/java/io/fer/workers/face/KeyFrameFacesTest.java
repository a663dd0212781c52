package io.fer.workers.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fer.workers.image.Box;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which frames are key frames, and how faces are carried over the frames between them. */
class KeyFrameFacesTest {

    private static List<Long> range(long from, long to) {
        List<Long> out = new ArrayList<>();
        for (long i = from; i < to; i++) {
            out.add(i);
        }
        return out;
    }

    private static KeyFrameFaces.TrackedDetection face(int id, float x, float y) {
        return new KeyFrameFaces.TrackedDetection(id, new Detection(new Box(x, y, 60, 60), 0.9f, new float[] {x + 15, y + 20, x + 45, y + 20}));
    }

    /** Runs a schedule over frames in the given batch sizes; returns the key frame indices. */
    private static List<Long> keysWithBatches(int every, long frames, int batch) {
        KeyFrameFaces k = new KeyFrameFaces(every);
        List<Long> keys = new ArrayList<>();
        for (long from = 0; from < frames; from += batch) {
            List<Long> idx = range(from, Math.min(frames, from + batch));
            boolean[] plan = k.plan(idx);
            for (int i = 0; i < plan.length; i++) {
                if (plan[i]) {
                    keys.add(idx.get(i));
                    k.keyFrame(idx.get(i), List.of());
                }
            }
        }
        return keys;
    }

    @Test
    void keyFramesDependOnFrameIndicesNotOnBatching() {
        List<Long> one = keysWithBatches(3, 20, 1);
        assertThat(one).containsExactly(0L, 3L, 6L, 9L, 12L, 15L, 18L);
        assertThat(keysWithBatches(3, 20, 2)).isEqualTo(one);
        assertThat(keysWithBatches(3, 20, 8)).isEqualTo(one);
        assertThat(keysWithBatches(1, 5, 4)).containsExactly(0L, 1L, 2L, 3L, 4L);
    }

    @Test
    void aGapInTheIndicesOrASourceThatRestartsMakesAKeyFrame() {
        KeyFrameFaces k = new KeyFrameFaces(3);
        k.keyFrame(10, List.of());
        assertThat(k.plan(List.of(11L, 20L, 21L))).containsExactly(false, true, false);
        assertThat(k.plan(List.of(0L, 1L))).containsExactly(true, false); // indices went back: a restarted source
    }

    @Test
    void betweenKeyFramesFacesMoveWithTheirVelocityAndKeepTheirIds() {
        KeyFrameFaces k = new KeyFrameFaces(3);
        k.keyFrame(0, List.of(face(4, 100, 50)));
        assertThat(k.predict(1).get(0).detection().box()).isEqualTo(new Box(100, 50, 60, 60)); // one key frame: no velocity yet
        k.keyFrame(3, List.of(face(4, 106, 47), face(9, 300, 300)));
        List<KeyFrameFaces.TrackedDetection> at5 = k.predict(5);
        assertThat(at5).extracting(KeyFrameFaces.TrackedDetection::trackId).containsExactly(4, 9);
        Detection moved = at5.get(0).detection();
        assertThat(moved.box().x()).isEqualTo(110f); // 2 px per frame, 2 frames on
        assertThat(moved.box().y()).isEqualTo(45f);
        assertThat(moved.keypoints()).containsExactly(110 + 15, 45 + 20, 110 + 45, 45 + 20);
        assertThat(at5.get(1).detection().box()).isEqualTo(new Box(300, 300, 60, 60)); // new at frame 3: stays
    }

    @Test
    void predictingBeforeAnyKeyFrameIsAnError() {
        assertThatThrownBy(() -> new KeyFrameFaces(3).predict(0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new KeyFrameFaces(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
