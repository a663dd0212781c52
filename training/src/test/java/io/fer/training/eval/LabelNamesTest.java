package io.fer.training.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LabelNamesTest {
    private static final List<String> PIPELINE = List.of("angry", "disgust", "fear", "happy", "sad", "surprise", "neutral");
    private static final List<String> CKPLUS = List.of("anger", "contempt", "disgust", "fear", "happy", "sadness", "surprise");

    @Test
    void ckPlusNamesMapToThePipelineClassesAndContemptToNone() {
        assertThat(LabelNames.toModel("anger", PIPELINE)).isEqualTo("angry");
        assertThat(LabelNames.toModel("sadness", PIPELINE)).isEqualTo("sad");
        assertThat(LabelNames.toModel("Happy", PIPELINE)).isEqualTo("happy");
        assertThat(LabelNames.toModel("contempt", PIPELINE)).isNull();
        assertThat(LabelNames.toModel("angry", CKPLUS)).as("and back, for a model trained on CK+'s names").isEqualTo("anger");
        assertThat(LabelNames.toModel("neutral", CKPLUS)).isNull();
    }
}
