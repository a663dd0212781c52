package io.fer.workers.face;

import io.fer.workers.image.Box;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a key frame needs a second, zoomed detector pass so that faces down to {@code minFace} px are found. The
 * whole-frame pass letterboxes the frame into the detector's 256 px input, and faces under about
 * {@link #RELIABLE_INPUT_PX} px there are missed (measured on CK+ faces on a 640 x 480 canvas: 64 px found in 60 of 60
 * frames, 52 px in 58, 40 px in 41, 32 px in 11). The zoomed pass runs the detector on square regions small enough that
 * a {@code minFace} face fills {@code RELIABLE_INPUT_PX} of its input:
 * <ul>
 * <li>tiles over the whole frame when the whole-frame pass found nothing, on the first key frame and once every
 * {@code scanEveryFrames} frames (a far face beside near ones is found within that time);</li>
 * <li>otherwise one region around each small face of the previous key frame that the whole-frame pass did not find
 * again, so a small face stays tracked at the cost of one call when it is missed. A region around a face found again
 * finds that face, which {@link #merge} drops; a new small face beside it is left to the periodic scan (on the
 * four-face sample clip, 640 x 480 with 60-90 px faces, those regions were 3.6 detector calls per key frame on top
 * of the whole-frame one, and skipping them left every face, track id and box the same).</li>
 * </ul>
 * Nothing is zoomed when the frame is small enough for the whole-frame pass to find {@code minFace}. Depends only on
 * the frame's size, the faces found and frame indices, so a replay finds the same faces. Pure.
 */
public final class SmallFaceSearch {
    /** Faces this size (in detector input pixels) or larger were found in every test frame. */
    public static final float RELIABLE_INPUT_PX = 24f;
    public static final int DEFAULT_MIN_FACE = 32;
    public static final int DEFAULT_SCAN_EVERY_FRAMES = 48;
    public static final SmallFaceSearch DEFAULT = new SmallFaceSearch(DEFAULT_MIN_FACE, DEFAULT_SCAN_EVERY_FRAMES);
    /** Turned off: the whole-frame pass alone. */
    public static final SmallFaceSearch OFF = new SmallFaceSearch(Integer.MAX_VALUE, Integer.MAX_VALUE);

    /** Overlap above which two boxes of consecutive key frames are one face (as the tracker's default). */
    static final float SAME_FACE_IOU = 0.3f;

    private final int minFace;
    private final int scanEveryFrames;
    private final int inputSize;

    public SmallFaceSearch(int minFace, int scanEveryFrames) {
        this(minFace, scanEveryFrames, 256);
    }

    SmallFaceSearch(int minFace, int scanEveryFrames, int inputSize) {
        if (minFace < 16) {
            throw new IllegalArgumentException("minimum face size " + minFace + " px: the detector needs at least 16");
        }
        if (scanEveryFrames < 1) {
            throw new IllegalArgumentException("scan every " + scanEveryFrames + " frames: needs at least 1");
        }
        this.minFace = minFace;
        this.scanEveryFrames = scanEveryFrames;
        this.inputSize = inputSize;
    }

    public int minFace() {
        return minFace;
    }

    /** The smallest face (image pixels) the whole-frame pass finds reliably in a frame of this size. */
    public float wholeFrameMinFace(int width, int height) {
        return RELIABLE_INPUT_PX * Math.max(width, height) / inputSize;
    }

    /** Whether frames of this size ever need a zoomed pass. */
    public boolean needed(int width, int height) {
        return minFace < wholeFrameMinFace(width, height);
    }

    /**
     * The regions (squares in image pixels, possibly reaching outside it) to detect in for this key frame.
     *
     * @param found            the whole-frame pass's faces
     * @param previous         the faces of the previous key frame of the stream (empty if none)
     * @param frameIndex       this key frame's index
     * @param previousKeyIndex the previous key frame's index ({@link KeyFrameFaces#NONE} if none)
     */
    public List<Box> regions(int width, int height, List<Detection> found, List<Detection> previous, long frameIndex,
            long previousKeyIndex) {
        if (!needed(width, height)) {
            return List.of();
        }
        boolean scan = found.isEmpty() || previousKeyIndex == KeyFrameFaces.NONE || frameIndex < previousKeyIndex
                || Math.floorDiv(frameIndex, scanEveryFrames) != Math.floorDiv(previousKeyIndex, scanEveryFrames);
        if (scan) {
            return tiles(width, height);
        }
        List<Box> out = new ArrayList<>();
        float side = regionSide(width, height);
        for (Detection d : previous) {
            if (small(d, width, height) && !amongFound(d.box(), found, SAME_FACE_IOU)) {
                out.add(new Box(d.box().cx() - side / 2, d.box().cy() - side / 2, side, side));
            }
        }
        return out;
    }

    /**
     * Whether a box is one of the whole-frame faces: its centre inside one, or overlapping one above the IoU. Both a
     * previous key frame's face found again and a zoomed face the merge drops are told apart by it.
     */
    private static boolean amongFound(Box box, List<Detection> found, float iouThreshold) {
        return found.stream().anyMatch(f -> contains(f.box(), box.cx(), box.cy()) || f.box().iou(box) > iouThreshold);
    }

    /** A face the whole-frame pass may miss (with a margin: its size varies between frames). */
    public boolean small(Detection d, int width, int height) {
        return Math.max(d.box().width(), d.box().height()) < wholeFrameMinFace(width, height) * 1.5f;
    }

    /** Side of a zoomed region: a minFace face fills RELIABLE_INPUT_PX of the detector's input. */
    float regionSide(int width, int height) {
        return Math.min(Math.max(width, height), (float) Math.floor(inputSize * minFace / RELIABLE_INPUT_PX));
    }

    /**
     * Overlapping square tiles covering the frame; neighbours overlap by the whole-frame pass's smallest face, so
     * every face it may miss lies whole inside one tile.
     */
    public List<Box> tiles(int width, int height) {
        float side = regionSide(width, height);
        float overlap = (float) Math.ceil(wholeFrameMinFace(width, height) * 1.5f);
        List<Float> xs = starts(width, side, overlap);
        List<Float> ys = starts(height, side, overlap);
        List<Box> out = new ArrayList<>();
        for (float y : ys) {
            for (float x : xs) {
                out.add(new Box(x, y, side, side));
            }
        }
        return out;
    }

    private static List<Float> starts(int length, float side, float overlap) {
        if (length <= side) {
            return List.of((length - side) / 2);
        }
        int n = (int) Math.ceil((length - overlap) / (side - overlap));
        List<Float> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(n == 1 ? 0 : i * (length - side) / (n - 1));
        }
        return out;
    }

    /**
     * The whole-frame faces with the zoomed pass's added: a zoomed face counts only where no whole-frame face is (a tile
     * cutting through a near face would otherwise add part of it) and when it is one the whole-frame pass may miss.
     */
    public List<Detection> merge(List<Detection> found, List<Detection> zoomed, int width, int height, float iouThreshold, int maxFaces) {
        List<Detection> extra = new ArrayList<>();
        for (Detection z : zoomed) {
            if (!amongFound(z.box(), found, iouThreshold) && small(z, width, height)) {
                extra.add(z);
            }
        }
        List<Detection> all = new ArrayList<>(found);
        all.addAll(BlazeFaceDecoder.nonMaxSuppression(extra, iouThreshold, maxFaces));
        return all.size() > maxFaces ? all.subList(0, maxFaces) : all;
    }

    private static boolean contains(Box b, float x, float y) {
        return x >= b.x() && x <= b.x() + b.width() && y >= b.y() && y <= b.y() + b.height();
    }
}
