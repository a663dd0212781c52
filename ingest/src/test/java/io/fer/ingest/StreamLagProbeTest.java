package io.fer.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.fer.schemas.kafka.KafkaSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The probe's streams share one pipeline: how their shedders start (no broker needed: the probe is not started). */
class StreamLagProbeTest {
    @Test
    void liveStreamsOfOneProbeStartAtTheirShareOfOneStreamsStart() throws Exception {
        try (StreamLagProbe probe = new StreamLagProbe(KafkaSettings.of("localhost:9"))) {
            LoadShedder first = probe.shedderFor("camera-1", Duration.ofSeconds(1));
            assertThat(first.keepEvery()).isEqualTo(LoadShedder.START_KEEP_EVERY);
            LoadShedder second = probe.shedderFor("camera-2", Duration.ofSeconds(1));
            assertThat(second.keepEvery()).isEqualTo(2 * LoadShedder.START_KEEP_EVERY);
            assertThat(first.keepEvery()).as("raised with its sibling: neither has evidence yet").isEqualTo(2 * LoadShedder.START_KEEP_EVERY);
        }
    }
}
