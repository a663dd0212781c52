package io.fer.workers.face;

/** Test access to the package-private head layout. */
public final class BlazeFaceOutputsAccess {
    private BlazeFaceOutputsAccess() {}

    public static float[] interleave(float[] s512, float[] b512, float[] s384, float[] b384) {
        return BlazeFaceOutputs.interleave(s512, b512, s384, b384);
    }
}
