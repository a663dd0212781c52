package io.fer.training.features;

import java.util.List;

/**
 * Clips to extract features from together (a Flink POJO): one clip of frames or a video, or a batch of still images,
 * whose crops then go through each generator in one batched call instead of one call per image.
 */
public class ClipTask {
    public String[] clipIds;
    public String[] sources;

    public ClipTask() {}

    public ClipTask(List<String> clipIds, List<String> sources) {
        if (clipIds.size() != sources.size() || clipIds.isEmpty()) {
            throw new IllegalArgumentException("a task needs one source per clip id, at least one");
        }
        this.clipIds = clipIds.toArray(String[]::new);
        this.sources = sources.toArray(String[]::new);
    }

    public ClipTask(String clipId, String source) {
        this(List.of(clipId), List.of(source));
    }
}
