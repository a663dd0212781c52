package io.fer.training.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The generic layout: {@code <label>/<clip>/<frames>} (folders of frames), {@code <label>/<video file>} and
 * {@code <label>/<image>} (still images, each a one-frame clip, read in place: FER2013's {@code train/} and
 * {@code public-test/}). Class names come from the label folders (sorted). A clip's group (its subject) is its name up
 * to the first '_' (CK+'s S010_006 -> S010), so validation splits never put one person on both sides. Still images
 * carry no subject id (FER2013's names are {@code <Usage>_<id>}): each is its own group and the data set says its
 * groups are not persons.
 */
public final class FoldersDataset {
    private static final Set<String> IMAGES = Set.of("jpg", "jpeg", "png", "bmp");
    private static final Set<String> VIDEOS = Set.of("mp4", "mkv", "avi", "mov", "webm", "m4v", "mpg", "mpeg");

    private FoldersDataset() {}

    public static Dataset read(Path root) {
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException(root + ": not a data-set folder");
        }
        try {
            List<String> classes = list(root).stream().filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".")).sorted().toList();
            List<LabelledClip> clips = new ArrayList<>();
            boolean stills = false;
            for (String label : classes) {
                for (Path entry : list(root.resolve(label))) {
                    String name = entry.getFileName().toString();
                    if (Files.isDirectory(entry) && hasImages(entry)) {
                        clips.add(new LabelledClip(label + "/" + name, label, group(name), entry));
                    } else if (Files.isRegularFile(entry) && VIDEOS.contains(ext(name))) {
                        String stem = name.substring(0, name.lastIndexOf('.'));
                        clips.add(new LabelledClip(label + "/" + stem, label, group(stem), entry));
                    } else if (Files.isRegularFile(entry) && IMAGES.contains(ext(name))) {
                        String id = label + "/" + name.substring(0, name.lastIndexOf('.'));
                        clips.add(new LabelledClip(id, label, id, entry));
                        stills = true;
                    }
                }
            }
            if (clips.isEmpty()) {
                throw new IllegalArgumentException(root + ": no clips (<label>/<clip>/<frames>, <label>/<video> or <label>/<image>)");
            }
            return new Dataset(classes, clips, !stills);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String group(String clipName) {
        int u = clipName.indexOf('_');
        return u > 0 ? clipName.substring(0, u) : clipName;
    }

    private static boolean hasImages(Path dir) throws IOException {
        return list(dir).stream().anyMatch(p -> IMAGES.contains(ext(p.getFileName().toString())));
    }

    private static String ext(String name) {
        return name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
