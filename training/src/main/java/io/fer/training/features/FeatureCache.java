package io.fer.training.features;

import io.fer.classifier.model.FeatureWindow;
import io.fer.models.tfjs.ConvertedModels;
import io.fer.training.dataset.LabelledClip;
import io.fer.workers.stage.StageConfig;
import io.fer.workers.image.Augmentation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToIntFunction;

/** Extracted windows on disk, keyed by a fingerprint of the clips and the extraction settings: retraining reuses them. */
public final class FeatureCache {
    private FeatureCache() {}

    /** Clip ids, sources, sizes and times, modalities, settings: any change makes a new fingerprint. */
    public static String fingerprint(List<LabelledClip> clips, ExtractionConfig cfg, int windowFrames, int stride) {
        return fingerprint(clips, cfg, windowFrames, stride, cfg.modalities().toString());
    }

    /**
     * The cache files that hold these clips' features for these settings: the file made for exactly these modalities, else
     * one made for more of them, else files made for other sets that together cover them (read, cut down and joined, see
     * {@link #join}); empty when the modalities are not all cached. {@link #file} names the file to write.
     */
    public static List<Path> lookup(Path dir, List<LabelledClip> clips, ExtractionConfig cfg, int windowFrames, int stride) {
        Path exact = file(dir, clips, cfg, windowFrames, stride);
        if (Files.isRegularFile(exact)) {
            return List.of(exact);
        }
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        String prefix = prefix(clips, cfg, windowFrames, stride);
        List<Path> candidates;
        try (var files = Files.list(dir)) {
            candidates = files.filter(p -> p.getFileName().toString().startsWith(prefix) && p.getFileName().toString().endsWith(".bin"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path p : candidates) {
            if (modalitiesOf(p).containsAll(cfg.modalities())) {
                return List.of(p);
            }
        }
        List<Path> cover = new ArrayList<>();
        Set<String> missing = new LinkedHashSet<>(cfg.modalities());
        for (Path p : candidates) {
            if (modalitiesOf(p).stream().anyMatch(missing::contains)) {
                cover.add(p);
                missing.removeAll(modalitiesOf(p));
            }
        }
        return missing.isEmpty() ? cover : List.of();
    }

    /** Where the features of these clips, settings and modalities are written. */
    public static Path file(Path dir, List<LabelledClip> clips, ExtractionConfig cfg, int windowFrames, int stride) {
        return dir.resolve(prefix(clips, cfg, windowFrames, stride) + String.join("+", cfg.modalities()) + ".bin");
    }

    private static String prefix(List<LabelledClip> clips, ExtractionConfig cfg, int windowFrames, int stride) {
        return fingerprint(clips, cfg, windowFrames, stride, "any modalities") + "-";
    }

    /** The modalities a cache file was made for, from its name (after the fingerprint's '-'). */
    public static List<String> modalitiesOf(Path file) {
        String name = file.getFileName().toString();
        return List.of(name.substring(name.indexOf('-') + 1, name.length() - ".bin".length()).split("\\+"));
    }

    /**
     * Windows of several caches (each cut down to the wanted modalities it holds) joined frame by frame into the wanted
     * modalities' order. The caches must have the same windows for every clip (the same frames: as they do for pre-aligned
     * clips, whose every frame is a face); null if they do not, and the features must then be extracted together.
     */
    public static Map<String, List<FeatureWindow>> join(List<Map<String, List<FeatureWindow>>> parts, List<List<String>> partModalities,
            ToIntFunction<String> dimension, List<String> want) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        int dWant = want.stream().mapToInt(dimension).sum();
        Map<String, List<FeatureWindow>> out = new LinkedHashMap<>();
        for (String clip : parts.get(0).keySet()) {
            List<FeatureWindow> first = parts.get(0).get(clip);
            List<FeatureWindow> joined = new ArrayList<>(first.size());
            for (int wi = 0; wi < first.size(); wi++) {
                FeatureWindow w0 = first.get(wi);
                int frames = w0.mask.length / partModalities.get(0).size();
                FeatureWindow[] ws = new FeatureWindow[parts.size()];
                for (int p = 0; p < parts.size(); p++) {
                    List<FeatureWindow> l = parts.get(p).get(clip);
                    if (l == null || l.size() != first.size() || l.get(wi).firstFrameIndex != w0.firstFrameIndex
                            || l.get(wi).mask.length / partModalities.get(p).size() != frames) {
                        return null;
                    }
                    ws[p] = l.get(wi);
                }
                FeatureWindow c = WindowFrames.sameWindow(w0, new float[frames * dWant], new float[frames * want.size()]);
                List<String> present = new ArrayList<>();
                for (int f = 0; f < frames; f++) {
                    int at = f * dWant;
                    for (int q = 0; q < want.size(); q++) {
                        String m = want.get(q);
                        int p = 0;
                        while (!partModalities.get(p).contains(m)) {
                            p++;
                        }
                        List<String> pm = partModalities.get(p);
                        int dPart = pm.stream().mapToInt(dimension).sum();
                        int off = pm.subList(0, pm.indexOf(m)).stream().mapToInt(dimension).sum();
                        int dim = dimension.applyAsInt(m);
                        System.arraycopy(ws[p].features, f * dPart + off, c.features, at, dim);
                        at += dim;
                        c.mask[f * want.size() + q] = ws[p].mask[f * pm.size() + pm.indexOf(m)];
                    }
                }
                for (FeatureWindow w : ws) {
                    present.addAll(Arrays.asList(w.modalitiesPresent));
                }
                c.modalitiesPresent = want.stream().filter(present::contains).toArray(String[]::new);
                joined.add(c);
            }
            out.put(clip, joined);
        }
        return out;
    }

    /** Windows of a cache made for more modalities, cut down to the wanted ones (in their order). */
    public static Map<String, List<FeatureWindow>> select(Map<String, List<FeatureWindow>> windows, List<String> have,
            List<Integer> haveDims, List<String> want) {
        if (have.equals(want)) {
            return windows;
        }
        int[] offsets = new int[have.size()];
        for (int i = 1; i < have.size(); i++) {
            offsets[i] = offsets[i - 1] + haveDims.get(i - 1);
        }
        int dHave = offsets[have.size() - 1] + haveDims.get(have.size() - 1);
        int dWant = want.stream().mapToInt(w -> haveDims.get(have.indexOf(w))).sum();
        Map<String, List<FeatureWindow>> out = new LinkedHashMap<>();
        for (var e : windows.entrySet()) {
            List<FeatureWindow> cut = new ArrayList<>(e.getValue().size());
            for (FeatureWindow w : e.getValue()) {
                int frames = w.mask.length / have.size();
                FeatureWindow c = WindowFrames.sameWindow(w, new float[frames * dWant], new float[frames * want.size()]);
                for (int f = 0; f < frames; f++) {
                    int at = f * dWant;
                    for (int q = 0; q < want.size(); q++) {
                        int src = have.indexOf(want.get(q));
                        int dim = haveDims.get(src);
                        System.arraycopy(w.features, f * dHave + offsets[src], c.features, at, dim);
                        at += dim;
                        c.mask[f * want.size() + q] = w.mask[f * have.size() + src];
                    }
                }
                c.modalitiesPresent = Arrays.stream(w.modalitiesPresent).filter(want::contains).toArray(String[]::new);
                cut.add(c);
            }
            out.put(e.getKey(), cut);
        }
        return out;
    }

    private static String fingerprint(List<LabelledClip> clips, ExtractionConfig cfg, int windowFrames, int stride, String modalities) {
        return fingerprint(clips, cfg, windowFrames, stride, modalities, ConvertedModels.generatorsIdentity());
    }

    /** @param generators what the generators' outputs depend on (their pinned packages, the converter's version) */
    static String fingerprint(List<LabelledClip> clips, ExtractionConfig cfg, int windowFrames, int stride, String modalities,
            String generators) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            update(md, generators);
            // detected faces come through the face stage's cropper, tracker and key frames (v3); pre-aligned frames as in v1;
            // stills stay one frame and windows lose their trailing masked frames (v2)
            update(md, "v2 " + modalities + (cfg.mirrored() ? " mirrored" : "") + (cfg.degradation().isEmpty() ? "" : " degraded " + cfg.degradation() + " v" + Augmentation.VERSION
                    + (cfg.alignedFaces() ? " as crops" : "")) + " " + cfg.alignedFaces() + " " + cfg.minFrames() + " " + cfg.maxFrames()
                    + " " + windowFrames + " " + stride + (cfg.alignedFaces() ? ""
                    : " faces v3, track " + cfg.track() + ", detect every " + StageConfig.DEFAULT.detectEvery() + ", small faces "
                    + StageConfig.DEFAULT.smallFaces().minFace() + " px"));
            for (LabelledClip c : clips) {
                update(md, c.id() + " " + c.label() + " " + c.source().toAbsolutePath().normalize()); // one clip, however its path was spelt
                try (var files = Files.walk(c.source(), 1)) {
                    for (Path p : files.sorted().toList()) {
                        if (Files.isRegularFile(p)) {
                            update(md, p.getFileName() + ":" + Files.size(p) + ":" + contentDigest(p));
                        }
                    }
                }
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The file's content, not its time: a data set copied or provisioned again (new times, same bytes) keeps its cache.
     * Files up to 4 MB (images) are read whole; a larger one (a video) by its first and last MB, which with its size
     * tells edits apart without reading gigabytes on every run.
     */
    private static String contentDigest(Path file) throws IOException, NoSuchAlgorithmException {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        long size = Files.size(file);
        try (var ch = FileChannel.open(file)) {
            if (size <= WHOLE_FILE_BYTES) {
                readInto(md, ch, 0, size);
            } else {
                readInto(md, ch, 0, EDGE_BYTES);
                readInto(md, ch, size - EDGE_BYTES, EDGE_BYTES);
            }
        }
        return HexFormat.of().formatHex(md.digest(), 0, 8);
    }

    private static final long WHOLE_FILE_BYTES = 4L << 20;
    private static final int EDGE_BYTES = 1 << 20;

    private static void readInto(MessageDigest md, FileChannel ch, long from, long length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(length, 1 << 16));
        for (long pos = from, end = from + length; pos < end; ) {
            buf.clear().limit((int) Math.min(buf.capacity(), end - pos));
            int n = ch.read(buf, pos);
            if (n < 0) {
                break;
            }
            md.update(buf.array(), 0, n);
            pos += n;
        }
    }

    private static void update(MessageDigest md, String s) {
        md.update(s.getBytes(StandardCharsets.UTF_8));
        md.update((byte) '\n');
    }
}
