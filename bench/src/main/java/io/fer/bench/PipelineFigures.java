package io.fer.bench;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The figures fer bench pipeline reports: per-stage breakdown, latency percentiles, peak RSS, rounding. */
final class PipelineFigures {
    private PipelineFigures() {}

    /** Per stage: model time per face-frame, and the rest of its rounds (Kafka, JPEG, crops, state) per face-frame. */
    static Map<String, Object> breakdown(Map<String, double[]> before, Map<String, double[]> after, ModelOnlyBound.Result bound,
            double faceFrames) {
        Map<String, Object> stages = new LinkedHashMap<>();
        for (String stage : after.keySet()) {
            double[] a = after.get(stage);
            double[] b = before.getOrDefault(stage, new double[2]);
            double modelMs = a[0] - b[0];
            double roundMs = a[1] - b[1];
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("model_ms_per_face_frame", round3(modelMs / faceFrames));
            s.put("rest_of_round_ms_per_face_frame", round3(Math.max(0, roundMs - modelMs) / faceFrames));
            Double alone = bound.seconds().get(stage);
            if (alone != null) {
                s.put("model_only_ms_per_face_frame", round3(alone * 1000 / bound.faceFrames()));
            }
            stages.put(stage, s);
        }
        return stages;
    }

    /** The stages' times and item counts so far in this JVM's registry. */
    static StageMeters meters(MeterRegistry registry) {
        Map<String, double[]> times = new LinkedHashMap<>();
        for (Timer t : registry.find("fer.model.latency").timers()) {
            times.computeIfAbsent(t.getId().getTag("stage"), k -> new double[2])[0] = t.totalTime(TimeUnit.MILLISECONDS);
        }
        for (Timer t : registry.find("fer.stage.latency").timers()) {
            times.computeIfAbsent(t.getId().getTag("stage"), k -> new double[2])[1] = t.totalTime(TimeUnit.MILLISECONDS);
        }
        Map<String, Double> items = new LinkedHashMap<>();
        registry.find("fer.stage.items").counters().forEach(c -> items.put(c.getId().getTag("stage"), c.count()));
        return new StageMeters(times, items);
    }

    static Map<String, Object> percentiles(LatencyRecorder r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("p50", round(r.percentile(0.50)));
        m.put("p95", round(r.percentile(0.95)));
        m.put("p99", round(r.percentile(0.99)));
        m.put("events", r.count());
        // windows of tracks shorter than a window run past the track's end (masked): their nominal last frame may never
        // have been read, so they have no latency; many of them mean tracks break up
        m.put("events_unmatched", r.unmatched());
        return m;
    }

    /** Peak resident set of this process (VmHWM), in MB. */
    static long peakRssMb() {
        return peakRssMb(ProcessHandle.current().pid());
    }

    /** Peak resident set (VmHWM) of a process, in MB; -1 where /proc is not there or the process is gone. */
    static long peakRssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D+", "")) / 1024;
                }
            }
        } catch (IOException notLinux) {
            // below
        }
        return -1;
    }

    static double round(double v) {
        return Double.isNaN(v) ? Double.NaN : Math.round(v * 10) / 10.0;
    }

    static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
