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
        assertThat(d.personGroups()).isTrue();
    }

    /** FER2013 as distributed: <label>/<Usage>_<id>.jpg, each image a one-frame clip of its own group, read in place. */
    @Test
    void stillImagesAreOneFrameClipsWithoutSubjectGroups(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("happy"));
        Files.createDirectories(root.resolve("neutral"));
        Files.write(root.resolve("happy/Training_10.jpg"), new byte[] {1});
        Files.write(root.resolve("happy/Training_11.jpg"), new byte[] {1});
        Files.write(root.resolve("neutral/Training_12.png"), new byte[] {1});

        Dataset d = FoldersDataset.read(root);

        assertThat(d.classes()).containsExactly("happy", "neutral");
        assertThat(d.clips()).extracting(LabelledClip::id).containsExactly("happy/Training_10", "happy/Training_11", "neutral/Training_12");
        assertThat(d.clips()).extracting(LabelledClip::group).as("no subject ids: each still is its own group")
                .containsExactly("happy/Training_10", "happy/Training_11", "neutral/Training_12");
        assertThat(d.clips()).extracting(LabelledClip::source).containsExactly(root.resolve("happy/Training_10.jpg"),
                root.resolve("happy/Training_11.jpg"), root.resolve("neutral/Training_12.png"));
        assertThat(d.personGroups()).isFalse();
        assertThat(FoldersDataset.read(root.resolve("happy").getParent()).personGroups()).isFalse();
    }

    /** CK+ as downloaded: frames per sequence, a label file only for labelled sequences. */
    @Test
    void ckPlusLayoutTakesThePeakFramesOfLabelledSequences(@TempDir Path root) throws Exception {
        for (String seq : List.of("S005/001", "S005/002", "S010/003")) {
            Path dir = Files.createDirectories(root.resolve("cohn-kanade-images").resolve(seq));
            for (int f = 1; f <= 6; f++) {
                Files.write(dir.resolve(seq.replace('/', '_') + String.format("_%08d.png", f)), new byte[] {(byte) f});
            }
        }
        Files.createDirectories(root.resolve("Emotion/S005/001"));
        Files.writeString(root.resolve("Emotion/S005/001/S005_001_00000006_emotion.txt"), "   3.0000000e+00\n");
        Files.createDirectories(root.resolve("Emotion/S005/002")); // not labelled
        Files.createDirectories(root.resolve("Emotion/S010/003"));
        Files.writeString(root.resolve("Emotion/S010/003/S010_003_00000006_emotion.txt"), "   5.0000000e+00\n");

        Dataset d = CkPlusDataset.read(root, 3, true, root.resolve("links"));

        assertThat(d.classes()).containsExactly("disgust", "happy", "neutral");
        assertThat(d.clips()).extracting(LabelledClip::id).containsExactly("disgust/S005_001", "neutral/S005_001", "happy/S010_003", "neutral/S010_003");
        assertThat(d.clips()).extracting(LabelledClip::group).containsExactly("S005", "S005", "S010", "S010");
        LabelledClip disgust = d.clips().get(0);
        try (var frames = Files.list(disgust.source())) {
            assertThat(frames.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly("S005_001_00000004.png", "S005_001_00000005.png", "S005_001_00000006.png");
        }
        assertThat(Files.readAllBytes(disgust.source().resolve("S005_001_00000006.png"))).containsExactly(6);
        try (var frames = Files.list(d.clips().get(1).source())) {
            assertThat(frames.map(p -> p.getFileName().toString()).toList()).containsExactly("S005_001_00000001.png");
        }
        // read again: the same links, no error
        assertThat(CkPlusDataset.read(root, 3, true, root.resolve("links")).clips()).hasSize(4);
        assertThat(CkPlusDataset.read(root, 0, false, root.resolve("links")).clips().get(0).source().toFile().list()).hasSize(6);
        Files.writeString(root.resolve("Emotion/S010/003/S010_003_00000006_emotion.txt"), "9\n");
        assertThatThrownBy(() -> CkPlusDataset.read(root, 3, false, root.resolve("links"))).hasMessageContaining("is not 0..7");
        assertThatThrownBy(() -> CkPlusDataset.read(root.resolve("links"), 3, false, root)).hasMessageContaining("not the CK+ layout");
    }
}
