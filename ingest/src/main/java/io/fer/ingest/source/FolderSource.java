package io.fer.ingest.source;

import io.fer.ingest.IngestException;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * A clip stored as a folder of frames (DFEW's clip folders, <label>/<clip>/<frame> data sets): frames in
 * natural name order, event time from the frame number at a nominal rate. A single image file is a clip of one frame
 * (a still, as in <label>/<image> data sets such as FER2013).
 */
public final class FolderSource implements FrameSource {
    static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp");

    private final Path dir;
    private final double fps;
    private final int maxSide;
    private List<Path> frames;
    private int next;

    public FolderSource(Path dir, double fps, int maxSide) {
        this.dir = dir;
        this.fps = fps;
        this.maxSide = maxSide;
    }

    /** The image files of a folder, in natural order (frame2 before frame10); an image file is its own only frame. */
    public static List<Path> frames(Path dir) throws IOException {
        if (Files.isRegularFile(dir) && isImage(dir)) {
            return List.of(dir);
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).filter(FolderSource::isImage)
                    .sorted(Comparator.comparing((Path p) -> p.getFileName().toString(), FolderSource::natural)).toList();
        }
    }

    /** Every folder under root that holds frames (root itself if it does), for data sets of many clips. */
    public static List<Path> clips(Path root) throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path d : s.filter(Files::isDirectory).sorted().toList()) {
                if (!frames(d).isEmpty()) {
                    out.add(d);
                }
            }
        }
        return out;
    }

    static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return IMAGE_EXTENSIONS.contains(n.substring(n.lastIndexOf('.') + 1));
    }

    /** Compares names with embedded numbers by value. */
    static int natural(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int si = i;
                int sj = j;
                while (i < a.length() && Character.isDigit(a.charAt(i))) {
                    i++;
                }
                while (j < b.length() && Character.isDigit(b.charAt(j))) {
                    j++;
                }
                int c = new BigInteger(a.substring(si, i)).compareTo(new BigInteger(b.substring(sj, j)));
                if (c != 0) {
                    return c;
                }
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    @Override
    public void open() {
        try {
            frames = frames(dir);
        } catch (IOException e) {
            throw new IngestException(dir + ": cannot list frames (" + e.getMessage() + ")", e);
        }
        if (frames.isEmpty()) {
            throw new IngestException(dir + ": no image frames (" + IMAGE_EXTENSIONS + ") in the folder");
        }
    }

    @Override
    public DecodedFrame next() {
        if (next >= frames.size()) {
            return null;
        }
        Path p = frames.get(next);
        BufferedImage img;
        try {
            img = ImageIO.read(p.toFile());
        } catch (IOException | RuntimeException e) {
            throw new IngestException(p + ": unreadable frame (" + e.getMessage() + ")", e);
        }
        if (img == null) {
            throw new IngestException(p + ": not a readable image");
        }
        long ts = Math.round(next * 1_000_000 / fps);
        next++;
        return new DecodedFrame(toBgr(img, maxSide), ts);
    }

    static BufferedImage toBgr(BufferedImage img, int maxSide) {
        int w = img.getWidth();
        int h = img.getHeight();
        double s = Math.max(w, h) > maxSide ? (double) maxSide / Math.max(w, h) : 1.0;
        int nw = Math.max(1, (int) Math.round(w * s));
        int nh = Math.max(1, (int) Math.round(h * s));
        BufferedImage out = new BufferedImage(nw, nh, BufferedImage.TYPE_3BYTE_BGR);
        var g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(img, 0, 0, nw, nh, null);
        g.dispose();
        return out;
    }

    @Override
    public double frameRate() {
        return fps;
    }

    @Override
    public long lengthInFrames() {
        return frames == null ? 0 : frames.size();
    }

    @Override
    public void close() {}
}
