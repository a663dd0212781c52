package io.fer.workers.modality;

import io.fer.models.tf.FloatTensor;
import io.fer.models.tf.ModelRunner;
import io.fer.models.tf.Predictor;
import io.fer.models.tf.SavedModelRunner;
import io.fer.models.tf.TfGraph;
import io.fer.models.tf.Translator;
import io.fer.models.tfjs.TfjsGraphModelLoader;
import io.fer.workers.image.Images;
import io.fer.workers.image.RgbImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The general-encoder slot (the paper's OmniVec): any TF.js graph model (model.json beside its .bin) or
 * SavedModel directory that maps an RGB crop to a vector, described by a spec such as
 * {@code name=omni,path=/models/enc/model.json,input=face,size=224,range=0..1,output=Identity}.
 * Input and output nodes default to the SavedModel's serving signature.
 */
public final class GenericModality implements Modality {
    public record Spec(String name, Path path, Input input, int size, String range, String inputNode, String outputNode) {
        public static Spec parse(String spec) {
            Map<String, String> kv = new LinkedHashMap<>();
            for (String part : spec.split(",")) {
                String[] p = part.split("=", 2);
                if (p.length != 2) {
                    throw new IllegalArgumentException("modality spec '" + spec + "': expected key=value, got '" + part + "'");
                }
                kv.put(p[0].strip(), p[1].strip());
            }
            for (String required : List.of("name", "path")) {
                if (!kv.containsKey(required)) {
                    throw new IllegalArgumentException("modality spec '" + spec + "' needs " + required + "=...");
                }
            }
            Input input = switch (kv.getOrDefault("input", "face")) {
                case "face" -> Input.FACE_CROP;
                case "context" -> Input.CONTEXT_CROP;
                default -> throw new IllegalArgumentException("input must be face or context in '" + spec + "'");
            };
            String range = kv.getOrDefault("range", "0..1");
            if (!List.of("0..1", "-1..1", "0..255").contains(range)) {
                throw new IllegalArgumentException("range must be 0..1, -1..1 or 0..255 in '" + spec + "'");
            }
            return new Spec(kv.get("name"), Path.of(kv.get("path")), input, Integer.parseInt(kv.getOrDefault("size", "224")),
                    range, kv.get("inputNode"), kv.get("output"));
        }
    }

    private final Spec spec;
    private final Predictor<RgbImage, float[]> predictor;
    private final int dimension;

    public GenericModality(Spec spec, TfGraph.TfOptions options) {
        this.spec = spec;
        if (!Files.exists(spec.path())) {
            throw new IllegalArgumentException("modality " + spec.name() + ": " + spec.path() + " does not exist");
        }
        ModelRunner engine;
        String inputNode;
        String outputNode;
        if (spec.path().toString().endsWith(".json")) {
            Path bin = spec.path().resolveSibling(spec.path().getFileName().toString().replaceFirst("\\.json$", ".bin"));
            inputNode = require(spec.inputNode(), "inputNode");
            outputNode = require(spec.outputNode(), "output");
            engine = TfGraph.of(TfjsGraphModelLoader.load(spec.path(), bin), options);
        } else {
            SavedModelRunner saved = new SavedModelRunner(spec.path().toString());
            inputNode = spec.inputNode() != null ? spec.inputNode() : saved.servingNode(true);
            outputNode = spec.outputNode() != null ? spec.outputNode() : saved.servingNode(false);
            engine = saved;
        }
        this.predictor = new Predictor<>(engine, new Translation(spec, inputNode, outputNode));
        this.dimension = predictor.predict(List.of(new RgbImage(spec.size(), spec.size(), new byte[spec.size() * spec.size() * 3])))
                .get(0).length;
    }

    private String require(String v, String key) {
        if (v == null) {
            throw new IllegalArgumentException("modality " + spec.name() + ": a TF.js model needs " + key + "=...");
        }
        return v;
    }

    @Override public String name() { return spec.name(); }
    @Override public Input input() { return spec.input(); }
    @Override public int dimension() { return dimension; }

    @Override
    public List<float[]> embed(List<RgbImage> crops) {
        return predictor.predict(crops);
    }

    @Override
    public void close() {
        predictor.close();
    }

    /** The whole crop resized to the spec's size, in its value range; the output node's row per crop. */
    private record Translation(Spec spec, String inputNode, String outputNode) implements Translator<RgbImage, float[]> {
        @Override
        public List<String> outputNodes() {
            return List.of(outputNode);
        }

        @Override
        public long[] itemShape() {
            return new long[] {spec.size(), spec.size(), 3};
        }

        @Override
        public float[] prepare(RgbImage crop) {
            float[] x = Images.cropResize(crop, Images.centre(crop, 1f), spec.size(), spec.size());
            for (int k = 0; k < x.length; k++) {
                x[k] = switch (spec.range()) {
                    case "0..1" -> x[k] / 255f;
                    case "-1..1" -> x[k] / 127.5f - 1f;
                    default -> x[k];
                };
            }
            return x;
        }

        @Override
        public float[] output(List<FloatTensor> outputs, int index, RgbImage item) {
            return outputs.get(0).row(index);
        }
    }
}
