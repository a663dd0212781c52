package io.fer.models.temporal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a temporal model directory says about itself (metadata.json beside the SavedModel): the classes it
 * predicts, the modalities and vector sizes it reads in which order, its window, where it came from.
 */
public record ModelMetadata(
        String version,
        List<String> classes,
        List<Modality> modalities,
        int windowFrames,
        int windowStride,
        Map<String, Object> provenance,
        Map<String, Object> metrics) {

    public static final String FILE = "metadata.json";
    public static final String SIGNATURE = "serving_default";
    public static final String INPUT_FEATURES = "features";
    public static final String INPUT_MASK = "mask";
    public static final String OUTPUT_PROBABILITIES = "probabilities";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public record Modality(String name, int dim) {}

    public int featureDim() {
        return modalities.stream().mapToInt(Modality::dim).sum();
    }

    public static ModelMetadata read(Path modelDir) {
        Path f = modelDir.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            throw new IllegalArgumentException(modelDir + " is not a model directory: no " + FILE);
        }
        try {
            return JSON.readValue(f.toFile(), ModelMetadata.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(f + " is not valid model metadata: " + e.getMessage(), e);
        }
    }

    public void write(Path modelDir) {
        try {
            Files.createDirectories(modelDir);
            JSON.writeValue(modelDir.resolve(FILE).toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
