package io.fer.classifier.flink;

import io.fer.classifier.model.EmotionResult;
import io.fer.classifier.model.FailedRecord;
import io.fer.classifier.model.RawRecord;
import io.fer.schemas.AvroSerde;
import io.fer.schemas.DeadLetter;
import io.fer.schemas.EmotionEvent;
import io.fer.schemas.kafka.KafkaSettings;
import io.fer.schemas.kafka.TopicNames;
import io.fer.schemas.registry.RecordCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Wires {@link EmotionPipeline} to Kafka: every fer.emb.* topic the model reads in (read_committed, offsets in the
 * checkpoints), fer.emotions and fer.dlq out through exactly-once sinks: Kafka transactions committed when a
 * checkpoint completes, so readers with isolation.level=read_committed see every event exactly once, also across
 * failures and restarts.
 */
public final class ClassifierJob {
    static final String MODEL_CACHE_NAME = "fer-model";

    private ClassifierJob() {}

    /**
     * @param kafka   bootstrap, client properties (security) and topic names
     * @param groupId the source's consumer group, also the prefix of the sinks' transactional ids (one per deployment)
     */
    public static void wire(StreamExecutionEnvironment env, KafkaSettings kafka, ClassifierConfig cfg, String groupId) {
        wire(env, kafka, cfg, groupId, false);
    }

    /**
     * @param shipModel send the model directory with the job (Flink's distributed cache, from the client's disk) so
     *                  that a cluster's TaskManagers need no copy of it: a model is small (a few MB), and the job and
     *                  its model then always match
     */
    public static void wire(StreamExecutionEnvironment env, KafkaSettings kafka, ClassifierConfig cfg, String groupId,
            boolean shipModel) {
        if (shipModel) {
            env.registerCachedFile(Path.of(cfg.modelDir()).toAbsolutePath().toUri().toString(), MODEL_CACHE_NAME);
            cfg = cfg.withModelDir(BatchedTransformer.SHIPPED + MODEL_CACHE_NAME);
        }
        TopicNames names = kafka.topics();
        List<String> topics = cfg.layout().names().stream().map(names::embedding).toList();
        Properties connection = new Properties();
        connection.putAll(kafka.connection());
        KafkaSource<RawRecord> source = KafkaSource.<RawRecord>builder()
                .setBootstrapServers(kafka.bootstrap())
                .setProperties(connection)
                .setTopics(topics)
                .setGroupId(groupId)
                .setStartingOffsets(OffsetsInitializer.committedOffsets(
                        OffsetResetStrategy.EARLIEST))
                .setDeserializer(new RawDeserializer())
                .setProperty("isolation.level", "read_committed")
                .build();
        var raw = env.fromSource(source, WatermarkStrategy.noWatermarks(), "embeddings").uid("embeddings-source");
        EmotionPipeline.Outputs out = EmotionPipeline.build(raw, cfg, names);
        out.results().sinkTo(KafkaSink.<EmotionResult>builder()
                .setBootstrapServers(kafka.bootstrap())
                .setKafkaProducerConfig(connection)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(groupId + "-emotions")
                .setProperty("transaction.timeout.ms", Long.toString(JobSettings.SINK_TRANSACTION_TIMEOUT.toMillis()))
                .setRecordSerializer(new EventSerializer(names.emotions(), kafka.codec(EmotionEvent.class)))
                .build()).name("fer.emotions").uid("emotions-sink");
        out.deadLetters().sinkTo(KafkaSink.<FailedRecord>builder()
                .setBootstrapServers(kafka.bootstrap())
                .setKafkaProducerConfig(connection)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(groupId + "-dlq")
                .setProperty("transaction.timeout.ms", Long.toString(JobSettings.SINK_TRANSACTION_TIMEOUT.toMillis()))
                .setRecordSerializer(new DeadLetterSerializer(names.dlq()))
                .build()).name("fer.dlq").uid("dlq-sink");
    }

    /** Keeps the record's origin so a bad one can be dead-lettered with it. */
    public static final class RawDeserializer implements KafkaRecordDeserializationSchema<RawRecord> {
        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> r, Collector<RawRecord> out) {
            String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
            out.collect(new RawRecord(r.topic(), r.partition(), r.offset(), key, r.value()));
        }

        @Override
        public TypeInformation<RawRecord> getProducedType() {
            return TypeInformation.of(RawRecord.class);
        }
    }

    /** Events in the subscribers' format: single-object encoding, or the registry's wire format (--schema-registry). */
    public static final class EventSerializer implements KafkaRecordSerializationSchema<EmotionResult> {
        private final String topic;
        private final RecordCodec<EmotionEvent> codec;

        public EventSerializer(String topic, RecordCodec<EmotionEvent> codec) {
            this.topic = topic;
            this.codec = codec;
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(EmotionResult r, KafkaSinkContext ctx, Long timestamp) {
            byte[] key = (r.streamId + "/" + r.trackId).getBytes(StandardCharsets.UTF_8);
            return new ProducerRecord<>(topic, key, codec.encode(topic, Records.toEvent(r)));
        }

        @Override
        public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {}
    }

    public static final class DeadLetterSerializer implements KafkaRecordSerializationSchema<FailedRecord> {
        private final String topic;
        private transient AvroSerde<DeadLetter> serde;

        public DeadLetterSerializer(String topic) {
            this.topic = topic;
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(FailedRecord f, KafkaSinkContext ctx, Long timestamp) {
            if (serde == null) {
                serde = AvroSerde.deadLetters();
            }
            byte[] key = f.record.key == null ? null : f.record.key.getBytes(StandardCharsets.UTF_8);
            return new ProducerRecord<>(topic, key, serde.encode(Records.toDeadLetter(f)));
        }
    }
}
