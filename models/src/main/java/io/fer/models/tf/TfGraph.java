package io.fer.models.tf;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * One imported graph and its session. Not thread-safe by contract: give each task or thread its own,
 * and close it (the native memory is not the JVM's).
 */
public final class TfGraph implements ModelRunner {
    private final Graph graph;
    private final Session session;

    private TfGraph(Graph graph, Session session) {
        this.graph = graph;
        this.session = session;
    }

    public static TfGraph of(GraphDef def, TfOptions options) {
        Graph g = new Graph();
        try {
            g.importGraphDef(def);
            return new TfGraph(g, new Session(g, options.toConfig()));
        } catch (RuntimeException e) {
            g.close();
            throw e;
        }
    }

    /** Feeds one float input, fetches float outputs by name. */
    @Override
    public List<FloatTensor> run(String input, FloatTensor value, List<String> outputs) {
        try (TFloat32 in = TFloat32.tensorOf(Shape.of(value.shape()), DataBuffers.of(value.data(), true, false))) {
            return run(input, in, outputs);
        }
    }

    /** Feeds one int32 input (e.g. 0..255 pixels), fetches float outputs by name. */
    public List<FloatTensor> runInt(String input, int[] data, long[] shape, List<String> outputs) {
        try (TInt32 in = TInt32.tensorOf(Shape.of(shape), DataBuffers.of(data, true, false))) {
            return run(input, in, outputs);
        }
    }

    private List<FloatTensor> run(String input, Tensor in, List<String> outputs) {
        Session.Runner r = session.runner().feed(input, in);
        outputs.forEach(r::fetch);
        try (Result res = r.run()) {
            List<FloatTensor> out = new ArrayList<>(outputs.size());
            for (int i = 0; i < outputs.size(); i++) {
                out.add(FloatTensor.copyOf((TFloat32) res.get(i)));
            }
            return out;
        }
    }

    public Graph graph() {
        return graph;
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }

    /**
     * Where and how a session runs.
     *
     * @param device "auto" (a GPU if the GPU build sees one, else CPU), "cpu", or "gpu:N"
     * @param intraOpThreads threads inside one op; 0 lets TensorFlow choose (the cores). TensorFlow keeps one such pool
     *                       per process, sized by the first session's options: an explicit count is the whole
     *                       process's, and at 1 every session's ops queue on one thread
     * @param interOpThreads ops run in parallel; 0 lets TensorFlow choose (also one pool per process)
     */
    public record TfOptions(String device, int intraOpThreads, int interOpThreads) {
        public static final TfOptions DEFAULT = new TfOptions("auto", 0, 0);

        public TfOptions {
            if (!device.equals("auto") && !device.equals("cpu") && !device.matches("gpu:\\d+")) {
                throw new IllegalArgumentException("device must be auto, cpu or gpu:N, got " + device);
            }
            if (intraOpThreads < 0 || interOpThreads < 0) {
                throw new IllegalArgumentException("thread counts must be >= 0");
            }
        }

        ConfigProto toConfig() {
            ConfigProto.Builder c = ConfigProto.newBuilder().setIntraOpParallelismThreads(intraOpThreads)
                    .setInterOpParallelismThreads(interOpThreads).setAllowSoftPlacement(true);
            if (device.equals("cpu")) {
                c.putDeviceCount("GPU", 0);
            } else if (device.startsWith("gpu:")) {
                c.setGpuOptions(GPUOptions.newBuilder().setVisibleDeviceList(device.substring(4)).setAllowGrowth(true));
            } else {
                c.setGpuOptions(GPUOptions.newBuilder().setAllowGrowth(true));
            }
            return c.build();
        }
    }
}
