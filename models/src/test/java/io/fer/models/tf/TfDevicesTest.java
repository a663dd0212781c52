package io.fer.models.tf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TfDevicesTest {
    @Test
    void theCpuAndAutoAreAlwaysThere() {
        assertThat(TfDevices.unavailable("cpu")).isEmpty();
        assertThat(TfDevices.unavailable("auto")).isEmpty();
    }

    @Test
    void aGpuThatIsNotThereIsNamedInOneLine() {
        assertThat(TfDevices.unavailable("gpu:99")).hasValueSatisfying(reason -> {
            assertThat(reason).startsWith("--device gpu:99: ").doesNotContain("\n");
            assertThat(reason).contains(TfDevices.isCudaBuild() ? "sees no GPU 99" : "CPU library only");
        });
    }

    @Test
    void anOpPinnedToAMissingGpuDoesNotFallBackToTheCpu() {
        // the probe itself, also in the CPU build: soft placement off makes the pinned constant fail instead of moving
        assertThatThrownBy(() -> TfDevices.probe("99")).isInstanceOf(RuntimeException.class);
    }
}
