package io.fer.schemas.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.fer.testing.TestCa;
import io.fer.testing.TestCertificates;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.Arrays;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real server, guarded as the dashboard, summaries and metrics are, asked by a real client. */
class HttpAccessTest {
    static final String SECRET = TokenCheckTest.SECRET;

    private static HttpServer serve(HttpAccess access) throws Exception {
        HttpServer server = access.bind(0);
        access.guard(server.createContext("/data", ex -> {
            try (ex) {
                byte[] body = "faces".getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
            }
        }));
        server.start();
        return server;
    }

    private static HttpResponse<String> get(HttpClient client, String url, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void byDefaultItListensOnThisMachineOnlyAndAsksNothing() throws Exception {
        HttpServer server = serve(HttpAccess.loopback());
        try {
            assertThat(server.getAddress().getAddress().isLoopbackAddress()).isTrue();
            assertThat(HttpAccess.loopback().exposure("faces")).isEmpty();
            assertThat(new HttpAccess("0.0.0.0", null, null).exposure("faces")).get().asString().contains("without --auth-token-file");
            assertThat(get(HttpClient.newHttpClient(), "http://127.0.0.1:" + server.getAddress().getPort() + "/data").statusCode()).isEqualTo(200);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void withATokenARequestWithoutItIsRefusedAndOneWithItServed(@TempDir Path dir) throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("token"), SECRET + "\n");
        HttpServer server = serve(HttpAccess.of("0.0.0.0", tokenFile, null, null));
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/data";
        HttpClient client = HttpClient.newHttpClient();
        try {
            HttpResponse<String> none = get(client, url);
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"fer\"");
            assertThat(none.body()).doesNotContain("faces");
            assertThat(get(client, url, "Authorization", "Bearer wrong-token-0123456789").statusCode()).isEqualTo(403);
            HttpResponse<String> ok = get(client, url, "Authorization", "Bearer " + SECRET);
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).isEqualTo("faces");

            // a browser: the link with the token once, then the cookie
            HttpResponse<String> link = get(client, url + "?view=1&token=" + SECRET);
            assertThat(link.statusCode()).isEqualTo(303);
            assertThat(link.headers().firstValue("Location")).hasValue("/data?view=1");
            String cookie = link.headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict").doesNotContain("Secure");
            assertThat(get(client, url, "Cookie", cookie.split(";")[0]).statusCode()).isEqualTo(200);
            assertThat(get(client, url + "?token=nope-nope-nope-nope").statusCode()).isEqualTo(403);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void tlsFromPemFilesServesHttpsOnly(@TempDir Path dir) throws Exception {
        TestCertificates certs = TestCertificates.selfSigned(dir, "fer-test");
        Path tokenFile = Files.writeString(dir.resolve("token"), SECRET);
        HttpAccess access = HttpAccess.of(HttpAccess.LOOPBACK, tokenFile, certs.certificatePem(), certs.keyPem());
        assertThat(access.scheme()).isEqualTo("https");
        HttpServer server = serve(access);
        int port = server.getAddress().getPort();
        try {
            HttpClient trusting = HttpClient.newBuilder().sslContext(certs.clientTrusting()).build();
            assertThat(get(trusting, "https://127.0.0.1:" + port + "/data", "Authorization", "Bearer " + SECRET).body()).isEqualTo("faces");
            assertThat(get(trusting, "https://localhost:" + port + "/data").statusCode()).isEqualTo(401);
            assertThat(get(trusting, "https://127.0.0.1:" + port + "/data?token=" + SECRET).headers().firstValue("Set-Cookie").orElseThrow())
                    .contains("Secure");
            // a client that does not trust the certificate, and one speaking plain HTTP, get nothing
            assertThatThrownBy(() -> get(HttpClient.newHttpClient(), "https://127.0.0.1:" + port + "/data"))
                    .isInstanceOf(SSLHandshakeException.class);
            assertThatThrownBy(() -> get(HttpClient.newHttpClient(), "http://127.0.0.1:" + port + "/data")).isInstanceOf(IOException.class);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aCertificateSignedByACaServesWithItsChain(@TempDir Path dir) throws Exception {
        TestCa ca = TestCa.create(dir.resolve("ca"));
        TestCa.Identity server = ca.issue("dashboard");
        HttpServer s = serve(HttpAccess.of(HttpAccess.LOOPBACK, null, server.certificatePem(), server.keyPem()));
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            try (var in = Files.newInputStream(ca.trustStore())) {
                trust.load(in, TestCa.PASSWORD.toCharArray());
            }
            var tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            var context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            HttpClient trustingTheCa = HttpClient.newBuilder().sslContext(context).build();
            assertThat(get(trustingTheCa, "https://localhost:" + s.getAddress().getPort() + "/data").body()).isEqualTo("faces");
        } finally {
            s.stop(0);
        }
    }

    @Test
    void badTlsFilesSayWhatIsWrong(@TempDir Path dir) throws Exception {
        TestCertificates certs = TestCertificates.selfSigned(dir, "fer-test");
        assertThatThrownBy(() -> HttpAccess.of("127.0.0.1", null, certs.certificatePem(), null)).hasMessageContaining("both --tls-cert and --tls-key");
        assertThatThrownBy(() -> HttpAccess.of("127.0.0.1", null, certs.keyPem(), certs.keyPem())).hasMessageContaining("no 'BEGIN CERTIFICATE'");
        assertThatThrownBy(() -> HttpAccess.of("127.0.0.1", null, certs.certificatePem(), certs.certificatePem()))
                .hasMessageContaining("no 'BEGIN PRIVATE KEY'");
        Path encrypted = Files.writeString(dir.resolve("enc.pem"), TestCertificates.pem("ENCRYPTED PRIVATE KEY", new byte[] {1, 2, 3}));
        assertThatThrownBy(() -> HttpAccess.of("127.0.0.1", null, certs.certificatePem(), encrypted)).hasMessageContaining("encrypted");
    }

    @Test
    void anRsaKeyInItsOwnEncodingIsTakenToo(@TempDir Path dir) throws Exception {
        TestCertificates certs = TestCertificates.selfSigned(dir, "fer-rsa");
        // PKCS#8 wraps the PKCS#1 key in an OCTET STRING after the algorithm: unwrap it to get the RSA-only encoding
        PrivateKey key = PemTls.privateKey(Files.readString(certs.keyPem()), certs.keyPem());
        byte[] pkcs1 = unwrapPkcs8(key.getEncoded());
        assertThat(PemTls.Pkcs1.toPkcs8(pkcs1)).isEqualTo(key.getEncoded());
        Path rsaPem = Files.writeString(dir.resolve("rsa.pem"), TestCertificates.pem("RSA PRIVATE KEY", pkcs1));
        assertThat(HttpAccess.of("127.0.0.1", null, certs.certificatePem(), rsaPem).tls()).isNotNull();
    }

    /** The OCTET STRING's content at the end of a PKCS#8 RSA key (version, algorithm, then the key). */
    private static byte[] unwrapPkcs8(byte[] der) {
        int i = 1 + lengthBytes(der, 1); // past the outer SEQUENCE header
        i += 3; // INTEGER 0
        i += 15; // rsaEncryption AlgorithmIdentifier
        int octetLen = length(der, i + 1);
        int start = i + 1 + lengthBytes(der, i + 1);
        return Arrays.copyOfRange(der, start, start + octetLen);
    }

    private static int lengthBytes(byte[] der, int at) {
        return (der[at] & 0x80) == 0 ? 1 : 1 + (der[at] & 0x7f);
    }

    private static int length(byte[] der, int at) {
        if ((der[at] & 0x80) == 0) {
            return der[at];
        }
        int n = 0;
        for (int k = 1; k <= (der[at] & 0x7f); k++) {
            n = (n << 8) | (der[at + k] & 0xff);
        }
        return n;
    }
}
