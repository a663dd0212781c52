package io.fer.models.tf;

import java.util.Optional;
import org.tensorflow.DeviceSpec;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;
import org.tensorflow.types.TFloat32;

/**
 * Whether the device a user named exists. Sessions place ops softly (a graph built for a GPU still runs on the CPU),
 * so without this check {@code --device gpu:0} on a machine without that GPU would run on the CPU and say nothing.
 */
public final class TfDevices {
    /** The Maven classifier of TensorFlow's CUDA native library, as the gpu profile selects it. */
    private static final String CUDA_BUILD_RESOURCE = "/org/tensorflow/internal/c_api/linux-x86_64-gpu/";

    private TfDevices() {
    }

    /** Nothing for "auto" and "cpu"; for "gpu:N" why TensorFlow cannot run on that GPU, if it cannot. */
    public static Optional<String> unavailable(String device) {
        if (!device.startsWith("gpu:")) {
            return Optional.empty();
        }
        String index = device.substring(4);
        if (!isCudaBuild()) {
            return Optional.of("--device " + device + ": this build has TensorFlow's CPU library only; build with "
                    + "mvn -Pgpu (CUDA 12, cuDNN 9) or use the fer-gpu image, or run with --device auto or cpu");
        }
        try {
            probe(index);
            return Optional.empty();
        } catch (RuntimeException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            return Optional.of("--device " + device + ": TensorFlow sees no GPU " + index
                    + " (check nvidia-smi, the NVIDIA driver and CUDA_VISIBLE_DEVICES; " + reason.strip() + ")");
        }
    }

    static boolean isCudaBuild() {
        return TfDevices.class.getResource(CUDA_BUILD_RESOURCE) != null;
    }

    /** Runs one constant pinned to the GPU with soft placement off: it fails unless that GPU is usable. */
    static void probe(String visibleIndex) {
        ConfigProto config = ConfigProto.newBuilder().setAllowSoftPlacement(false)
                .setGpuOptions(GPUOptions.newBuilder().setVisibleDeviceList(visibleIndex).setAllowGrowth(true)).build();
        try (Graph graph = new Graph()) {
            Operand<TFloat32> one = Ops.create(graph).withDevice(DeviceSpec.newBuilder()
                    .deviceType(DeviceSpec.DeviceType.GPU).deviceIndex(0).build()).constant(1f);
            try (Session session = new Session(graph, config); Result ignored = session.runner().fetch(one).run()) {
                // ran on the GPU
            }
        }
    }
}
