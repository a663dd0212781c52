package io.fer.workers.stage;

/**
 * One input record as a stage's logic sees it: where it came from (for dead letters and per-partition state) and its
 * bytes. The stage loop makes these of the records it consumed, so that stage logic knows no Kafka client type.
 */
public record StageInput(String topic, int partition, long offset, String key, byte[] value) {}
