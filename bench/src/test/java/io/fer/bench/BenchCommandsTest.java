package io.fer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.fer.launcher.Fer;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The bench module plugs `fer bench` into the CLI from the class path (its META-INF/services entry). */
class BenchCommandsTest {
    @Test
    void ferBenchAndItsCommandsAreThereWhenTheModuleIsOnTheClassPath() {
        CommandLine fer = Fer.commandLine();
        assertThat(fer.getSubcommands()).containsKey("bench");
        assertThat(fer.getSubcommands().get("bench").getSubcommands().keySet())
                .containsExactlyInAnyOrder("models", "ingest", "workers", "soak", "pipeline");
        StringWriter out = new StringWriter();
        fer.setOut(new PrintWriter(out));
        assertThat(fer.execute("bench", "pipeline", "--help")).isZero();
        assertThat(out.toString()).contains("--worker-process", "--max-lag");
    }
}
