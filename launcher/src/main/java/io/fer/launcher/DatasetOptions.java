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
            description = "folders (<label>/<clip>/<frames> or <label>/<video>, e.g. CK+48, AFEW), dfew (clip folders + label/split"
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

    @Option(names = "--aligned-faces", description = "the frames already are face crops (DFEW, CK+): no face detection")
    boolean alignedFaces;

    Dataset read(DfewDataset.Part part) {
        if (dataset == null) {
            throw new Fer.UserError("--dataset DIR is required");
        }
        return switch (format) {
            case "folders" -> FoldersDataset.read(dataset);
            case "dfew" -> DfewDataset.read(dataset, fold, part);
            case "ckplus" -> CkPlusDataset.read(dataset, ckplusPeakFrames, ckplusNeutral,
                    Path.of(System.getProperty("user.home"), ".cache", "fer", "datasets"));
            default -> throw new Fer.UserError("unknown --format '" + format + "': folders, dfew or ckplus");
        };
    }
}
