package io.fer.schemas.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FreePortsTest {
    @Test
    void portsOfOneCallAreDistinctAndBindable() throws Exception {
        int[] ports = FreePorts.distinct(64);
        assertThat(Arrays.stream(ports).distinct().count()).isEqualTo(64);
        for (int port : ports) {
            try (ServerSocket bound = new ServerSocket(port)) {
                assertThat(bound.getLocalPort()).isEqualTo(port);
            }
        }
    }
}
