package io.fer.bench;

import io.fer.ingest.IngestConfig;
import io.fer.ingest.LoadShedder;
import io.fer.ingest.StreamLagProbe;
import io.fer.ingest.pipeline.IngestStats;
import io.fer.schemas.kafka.KafkaSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The bench's latency run: streams paced at the clip's frame rate (as live cameras that shed to hold the lag, or as
 * files that never shed), frame-to-event latency as a read_committed and a read_uncommitted subscriber see it, and
 * the hops between (read, each modality's vector, event).
 */
final class LatencyRun {
    private final String bootstrap;
    private final String source;
    private final int streams;
    private final Duration maxLag;
    private final int liveSeconds;
    private final Path trace;
    /**
     * Live cameras start at their share of one camera's start ({@link LoadShedder#startFor}) and find their rate
     * from the lag they see: what that settling costs is in the overall figures, and left out of the settled ones.
     */
    static final int SETTLE_SECONDS = 10;

    /**
     * @param maxLag zero for paced files; otherwise live cameras shedding frames to hold it
     * @param trace where to write every event's latency as CSV, or null
     */
    LatencyRun(String bootstrap, String source, int streams, Duration maxLag, int liveSeconds, Path trace) {
        this.bootstrap = bootstrap;
        this.source = source;
        this.streams = streams;
        this.maxLag = maxLag;
        this.liveSeconds = liveSeconds;
        this.trace = trace;
    }

    boolean live() {
        return !maxLag.isZero();
    }

    String describe() {
        return streams + (live() ? " live camera(s), max lag " + maxLag.toMillis() + " ms" : " stream(s) at their frame rate");
    }

    /** Runs the streams to their end; the subscribers' latency recorders and the figures in {@code out} hold the result. */
    void run(EventSubscriber committed, EventSubscriber uncommitted, List<String> modalities, Map<String, Object> out)
            throws Exception {
        committed.latency = new LatencyRecorder();
        uncommitted.latency = new LatencyRecorder();
        LatencyHops hops = new LatencyHops(modalities);
        HopReader hopReader = new HopReader(bootstrap, modalities, hops);
        hopReader.startAndAwaitAssignment();
        List<Thread> paced = new ArrayList<>();
        List<IngestStats> pacedStats = new ArrayList<>();
        AtomicBoolean stopCameras = new AtomicBoolean();
        StreamLagProbe probe = live() ? new StreamLagProbe(KafkaSettings.of(bootstrap)).start() : null;
        long startNs = System.nanoTime();
        List<LoadShedder> shedders = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            String id = "latency-" + i;
            IngestStats st = new IngestStats(index -> {
                long now = System.nanoTime();
                committed.latency.frameRead(id, index, now);
                uncommitted.latency.frameRead(id, index, now);
                hops.at(LatencyHops.READ, id, index, System.currentTimeMillis());
            });
            pacedStats.add(st);
            if (live()) {
                LoadShedder shedder = probe.shedderFor(id, maxLag);
                shedders.add(shedder);
                paced.add(BenchStreams.started(() -> BenchStreams.ingestLive(bootstrap, source, id, st, stopCameras, shedder)));
            } else {
                paced.add(BenchStreams.started(() -> BenchStreams.ingest(bootstrap, source, id, IngestConfig.DEFAULT.withRealtime(true), st)));
            }
        }
        // where the cameras started: their share of one camera's start, siblings raised as each joined
        List<Integer> startKeepEvery = shedders.stream().map(LoadShedder::keepEvery).toList();
        if (live()) {
            Thread.sleep(liveSeconds * 1000L);
            stopCameras.set(true);
        }
        for (int i = 0; i < streams; i++) {
            committed.await("latency-" + i, Duration.ofMinutes(30));
        }
        for (Thread t : paced) {
            t.join();
        }
        if (probe != null) {
            probe.close();
        }
        Thread.sleep(500); // the uncommitted reader saw everything earlier; let it drain its last poll
        committed.finish();
        uncommitted.finish();
        hopReader.finish();
        if (trace != null) {
            List<String> lines = new ArrayList<>(List.of("subscriber,stream,track,last_frame,window_end_read_s,latency_ms"));
            lines.addAll(committed.latency.csvLines("read_committed", startNs));
            lines.addAll(uncommitted.latency.csvLines("read_uncommitted", startNs));
            Files.write(trace, lines);
        }

        out.put("latency_ms", PipelineFigures.percentiles(committed.latency));
        out.put("latency_uncommitted_ms", PipelineFigures.percentiles(uncommitted.latency));
        out.put("latency_hops_ms", hops.summary());
        out.put("latency_sources", live() ? "live cameras (looped clip), max lag " + maxLag.toMillis() + " ms" : "paced files");
        if (live()) {
            long shed = pacedStats.stream().mapToLong(st -> st.shed.get()).sum();
            long kept = pacedStats.stream().mapToLong(st -> st.published.get()).sum();
            out.put("max_lag_ms", maxLag.toMillis());
            long settledNs = startNs + SETTLE_SECONDS * 1_000_000_000L;
            out.put("settle_s", SETTLE_SECONDS);
            out.put("latency_settled_ms", PipelineFigures.percentiles(committed.latency.from(settledNs)));
            out.put("latency_uncommitted_settled_ms", PipelineFigures.percentiles(uncommitted.latency.from(settledNs)));
            out.put("shed_fraction", PipelineFigures.round3((double) shed / Math.max(1, shed + kept)));
            out.put("keep_every_at_start", startKeepEvery);
            out.put("keep_every_at_end", pacedStats.stream().map(st -> st.keepEvery.get()).toList());
        }
    }
}
