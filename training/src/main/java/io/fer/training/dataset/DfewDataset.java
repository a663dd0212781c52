package io.fer.training.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * DFEW's official layout: 16-frame clip folders ({@code Clip/clip_224x224/<5-digit id>/}) and the label/split CSVs
 * ({@code EmoLabel_DataSplit/train(single-labeled)/set_K.csv}, {@code test(single-labeled)/set_K.csv}: video_name,
 * label), label ids 1..7 = Happy, Sad, Neutral, Angry, Surprise, Disgust, Fear; five folds. DFEW clips are movie
 * excerpts without subject ids, so a clip is its own group.
 */
public final class DfewDataset {
    public static final List<String> CLASSES = List.of("happy", "sad", "neutral", "angry", "surprise", "disgust", "fear");

    public enum Part { TRAIN, TEST }

    private DfewDataset() {}

    public static Dataset read(Path root, int fold, Part part) {
        if (fold < 1 || fold > 5) {
            throw new IllegalArgumentException("DFEW has folds 1..5, got " + fold);
        }
        Path csv = root.resolve("EmoLabel_DataSplit").resolve(part == Part.TRAIN ? "train(single-labeled)" : "test(single-labeled)")
                .resolve("set_" + fold + ".csv");
        if (!Files.isRegularFile(csv)) {
            throw new IllegalArgumentException(root + " is not a DFEW folder: missing " + csv);
        }
        Path clipsDir = clipsDir(root);
        List<LabelledClip> clips = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(csv);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty() || (i == 0 && !Character.isDigit(line.charAt(0)))) {
                    continue; // header
                }
                String[] f = line.split(",");
                if (f.length < 2) {
                    throw new IllegalArgumentException(csv + ":" + (i + 1) + ": expected video_name,label");
                }
                String id = String.format("%05d", Integer.parseInt(f[0].strip()));
                int label = Integer.parseInt(f[1].strip());
                if (label < 1 || label > 7) {
                    throw new IllegalArgumentException(csv + ":" + (i + 1) + ": label " + label + " is not 1..7");
                }
                Path folder = clipsDir.resolve(id);
                if (!Files.isDirectory(folder)) {
                    throw new IllegalArgumentException(csv + ":" + (i + 1) + ": clip folder " + folder + " is missing");
                }
                clips.add(new LabelledClip(id, CLASSES.get(label - 1), id, folder));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Dataset(CLASSES, clips);
    }

    private static Path clipsDir(Path root) {
        for (Path p : List.of(root.resolve("Clip").resolve("clip_224x224"), root.resolve("Clip").resolve("clip_224x224_16f"),
                root.resolve("clip_224x224"))) {
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        try (Stream<Path> s = Files.walk(root, 3)) {
            return s.filter(Files::isDirectory).filter(p -> p.getFileName().toString().startsWith("clip_224x224")).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(root + " is not a DFEW folder: no Clip/clip_224x224"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
