package io.fer.models.tfjs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TfjsGraphModelLoaderTest {

    @Test
    void halfPrecisionWeightsDecodeExactly() {
        assertThat(TfjsGraphModelLoader.halfToFloat((short) 0x3C00)).isEqualTo(1.0f);
        assertThat(TfjsGraphModelLoader.halfToFloat((short) 0xC000)).isEqualTo(-2.0f);
        assertThat(TfjsGraphModelLoader.halfToFloat((short) 0x3555)).isEqualTo(0.333251953125f);
        assertThat(TfjsGraphModelLoader.halfToFloat((short) 0x0001)).isEqualTo(5.9604645e-8f); // subnormal
        assertThat(TfjsGraphModelLoader.halfToFloat((short) 0x7C00)).isEqualTo(Float.POSITIVE_INFINITY);
    }
}
