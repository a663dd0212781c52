package io.fer.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProbabilitiesTest {
    @Test
    void picksTheLargestAndTheFirstOfEqualOnes() {
        assertThat(Probabilities.argmax(new float[] {0.1f, 0.7f, 0.2f})).isEqualTo(1);
        assertThat(Probabilities.argmax(new float[] {0.4f, 0.2f, 0.4f})).isEqualTo(0);
        assertThat(Probabilities.argmax(new double[] {-3, -1, -2})).isEqualTo(1);
        assertThat(Probabilities.argmax(new double[] {0.2, 0.5, 0.5})).isEqualTo(1);
    }

    @Test
    void anEmptyVectorPicksNothing() {
        assertThat(Probabilities.argmax(new float[0])).isEqualTo(-1);
        assertThat(Probabilities.argmax(new double[0])).isEqualTo(-1);
    }
}
