package io.fer.training.listen;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EarlyStoppingTest {
    /** Validation UAR per epoch (1-based), WAR = UAR + 0.1. */
    private static final double[] UAR = {0.30, 0.45, 0.44, 0.50, 0.49, 0.48, 0.47, 0.60};

    private static EpochEnd epoch(int n) {
        return new EpochEnd(n, UAR.length, 1.0 / n, 10, null);
    }

    @Test
    void keepsTheBestEpochAndStopsAfterPatienceEpochsWithoutABetterOne() {
        List<Integer> exported = new ArrayList<>();
        List<String> said = new ArrayList<>();
        EarlyStopping stopping = new EarlyStopping(e -> new double[] {UAR[e.epoch() - 1] + 0.1, UAR[e.epoch() - 1]}, 3,
                e -> exported.add(e.epoch()), said::add);
        LastEpoch last = new LastEpoch();
        TrainingListener listeners = TrainingListener.all(stopping, last);
        int ran = 0;
        for (int n = 1; n <= UAR.length; n++) {
            ran = n;
            if (!listeners.onEpoch(epoch(n))) {
                break;
            }
        }
        assertThat(ran).as("epochs 5, 6, 7 are no better than 4").isEqualTo(7);
        assertThat(exported).as("each new best is exported: the model kept is epoch 4's").containsExactly(1, 2, 4);
        assertThat(stopping.bestEpoch()).isEqualTo(4);
        assertThat(stopping.bestUar()).isEqualTo(0.50);
        assertThat(stopping.bestWar()).isEqualTo(0.60);
        assertThat(last.epochs()).as("every listener heard the last epoch").isEqualTo(7);
        assertThat(said).singleElement().asString().contains("stopping at epoch 7", "keeping epoch 4");
    }

    @Test
    void theLogSpeaksEveryNEpochsAndAtTheLast() {
        List<String> lines = new ArrayList<>();
        EpochLog log = EpochLog.every(3, lines::add, "final model, ");
        for (int n = 1; n <= UAR.length; n++) {
            assertThat(log.onEpoch(epoch(n))).isTrue();
        }
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("final model, epoch 3/8: loss 0.3333");
        assertThat(lines.get(2)).startsWith("final model, epoch 8/8");
    }
}
