package io.fer.workers.stage;

/**
 * One record a stage's logic produces, addressed by the topic's default name (the stage loop renames it to the
 * deployment's topic when it sends) and, for records that must stay beside their input, to a partition.
 *
 * @param partition null: by key, as the producer partitions
 */
public record StageOutput(String topic, Integer partition, String key, byte[] value) {
    public static StageOutput to(String topic, String key, byte[] value) {
        return new StageOutput(topic, null, key, value);
    }
}
