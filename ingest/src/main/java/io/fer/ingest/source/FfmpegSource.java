package io.fer.ingest.source;

import io.fer.ingest.IngestException;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * Files, network streams and V4L2 cameras through FFmpeg (JavaCV). Frames larger than maxSide are scaled down by
 * FFmpeg itself. Network reads time out, so a dead stream never hangs the reader.
 */
public final class FfmpegSource implements FrameSource {
    static {
        avutil.av_log_set_level(avutil.AV_LOG_FATAL); // our own messages say what failed
    }

    private static final Pattern ERROR_CODE = Pattern.compile("error (-?\\d+)");

    private final String uri;
    private final int maxSide;
    private final boolean captureClock;
    private final long timeoutUs;
    private FFmpegFrameGrabber grabber;
    private final Java2DFrameConverter converter = new Java2DFrameConverter();

    /**
     * @param captureClock event time from the wall clock at capture (live) instead of the presentation time (files)
     * @param timeoutUs    open and read timeout for network sources
     */
    public FfmpegSource(String uri, int maxSide, boolean captureClock, long timeoutUs) {
        this.uri = uri;
        this.maxSide = maxSide;
        this.captureClock = captureClock;
        this.timeoutUs = timeoutUs;
    }

    @Override
    public void open() {
        grabber = new FFmpegFrameGrabber(uri.startsWith("file://") ? uri.substring(7) : uri);
        String lower = uri.toLowerCase(Locale.ROOT);
        // one decoding thread per stream: streams are the unit of parallelism, and frame-threaded decoding
        // would hold live frames back by as many frames as it has threads
        grabber.setVideoOption("threads", "1");
        if (lower.startsWith("/dev/video")) {
            grabber.setFormat("video4linux2");
        } else if (lower.contains("://") && !lower.startsWith("file://")) {
            String t = Long.toString(timeoutUs);
            grabber.setOption("rw_timeout", t);
            grabber.setOption("timeout", t);
            if (lower.startsWith("rtsp")) {
                grabber.setOption("rtsp_transport", "tcp");
            }
        }
        try {
            grabber.start();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            closeQuietly();
            throw new IngestException(uri + ": cannot open (" + reason(e) + ")", e);
        }
        if (grabber.getVideoStream() < 0 || grabber.getImageWidth() <= 0) {
            closeQuietly();
            throw new IngestException(uri + ": has no video stream");
        }
        int w = grabber.getImageWidth();
        int h = grabber.getImageHeight();
        if (Math.max(w, h) > maxSide) {
            // FFmpeg's own colour conversion scales too, in one pass from the decoder's YUV
            double s = (double) maxSide / Math.max(w, h);
            grabber.setImageWidth(even(w * s));
            grabber.setImageHeight(even(h * s));
        }
    }

    private static int even(double v) {
        return Math.max(2, (int) Math.round(v / 2) * 2);
    }

    @Override
    public DecodedFrame next() {
        try {
            Frame f = grabber.grabImage();
            if (f == null) {
                return null;
            }
            long ts = captureClock ? System.currentTimeMillis() * 1000 : grabber.getTimestamp();
            return new DecodedFrame(toImage(f), ts);
        } catch (FrameGrabber.Exception | RuntimeException e) {
            throw new IngestException(uri + ": reading failed (" + reason(e) + ")", e);
        }
    }

    /**
     * The grabber reuses its buffer for the next frame: the receiver gets its own copy, made straight into the
     * raster of a BGR image (one copy on the decoding thread, no colour conversion in Java).
     */
    private BufferedImage toImage(Frame f) {
        if (f.imageChannels != 3 || f.imageDepth != Frame.DEPTH_UBYTE) {
            return copyOf(converter.convert(f));
        }
        BufferedImage out = new BufferedImage(f.imageWidth, f.imageHeight, BufferedImage.TYPE_3BYTE_BGR);
        byte[] to = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
        ByteBuffer from = ((ByteBuffer) f.image[0]).duplicate();
        int row = f.imageWidth * 3;
        if (f.imageStride == row) {
            from.position(0);
            from.get(to, 0, row * f.imageHeight);
        } else {
            for (int y = 0; y < f.imageHeight; y++) {
                from.position(y * f.imageStride);
                from.get(to, y * row, row);
            }
        }
        return out;
    }

    private static BufferedImage copyOf(BufferedImage src) {
        BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        out.getGraphics().drawImage(src, 0, 0, null);
        return out;
    }

    @Override
    public double frameRate() {
        return grabber == null ? 0 : grabber.getFrameRate();
    }

    @Override
    public long lengthInFrames() {
        return grabber == null ? 0 : Math.max(0, grabber.getLengthInVideoFrames());
    }

    @Override
    public void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        try {
            if (grabber != null) {
                grabber.close();
            }
        } catch (FrameGrabber.Exception ignored) {
            // closing anyway
        }
        grabber = null;
    }

    /** JavaCV's message, reduced to FFmpeg's own explanation of the error code when it has one. */
    public static String reason(Exception e) {
        String m = String.valueOf(e.getMessage());
        var code = ERROR_CODE.matcher(m);
        if (code.find()) {
            try (BytePointer buf = new BytePointer(256)) {
                if (avutil.av_strerror(Integer.parseInt(code.group(1)), buf, 256) == 0) {
                    byte[] b = new byte[256];
                    buf.get(b);
                    int n = 0;
                    while (n < b.length && b[n] != 0) {
                        n++;
                    }
                    return new String(b, 0, n, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
                }
            }
        }
        int cut = m.indexOf(" (Has setFormat");
        m = cut < 0 ? m : m.substring(0, cut);
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
