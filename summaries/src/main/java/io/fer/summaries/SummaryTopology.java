package io.fer.summaries;

import io.fer.schemas.AvroSerde;
import io.fer.schemas.EmotionEvent;
import io.fer.schemas.EmotionSummary;
import io.fer.schemas.kafka.TopicNames;
import io.fer.schemas.registry.RecordCodec;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * fer.emotions -> per-track summaries (key streamId/trackId, store {@value #TRACKS}) -> per-stream summaries (key
 * streamId, store {@value #STREAMS}); every change of either goes to fer.summaries as an Avro EmotionSummary. Both
 * stores are changelogged, so a restarted instance answers queries with the same state.
 */
public final class SummaryTopology {
    public static final String TRACKS = "track-summaries";
    public static final String STREAMS = "stream-summaries";
    private static final Logger LOG = LoggerFactory.getLogger(SummaryTopology.class);

    private SummaryTopology() {}

    public static Topology build(TopicNames names) {
        return build(names, new RecordCodec<>(EmotionEvent.class, null, null), new RecordCodec<>(EmotionSummary.class, null, null));
    }

    /** @param in, out the subscribers' format of fer.emotions and fer.summaries (single-object, or a schema registry's) */
    public static Topology build(TopicNames names, RecordCodec<EmotionEvent> in, RecordCodec<EmotionSummary> out) {
        Serde<EmotionEvent> events = AvroSerde.emotions(); // only inside the topology (no repartition topic is written)
        Serde<TrackSummary> tracks = JsonSerde.of(TrackSummary.class);
        Serde<StreamSummary> streams = JsonSerde.of(StreamSummary.class);
        String topic = names.summaries();
        StreamsBuilder b = new StreamsBuilder();
        // the classifier keys its events streamId/trackId, one key per track: no repartition is needed
        KTable<String, TrackSummary> perTrack = b.stream(names.emotions(), Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .flatMapValues(v -> decode(in, v))
                .groupByKey(Grouped.with(Serdes.String(), events))
                .aggregate(TrackSummary::new, (key, e, summary) -> summary.add(e),
                        Materialized.<String, TrackSummary, KeyValueStore<Bytes, byte[]>>as(TRACKS).withKeySerde(Serdes.String())
                                .withValueSerde(tracks));
        perTrack.toStream().filter((key, t) -> t.trackId >= 0).mapValues(t -> out.encode(topic, t.toAvro()))
                .to(names.summaries(), Produced.with(Serdes.String(), Serdes.ByteArray()));
        KTable<String, StreamSummary> perStream = perTrack.groupBy((key, t) -> KeyValue.pair(t.streamId, t),
                        Grouped.with(Serdes.String(), tracks))
                .aggregate(StreamSummary::new, (key, t, s) -> s.put(t), (key, t, s) -> s.remove(t),
                        Materialized.<String, StreamSummary, KeyValueStore<Bytes, byte[]>>as(STREAMS).withKeySerde(Serdes.String())
                                .withValueSerde(streams));
        perStream.toStream().mapValues(s -> out.encode(topic, s.toAvro())).to(names.summaries(), Produced.with(Serdes.String(), Serdes.ByteArray()));
        return b.build();
    }

    /** A value that is not an EmotionEvent is skipped (logged): summaries never stop on a bad record. */
    private static List<EmotionEvent> decode(RecordCodec<EmotionEvent> in, byte[] value) {
        if (value == null) {
            return List.of();
        }
        try {
            return List.of(in.decode(value));
        } catch (RuntimeException e) {
            LOG.warn("skipping a record that is not an EmotionEvent: {}", e.getMessage());
            return List.of();
        }
    }
}
