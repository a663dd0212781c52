package io.fer.schemas;

import java.util.List;
import java.util.Map;

/** Topic names and the settings the project creates them with. */
public final class Topics {
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

    public record TopicSpec(String name, int partitions, Map<String, String> configs) {}

    /** The topics a deployment needs for the given modalities. */
    public static List<TopicSpec> all(int partitions, List<String> modalities) {
        Map<String, String> large = Map.of("max.message.bytes", Integer.toString(MAX_MESSAGE_BYTES));
        var specs = new java.util.ArrayList<TopicSpec>();
        specs.add(new TopicSpec(FRAMES, partitions, large));
        specs.add(new TopicSpec(FACES, partitions, large));
        // co-partitioned with fer.frames: a worker restores the trackers of the partitions it is assigned
        specs.add(new TopicSpec(FACE_STATE, partitions, Map.of("cleanup.policy", "compact")));
        for (String m : modalities) {
            specs.add(new TopicSpec(embedding(m), partitions, Map.of()));
        }
        specs.add(new TopicSpec(EMOTIONS, partitions, Map.of()));
        specs.add(new TopicSpec(SUMMARIES, partitions, Map.of("cleanup.policy", "compact")));
        specs.add(new TopicSpec(DLQ, 1, large));
        return List.copyOf(specs);
    }
}
