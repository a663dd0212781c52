package io.fer.launcher;

import io.fer.training.dataset.Dataset;
import io.fer.training.dataset.DfewDataset;
import io.fer.training.dataset.FoldersDataset;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** --dataset, --format, --fold, --aligned-faces: shared by train and eval. */
public final class DatasetOptions {
    @Option(names = "--dataset", paramLabel = "DIR", description = "a labelled data set")
    Path dataset;

    @Option(names = "--format", defaultValue = "folders",
            description = "folders (<label>/<clip>/<frames> or <label>/<video>) or dfew (clip folders + label/split CSVs) (default: ${DEFAULT-VALUE})")
    String format;

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
            default -> throw new Fer.UserError("unknown --format '" + format + "': folders or dfew");
        };
    }
}
