package io.fer.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.fer.ingest.pipeline.IngestStats;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngestMetersTest {
    @Test
    void eachStreamsSheddingIsScrapedWithItsId() {
        Map<String, IngestStats> streams = new LinkedHashMap<>();
        IngestStats camera = new IngestStats();
        IngestStats file = new IngestStats();
        streams.put("cam-1", camera);
        streams.put("clip", file);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        IngestMeters.bind(registry, streams);

        camera.published.addAndGet(40);
        camera.shed.addAndGet(120);
        camera.keepEvery.set(4);
        file.published.addAndGet(300);

        String scrape = registry.scrape();
        assertThat(scrape).contains("fer_ingest_frames_shed_total{stream=\"cam-1\"} 120.0")
                .contains("fer_ingest_frames_published_total{stream=\"cam-1\"} 40.0")
                .contains("fer_ingest_keep_every{stream=\"cam-1\"} 4.0")
                .contains("fer_ingest_frames_shed_total{stream=\"clip\"} 0.0")
                .contains("fer_ingest_keep_every{stream=\"clip\"} 1.0")
                .contains("fer_ingest_frames_published_total{stream=\"clip\"} 300.0");
    }
}
