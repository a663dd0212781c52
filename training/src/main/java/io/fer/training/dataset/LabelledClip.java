package io.fer.training.dataset;

import java.nio.file.Path;

/**
 * One labelled clip of a data set.
 *
 * @param id     unique within the data set (used as the stream id)
 * @param label  class name
 * @param group  what must stay on one side of a train/validation split (the subject)
 * @param source a folder of frames or a video file
 */
public record LabelledClip(String id, String label, String group, Path source) {}
