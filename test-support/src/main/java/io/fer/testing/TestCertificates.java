package io.fer.testing;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A certificate made in the test by the JDK's keytool (no other tool needed): a PKCS12 key store, and the same
 * identity as the PEM files a server is given (certificate, unencrypted PKCS#8 key).
 */
public record TestCertificates(Path keyStore, String password, Path certificatePem, Path keyPem) {
    public static TestCertificates selfSigned(Path dir, String commonName) throws Exception {
        Files.createDirectories(dir);
        Path store = dir.resolve(commonName + ".p12");
        String password = "test-password";
        TestCa.keytool("-genkeypair", "-alias", commonName, "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=" + commonName,
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", password, "-keypass", password);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, password.toCharArray());
        }
        Certificate cert = ks.getCertificate(commonName);
        Path certPem = Files.writeString(dir.resolve(commonName + ".crt.pem"), pem("CERTIFICATE", cert.getEncoded()));
        Path keyPem = Files.writeString(dir.resolve(commonName + ".key.pem"),
                pem("PRIVATE KEY", ks.getKey(commonName, password.toCharArray()).getEncoded()));
        return new TestCertificates(store, password, certPem, keyPem);
    }

    public static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    /** A client context that trusts this certificate only. */
    public SSLContext clientTrusting() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", certificates().get(0));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(null, tmf.getTrustManagers(), null);
        return c;
    }

    public List<Certificate> certificates() throws Exception {
        try (InputStream in = Files.newInputStream(certificatePem)) {
            return List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in)); // reads PEM
        }
    }
}
