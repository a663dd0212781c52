package io.fer.workers.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** JPEG coding and the resampling the models' pre-processing needs. Pure Java, no engine. */
public final class Images {
    private Images() {}

    /** Decodes a JPEG (or PNG); throws IllegalArgumentException with a reason if it is not one. */
    public static RgbImage decode(byte[] encoded) {
        BufferedImage img;
        try {
            img = ImageIO.read(new ByteArrayInputStream(encoded));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("undecodable image: " + e.getMessage(), e);
        }
        if (img == null) {
            throw new IllegalArgumentException("undecodable image: not a JPEG or PNG (" + encoded.length + " bytes)");
        }
        return fromBuffered(img);
    }

    public static RgbImage fromBuffered(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        byte[] rgb = new byte[w * h * 3];
        for (int i = 0; i < argb.length; i++) {
            rgb[i * 3] = (byte) (argb[i] >> 16);
            rgb[i * 3 + 1] = (byte) (argb[i] >> 8);
            rgb[i * 3 + 2] = (byte) argb[i];
        }
        return new RgbImage(w, h, rgb);
    }

    public static BufferedImage toBuffered(RgbImage img) {
        BufferedImage out = new BufferedImage(img.width(), img.height(), BufferedImage.TYPE_INT_RGB);
        int[] px = new int[img.width() * img.height()];
        byte[] rgb = img.rgb();
        for (int i = 0; i < px.length; i++) {
            px[i] = (rgb[i * 3] & 0xff) << 16 | (rgb[i * 3 + 1] & 0xff) << 8 | (rgb[i * 3 + 2] & 0xff);
        }
        out.setRGB(0, 0, img.width(), img.height(), px, 0, img.width());
        return out;
    }

    public static byte[] encodeJpeg(RgbImage img, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(quality);
            writer.write(null, new IIOImage(toBuffered(img), null, null), p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /**
     * Bilinear crop-and-resize of {@code box} (pixels, may reach outside the image: outside is black)
     * to outW x outH, as interleaved RGB floats in 0..255. Samples pixel centres, like
     * tf.image.resize with half_pixel_centers.
     */
    public static float[] cropResize(RgbImage img, Box box, int outW, int outH) {
        float[] out = new float[outW * outH * 3];
        float sx = box.width() / outW;
        float sy = box.height() / outH;
        for (int oy = 0; oy < outH; oy++) {
            float fy = box.y() + (oy + 0.5f) * sy - 0.5f;
            for (int ox = 0; ox < outW; ox++) {
                float fx = box.x() + (ox + 0.5f) * sx - 0.5f;
                int o = (oy * outW + ox) * 3;
                for (int c = 0; c < 3; c++) {
                    out[o + c] = bilinear(img, fx, fy, c);
                }
            }
        }
        return out;
    }

    /** Crop-and-resize back to an 8-bit image (for face crops that travel as JPEG). */
    public static RgbImage crop(RgbImage img, Box box, int outW, int outH) {
        float[] f = cropResize(img, box, outW, outH);
        byte[] b = new byte[f.length];
        for (int i = 0; i < f.length; i++) {
            b[i] = (byte) Math.max(0, Math.min(255, Math.round(f[i])));
        }
        return new RgbImage(outW, outH, b);
    }

    /** Bilinear sampling of a rotated square region to out x out, as an 8-bit image (outside is black). */
    public static RgbImage warp(RgbImage img, AlignedBox box, int out) {
        byte[] b = new byte[out * out * 3];
        float step = 1f / out;
        for (int oy = 0; oy < out; oy++) {
            for (int ox = 0; ox < out; ox++) {
                float[] p = box.toImage((ox + 0.5f) * step, (oy + 0.5f) * step);
                int o = (oy * out + ox) * 3;
                for (int c = 0; c < 3; c++) {
                    b[o + c] = (byte) Math.max(0, Math.min(255, Math.round(bilinear(img, p[0] - 0.5f, p[1] - 0.5f, c))));
                }
            }
        }
        return new RgbImage(out, out, b);
    }

    /** The centred square that is fraction (0..1] of the image's side, e.g. a tighter crop of a loose face crop. */
    public static Box centre(RgbImage img, float fraction) {
        float w = img.width() * fraction;
        float h = img.height() * fraction;
        return new Box((img.width() - w) / 2, (img.height() - h) / 2, w, h);
    }

    private static float bilinear(RgbImage img, float fx, float fy, int c) {
        int x0 = (int) Math.floor(fx);
        int y0 = (int) Math.floor(fy);
        float ax = fx - x0;
        float ay = fy - y0;
        float top = (1 - ax) * px(img, x0, y0, c) + ax * px(img, x0 + 1, y0, c);
        float bottom = (1 - ax) * px(img, x0, y0 + 1, c) + ax * px(img, x0 + 1, y0 + 1, c);
        return (1 - ay) * top + ay * bottom;
    }

    private static float px(RgbImage img, int x, int y, int c) {
        if (x < 0 || y < 0 || x >= img.width() || y >= img.height()) {
            return 0;
        }
        return img.channel(x, y, c);
    }
}
