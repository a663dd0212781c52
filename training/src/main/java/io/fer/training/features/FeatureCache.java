package io.fer.training.features;

import io.fer.classifier.model.FeatureWindow;
import io.fer.training.dataset.LabelledClip;
import io.fer.workers.stage.StageConfig;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** Extracted windows on disk, keyed by a fingerprint of the clips and the extraction settings: retraining reuses them. */
public final class FeatureCache {
    private FeatureCache() {}

    /** Clip ids, sources, sizes and times, modalities, settings: any change makes a new fingerprint. */
    public static String fingerprint(List<LabelledClip> clips, ExtractionConfig cfg, int windowFrames, int stride) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            // detected faces come through the face stage's cropper, tracker and key frames (v3); pre-aligned frames as in v1
            update(md, "v1 " + cfg.modalities() + " " + cfg.alignedFaces() + " " + cfg.minFrames() + " " + cfg.maxFrames()
                    + " " + windowFrames + " " + stride + (cfg.alignedFaces() ? ""
                    : " faces v3, track " + cfg.track() + ", detect every " + StageConfig.DEFAULT.detectEvery()));
            for (LabelledClip c : clips) {
                update(md, c.id() + " " + c.label() + " " + c.source());
                try (var files = Files.walk(c.source(), 1)) {
                    for (Path p : files.sorted().toList()) {
                        if (Files.isRegularFile(p)) {
                            update(md, p.getFileName() + ":" + Files.size(p) + ":" + Files.getLastModifiedTime(p).toMillis());
                        }
                    }
                }
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void update(MessageDigest md, String s) {
        md.update(s.getBytes(StandardCharsets.UTF_8));
        md.update((byte) '\n');
    }

    public static Map<String, List<FeatureWindow>> read(Path file) {
        Map<String, List<FeatureWindow>> out = new LinkedHashMap<>();
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(Files.newInputStream(file), 1 << 16))) {
            int clips = in.readInt();
            for (int c = 0; c < clips; c++) {
                String id = in.readUTF();
                int n = in.readInt();
                List<FeatureWindow> ws = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    FeatureWindow w = new FeatureWindow();
                    w.streamId = id;
                    w.trackId = in.readInt();
                    w.firstFrameIndex = in.readLong();
                    w.lastFrameIndex = in.readLong();
                    w.startUs = in.readLong();
                    w.endUs = in.readLong();
                    w.features = floats(in);
                    w.mask = floats(in);
                    int m = in.readInt();
                    w.modalitiesPresent = new String[m];
                    for (int k = 0; k < m; k++) {
                        w.modalitiesPresent[k] = in.readUTF();
                    }
                    ws.add(w);
                }
                out.put(id, ws);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the feature cache " + file, e);
        }
        return out;
    }

    public static void write(Path file, Map<String, List<FeatureWindow>> windows) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), "features", ".part");
            try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
                out.writeInt(windows.size());
                for (var e : windows.entrySet()) {
                    out.writeUTF(e.getKey());
                    out.writeInt(e.getValue().size());
                    for (FeatureWindow w : e.getValue()) {
                        out.writeInt(w.trackId);
                        out.writeLong(w.firstFrameIndex);
                        out.writeLong(w.lastFrameIndex);
                        out.writeLong(w.startUs);
                        out.writeLong(w.endUs);
                        floats(out, w.features);
                        floats(out, w.mask);
                        out.writeInt(w.modalitiesPresent.length);
                        for (String m : w.modalitiesPresent) {
                            out.writeUTF(m);
                        }
                    }
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the feature cache " + file, e);
        }
    }

    private static float[] floats(DataInputStream in) throws IOException {
        float[] v = new float[in.readInt()];
        for (int i = 0; i < v.length; i++) {
            v[i] = in.readFloat();
        }
        return v;
    }

    private static void floats(DataOutputStream out, float[] v) throws IOException {
        out.writeInt(v.length);
        for (float x : v) {
            out.writeFloat(x);
        }
    }
}
