package io.fer.classifier.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.fer.classifier.model.Embedding;
import java.util.List;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class LivenessTicksTest {
    private static final int MAX_PARALLELISM = 128;

    @Test
    void theKeysReachEverySubtaskOnceAtAnyParallelism() {
        for (int parallelism : new int[] {1, 2, 3, 4, 7, 16}) {
            List<String> keys = KeyGroupKeys.onePerSubtask(MAX_PARALLELISM, parallelism);
            assertThat(keys).hasSize(parallelism).doesNotHaveDuplicates();
            for (int subtask = 0; subtask < parallelism; subtask++) {
                assertThat(KeyGroupRangeAssignment.assignKeyToParallelOperator(keys.get(subtask), MAX_PARALLELISM, parallelism))
                        .as("key %d at parallelism %d", subtask, parallelism).isEqualTo(subtask);
            }
        }
    }

    @Test
    void embeddingsPassAndEachModalityTicksToEverySubtaskAtMostOncePerInterval() throws Exception {
        try (var h = new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(new LivenessTicks(1000)), MAX_PARALLELISM, 2, 0)) {
            h.open();
            h.setProcessingTime(0);
            Embedding pose = new Embedding("s", 0, 0, 0, "pose", new float[] {1}, false, 0);
            h.processElement(new StreamRecord<>(pose));
            assertThat(h.extractOutputValues()).hasSize(3).first().satisfies(e -> {
                assertThat(e.isLivenessTick()).as("the embedding itself, first").isFalse();
                assertThat(e.streamId).isEqualTo("s");
            });
            assertThat(h.extractOutputValues().subList(1, 3)).allSatisfy(t -> {
                assertThat(t.isLivenessTick()).isTrue();
                assertThat(t.modality).isEqualTo("pose");
            }).extracting(t -> KeyGroupRangeAssignment.assignKeyToParallelOperator(t.streamId, MAX_PARALLELISM, 2))
                    .containsExactly(0, 1);

            h.setProcessingTime(999);
            h.processElement(new StreamRecord<>(pose));
            assertThat(h.extractOutputValues()).as("pose ticked 999 ms ago: the record only").hasSize(4);
            h.processElement(new StreamRecord<>(new Embedding("s", 0, 0, 0, "expression", new float[] {1, 1}, false, 0)));
            assertThat(h.extractOutputValues()).as("expression's first ticks").hasSize(7);
            h.setProcessingTime(1000);
            h.processElement(new StreamRecord<>(pose));
            assertThat(h.extractOutputValues()).as("pose ticks again").hasSize(10);
        }
    }
}
