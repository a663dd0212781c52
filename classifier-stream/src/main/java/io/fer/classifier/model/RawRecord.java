package io.fer.classifier.model;

/** A Kafka record's value and where it came from, so a record that fails to decode can be dead-lettered. */
public class RawRecord {
    public String topic;
    public int partition;
    public long offset;
    public String key;
    public byte[] value;

    public RawRecord() {}

    public RawRecord(String topic, int partition, long offset, String key, byte[] value) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.key = key;
        this.value = value;
    }
}
