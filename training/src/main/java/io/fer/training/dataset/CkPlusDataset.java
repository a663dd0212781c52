package io.fer.training.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The Extended Cohn-Kanade (CK+) data set as it is downloaded: {@code cohn-kanade-images/Sxxx/yyy/Sxxx_yyy_0000000N.png}
 * with labels in {@code Emotion/Sxxx/yyy/Sxxx_yyy_0000000N_emotion.txt} (one number: 0 neutral, 1 anger, 2 contempt,
 * 3 disgust, 4 fear, 5 happy, 6 sadness, 7 surprise). Sequences without a label file are not labelled and are left
 * out. A sequence runs from neutral to the expression's peak; a clip is its last {@code peakFrames} frames (3, as in
 * CK+48 and most CK+ protocols; 0 for the whole sequence). With {@code neutral}, each labelled sequence's first frame
 * is also a "neutral" clip. The subject (Sxxx) is the group. The images are whole frames: faces are detected.
 *
 * <p>A clip is a folder of frames downstream, so the chosen frames are linked (symbolic links) into a folder per clip
 * under {@code linkDir}; nothing is copied.
 */
public final class CkPlusDataset {
    static final List<String> LABELS = List.of("neutral", "anger", "contempt", "disgust", "fear", "happy", "sadness", "surprise");

    private CkPlusDataset() {}

    public static Dataset read(Path root, int peakFrames, boolean neutral, Path linkDir) {
        Path images = root.resolve("cohn-kanade-images");
        Path emotion = root.resolve("Emotion");
        if (!Files.isDirectory(images) || !Files.isDirectory(emotion)) {
            throw new IllegalArgumentException(root + ": not the CK+ layout (cohn-kanade-images/ and Emotion/ expected)");
        }
        try {
            Path links = linkDir.resolve(fingerprint(root, peakFrames, neutral));
            Set<String> classes = new TreeSet<>();
            List<LabelledClip> clips = new ArrayList<>();
            for (Path subject : dirs(emotion)) {
                for (Path sequence : dirs(subject)) {
                    List<Path> labelFiles = files(sequence).stream().filter(p -> p.getFileName().toString().endsWith("_emotion.txt")).toList();
                    if (labelFiles.isEmpty()) {
                        continue;
                    }
                    String label = label(labelFiles.get(0));
                    String subjectId = subject.getFileName().toString();
                    String seqId = subjectId + "_" + sequence.getFileName();
                    List<Path> frames = files(images.resolve(subjectId).resolve(sequence.getFileName().toString())).stream()
                            .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")).toList();
                    if (frames.isEmpty()) {
                        throw new IllegalArgumentException(seqId + ": a label but no frames in " + images);
                    }
                    List<Path> peak = peakFrames <= 0 ? frames : frames.subList(Math.max(0, frames.size() - peakFrames), frames.size());
                    clips.add(new LabelledClip(label + "/" + seqId, label, subjectId, link(links.resolve(label).resolve(seqId), peak)));
                    classes.add(label);
                    if (neutral) {
                        clips.add(new LabelledClip("neutral/" + seqId, "neutral", subjectId,
                                link(links.resolve("neutral").resolve(seqId), frames.subList(0, 1))));
                        classes.add("neutral");
                    }
                }
            }
            if (clips.isEmpty()) {
                throw new IllegalArgumentException(root + ": no labelled sequences under Emotion/");
            }
            return new Dataset(List.copyOf(classes), clips);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String label(Path file) throws IOException {
        String text = Files.readString(file).trim();
        try {
            int code = (int) Math.round(Double.parseDouble(text)); // written as "3.0000000e+00"
            if (code < 0 || code >= LABELS.size()) {
                throw new IllegalArgumentException(file + ": label " + code + " is not 0..7");
            }
            return LABELS.get(code);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": not a CK+ label ('" + text + "')");
        }
    }

    private static Path link(Path dir, List<Path> frames) throws IOException {
        Files.createDirectories(dir);
        for (Path f : frames) {
            Path l = dir.resolve(f.getFileName());
            if (!Files.exists(l, LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(l, f.toAbsolutePath());
            }
        }
        return dir;
    }

    private static String fingerprint(Path root, int peakFrames, boolean neutral) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update((root.toAbsolutePath().normalize() + " " + peakFrames + " " + neutral).getBytes(StandardCharsets.UTF_8));
            return "ckplus-" + HexFormat.of().formatHex(md.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Path> dirs(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        }
    }

    private static List<Path> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
