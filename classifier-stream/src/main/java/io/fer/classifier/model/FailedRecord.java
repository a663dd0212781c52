package io.fer.classifier.model;

/** A record the job could not use, with the reason, bound for fer.dlq. */
public class FailedRecord {
    public String stage;
    public String reason;
    public RawRecord record;

    public FailedRecord() {}

    public FailedRecord(String stage, String reason, RawRecord record) {
        this.stage = stage;
        this.reason = reason;
        this.record = record;
    }
}
