package io.fer.workers.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AugmentationTest {
    @Test
    void aDrawDependsOnlyOnTheClipAndTheCopy() {
        assertThat(Augmentation.draw("S010_006", 0)).isEqualTo(Augmentation.draw("S010_006", 0));
        assertThat(Augmentation.draw("S010_006", 0)).isNotEqualTo(Augmentation.draw("S010_006", 1));
        assertThat(Degradation.parse(Augmentation.draw("S010_006", 2).spec())).isEqualTo(Augmentation.draw("S010_006", 2));
    }

    @Test
    void drawsCoverEveryConditionAndSmallFaces() {
        Map<Class<?>, Integer> seen = new HashMap<>();
        int small = 0;
        int n = 600;
        for (int i = 0; i < n; i++) {
            Degradation d = Augmentation.draw("clip" + i, i % 4);
            assertThat(d.steps()).anyMatch(s -> s instanceof DegradationStep.FaceOnCanvas);
            for (DegradationStep s : d.steps()) {
                seen.merge(s.getClass(), 1, Integer::sum);
                if (s instanceof DegradationStep.FaceOnCanvas f) {
                    assertThat(f.face()).isBetween(32, 200);
                    small += f.face() <= 48 ? 1 : 0;
                }
            }
        }
        assertThat(seen.get(DegradationStep.Mask.class)).isBetween(n / 4, n * 5 / 12);
        for (Class<?> c : new Class<?>[] {DegradationStep.Dark.class, DegradationStep.Noise.class, DegradationStep.Blur.class, DegradationStep.Roll.class,
                DegradationStep.Jpeg.class}) {
            assertThat(seen.get(c)).as(c.getSimpleName()).isBetween(n / 8, n * 3 / 10);
        }
        assertThat(small).isBetween(n / 5, n / 2); // log-uniform 32..200: about a fifth at or under 48 px
    }
}
