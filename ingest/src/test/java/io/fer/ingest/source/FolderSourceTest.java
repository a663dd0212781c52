package io.fer.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.fer.ingest.IngestConfig;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderSourceTest {
    @Test
    void framesSortByTheirNumberNotTheirSpelling() {
        List<String> names = new ArrayList<>(List.of("frame10.png", "frame2.png", "frame1.png", "00000013.png", "00000009.png"));
        names.sort(FolderSource::natural);
        assertThat(names).containsExactly("00000009.png", "00000013.png", "frame1.png", "frame2.png", "frame10.png");
    }

    /** FER2013's stills: one image file is a clip of one frame. */
    @Test
    void anImageFileIsAOneFrameClip(@TempDir Path dir) throws Exception {
        Path image = dir.resolve("Training_1.png");
        BufferedImage gray = new BufferedImage(48, 48, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setSample(10, 20, 0, 200);
        ImageIO.write(gray, "png", image.toFile());

        assertThat(SourceKind.of(image.toString(), false)).isEqualTo(SourceKind.FOLDER);
        assertThat(SourceKind.of(dir.resolve("clip.mp4").toString(), false)).isEqualTo(SourceKind.FILE);
        try (FrameSource s = SourceSpec.of(image.toString(), "still", false, true).open(IngestConfig.DEFAULT)) {
            DecodedFrame f = s.next();
            assertThat(f.image().getWidth()).isEqualTo(48);
            assertThat(f.image().getRaster().getSample(10, 20, 0)).as("the pixel, as BGR").isEqualTo(200);
            assertThat(f.timestampUs()).isZero();
            assertThat(s.next()).isNull();
        }
    }
}
