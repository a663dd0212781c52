package io.fer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LatencyHopsTest {

    @Test
    void eachHopRunsFromOneTopicToTheNextAndTheSlowestModalityClosesTheWindow() {
        LatencyHops h = new LatencyHops(List.of("expression", "appearance"));
        h.at(LatencyHops.READ, "s", 15, 1000);
        h.at(LatencyHops.FRAMES, "s", 15, 1012);
        h.at(LatencyHops.FRAMES, "s", 15, 1500); // a later record of the same frame (a replay) does not count
        h.at(LatencyHops.FACES, "s", 15, 1060);
        h.at("expression", "s", 15, 1080);
        h.at("appearance", "s", 15, 1110);
        h.event("s", 0, 0, 15, 1150);
        h.event("s", 0, 0, 15, 1900); // the same window again: once

        Map<String, Object> s = h.summary();
        assertThat(s.get("windows")).isEqualTo(1);
        assertThat(((Map<?, ?>) s.get("ingest")).get("p50")).isEqualTo(12.0);
        assertThat(((Map<?, ?>) s.get("faces")).get("p50")).isEqualTo(48.0);
        assertThat(((Map<?, ?>) s.get("modalities")).get("p50")).isEqualTo(50.0);
        assertThat(((Map<?, ?>) s.get("classifier")).get("p50")).isEqualTo(40.0);
    }

    @Test
    void aWindowWhoseFrameWasNotSeenOnEveryTopicIsLeftOut() {
        LatencyHops h = new LatencyHops(List.of("expression"));
        h.at(LatencyHops.READ, "s", 7, 1000);
        h.at(LatencyHops.FRAMES, "s", 7, 1010);
        h.event("s", 1, 0, 7, 1200);
        assertThat(h.summary().get("windows")).isEqualTo(0);
    }
}
