package io.fer.schemas;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for the project's records in Avro single-object encoding: no registry server is
 * needed, and records written with an older bundled schema version are resolved to the current one.
 */
public final class AvroSerde<T extends SpecificRecordBase> implements Serde<T>, Serializer<T>, Deserializer<T> {
    static {
        // Avro 1.12 only instantiates classes it is told to trust; these are our generated records.
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(),
                ClassSecurityValidator.builder().add(FrameBatch.class).add(Frame.class).add(FaceBatch.class)
                        .add(FaceFrame.class).add(Face.class).add(ModalityEmbedding.class).add(EmotionEvent.class)
                        .add(DeadLetter.class).add(FaceTrackerState.class).add(TrackedFace.class).add(KeyFrameState.class).add(KeyFrameFace.class).add(EmotionSummary.class)
                        .add(EmotionTransition.class).build()));
    }

    /** Makes sure the generated classes are trusted (this class's initialiser does it) before any other Avro reader runs. */
    public static void trustGeneratedClasses() {
        // the static initialiser above has run by now
    }

    private final Class<T> type;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    public AvroSerde(Class<T> type) {
        this(type, SchemaHistory.store());
    }

    public AvroSerde(Class<T> type, SchemaStore store) {
        this.type = type;
        var schema = SpecificData.get().getSchema(type);
        this.encoder = new BinaryMessageEncoder<>(SpecificData.get(), schema);
        this.decoder = new BinaryMessageDecoder<>(SpecificData.get(), schema, store);
    }

    public static AvroSerde<FrameBatch> frames() { return new AvroSerde<>(FrameBatch.class); }
    public static AvroSerde<FaceBatch> faces() { return new AvroSerde<>(FaceBatch.class); }
    public static AvroSerde<ModalityEmbedding> embeddings() { return new AvroSerde<>(ModalityEmbedding.class); }
    public static AvroSerde<EmotionEvent> emotions() { return new AvroSerde<>(EmotionEvent.class); }
    public static AvroSerde<DeadLetter> deadLetters() { return new AvroSerde<>(DeadLetter.class); }
    public static AvroSerde<FaceTrackerState> trackerStates() { return new AvroSerde<>(FaceTrackerState.class); }
    public static AvroSerde<EmotionSummary> summaries() { return new AvroSerde<>(EmotionSummary.class); }

    public byte[] encode(T value) {
        try {
            ByteBuffer buf = encoder.encode(value);
            byte[] out = new byte[buf.remaining()];
            buf.get(out);
            return out;
        } catch (IOException e) {
            throw new SerializationException("cannot encode " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** Decodes, or throws {@link SerializationException} with a reason fit for a dead-letter record. */
    public T decode(byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return decoder.decode(data);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("not a " + type.getSimpleName() + " record: " + e.getMessage(), e);
        }
    }

    @Override public byte[] serialize(String topic, T data) { return data == null ? null : encode(data); }
    @Override public T deserialize(String topic, byte[] data) { return decode(data); }
    @Override public Serializer<T> serializer() { return this; }
    @Override public Deserializer<T> deserializer() { return this; }
    @Override public void configure(Map<String, ?> configs, boolean isKey) {}
    @Override public void close() {}
}
