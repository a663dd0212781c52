package io.fer.training.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class EvalResultTest {
    @Test
    void clipsWithoutAFaceCountAsWrongButApartFromWrongLabels() {
        // truth a a b b; predicted a (right), none (no face), a (wrong label), b (right)
        EvalResult r = EvalResult.of(List.of("a", "b"), new int[] {0, 0, 1, 1}, new int[] {0, -1, 0, 1});
        assertThat(r.clips()).isEqualTo(4);
        assertThat(r.clipsWithoutFace()).isEqualTo(1);
        assertThat(r.wrongLabels()).isEqualTo(1);
        assertThat(r.war()).isCloseTo(0.5, within(1e-12));
        assertThat(r.uar()).isCloseTo(0.5, within(1e-12));
        assertThat(r.confusion()[0]).containsExactly(1, 0); // the faceless clip is in no cell
        assertThat(r.confusion()[1]).containsExactly(1, 1);
    }
}
