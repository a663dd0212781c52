package io.fer.training.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {

    /** A fixture in DFEW's official layout: clip folders and the five folds' train/test CSVs. */
    @Test
    void dfewFoldsAreReadWithTheOfficialLabelIds(@TempDir Path root) throws Exception {
        for (int id = 1; id <= 10; id++) {
            Path clip = Files.createDirectories(root.resolve("Clip/clip_224x224").resolve(String.format("%05d", id)));
            for (int f = 1; f <= 16; f++) {
                Files.write(clip.resolve(String.format("%05d.jpg", f)), new byte[] {1});
            }
        }
        for (int fold = 1; fold <= 5; fold++) {
            StringBuilder train = new StringBuilder("video_name,label\n");
            StringBuilder test = new StringBuilder("video_name,label\n");
            for (int id = 1; id <= 10; id++) {
                int label = (id % 7) + 1;
                ((id + fold) % 5 == 0 ? test : train).append(id).append(',').append(label).append('\n');
            }
            Files.createDirectories(root.resolve("EmoLabel_DataSplit/train(single-labeled)"));
            Files.createDirectories(root.resolve("EmoLabel_DataSplit/test(single-labeled)"));
            Files.writeString(root.resolve("EmoLabel_DataSplit/train(single-labeled)/set_" + fold + ".csv"), train);
            Files.writeString(root.resolve("EmoLabel_DataSplit/test(single-labeled)/set_" + fold + ".csv"), test);
        }
        for (int fold = 1; fold <= 5; fold++) {
            Dataset train = DfewDataset.read(root, fold, DfewDataset.Part.TRAIN);
            Dataset test = DfewDataset.read(root, fold, DfewDataset.Part.TEST);
            assertThat(train.clips().size() + test.clips().size()).isEqualTo(10);
            int f = fold;
            assertThat(test.clips()).allSatisfy(c -> assertThat((Integer.parseInt(c.id()) + f) % 5).isZero());
        }
        Dataset d = DfewDataset.read(root, 1, DfewDataset.Part.TRAIN);
        assertThat(d.classes()).containsExactly("happy", "sad", "neutral", "angry", "surprise", "disgust", "fear");
        LabelledClip seven = d.clips().stream().filter(c -> c.id().equals("00007")).findFirst().orElseThrow();
        assertThat(seven.label()).isEqualTo("happy"); // 7 % 7 + 1 = 1 = Happy
        assertThat(seven.source()).isEqualTo(root.resolve("Clip/clip_224x224/00007"));
        LabelledClip six = d.clips().stream().filter(c -> c.id().equals("00006")).findFirst().orElseThrow();
        assertThat(six.label()).isEqualTo("fear"); // 6 % 7 + 1 = 7 = Fear
        assertThatThrownBy(() -> DfewDataset.read(root, 6, DfewDataset.Part.TRAIN)).hasMessageContaining("folds 1..5");
        Files.delete(root.resolve("EmoLabel_DataSplit/test(single-labeled)/set_3.csv"));
        assertThatThrownBy(() -> DfewDataset.read(root, 3, DfewDataset.Part.TEST)).hasMessageContaining("set_3.csv");
    }

    @Test
    void foldersLayoutTakesClipFoldersAndVideosWithTheirSubjectAsGroup(@TempDir Path root) throws Exception {
        Path a = Files.createDirectories(root.resolve("happy/S010_006"));
        Files.write(a.resolve("00000013.png"), new byte[] {1});
        Files.createDirectories(root.resolve("sadness"));
        Files.write(root.resolve("sadness/S022_001.mp4"), new byte[] {1});
        Files.createDirectories(root.resolve("empty/nothing"));

        Dataset d = FoldersDataset.read(root);

        assertThat(d.classes()).containsExactly("empty", "happy", "sadness");
        assertThat(d.clips()).extracting(LabelledClip::id).containsExactly("happy/S010_006", "sadness/S022_001");
        assertThat(d.clips()).extracting(LabelledClip::group).containsExactly("S010", "S022");
        assertThat(d.classIndex("sadness")).isEqualTo(2);
    }
}
