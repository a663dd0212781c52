package io.fer.workers.stage;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** A stage's meters: poll-to-commit latency, model batch sizes and latency, items/s, consumer lag. */
public final class StageMetrics {
    private final Timer pollLatency;
    private final Timer modelLatency;
    private final DistributionSummary batchSize;
    private final Counter items;
    private final Counter deadLetters;
    private final Counter records;
    private final Counter shed;
    private final AtomicLong lag = new AtomicLong();

    public StageMetrics(MeterRegistry registry, String stage) {
        this.pollLatency = Timer.builder("fer.stage.latency").description("poll to committed outputs").tag("stage", stage)
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).register(registry);
        this.modelLatency = Timer.builder("fer.model.latency").description("one batched model call").tag("stage", stage)
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).register(registry);
        this.batchSize = DistributionSummary.builder("fer.model.batch.size").tag("stage", stage)
                .publishPercentileHistogram().register(registry);
        this.items = Counter.builder("fer.stage.items").description("items (faces or frames) processed").tag("stage", stage)
                .register(registry);
        this.deadLetters = Counter.builder("fer.stage.dead.letters").tag("stage", stage).register(registry);
        this.records = Counter.builder("fer.stage.records").description("input records processed and committed").tag("stage", stage)
                .register(registry);
        this.shed = Counter.builder("fer.stage.shed").description("live frames dropped unprocessed: older than their stream's"
                + " bound when reached").tag("stage", stage).register(registry);
        registry.gauge("fer.stage.consumer.lag", List.of(Tag.of("stage", stage)), lag);
    }

    public void shed() {
        shed.increment();
    }

    public void modelBatch(int size, long nanos) {
        batchSize.record(size);
        modelLatency.record(Duration.ofNanos(nanos));
        items.increment(size);
    }

    /** One committed round of {@code n} input records. */
    public void poll(long nanos, int n) {
        pollLatency.record(Duration.ofNanos(nanos));
        records.increment(n);
    }

    public void deadLetter() {
        deadLetters.increment();
    }

    public void lag(long records) {
        lag.set(records);
    }
}
