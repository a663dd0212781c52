package io.fer.workers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which face-stage settings a worker process gets from the stages it runs. */
class FaceStageConfigTest {

    @Test
    void contextCropsAreMadeOnlyWhenAStageOfTheProcessReadsThemOrTheirReadersAreUnknown() {
        assertThat(Workers.faceStageConfig(List.of("faces", "expression", "appearance"), List.of(), null, 3).contextCrops()).isFalse();
        assertThat(Workers.faceStageConfig(List.of("faces", "expression", "pose"), List.of(), null, 3).contextCrops()).isTrue();
        assertThat(Workers.faceStageConfig(List.of("faces"), List.of(), null, 3).contextCrops()).as("face stage alone").isTrue();
        assertThat(Workers.faceStageConfig(List.of("faces", "expression"), List.of("name=omni,path=/m/model.json,input=context"), null, 3)
                .contextCrops()).as("a generic context modality").isTrue();
        assertThat(Workers.faceStageConfig(List.of("faces", "expression"), List.of(), true, 3).contextCrops()).as("--context-crops on").isTrue();
        assertThat(Workers.faceStageConfig(List.of("faces", "pose"), List.of(), false, 3).contextCrops()).as("--context-crops off").isFalse();
    }

    @Test
    void theDetectorCadenceIsPassedOn() {
        assertThat(Workers.faceStageConfig(List.of("faces"), List.of(), null, 1).detectEvery()).isEqualTo(1);
        assertThat(Workers.faceStageConfig(List.of("faces"), List.of(), null, 5).detectEvery()).isEqualTo(5);
    }
}
