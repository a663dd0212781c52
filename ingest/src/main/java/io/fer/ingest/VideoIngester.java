package io.fer.ingest;

import io.fer.schemas.Frame;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * Decodes a video file or network stream with FFmpeg (JavaCV) into sampled, resized JPEG frames with
 * event time from the presentation timestamps, and publishes them in bounded batches. What was read
 * before a fault is published whole, then the end-of-stream batch carries the error.
 */
public final class VideoIngester {
    static {
        avutil.av_log_set_level(avutil.AV_LOG_FATAL); // our own messages say what failed
    }

    private final IngestConfig config;

    public VideoIngester(IngestConfig config) {
        this.config = config;
    }

    /** Opens the source and decodes its first frame, so a bad source fails before anything else starts. */
    public static void probe(String source) {
        checkReadable(source);
        try (FFmpegFrameGrabber grabber = open(source)) {
            if (grabber.grabImage() == null) {
                throw new IngestException(source + ": no video frames could be decoded");
            }
        } catch (FrameGrabber.Exception e) {
            throw new IngestException(source + ": " + firstLine(e), e);
        }
    }

    /** A started grabber on a source with a video stream, or an IngestException that says why not. */
    private static FFmpegFrameGrabber open(String source) {
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(source);
        if (!isLocal(source)) {
            grabber.setOption("rw_timeout", "10000000"); // microseconds: a dead stream must not hang us
            grabber.setOption("timeout", "10000000");
        }
        try {
            grabber.start();
        } catch (FrameGrabber.Exception e) {
            closeQuietly(grabber);
            throw new IngestException(source + ": not a video FFmpeg can open (" + firstLine(e) + ")", e);
        }
        if (grabber.getVideoStream() < 0 || grabber.getImageWidth() <= 0) {
            closeQuietly(grabber);
            throw new IngestException(source + ": has no video stream");
        }
        return grabber;
    }

    private static void closeQuietly(FFmpegFrameGrabber grabber) {
        try {
            grabber.close();
        } catch (FrameGrabber.Exception ignored) {
            // already failing with a better reason
        }
    }

    public IngestReport ingest(String source, String streamId, FrameSink sink) {
        checkReadable(source);
        FrameBatcher batcher = new FrameBatcher(streamId, source, false, config.maxFrames(), config.maxBytes());
        FrameSampler sampler = new FrameSampler(config.targetFps());
        long decoded = 0;
        long published = 0;
        long batches = 0;
        double fps;
        String error = null;
        try (FFmpegFrameGrabber grabber = open(source); Java2DFrameConverter converter = new Java2DFrameConverter()) {
            fps = grabber.getFrameRate();
            long frameIndex = 0;
            while (true) {
                org.bytedeco.javacv.Frame f;
                try {
                    f = grabber.grabImage();
                } catch (FrameGrabber.Exception e) {
                    error = source + ": decoding failed after " + decoded + " frames (" + firstLine(e) + ")";
                    break;
                }
                if (f == null) {
                    break;
                }
                decoded++;
                long ts = grabber.getTimestamp();
                if (!sampler.keep(ts)) {
                    continue;
                }
                BufferedImage img = scaleDown(converter.convert(f), config.maxSide());
                Frame frame = Frame.newBuilder().setFrameIndex(frameIndex++).setTimestampUs(ts)
                        .setWidth(img.getWidth()).setHeight(img.getHeight())
                        .setJpeg(ByteBuffer.wrap(encodeJpeg(img, config.jpegQuality()))).build();
                var closed = batcher.add(frame);
                if (closed.isPresent()) {
                    sink.publish(closed.get());
                    published += closed.get().getFrames().size();
                    batches++;
                }
            }
            if (decoded == 0 && error == null) {
                error = source + ": no video frames could be decoded";
            }
        } catch (FrameGrabber.Exception e) {
            throw new IngestException(source + ": " + firstLine(e), e);
        }
        var last = batcher.finish(error);
        sink.publish(last);
        sink.flush();
        published += last.getFrames().size();
        batches++;
        if (error != null) {
            throw new IngestException(error + "; the " + published + " frames before it were published");
        }
        return new IngestReport(streamId, decoded, published, batches, fps);
    }

    private static void checkReadable(String source) {
        if (!isLocal(source)) {
            return;
        }
        Path p = Path.of(source.startsWith("file:") ? source.substring(5) : source);
        if (!Files.exists(p)) {
            throw new IngestException(source + ": no such file");
        }
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
            throw new IngestException(source + ": not a readable file");
        }
        try {
            if (Files.size(p) == 0) {
                throw new IngestException(source + ": file is empty");
            }
        } catch (IOException e) {
            throw new IngestException(source + ": " + e.getMessage(), e);
        }
    }

    static boolean isLocal(String source) {
        return !source.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*") || source.startsWith("file://");
    }

    static BufferedImage scaleDown(BufferedImage img, int maxSide) {
        int w = img.getWidth();
        int h = img.getHeight();
        int longer = Math.max(w, h);
        BufferedImage rgb;
        if (longer <= maxSide && img.getType() == BufferedImage.TYPE_3BYTE_BGR) {
            return img;
        }
        double s = longer > maxSide ? (double) maxSide / longer : 1.0;
        int nw = Math.max(1, (int) Math.round(w * s));
        int nh = Math.max(1, (int) Math.round(h * s));
        rgb = new BufferedImage(nw, nh, BufferedImage.TYPE_3BYTE_BGR);
        var g = rgb.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(img, 0, 0, nw, nh, null);
        g.dispose();
        return rgb;
    }

    static byte[] encodeJpeg(BufferedImage img, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(quality);
            writer.write(null, new IIOImage(img, null, null), p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** JavaCV's message, reduced to FFmpeg's own explanation of the error code when it has one. */
    static String firstLine(Exception e) {
        String m = String.valueOf(e.getMessage());
        var code = java.util.regex.Pattern.compile("error (-?\\d+)").matcher(m);
        if (code.find()) {
            try (var buf = new org.bytedeco.javacpp.BytePointer(256)) {
                if (avutil.av_strerror(Integer.parseInt(code.group(1)), buf, 256) == 0) {
                    byte[] b = new byte[256];
                    buf.get(b);
                    int n = 0;
                    while (n < b.length && b[n] != 0) {
                        n++;
                    }
                    return new String(b, 0, n, java.nio.charset.StandardCharsets.UTF_8).toLowerCase(java.util.Locale.ROOT);
                }
            }
        }
        int cut = m.indexOf(" (Has setFormat");
        m = cut < 0 ? m : m.substring(0, cut);
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
