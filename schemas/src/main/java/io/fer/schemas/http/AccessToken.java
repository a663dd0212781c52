package io.fer.schemas.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A shared secret that callers present as a bearer token. Only its digest is kept, and a presented token is compared
 * by digest with {@link MessageDigest#isEqual}: the time a comparison takes tells nothing about the token, not even its
 * length.
 */
public final class AccessToken {
    static final int MIN_LENGTH = 16;
    private final byte[] digest;

    private AccessToken(String token) {
        this.digest = sha256(token);
    }

    /** The token in the file's first line; refuses a missing, empty or short one with a line that says why. */
    public static AccessToken fromFile(Path file) {
        String token;
        try {
            token = Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the auth token file " + file + ": " + e.getMessage(), e);
        }
        return of(token, "auth token file " + file);
    }

    public static AccessToken of(String token, String where) {
        if (token.length() < MIN_LENGTH) {
            throw new IllegalArgumentException(where + ": the token needs " + MIN_LENGTH + " characters or more (e.g. `openssl rand -hex 24`)");
        }
        return new AccessToken(token);
    }

    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(digest, sha256(presented));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
