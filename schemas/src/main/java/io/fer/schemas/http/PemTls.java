package io.fer.schemas.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A server's TLS identity from the PEM files that certificate tools write: the certificate (its chain after it) and an
 * unencrypted PKCS#8 private key ("BEGIN PRIVATE KEY", RSA or EC; an RSA "BEGIN RSA PRIVATE KEY" is taken too).
 */
public final class PemTls {
    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
    private static final char[] NO_PASSWORD = new char[0];

    private PemTls() {}

    public static SSLContext serverContext(Path certificatePem, Path keyPem) {
        try {
            List<Certificate> chain = certificates(read(certificatePem));
            if (chain.isEmpty()) {
                throw new IllegalArgumentException(certificatePem + ": no 'BEGIN CERTIFICATE' block");
            }
            PrivateKey key = privateKey(read(keyPem), keyPem);
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", key, NO_PASSWORD, chain.toArray(Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, NO_PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("TLS from " + certificatePem + " and " + keyPem + ": " + e.getMessage(), e);
        }
    }

    private static String read(Path pem) {
        try {
            return Files.readString(pem, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + pem + ": " + e.getMessage(), e);
        }
    }

    static List<Certificate> certificates(String pem) throws GeneralSecurityException {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<Certificate> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(pem);
        while (m.find()) {
            if (m.group(1).equals("CERTIFICATE")) {
                out.add(factory.generateCertificate(new ByteArrayInputStream(decode(m.group(2)))));
            }
        }
        return out;
    }

    static PrivateKey privateKey(String pem, Path where) throws GeneralSecurityException {
        Matcher m = BLOCK.matcher(pem);
        while (m.find()) {
            byte[] der = decode(m.group(2));
            switch (m.group(1)) {
                case "PRIVATE KEY" -> {
                    return pkcs8(der, where);
                }
                case "RSA PRIVATE KEY" -> {
                    return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Pkcs1.toPkcs8(der)));
                }
                case "ENCRYPTED PRIVATE KEY" -> throw new IllegalArgumentException(where + ": the key is encrypted; give an unencrypted"
                        + " one, readable by this user only (openssl pkcs8 -in KEY -out KEY.plain)");
                case "EC PRIVATE KEY" -> throw new IllegalArgumentException(where + ": an SEC1 EC key; convert it to PKCS#8 with"
                        + " openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8");
                default -> { } // parameters and other blocks beside the key
            }
        }
        throw new IllegalArgumentException(where + ": no 'BEGIN PRIVATE KEY' block");
    }

    private static PrivateKey pkcs8(byte[] der, Path where) throws GeneralSecurityException {
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (InvalidKeySpecException notThisOne) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException(where + ": a private key of an algorithm other than RSA, EC or Ed25519");
    }

    private static byte[] decode(String base64) {
        return Base64.getMimeDecoder().decode(base64.strip());
    }

    /** RSA's own key encoding wrapped in PKCS#8's: a DER header in front, nothing else changes. */
    static final class Pkcs1 {
        private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01,
                0x01, 0x01, 0x05, 0x00};

        static byte[] toPkcs8(byte[] pkcs1) {
            byte[] octets = concat(new byte[] {0x04}, length(pkcs1.length), pkcs1);
            byte[] body = concat(new byte[] {0x02, 0x01, 0x00}, RSA_ALGORITHM, octets);
            return concat(new byte[] {0x30}, length(body.length), body);
        }

        private static byte[] length(int n) {
            if (n < 0x80) {
                return new byte[] {(byte) n};
            }
            if (n < 0x100) {
                return new byte[] {(byte) 0x81, (byte) n};
            }
            if (n < 0x10000) {
                return new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n};
            }
            return new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
        }

        private static byte[] concat(byte[]... parts) {
            int n = 0;
            for (byte[] p : parts) {
                n += p.length;
            }
            byte[] out = new byte[n];
            int at = 0;
            for (byte[] p : parts) {
                System.arraycopy(p, 0, out, at, p.length);
                at += p.length;
            }
            return out;
        }
    }
}
