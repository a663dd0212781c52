package io.fer.launcher.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Debian's chromium, headless, driven by Debian's chromedriver over the W3C WebDriver protocol (a few JSON calls, no
 * client library): open a page, run a script in it, read the browser's console log, take a screenshot. CI installs
 * both (.ci/run); without them the test fails and says so.
 */
public final class HeadlessChromium implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Process driver;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String session;

    private HeadlessChromium(Process driver, String base, String session) {
        this.driver = driver;
        this.base = base;
        this.session = session;
    }

    public static HeadlessChromium start(Path profile) throws Exception {
        String chromium = which("chromium");
        String chromedriver = which("chromedriver");
        if (chromium == null || chromedriver == null) {
            throw new AssertionError("this test needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver;"
                    + " .ci/run installs them)");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process driver = new ProcessBuilder(chromedriver, "--port=" + port).redirectErrorStream(true)
                .redirectOutput(Files.createDirectories(profile).resolve("chromedriver.log").toFile()).start();
        String base = "http://127.0.0.1:" + port;
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.currentTimeMillis() + 20_000;
        while (true) {
            try {
                http.send(HttpRequest.newBuilder(URI.create(base + "/status")).build(), HttpResponse.BodyHandlers.discarding());
                break;
            } catch (IOException notYet) {
                if (System.currentTimeMillis() > deadline) {
                    driver.destroyForcibly();
                    throw new AssertionError("chromedriver did not answer on " + base);
                }
                Thread.sleep(100);
            }
        }
        ObjectNode caps = JSON.createObjectNode();
        ObjectNode always = caps.putObject("capabilities").putObject("alwaysMatch");
        always.put("browserName", "chrome");
        ObjectNode options = always.putObject("goog:chromeOptions");
        options.put("binary", chromium);
        var args = options.putArray("args");
        for (String a : List.of("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--no-first-run", "--window-size=1280,1000",
                "--user-data-dir=" + profile.resolve("profile"))) {
            args.add(a);
        }
        always.putObject("goog:loggingPrefs").put("browser", "ALL");
        try {
            JsonNode created = call(http, "POST", base + "/session", caps);
            return new HeadlessChromium(driver, base, created.path("value").path("sessionId").asText());
        } catch (Exception | AssertionError e) {
            driver.destroyForcibly();
            throw e;
        }
    }

    public void open(String url) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("url", url);
        call(http, "POST", base + "/session/" + session + "/url", body);
    }

    /** Runs a script in the page (its body returns a value) and returns that value. */
    public JsonNode eval(String script) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("script", script);
        body.putArray("args");
        return call(http, "POST", base + "/session/" + session + "/execute/sync", body).path("value");
    }

    /** The console's messages since the last call: "LEVEL message" each. */
    public List<String> consoleLog() throws Exception {
        JsonNode log = call(http, "POST", base + "/session/" + session + "/se/log", JSON.createObjectNode().put("type", "browser"));
        List<String> out = new ArrayList<>();
        log.path("value").forEach(e -> out.add(e.path("level").asText() + " " + e.path("message").asText()));
        return out;
    }

    public void screenshot(Path png) throws Exception {
        String b64 = call(http, "GET", base + "/session/" + session + "/screenshot", null).path("value").asText();
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.write(png, Base64.getDecoder().decode(b64));
    }

    private static JsonNode call(HttpClient http, String method, String url, JsonNode body) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
        r = body == null ? r.method(method, HttpRequest.BodyPublishers.noBody())
                : r.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        HttpResponse<String> res = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = JSON.readTree(res.body());
        if (res.statusCode() != 200) {
            throw new AssertionError("WebDriver " + method + " " + url + ": " + res.statusCode() + " " + json.path("value").path("message").asText());
        }
        return json;
    }

    private static String which(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    @Override
    public void close() {
        try {
            call(http, "DELETE", base + "/session/" + session, null);
        } catch (Exception ignored) {
            // the driver goes anyway
        }
        driver.destroy();
    }
}
