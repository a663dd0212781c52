package io.fer.testing;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A certificate authority made in a test with the JDK's keytool, and identities it signs (a broker, a client for
 * mutual TLS): each as a PKCS12 key store for Java and as PEM files for other clients (librdkafka, openssl).
 */
public final class TestCa {
    public static final String PASSWORD = "test-password";
    private final Path dir;

    /** One signed identity: its key store (key and chain), and the same as PEM. */
    public record Identity(String name, Path keyStore, Path certificatePem, Path keyPem) {}

    private TestCa(Path dir) {
        this.dir = dir;
    }

    public static TestCa create(Path dir) throws Exception {
        Files.createDirectories(dir);
        TestCa ca = new TestCa(dir);
        ca.keytool("-genkeypair", "-alias", "ca", "-dname", "CN=fer-test-ca", "-ext", "bc:c", "-keyalg", "RSA", "-keysize", "2048",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", ca.caStore().toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        ca.keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.caStore().toString(), "-storepass", PASSWORD, "-file",
                ca.certificatePem().toString());
        ca.keytool("-importcert", "-noprompt", "-alias", "ca", "-file", ca.certificatePem().toString(), "-storetype", "PKCS12", "-keystore",
                ca.trustStore().toString(), "-storepass", PASSWORD);
        return ca;
    }

    private Path caStore() {
        return dir.resolve("ca.p12");
    }

    /** The CA's certificate as PEM: what clients trust. */
    public Path certificatePem() {
        return dir.resolve("ca.pem");
    }

    /** A PKCS12 trust store holding the CA's certificate. */
    public Path trustStore() {
        return dir.resolve("truststore.p12");
    }

    /** A key pair for {@code CN=name} (valid for localhost and 127.0.0.1), signed by this CA. */
    public Identity issue(String name) throws Exception {
        Path store = dir.resolve(name + ".p12");
        Path csr = dir.resolve(name + ".csr");
        Path crt = dir.resolve(name + ".crt");
        String san = "SAN=dns:localhost,ip:127.0.0.1";
        keytool("-genkeypair", "-alias", name, "-dname", "CN=" + name, "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-ext", san,
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-certreq", "-alias", name, "-keystore", store.toString(), "-storepass", PASSWORD, "-file", csr.toString());
        keytool("-gencert", "-alias", "ca", "-keystore", caStore().toString(), "-storepass", PASSWORD, "-infile", csr.toString(),
                "-outfile", crt.toString(), "-rfc", "-validity", "2", "-ext", san, "-ext", "KU=digitalSignature,keyEncipherment",
                "-ext", "EKU=serverAuth,clientAuth");
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", certificatePem().toString(), "-keystore", store.toString(),
                "-storepass", PASSWORD);
        keytool("-importcert", "-alias", name, "-file", crt.toString(), "-keystore", store.toString(), "-storepass", PASSWORD);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        StringBuilder chain = new StringBuilder();
        for (Certificate c : ks.getCertificateChain(name)) {
            chain.append(TestCertificates.pem("CERTIFICATE", c.getEncoded()));
        }
        Path certPem = Files.writeString(dir.resolve(name + ".crt.pem"), chain);
        Path keyPem = Files.writeString(dir.resolve(name + ".key.pem"), TestCertificates.pem("PRIVATE KEY",
                ks.getKey(name, PASSWORD.toCharArray()).getEncoded()));
        return new Identity(name, store, certPem, keyPem);
    }

    /** Runs the JDK's keytool; fails with its output. */
    public static void keytool(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool " + args[0] + " failed: " + out);
        }
    }
}
