package io.fer.ingest;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;

/** Writes small test videos with JavaCV's recorder: a moving square whose position encodes the frame. */
public final class TestVideos {
    private TestVideos() {}

    public static Path movingSquare(Path file, int frames, int fps, int width, int height) throws Exception {
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(file.toFile(), width, height, 0);
                Java2DFrameConverter conv = new Java2DFrameConverter()) {
            rec.setFormat("mp4");
            rec.setVideoCodec(avcodec.AV_CODEC_ID_H264);
            rec.setFrameRate(fps);
            rec.start();
            for (int i = 0; i < frames; i++) {
                BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
                var g = img.createGraphics();
                g.setColor(Color.WHITE);
                g.fillRect((i * 7) % (width - 20), height / 3, 20, 20);
                g.dispose();
                rec.record(conv.convert(img), avutil.AV_PIX_FMT_BGR24);
            }
            rec.stop();
        }
        return file;
    }
}
