package io.fer.schemas;

import io.fer.schemas.kafka.TopicNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The default topic names and the settings the project creates topics with. A deployment with --topic-prefix uses
 * {@link TopicNames} instead of these constants.
 */
public final class Topics {
    public static final String PREFIX = "fer.";
    public static final String FRAMES = "fer.frames";
    public static final String FACES = "fer.faces";
    public static final String EMBEDDING_PREFIX = "fer.emb.";
    public static final String EMOTIONS = "fer.emotions";
    public static final String SUMMARIES = "fer.summaries";
    public static final String DLQ = "fer.dlq";
    /** The face stage's tracker state (compacted), partitioned like fer.frames: see FaceTrackerState. */
    public static final String FACE_STATE = "fer.state.faces";

    /** Largest record the frame and face topics accept; ingest bounds its batches below this. */
    public static final int MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

    private Topics() {}

    public static String embedding(String modality) {
        return EMBEDDING_PREFIX + modality;
    }

    /** Partitions by default: up to this many workers of a stage (and classifier subtasks) share the work. */
    public static final int DEFAULT_PARTITIONS = 4;

    /** @param replication 0: as many as the cluster has brokers, at most 3 (TopicCreator resolves it) */
    public record TopicSpec(String name, int partitions, short replication, Map<String, String> configs) {
        public TopicSpec withReplication(short r) {
            return new TopicSpec(name, partitions, r, configs);
        }
    }

    /**
     * How long topics keep records. Media: frames, face crops, face embeddings and dead letters (which carry frames and
     * crops): images of people, kept only as long as the stages need them. Events: emotions, and summaries (compacted, then
     * deleted past the same age).
     */
    public record Retention(Duration media, Duration events) {
        private static final Duration SHORTEST = Duration.ofMinutes(1); // before DEFAULT, which the constructor checks against
        public static final Retention DEFAULT = new Retention(Duration.ofHours(1), Duration.ofDays(7));

        public Retention {
            if (media.compareTo(SHORTEST) < 0 || events.compareTo(SHORTEST) < 0) {
                throw new IllegalArgumentException("retention of " + (media.compareTo(SHORTEST) < 0 ? media : events)
                        + ": one minute or more");
            }
        }

        /**
         * A topic's retention, and segments that roll at a quarter of it: Kafka deletes whole closed segments only, so with
         * its default week-long segments a record would outlive a one-hour retention by days.
         */
        static Map<String, String> configs(Duration keep) {
            return Map.of("retention.ms", Long.toString(keep.toMillis()),
                    "segment.ms", Long.toString(Math.max(SHORTEST.toMillis(), keep.toMillis() / 4)));
        }
    }

    /** The topics a deployment needs for the given modalities, default names, replication chosen by the cluster size. */
    public static List<TopicSpec> all(int partitions, List<String> modalities) {
        return all(TopicNames.DEFAULT, partitions, (short) 0, modalities);
    }

    public static List<TopicSpec> all(TopicNames names, int partitions, short replication,
            List<String> modalities) {
        return all(names, partitions, replication, modalities, Retention.DEFAULT);
    }

    /**
     * Every stream keeps to one partition of each topic (records are keyed by stream id), so its order holds however
     * many partitions there are.
     */
    public static List<TopicSpec> all(TopicNames names, int partitions, short replication,
            List<String> modalities, Retention retention) {
        Map<String, String> media = Retention.configs(retention.media());
        Map<String, String> largeMedia = with(media, "max.message.bytes", Integer.toString(MAX_MESSAGE_BYTES));
        var specs = new ArrayList<TopicSpec>();
        specs.add(new TopicSpec(names.frames(), partitions, replication, largeMedia));
        specs.add(new TopicSpec(names.faces(), partitions, replication, largeMedia));
        // co-partitioned with fer.frames: a worker restores the trackers of the partitions it is assigned (boxes, no images)
        specs.add(new TopicSpec(names.faceState(), partitions, replication, Map.of("cleanup.policy", "compact")));
        for (String m : modalities) {
            specs.add(new TopicSpec(names.embedding(m), partitions, replication, media));
        }
        specs.add(new TopicSpec(names.emotions(), partitions, replication, Retention.configs(retention.events())));
        specs.add(new TopicSpec(names.summaries(), partitions, replication,
                with(Retention.configs(retention.events()), "cleanup.policy", "compact,delete")));
        specs.add(new TopicSpec(names.dlq(), 1, replication, largeMedia));
        return List.copyOf(specs);
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> out = new TreeMap<>(base);
        out.put(key, value);
        return Map.copyOf(out);
    }
}
