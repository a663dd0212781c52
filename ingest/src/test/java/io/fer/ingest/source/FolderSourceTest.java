package io.fer.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FolderSourceTest {
    @Test
    void framesSortByTheirNumberNotTheirSpelling() {
        List<String> names = new ArrayList<>(List.of("frame10.png", "frame2.png", "frame1.png", "00000013.png", "00000009.png"));
        names.sort(FolderSource::natural);
        assertThat(names).containsExactly("00000009.png", "00000013.png", "frame1.png", "frame2.png", "frame10.png");
    }
}
