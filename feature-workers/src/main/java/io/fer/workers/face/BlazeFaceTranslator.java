package io.fer.workers.face;

import io.fer.models.tf.FloatTensor;
import io.fer.models.tf.Translator;
import io.fer.workers.image.Box;
import io.fer.workers.image.Images;
import io.fer.workers.image.RgbImage;
import java.util.Comparator;
import java.util.List;

/**
 * BlazeFace's pre- and post-processing: a region of an image scaled into the 256 x 256 input in [-1, 1], as the
 * original library scales it, in; its faces decoded from the four heads, in image pixels, out.
 */
final class BlazeFaceTranslator implements Translator<BlazeFaceTranslator.Region, List<Detection>> {
    static final int INPUT = 256;
    // the converted model's four heads: scores and boxes for the 16x16 (2 anchors) and 8x8 (6 anchors) grids
    private static final List<String> OUTPUTS = List.of("Identity", "Identity_1", "Identity_2", "Identity_3");

    /** A region of an image to look for faces in (the whole image letterboxed, or a zoomed part). */
    record Region(RgbImage image, Box box) {}

    private final BlazeFaceDecoder decoder;

    BlazeFaceTranslator(BlazeFaceDecoder decoder) {
        this.decoder = decoder;
    }

    @Override
    public String inputNode() {
        return "input";
    }

    @Override
    public List<String> outputNodes() {
        return OUTPUTS;
    }

    @Override
    public long[] itemShape() {
        return new long[] {INPUT, INPUT, 3};
    }

    @Override
    public float[] prepare(Region r) {
        return scaled(r.image(), r.box());
    }

    /** The box of the image in the model's input: 256 x 256 RGB in [-1, 1]. */
    static float[] scaled(RgbImage image, Box box) {
        float[] input = Images.cropResize(image, box, INPUT, INPUT);
        for (int i = 0; i < input.length; i++) {
            input[i] = input[i] / 127.5f - 1f;
        }
        return input;
    }

    @Override
    public List<Detection> output(List<FloatTensor> outputs, int index, Region r) {
        // told apart by size, as the original library does: 384 and 512 scores, 384x16 and 512x16 boxes
        List<FloatTensor> heads = outputs.stream().sorted(Comparator.comparingInt(t -> t.data().length)).toList();
        float[] raw = BlazeFaceOutputs.interleave(heads.get(1).row(index), heads.get(3).row(index), heads.get(0).row(index),
                heads.get(2).row(index));
        return decoder.decode(raw).stream().map(d -> inRegion(d, r.box())).toList();
    }

    /** A detection in a region's input pixels, in image pixels. */
    static Detection inRegion(Detection d, Box region) {
        float sx = region.width() / INPUT;
        float sy = region.height() / INPUT;
        float[] kp = d.keypoints().clone();
        for (int i = 0; i + 1 < kp.length; i += 2) {
            kp[i] = kp[i] * sx + region.x();
            kp[i + 1] = kp[i + 1] * sy + region.y();
        }
        Box b = d.box();
        return new Detection(new Box(b.x() * sx + region.x(), b.y() * sy + region.y(), b.width() * sx,
                b.height() * sy), d.score(), kp);
    }
}
