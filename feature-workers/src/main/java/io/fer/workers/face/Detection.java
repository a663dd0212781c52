package io.fer.workers.face;

import io.fer.workers.image.Box;

/** A detected face: its box and six keypoints (eyes, nose, mouth, ears) in image pixels. */
public record Detection(Box box, float score, float[] keypoints) {}
