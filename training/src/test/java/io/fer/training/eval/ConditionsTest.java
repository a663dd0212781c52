package io.fer.training.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fer.training.features.ExtractionConfig;
import io.fer.workers.image.Augmentation;
import io.fer.workers.image.Degradation;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {
    @Test
    void theDefaultListIsTheStandardNineAndTheSmallestFace() {
        List<Conditions.Condition> all = Conditions.parse("default");
        assertThat(all).hasSize(10).containsAll(Conditions.STANDARD);
        assertThat(Conditions.parse(null)).isEqualTo(all);
        for (Conditions.Condition c : all) { // every standard spec parses and prints back as itself
            assertThat(Degradation.parse(c.spec()).isNone() ? "clean" : Degradation.parse(c.spec()).spec()).isEqualTo(c.spec());
        }
    }

    @Test
    void ownSpecsAreCheckedAndNamedByTheirSteps() {
        List<Conditions.Condition> own = Conditions.parse("clean,jpeg:20+blur:1.5");
        assertThat(own).extracting(Conditions.Condition::spec).containsExactly("clean", "jpeg:20+blur:1.5");
        assertThat(own.get(0).name()).isEqualTo("as is");
        assertThatThrownBy(() -> Conditions.parse("jpeg:20,fog")).hasMessageContaining("unknown degradation 'fog'");
    }

    @Test
    void anExtractionKnowsWhatEachClipGoesThrough() {
        ExtractionConfig clean = new ExtractionConfig("m", List.of("expression"), false, 16, 512, "longest", false);
        assertThat(clean.degradationOf("S010_006").isNone()).isTrue();
        // equal conditions spelt differently are one condition (and share a cache)
        assertThat(clean.withDegradation(" dark:0.30 + noise:10.0").degradation()).isEqualTo("dark:0.3+noise:10");
        ExtractionConfig copy = clean.withDegradation(ExtractionConfig.augmentCopy(2));
        assertThat(copy.degradationOf("S010_006")).isEqualTo(Augmentation.draw("S010_006", 2));
        assertThat(copy.degradationOf("S011_001")).isEqualTo(Augmentation.draw("S011_001", 2));
        assertThatThrownBy(() -> clean.withDegradation("blur:-1")).hasMessageContaining("sigma");
    }
}
