package io.fer.schemas.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Where a request's token is and whether it is the right one: an {@code Authorization: Bearer} header (programs,
 * Prometheus), the session cookie (a browser after its first visit), or a {@code token} query parameter (the link a
 * browser opens once; the page then drops it from the address). Pure: headers and query in, a verdict out.
 */
public final class TokenCheck {
    public static final String COOKIE = "fer_token";
    public static final String QUERY_PARAMETER = "token";

    /** What to do with a request. */
    public enum Verdict {
        /** the right token in a header or cookie */
        ALLOW,
        /** the right token in the query: set the cookie and send the browser to the address without it */
        ALLOW_AND_SET_COOKIE,
        /** no token: 401 */
        MISSING,
        /** a token, not the right one: 403 */
        WRONG
    }

    private TokenCheck() {}

    public static Verdict check(AccessToken token, List<String> authorization, List<String> cookies, String rawQuery) {
        Optional<String> presented = bearer(authorization);
        if (presented.isPresent()) {
            return token.matches(presented.get()) ? Verdict.ALLOW : Verdict.WRONG;
        }
        Optional<String> fromQuery = queryToken(rawQuery);
        if (fromQuery.isPresent()) {
            return token.matches(fromQuery.get()) ? Verdict.ALLOW_AND_SET_COOKIE : Verdict.WRONG;
        }
        Optional<String> fromCookie = cookie(cookies);
        if (fromCookie.isPresent()) {
            return token.matches(fromCookie.get()) ? Verdict.ALLOW : Verdict.WRONG;
        }
        return Verdict.MISSING;
    }

    static Optional<String> bearer(List<String> authorization) {
        for (String h : authorization) {
            if (h.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return Optional.of(h.substring(7).strip());
            }
        }
        return Optional.empty();
    }

    static Optional<String> cookie(List<String> cookieHeaders) {
        for (String header : cookieHeaders) {
            for (String pair : header.split(";")) {
                String p = pair.strip();
                if (p.startsWith(COOKIE + "=")) {
                    return Optional.of(URLDecoder.decode(p.substring(COOKIE.length() + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return Optional.empty();
    }

    static Optional<String> queryToken(String rawQuery) {
        if (rawQuery == null) {
            return Optional.empty();
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.startsWith(QUERY_PARAMETER + "=")) {
                return Optional.of(URLDecoder.decode(pair.substring(QUERY_PARAMETER.length() + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    /**
     * The path to send a browser back to on this server: "//host/x" would be read as another site's address, so
     * leading slashes collapse to one.
     */
    public static String sameSitePath(String rawPath) {
        return rawPath == null || rawPath.isEmpty() ? "/" : "/" + rawPath.replaceFirst("^/+", "");
    }

    /** The query without the token parameter ("" when nothing else was there). */
    public static String withoutToken(String rawQuery) {
        if (rawQuery == null) {
            return "";
        }
        return String.join("&", Arrays.stream(rawQuery.split("&"))
                .filter(p -> !p.startsWith(QUERY_PARAMETER + "=") && !p.isEmpty()).toList());
    }
}
