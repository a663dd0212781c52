package io.fer.summaries;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/** The aggregates' own state in their stores and changelogs (internal topics; the output topic is Avro). */
final class JsonSerde {
    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private JsonSerde() {}

    static <T> Serde<T> of(Class<T> type) {
        Serializer<T> ser = (topic, v) -> {
            try {
                return v == null ? null : JSON.writeValueAsBytes(v);
            } catch (IOException e) {
                throw new SerializationException("cannot write " + type.getSimpleName(), e);
            }
        };
        Deserializer<T> de = (topic, b) -> {
            try {
                return b == null ? null : JSON.readValue(b, type);
            } catch (IOException e) {
                throw new SerializationException("cannot read " + type.getSimpleName(), e);
            }
        };
        return Serdes.serdeFrom(ser, de);
    }
}
