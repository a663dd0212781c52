package io.fer.launcher;

import io.fer.training.dataset.Dataset;
import io.fer.training.dataset.CkPlusDataset;
import io.fer.training.dataset.DfewDataset;
import io.fer.training.dataset.FoldersDataset;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** --dataset, --format, --fold, --aligned-faces: shared by train and eval. */
public final class DatasetOptions {
    @Option(names = "--dataset", paramLabel = "DIR", description = "a labelled data set")
    Path dataset;

    @Option(names = "--format", defaultValue = "folders",
            description = "folders (<label>/<clip>/<frames>, <label>/<video> or <label>/<image>: CK+48, AFEW, FER2013's train/), dfew (clip folders + label/split"
                    + " CSVs) or ckplus (cohn-kanade-images/ + Emotion/ as downloaded) (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--ckplus-peak-frames", defaultValue = "3",
            description = "ckplus: a clip is the last N frames of a sequence, its peak (0: the whole sequence) (default: ${DEFAULT-VALUE})")
    int ckplusPeakFrames;

    @Option(names = "--ckplus-neutral", description = "ckplus: also a neutral clip from each sequence's first frame")
    boolean ckplusNeutral;

    @Option(names = "--track", defaultValue = "longest",
            description = "which face track of a clip is the labelled one when there are several: longest or largest (default: ${DEFAULT-VALUE})")
    String track;

    @Option(names = "--fold", defaultValue = "1", description = "DFEW fold 1..5 (default: ${DEFAULT-VALUE})")
    int fold;

    @Option(names = "--val", paramLabel = "DIR", description = "a given validation split in the same format (FER2013's public-test/):"
            + " train chooses its settings on it instead of by cross-validation and trains on --dataset alone; eval --ablate trains"
            + " each set on --dataset and scores it there")
    Path validation;

    @Option(names = "--aligned-faces", description = "the frames already are face crops (DFEW, CK+): no face detection")
    boolean alignedFaces;

    Dataset read(DfewDataset.Part part) {
        if (dataset == null) {
            throw new Fer.UserError("--dataset DIR is required");
        }
        return read(dataset, part);
    }

    Dataset read(Path root, DfewDataset.Part part) {
        return switch (format) {
            case "folders" -> FoldersDataset.read(root);
            case "dfew" -> DfewDataset.read(root, fold, part);
            case "ckplus" -> CkPlusDataset.read(root, ckplusPeakFrames, ckplusNeutral,
                    Path.of(System.getProperty("user.home"), ".cache", "fer", "datasets"));
            default -> throw new Fer.UserError("unknown --format '" + format + "': folders, dfew or ckplus");
        };
    }
}
