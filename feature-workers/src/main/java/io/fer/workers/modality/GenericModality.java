package io.fer.workers.modality;

import io.fer.models.tf.FloatTensor;
import io.fer.models.tf.TfGraph;
import io.fer.models.tfjs.TfjsGraphModelLoader;
import io.fer.workers.image.Images;
import io.fer.workers.image.RgbImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.types.TFloat32;

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
    private final TfGraph graph;
    private final SavedModelBundle bundle;
    private final String inputNode;
    private final String outputNode;
    private final int dimension;

    public GenericModality(Spec spec, TfGraph.TfOptions options) {
        this.spec = spec;
        if (!Files.exists(spec.path())) {
            throw new IllegalArgumentException("modality " + spec.name() + ": " + spec.path() + " does not exist");
        }
        if (spec.path().toString().endsWith(".json")) {
            Path bin = spec.path().resolveSibling(spec.path().getFileName().toString().replaceFirst("\\.json$", ".bin"));
            this.graph = TfGraph.of(TfjsGraphModelLoader.load(spec.path(), bin), options);
            this.bundle = null;
            this.inputNode = require(spec.inputNode(), "inputNode");
            this.outputNode = require(spec.outputNode(), "output");
        } else {
            this.graph = null;
            this.bundle = SavedModelBundle.load(spec.path().toString(), SavedModelBundle.DEFAULT_TAG);
            SignatureDef sig = bundle.metaGraphDef().getSignatureDefMap().get("serving_default");
            this.inputNode = spec.inputNode() != null ? spec.inputNode()
                    : sig.getInputsMap().values().iterator().next().getName();
            this.outputNode = spec.outputNode() != null ? spec.outputNode()
                    : sig.getOutputsMap().values().iterator().next().getName();
        }
        this.dimension = run(List.of(new RgbImage(spec.size(), spec.size(), new byte[spec.size() * spec.size() * 3]))).get(0).length;
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
        return crops.isEmpty() ? List.of() : run(crops);
    }

    private List<float[]> run(List<RgbImage> crops) {
        int s = spec.size();
        int per = s * s * 3;
        float[] in = new float[crops.size() * per];
        for (int i = 0; i < crops.size(); i++) {
            float[] x = Images.cropResize(crops.get(i), Images.centre(crops.get(i), 1f), s, s);
            for (int k = 0; k < x.length; k++) {
                x[k] = switch (spec.range()) {
                    case "0..1" -> x[k] / 255f;
                    case "-1..1" -> x[k] / 127.5f - 1f;
                    default -> x[k];
                };
            }
            System.arraycopy(x, 0, in, i * per, per);
        }
        FloatTensor out;
        long[] shape = {crops.size(), s, s, 3};
        if (graph != null) {
            out = graph.run(inputNode, new FloatTensor(in, shape), List.of(outputNode)).get(0);
        } else {
            Session session = bundle.session();
            try (TFloat32 t = TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(in, true, false));
                    var r = session.runner().feed(inputNode, t).fetch(outputNode).run()) {
                TFloat32 o = (TFloat32) r.get(0);
                float[] flat = new float[(int) o.shape().size()];
                o.copyTo(DataBuffers.of(flat, false, false));
                out = new FloatTensor(flat, o.shape().asArray());
            }
        }
        List<float[]> result = new ArrayList<>(crops.size());
        for (int i = 0; i < crops.size(); i++) {
            result.add(out.row(i));
        }
        return result;
    }

    @Override
    public void close() {
        if (graph != null) {
            graph.close();
        }
        if (bundle != null) {
            bundle.close();
        }
    }
}
