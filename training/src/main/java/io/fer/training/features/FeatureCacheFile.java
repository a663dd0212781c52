package io.fer.training.features;

import io.fer.classifier.model.FeatureWindow;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A feature cache file: per clip its windows (track, frames, times, features, mask, modalities present), gzipped;
 * written to a temporary file and moved into place, so a reader never sees half a file.
 */
public final class FeatureCacheFile {
    private FeatureCacheFile() {}

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
