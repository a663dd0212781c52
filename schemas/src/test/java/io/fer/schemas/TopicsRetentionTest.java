package io.fer.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fer.schemas.Topics.Retention;
import io.fer.schemas.Topics.TopicSpec;
import io.fer.schemas.kafka.TopicNames;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TopicsRetentionTest {
    private static Map<String, Map<String, String>> configs(Retention r) {
        return Topics.all(TopicNames.DEFAULT, 4, (short) 0, List.of("expression", "appearance"), r).stream()
                .collect(Collectors.toMap(TopicSpec::name, TopicSpec::configs));
    }

    @Test
    void imagesAndFaceVectorsAreKeptTheMediaRetentionEventsTheirOwn() {
        Map<String, Map<String, String>> c = configs(Retention.DEFAULT);
        for (String media : List.of(Topics.FRAMES, Topics.FACES, "fer.emb.expression", "fer.emb.appearance", Topics.DLQ)) {
            assertThat(c.get(media)).as(media).containsEntry("retention.ms", "3600000").containsEntry("segment.ms", "900000");
        }
        assertThat(c.get(Topics.FRAMES)).containsEntry("max.message.bytes", Integer.toString(Topics.MAX_MESSAGE_BYTES));
        assertThat(c.get(Topics.EMOTIONS)).containsEntry("retention.ms", Long.toString(Duration.ofDays(7).toMillis()));
        assertThat(c.get(Topics.SUMMARIES)).containsEntry("cleanup.policy", "compact,delete")
                .containsEntry("retention.ms", Long.toString(Duration.ofDays(7).toMillis()));
        assertThat(c.get(Topics.FACE_STATE)).containsEntry("cleanup.policy", "compact").doesNotContainKey("retention.ms");

        Map<String, Map<String, String>> shortOnes = configs(new Retention(Duration.ofMinutes(2), Duration.ofHours(1)));
        assertThat(shortOnes.get(Topics.FACES)).containsEntry("retention.ms", "120000").containsEntry("segment.ms", "60000");
        assertThat(shortOnes.get(Topics.EMOTIONS)).containsEntry("retention.ms", "3600000");
    }

    @Test
    void aRetentionUnderAMinuteIsRefused() {
        assertThatThrownBy(() -> new Retention(Duration.ofSeconds(5), Duration.ofDays(1))).hasMessageContaining("one minute or more");
    }
}
