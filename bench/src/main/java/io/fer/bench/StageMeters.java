package io.fer.bench;

import java.util.Map;

/**
 * Worker stages' meters at one moment, wherever they were read (this JVM's registry, a worker process's /metrics).
 *
 * @param times stage -> {model ms, round ms} so far
 * @param items stage -> items (faces or frames) processed so far
 */
record StageMeters(Map<String, double[]> times, Map<String, Double> items) {
    double items(String stage) {
        return items.getOrDefault(stage, 0.0);
    }
}
