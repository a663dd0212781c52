package io.fer.launcher.runtime;

import io.fer.models.store.ModelStore;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.IntFunction;
import javax.imageio.ImageIO;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * The demo's default input: a 4 s, 25 fps, 640x480 H.264 clip made from a real group photo of the
 * pinned sample package, slowly zooming in as a camera would. Made once, kept beside the models.
 */
public final class SampleClip {
    public static final String PHOTO = "sample6.jpg";
    private static final int W = 640;
    private static final int H = 480;
    private static final int FRAMES = 100;
    private static final int FPS = 25;

    private SampleClip() {}

    public static Path ensure(ModelStore store) throws IOException {
        Path clip = store.dir().resolve("sample-clip.mp4");
        if (Files.isRegularFile(clip) && Files.size(clip) > 0) {
            return clip;
        }
        BufferedImage photo = ImageIO.read(store.file(PHOTO).toFile());
        Path tmp = store.dir().resolve("sample-clip.part.mp4");
        record(tmp, W, H, FPS, FRAMES, i -> frame(photo, (double) i / (FRAMES - 1)));
        Files.move(tmp, clip, StandardCopyOption.REPLACE_EXISTING);
        return clip;
    }

    /** Writes an H.264 mp4 of the given frames (any image type; drawn into BGR). */
    public static void record(Path out, int width, int height, int fps, int frames, IntFunction<BufferedImage> frame)
            throws IOException {
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(out.toFile(), width, height, 0);
                Java2DFrameConverter conv = new Java2DFrameConverter()) {
            rec.setFormat("mp4");
            rec.setVideoCodec(avcodec.AV_CODEC_ID_H264);
            rec.setFrameRate(fps);
            rec.setVideoQuality(23);
            rec.start();
            for (int i = 0; i < frames; i++) {
                BufferedImage img = frame.apply(i);
                BufferedImage bgr = img;
                if (img.getType() != BufferedImage.TYPE_3BYTE_BGR) {
                    bgr = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
                    bgr.getGraphics().drawImage(img, 0, 0, null);
                }
                rec.record(conv.convert(bgr), org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24);
            }
            rec.stop();
        }
    }

    /** The photo's 4:3 region shrinking by 15 % towards its centre as t goes 0 -> 1. */
    static BufferedImage frame(BufferedImage photo, double t) {
        double regionW = Math.min(photo.getWidth(), photo.getHeight() * 4.0 / 3) * (1 - 0.15 * t);
        double regionH = regionW * 3 / 4;
        double x = (photo.getWidth() - regionW) / 2;
        double y = (photo.getHeight() - regionH) / 2;
        BufferedImage out = new BufferedImage(W, H, BufferedImage.TYPE_3BYTE_BGR);
        var g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(photo, 0, 0, W, H, (int) x, (int) y, (int) (x + regionW), (int) (y + regionH), null);
        g.dispose();
        return out;
    }
}
