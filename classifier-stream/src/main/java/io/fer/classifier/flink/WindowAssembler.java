package io.fer.classifier.flink;

import io.fer.classifier.model.Embedding;
import io.fer.classifier.model.FeatureWindow;
import io.fer.classifier.window.AssemblyOutput;
import io.fer.classifier.window.AssemblyTiming;
import io.fer.classifier.window.ModalityLayout;
import io.fer.classifier.window.StreamAssembler;
import io.fer.classifier.window.WindowPlan;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Per stream (key streamId): the Flink host of window assembly, whose rules live in {@link StreamAssembler}. It keeps
 * each stream's state in keyed state (with a TTL for streams that vanish without an end), arms processing-time timers
 * for the modality timeout, and reports the counters ({@code modalityTimeouts}, {@code lateVectors},
 * {@code staleRunVectors}) and gauges ({@code openTracks}, {@code bufferedFrames}).
 */
public class WindowAssembler extends KeyedProcessFunction<String, Embedding, FeatureWindow> {
    private final ModalityLayout layout;
    private final WindowPlan plan;
    private final AssemblyTiming timing;

    private transient StreamAssembler assembler;
    private transient KeyedStreamState state;
    private transient Counter timeouts;
    private transient Counter lateVectors;
    private transient Counter staleVectors;

    public WindowAssembler(ModalityLayout layout, WindowPlan plan) {
        this(layout, plan, AssemblyTiming.DEFAULT);
    }

    public WindowAssembler(ModalityLayout layout, WindowPlan plan, AssemblyTiming timing) {
        this.layout = layout;
        this.plan = plan;
        this.timing = timing;
    }

    @Override
    public void open(OpenContext ctx) {
        StateTtlConfig ttl = StateTtlConfig.newBuilder(timing.stateTtl())
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired).build();
        state = new KeyedStreamState(getRuntimeContext(), ttl);
        assembler = new StreamAssembler(layout, plan, timing);
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        timeouts = metrics.counter("modalityTimeouts");
        lateVectors = metrics.counter("lateVectors");
        staleVectors = metrics.counter("staleRunVectors");
        metrics.gauge("openTracks", this::openTracks);
        metrics.gauge("bufferedFrames", this::bufferedFrames);
    }

    @Override
    public void processElement(Embedding e, Context ctx, Collector<FeatureWindow> out) {
        TimerService timers = ctx.timerService();
        if (e.isLivenessTick()) {
            assembler.heard(e.modality, timers.currentProcessingTime());
            return;
        }
        assembler.onEmbedding(ctx.getCurrentKey(), e, timers.currentProcessingTime(), state, output(timers, out));
    }

    @Override
    public void onTimer(long timestampMs, OnTimerContext ctx, Collector<FeatureWindow> out) {
        assembler.onTimer(ctx.getCurrentKey(), timestampMs, state, output(ctx.timerService(), out));
    }

    private AssemblyOutput output(TimerService timers, Collector<FeatureWindow> out) {
        return new AssemblyOutput() {
            @Override
            public void emit(FeatureWindow window) {
                out.collect(window);
            }

            @Override
            public void armTimer(long atMs) {
                timers.registerProcessingTimeTimer(atMs);
            }

            @Override
            public void modalityTimedOut() {
                timeouts.inc();
            }

            @Override
            public void lateVector() {
                lateVectors.inc();
            }

            @Override
            public void staleVector() {
                staleVectors.inc();
            }
        };
    }

    /** Open tracks of the streams this instance holds (a gauge). */
    long openTracks() {
        return assembler.gauges().openTracks();
    }

    /** Frames buffered for the streams this instance holds (a gauge). */
    long bufferedFrames() {
        return assembler.gauges().bufferedFrames();
    }
}
