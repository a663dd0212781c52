package io.fer.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.fer.ingest.source.SourceSpec;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestCommandTest {

    @Test
    void aDataSetFolderBecomesOneStreamPerClip(@TempDir Path root) throws Exception {
        for (String clip : List.of("happy/S010_006", "sadness/S022_001")) {
            Path dir = Files.createDirectories(root.resolve(clip));
            ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_3BYTE_BGR), "png", dir.resolve("1.png").toFile());
        }
        List<SourceSpec> specs = IngestCommand.expand(SourceSpec.of(root.toString(), "ck", false, true));
        assertThat(specs).extracting(SourceSpec::streamId).containsExactly("ck/happy/S010_006", "ck/sadness/S022_001");
        assertThat(specs).allSatisfy(s -> assertThat(s.preAligned()).isTrue());

        List<SourceSpec> one = IngestCommand.expand(SourceSpec.of(root.resolve("happy/S010_006").toString(), "x", false, false));
        assertThat(one).extracting(SourceSpec::streamId).containsExactly("x");
        assertThat(IngestCommand.defaultId("/media/cam-1.mp4")).isEqualTo("cam-1");
    }
}
