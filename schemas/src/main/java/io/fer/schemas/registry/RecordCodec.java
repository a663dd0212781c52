package io.fer.schemas.registry;

import io.fer.schemas.AvroSerde;
import java.io.Serializable;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.errors.SerializationException;

/**
 * How the records subscribers read (fer.emotions, fer.summaries) are written and read: the Confluent wire format
 * when a schema registry is configured, else Avro single-object encoding. Reading tells the two apart by their first
 * byte (0, or C3 01), so a subscriber reads either. Serializable: a Flink sink carries one and opens its client late.
 */
public final class RecordCodec<T extends SpecificRecordBase> implements Serializable {
    private final Class<T> type;
    private final String registryUrl;
    private final String userInfo;
    private transient AvroSerde<T> singleObject;
    private transient WireFormat<T> wire;

    /** @param registryUrl null: single-object encoding */
    public RecordCodec(Class<T> type, String registryUrl, String userInfo) {
        this.type = type;
        this.registryUrl = registryUrl;
        this.userInfo = userInfo;
    }

    public boolean usesRegistry() {
        return registryUrl != null;
    }

    public byte[] encode(String topic, T value) {
        return registryUrl != null ? wire().encode(topic, value) : single().encode(value);
    }

    public T decode(byte[] value) {
        if (WireFormat.isWireFormat(value)) {
            if (registryUrl == null) {
                throw new SerializationException("a " + type.getSimpleName() + " in the schema registry's wire format: give --schema-registry URL");
            }
            return wire().decode(value);
        }
        return single().decode(value);
    }

    private AvroSerde<T> single() {
        if (singleObject == null) {
            singleObject = new AvroSerde<>(type);
        }
        return singleObject;
    }

    private WireFormat<T> wire() {
        if (wire == null) {
            wire = new WireFormat<>(new RegistryClient(registryUrl, userInfo), type);
        }
        return wire;
    }
}
