package io.fer.workers.stage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsumedPrefixTest {
    private static final List<String> READERS = List.of("fer-expression", "fer-appearance");

    @Test
    void recordsGoOnlyOnceEveryReaderIsPastThem() {
        Map<String, Map<Integer, Long>> committed = Map.of(
                "fer-expression", Map.of(0, 120L, 1, 40L),
                "fer-appearance", Map.of(0, 100L, 1, 55L));
        assertThat(ConsumedPrefix.deletable(READERS, committed, List.of(0, 1), Map.of())).containsExactlyInAnyOrderEntriesOf(Map.of(0, 100L, 1, 40L));
        // already deleted that far: nothing new
        assertThat(ConsumedPrefix.deletable(READERS, committed, List.of(0, 1), Map.of(0, 100L, 1, 30L))).containsExactlyEntriesOf(Map.of(1, 40L));
    }

    @Test
    void aReaderThatHasCommittedNothingKeepsEverything() {
        Map<String, Map<Integer, Long>> committed = Map.of("fer-expression", Map.of(0, 120L, 1, 40L), "fer-appearance", Map.of(0, 100L));
        assertThat(ConsumedPrefix.deletable(READERS, committed, List.of(0, 1), Map.of())).containsExactlyEntriesOf(Map.of(0, 100L));
        assertThat(ConsumedPrefix.deletable(READERS, Map.of("fer-expression", Map.of(0, 5L)), List.of(0), Map.of())).isEmpty();
        assertThat(ConsumedPrefix.deletable(List.of(), Map.of(), List.of(0), Map.of())).as("no readers: no decision").isEmpty();
    }
}
