package io.fer.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A GPU the user names but TensorFlow cannot use stops the command with one line, before any Kafka or model work. */
class DeviceOptionTest {
    @Test
    void aWorkerOnAMissingGpuExitsTwoWithOneLine() {
        StringWriter err = new StringWriter();
        CommandLine cl = Fer.commandLine();
        cl.setErr(new PrintWriter(err));
        int rc = cl.execute("worker", "--device", "gpu:99", "--stage", "faces", "--bootstrap", "127.0.0.1:1");
        assertThat(rc).isEqualTo(2);
        assertThat(err.toString().strip()).startsWith("fer worker: --device gpu:99: ").doesNotContain("\n");
    }

    @Test
    void aDeviceThatIsNoDeviceIsAUserErrorToo() {
        StringWriter err = new StringWriter();
        CommandLine cl = Fer.commandLine();
        cl.setErr(new PrintWriter(err));
        assertThat(cl.execute("worker", "--device", "tpu", "--stage", "faces", "--bootstrap", "127.0.0.1:1")).isEqualTo(2);
        assertThat(err.toString()).contains("device must be auto, cpu or gpu:N, got tpu");
    }
}
