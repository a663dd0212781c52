package io.fer.classifier.flink;

import io.fer.classifier.model.Embedding;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Passes the embeddings on and, at most once per interval and modality, a liveness tick under one key per
 * window-assembly subtask, so every subtask hears that the modality's stage is sending, even when none of the streams
 * it holds has a record of it: a stage behind on other subtasks' streams is then not taken for one that is down.
 */
public class LivenessTicks extends ProcessFunction<Embedding, Embedding> {
    private final long intervalMs;
    private transient List<String> keys;
    private transient Map<String, Long> tickedAtMs;

    /** @param intervalMs at most one round of ticks per modality this often: well under the modality timeout */
    public LivenessTicks(long intervalMs) {
        this.intervalMs = intervalMs;
    }

    @Override
    public void open(OpenContext ctx) {
        // the assembler runs at the job's parallelism, as this operator does (EmotionPipeline sets none of its own)
        var task = getRuntimeContext().getTaskInfo();
        keys = KeyGroupKeys.onePerSubtask(task.getMaxNumberOfParallelSubtasks(), task.getNumberOfParallelSubtasks());
        tickedAtMs = new HashMap<>();
    }

    @Override
    public void processElement(Embedding e, Context ctx, Collector<Embedding> out) {
        out.collect(e);
        long now = ctx.timerService().currentProcessingTime();
        Long last = tickedAtMs.get(e.modality);
        if (last == null || now - last >= intervalMs) {
            tickedAtMs.put(e.modality, now);
            for (String key : keys) {
                out.collect(Embedding.livenessTick(key, e.modality));
            }
        }
    }
}
