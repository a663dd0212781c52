package io.fer.launcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer.models.store.ModelStore;
import io.fer.models.tf.TfGraph;
import io.fer.schemas.Probabilities;
import io.fer.workers.appearance.FaceResModel;
import io.fer.workers.expression.EmotionClasses;
import io.fer.workers.expression.ExpressionFeatures;
import io.fer.workers.expression.ExpressionModel;
import io.fer.workers.face.Detection;
import io.fer.workers.face.FaceAligner;
import io.fer.workers.face.FaceDetector;
import io.fer.workers.image.AlignedBox;
import io.fer.workers.image.Images;
import io.fer.workers.image.RgbImage;
import io.fer.workers.landmarks.FaceMesh;
import io.fer.workers.landmarks.FaceMeshModel;
import io.fer.workers.pose.BodyPose;
import io.fer.workers.pose.MoveNetModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** fer models run NAME --image FILE: one generator on one image, its decoded output. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run one generator on one image and print its decoded output.",
                "blazeface and movenet-lightning run on the whole image; emotion, faceres and facemesh on each face the"
                        + " detector finds (aligned, eye line level), or on the whole image with --face-crop."})
public final class ModelsRunCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(index = "0", paramLabel = "NAME", description = "blazeface, emotion, faceres, facemesh or movenet-lightning")
    String name;

    @Option(names = "--image", required = true, paramLabel = "FILE", description = "a JPEG or PNG")
    Path image;

    @Option(names = "--face-crop", description = "the image already is a face crop: skip detection")
    boolean faceCrop;

    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    @Option(names = "--device", defaultValue = "auto", description = "auto, cpu or gpu:N (default: ${DEFAULT-VALUE})")
    String device;

    @Mixin ModelsOptions models;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Generators.requireKnown(name);
        if (!Files.isRegularFile(image)) {
            throw new Fer.UserError(image + ": no such file");
        }
        RgbImage img = Images.decode(Files.readAllBytes(image));
        ModelStore store = Generators.checked(models.store());
        TfGraph.TfOptions opts = Generators.options(device, 0);
        ObjectNode out = JSON.createObjectNode();
        out.put("model", name);
        out.put("image", image.toString());
        out.put("width", img.width());
        out.put("height", img.height());
        if (name.equals(MoveNetModel.MODEL)) {
            try (MoveNetModel m = new MoveNetModel(store, opts)) {
                out.set("keypoints", keypoints(m.run(List.of(img)).get(0)));
            }
            return print(out);
        }
        List<Detection> faces;
        List<AlignedBox> regions = new ArrayList<>();
        List<RgbImage> crops = new ArrayList<>();
        if (faceCrop && !name.equals(FaceDetector.MODEL)) {
            faces = List.of();
            AlignedBox whole = new AlignedBox(img.width() / 2f, img.height() / 2f, Math.max(img.width(), img.height()), 0);
            regions.add(whole);
            crops.add(img);
        } else {
            try (FaceDetector d = new FaceDetector(store, FaceDetector.DetectorConfig.DEFAULT, opts)) {
                faces = d.detect(img);
            }
            for (Detection f : faces) {
                AlignedBox a = FaceAligner.align(f, FaceAligner.CROP_MARGIN);
                regions.add(a);
                crops.add(Images.warp(img, a, 256));
            }
        }
        ArrayNode items = out.putArray("faces");
        for (int i = 0; i < crops.size(); i++) {
            ObjectNode o = items.addObject();
            if (i < faces.size()) {
                Detection f = faces.get(i);
                o.putArray("box").add(f.box().x()).add(f.box().y()).add(f.box().width()).add(f.box().height());
                o.put("score", f.score());
                ArrayNode kp = o.putArray("keypoints");
                for (int k = 0; k < f.keypoints().length; k += 2) {
                    kp.addArray().add(f.keypoints()[k]).add(f.keypoints()[k + 1]);
                }
            }
        }
        switch (name) {
            case "emotion" -> {
                try (ExpressionModel m = new ExpressionModel(store, opts)) {
                    List<ExpressionFeatures> r = m.run(crops);
                    for (int i = 0; i < r.size(); i++) {
                        ObjectNode o = (ObjectNode) items.get(i);
                        float[] p = r.get(i).probabilities();
                        ObjectNode probs = o.putObject("probabilities");
                        for (int k = 0; k < p.length; k++) {
                            probs.put(EmotionClasses.MODEL_ORDER.get(k), p[k]);
                        }
                        o.put("label", EmotionClasses.MODEL_ORDER.get(Probabilities.argmax(p)));
                        o.set("vector", floats(r.get(i).vector()));
                    }
                }
            }
            case "faceres" -> {
                try (FaceResModel m = new FaceResModel(store, opts)) {
                    List<float[]> r = m.run(crops);
                    for (int i = 0; i < r.size(); i++) {
                        ((ObjectNode) items.get(i)).set("descriptor", floats(r.get(i)));
                    }
                }
            }
            case "facemesh" -> {
                try (FaceMeshModel m = new FaceMeshModel(store, opts)) {
                    List<FaceMesh> r = m.run(crops);
                    for (int i = 0; i < r.size(); i++) {
                        ObjectNode o = (ObjectNode) items.get(i);
                        o.put("meshScore", r.get(i).score());
                        ArrayNode pts = o.putArray("landmarks");
                        float[] p = r.get(i).points();
                        for (int k = 0; k < FaceMesh.POINTS; k++) {
                            float[] xy = regions.get(i).toImage(p[3 * k], p[3 * k + 1]);
                            pts.addArray().add(xy[0]).add(xy[1]).add(p[3 * k + 2] * regions.get(i).side());
                        }
                    }
                }
            }
            default -> { } // blazeface: the boxes above
        }
        return print(out);
    }

    private int print(ObjectNode out) throws Exception {
        if (json) {
            spec.commandLine().getOut().println(JSON.writeValueAsString(out));
        } else {
            spec.commandLine().getOut().println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(summary(out)));
        }
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** Without --json: the result without the long vectors. */
    private static ObjectNode summary(ObjectNode out) {
        ObjectNode s = out.deepCopy();
        if (s.has("faces")) {
            for (var f : s.get("faces")) {
                for (String big : List.of("vector", "descriptor", "landmarks")) {
                    if (f.has(big)) {
                        ((ObjectNode) f).put(big, f.get(big).size() + " values (--json prints them)");
                    }
                }
            }
        }
        return s;
    }

    private static ArrayNode keypoints(BodyPose pose) {
        ArrayNode a = JSON.createArrayNode();
        float[] k = pose.keypoints();
        for (int i = 0; i < k.length; i += 3) {
            a.addArray().add(k[i]).add(k[i + 1]).add(k[i + 2]);
        }
        return a;
    }

    private static ArrayNode floats(float[] v) {
        ArrayNode a = JSON.createArrayNode();
        for (float x : v) {
            a.add(x);
        }
        return a;
    }
}
