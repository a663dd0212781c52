package io.fer.workers.face;

import static org.assertj.core.api.Assertions.assertThat;

import io.fer.workers.image.Box;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmallFaceSearchTest {
    private final SmallFaceSearch search = new SmallFaceSearch(32, 48);

    static Detection face(float cx, float cy, float side) {
        return new Detection(new Box(cx - side / 2, cy - side / 2, side, side), 0.9f, new float[12]);
    }

    @Test
    void smallFramesNeverNeedAZoomedPass() {
        assertThat(search.needed(48, 48)).isFalse();
        assertThat(search.needed(320, 240)).isFalse();
        assertThat(search.needed(640, 480)).isTrue();
        assertThat(search.regions(320, 240, List.of(), List.of(), 0, KeyFrameFaces.NONE)).isEmpty();
    }

    @Test
    void tilesCoverTheFrameAndOverlapByMoreThanAMissableFace() {
        List<Box> tiles = search.tiles(640, 480);
        float missable = search.wholeFrameMinFace(640, 480) * 1.5f;
        for (Box t : tiles) { // a minFace face fills the reliable size of the detector's input
            assertThat(32 * 256 / t.width()).isGreaterThanOrEqualTo(SmallFaceSearch.RELIABLE_INPUT_PX);
        }
        // every face up to the missable size lies whole inside some tile, wherever it is
        for (int x = 0; x + missable <= 640; x += 7) {
            for (int y = 0; y + missable <= 480; y += 7) {
                int fx = x;
                int fy = y;
                assertThat(tiles).anyMatch(t -> fx >= t.x() && fy >= t.y() && fx + missable <= t.x() + t.width()
                        && fy + missable <= t.y() + t.height());
            }
        }
    }

    @Test
    void scansWhenNothingIsFoundOnTheFirstKeyFrameAndPeriodically() {
        List<Detection> near = List.of(face(300, 200, 120));
        assertThat(search.regions(640, 480, List.of(), near, 9, 6)).hasSameSizeAs(search.tiles(640, 480));
        assertThat(search.regions(640, 480, near, List.of(), 0, KeyFrameFaces.NONE)).hasSameSizeAs(search.tiles(640, 480));
        assertThat(search.regions(640, 480, near, near, 48, 45)).hasSameSizeAs(search.tiles(640, 480)); // a new period
        assertThat(search.regions(640, 480, near, near, 9, 6)).isEmpty(); // near faces only: no zoom
    }

    @Test
    void aSmallFaceOfThePreviousKeyFrameGetsOneZoomedRegion() {
        List<Detection> previous = List.of(face(300, 200, 120), face(100, 400, 30));
        List<Box> regions = search.regions(640, 480, List.of(face(300, 200, 120)), previous, 9, 6);
        assertThat(regions).hasSize(1);
        assertThat(regions.get(0).cx()).isEqualTo(100f);
        assertThat(regions.get(0).cy()).isEqualTo(400f);
    }

    @Test
    void aSmallFaceTheWholeFramePassFindsAgainGetsNoZoomedRegion() {
        List<Detection> previous = List.of(face(100, 400, 70), face(500, 100, 70));
        // the first moved a little and was found again; the second was missed this key frame
        List<Box> regions = search.regions(640, 480, List.of(face(106, 396, 72)), previous, 9, 6);
        assertThat(regions).hasSize(1);
        assertThat(regions.get(0).cx()).isEqualTo(500f);
        assertThat(search.regions(640, 480, List.of(face(106, 396, 72), face(495, 104, 68)), previous, 9, 6)).isEmpty();
    }

    @Test
    void zoomedFacesJoinOnlyWhereNoWholeFrameFaceIs() {
        List<Detection> found = List.of(face(300, 200, 120));
        List<Detection> zoomed = List.of(face(310, 210, 50), face(100, 400, 30), face(102, 401, 31), face(500, 100, 150));
        List<Detection> merged = search.merge(found, zoomed, 640, 480, 0.3f, 10);
        // the part of the near face a tile cut is dropped, the small face joins once, a large one is the whole pass's job
        assertThat(merged).hasSize(2);
        assertThat(merged.get(1).box().cx()).isBetween(99f, 103f);
    }
}
