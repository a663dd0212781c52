package io.fer.launcher.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.fer.schemas.http.HttpAccess;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dashboard's HTTP side against hostile and greedy clients, over raw sockets (no client tidies the requests). */
class DashboardServerTest {
    private static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, 1, 2, 3, (byte) 0xff, (byte) 0xd9};
    private DashboardState state;
    private DashboardServer server;

    @BeforeEach
    void start() throws Exception {
        state = new DashboardState(100, 10, 500_000);
        state.onFace("lobby", 1, 10, 400_000, JPEG);
        server = new DashboardServer(state, HttpAccess.loopback(), 0);
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Socket connect() throws Exception {
        Socket s = new Socket("127.0.0.1", server.port());
        s.setSoTimeout(20_000);
        return s;
    }

    /** The status line of the answer to a raw request. */
    private String statusOf(String request) throws Exception {
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1)).readLine();
            return line == null ? "closed" : line;
        } catch (SocketException reset) {
            return "closed";
        }
    }

    private String get(String rawPath) throws Exception {
        return statusOf("GET " + rawPath + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    }

    @Test
    void servesTheFaceOfAKnownTrackAndNothingElse() throws Exception {
        assertThat(get("/api/faces/lobby/1")).contains(" 200");
        for (String path : List.of("/api/faces/../../etc/passwd", "/api/faces/..%2F..%2Fetc%2Fpasswd/1", "/api/faces/%2e%2e/1",
                "/api/faces/lobby/1/../../../x", "/api/faces/lobby/-1", "/api/faces/lobby/99999999999", "/api/faces/lobby/1%00",
                "/../../etc/passwd", "/dashboard.js/../../pom.xml", "/%2e%2e/%2e%2e/etc/passwd", "/index.html%00.js")) {
            assertThat(get(path)).as(path).contains(" 404");
        }
        assertThat(statusOf("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")).contains(" 404");
        assertThat(statusOf("BREW /index.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")).doesNotContain(" 200");
    }

    @Test
    void oversizedOrBrokenRequestsAreRefusedAndTheServerStaysUp() throws Exception {
        String huge = "x".repeat(2 << 20);
        assertThat(statusOf("GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: " + huge + "\r\n\r\n")).doesNotContain(" 200");
        assertThat(statusOf("GET /" + huge + " HTTP/1.1\r\nHost: localhost\r\n\r\n")).doesNotContain(" 200");
        StringBuilder many = new StringBuilder("GET / HTTP/1.1\r\nHost: localhost\r\n");
        for (int i = 0; i < 20_000; i++) {
            many.append("X-H").append(i).append(": v\r\n");
        }
        assertThat(statusOf(many + "\r\n")).doesNotContain(" 200");
        assertThat(statusOf("\u0000\u0001garbage\r\n\r\n")).doesNotContain(" 200");
        assertThat(get("/")).as("still serving").contains(" 200");
    }

    @Test
    void manyEventStreamsAreServedUpToTheLimitAndReleasedWhenTheyGo() throws Exception {
        List<Socket> pages = new ArrayList<>();
        try {
            for (int i = 0; i < DashboardServer.MAX_BROWSERS; i++) {
                Socket s = connect();
                s.getOutputStream().write("GET /api/events HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                pages.add(s);
            }
            for (Socket s : pages) {
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                assertThat(in.readLine()).contains(" 200");
                String line;
                do {
                    line = in.readLine();
                } while (line != null && !line.equals("event: reset"));
                assertThat(line).isEqualTo("event: reset");
            }
            assertThat(server.browsers()).isEqualTo(DashboardServer.MAX_BROWSERS);
            assertThat(statusOf("GET /api/events HTTP/1.1\r\nHost: localhost\r\n\r\n")).as("one more").contains(" 503");
            assertThat(get("/")).as("pages are still served").contains(" 200");
        } finally {
            for (Socket s : pages) {
                s.close();
            }
        }
        // the next messages find the pages gone
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (server.browsers() > 0 && System.nanoTime() < deadline) {
            server.broadcast(new DashboardState.Message("ping", "{}"));
            Thread.sleep(100);
        }
        assertThat(server.browsers()).isZero();
        try (Socket again = connect()) {
            again.getOutputStream().write("GET /api/events HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            assertThat(new BufferedReader(new InputStreamReader(again.getInputStream())).readLine()).contains(" 200");
        }
    }
}
