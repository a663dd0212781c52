package io.fer.workers.stage;

import io.fer.schemas.AvroSerde;
import io.fer.schemas.DeadLetter;
import io.fer.schemas.Topics;
import java.nio.ByteBuffer;

/** Dead letters for fer.dlq: the stage, the reason, where the record came from and (up to 1 MB) the record itself. */
public final class DeadLetters {
    private static final int MAX_PAYLOAD = 1024 * 1024;

    private DeadLetters() {}

    /** A dead letter for an input record, addressed to fer.dlq by its default name. */
    public static StageOutput record(String stage, StageInput r, String reason) {
        return StageOutput.to(Topics.DLQ, r.key(), AvroSerde.deadLetters().encode(of(stage, r, reason)));
    }

    public static DeadLetter of(String stage, StageInput r, String reason) {
        byte[] v = r.value();
        return DeadLetter.newBuilder().setStage(stage).setReason(reason).setSourceTopic(r.topic())
                .setSourcePartition(r.partition()).setSourceOffset(r.offset()).setStreamId(r.key())
                .setFailedAtMs(System.currentTimeMillis())
                .setPayload(v != null && v.length <= MAX_PAYLOAD ? ByteBuffer.wrap(v) : null).build();
    }

    /** In place of an output the broker would refuse: the reason, without the payload. */
    static StageOutput oversize(String stage, String dlqTopic, StageOutput output, int limit) {
        String reason = "output of " + output.value().length + " bytes to " + output.topic() + " exceeds the " + limit
                + " byte record limit";
        DeadLetter d = DeadLetter.newBuilder().setStage(stage).setReason(reason).setSourceTopic(output.topic()).setSourcePartition(-1)
                .setSourceOffset(-1).setStreamId(output.key()).setFailedAtMs(System.currentTimeMillis()).setPayload(null).build();
        return StageOutput.to(dlqTopic, output.key(), AvroSerde.deadLetters().encode(d));
    }
}
