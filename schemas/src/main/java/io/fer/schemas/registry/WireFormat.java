package io.fer.schemas.registry;

import io.fer.schemas.AvroSerde;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The Confluent wire format: magic byte 0, the schema's registry id (4 bytes, big endian), the Avro binary body.
 * Subjects follow the TopicNameStrategy: TOPIC-value. A record written with an older schema is read into the current
 * class by Avro schema resolution.
 */
public final class WireFormat<T extends SpecificRecordBase> {
    public static final byte MAGIC = 0;

    static {
        AvroSerde.trustGeneratedClasses(); // Avro 1.12 only instantiates classes it is told to trust
    }
    private final RegistryClient registry;
    private final Class<T> type;
    private final Schema schema;

    public WireFormat(RegistryClient registry, Class<T> type) {
        this.registry = registry;
        this.type = type;
        this.schema = SpecificData.get().getSchema(type);
    }

    public static String subject(String topic) {
        return topic + "-value";
    }

    public static boolean isWireFormat(byte[] value) {
        return value != null && value.length >= 5 && value[0] == MAGIC;
    }

    public byte[] encode(String topic, T value) {
        int id = registry.register(subject(topic), schema);
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.write(MAGIC);
        out.writeBytes(ByteBuffer.allocate(4).putInt(id).array());
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
        try {
            new SpecificDatumWriter<T>(schema).write(value, enc);
            enc.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public T decode(byte[] value) {
        if (!isWireFormat(value)) {
            throw new SerializationException("not the Confluent wire format (magic byte 0 + schema id)");
        }
        int id = ByteBuffer.wrap(value, 1, 4).getInt();
        Schema writer = registry.schema(id);
        BinaryDecoder dec = DecoderFactory.get().binaryDecoder(value, 5, value.length - 5, null);
        try {
            return new SpecificDatumReader<T>(writer, schema).read(null, dec);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("not a " + type.getSimpleName() + " (schema id " + id + "): " + e.getMessage(), e);
        }
    }
}
