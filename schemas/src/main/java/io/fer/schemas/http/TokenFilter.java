package io.fer.schemas.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Lets a request through only with the token ({@link TokenCheck}); 401 without one, 403 with a wrong one. */
final class TokenFilter extends Filter {
    private final AccessToken token;
    private final boolean secure;

    TokenFilter(AccessToken token, boolean secure) {
        this.token = token;
        this.secure = secure;
    }

    @Override
    public void doFilter(HttpExchange ex, Chain chain) throws IOException {
        var headers = ex.getRequestHeaders();
        String rawQuery = ex.getRequestURI().getRawQuery();
        switch (TokenCheck.check(token, orEmpty(headers.get("Authorization")), orEmpty(headers.get("Cookie")), rawQuery)) {
            case ALLOW -> chain.doFilter(ex);
            case ALLOW_AND_SET_COOKIE -> {
                // the browser keeps the token in a cookie that scripts cannot read; the address loses it
                String rest = TokenCheck.withoutToken(rawQuery);
                ex.getResponseHeaders().add("Set-Cookie", TokenCheck.COOKIE + "=" + tokenOf(rawQuery) + "; Path=/; HttpOnly; SameSite=Strict"
                        + (secure ? "; Secure" : ""));
                ex.getResponseHeaders().add("Location", TokenCheck.sameSitePath(ex.getRequestURI().getRawPath()) + (rest.isEmpty() ? "" : "?" + rest));
                refuse(ex, 303, "see the address without the token");
            }
            case MISSING -> {
                ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"fer\"");
                refuse(ex, 401, "a token is required: Authorization: Bearer TOKEN, or ?token=TOKEN once in a browser");
            }
            case WRONG -> refuse(ex, 403, "wrong token");
        }
    }

    private static String tokenOf(String rawQuery) {
        return URLEncoder.encode(TokenCheck.queryToken(rawQuery).orElseThrow(), StandardCharsets.UTF_8);
    }

    private static List<String> orEmpty(List<String> values) {
        return values == null ? List.of() : values;
    }

    private static void refuse(HttpExchange ex, int status, String message) throws IOException {
        try (ex) {
            byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
            ex.sendResponseHeaders(status, body.length);
            ex.getResponseBody().write(body);
        }
    }

    @Override
    public String description() {
        return "bearer token";
    }
}
