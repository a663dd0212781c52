package io.fer.schemas.http;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * Who can reach one of our HTTP endpoints (dashboard, summaries, metrics): the address it binds (this machine only
 * unless told otherwise), the bearer token it asks for, if any, and its TLS identity, if any. Every endpoint serves
 * faces or per-person emotions, so the default is closed: loopback, and a clear refusal for a request without the
 * token once one is set.
 *
 * @param token null: no token asked for
 * @param tls   null: plain HTTP
 */
public record HttpAccess(String host, AccessToken token, SSLContext tls) {
    public static final String LOOPBACK = "127.0.0.1";

    public static HttpAccess loopback() {
        return new HttpAccess(LOOPBACK, null, null);
    }

    /**
     * From command-line options; a bad file or a certificate without its key fails with a line that says which.
     *
     * @param tokenFile   null: no token
     * @param certificate with {@code key}, or both null
     */
    public static HttpAccess of(String host, Path tokenFile, Path certificate, Path key) {
        if ((certificate == null) != (key == null)) {
            throw new IllegalArgumentException("TLS needs both --tls-cert and --tls-key (PEM files)");
        }
        return new HttpAccess(host, tokenFile == null ? null : AccessToken.fromFile(tokenFile),
                certificate == null ? null : PemTls.serverContext(certificate, key));
    }

    public HttpAccess withToken(AccessToken t) {
        return new HttpAccess(host, t, tls);
    }

    public String scheme() {
        return tls == null ? "http" : "https";
    }

    /** An HTTP server bound as configured (HTTPS with a TLS identity); contexts added to it go through {@link #guard}. */
    public HttpServer bind(int port) throws IOException {
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (tls == null) {
            return HttpServer.create(address, 0);
        }
        HttpsServer server = HttpsServer.create(address, 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        return server;
    }

    /** The context answers only requests that carry the token (when one is set). */
    public HttpContext guard(HttpContext context) {
        if (token != null) {
            context.getFilters().add(new TokenFilter(token, tls != null));
        }
        return context;
    }

    /** A line for the console when this exposes faces to the network: bound beyond this machine without a token. */
    public Optional<String> exposure(String what) {
        if (token != null || isLoopback(host)) {
            return Optional.empty();
        }
        return Optional.of(what + " on " + host + " without --auth-token-file: anyone who can reach this port sees it"
                + (tls == null ? ", in clear text" : ""));
    }

    /** The address to show a user: a wildcard bind is reached as localhost from here. */
    public String displayHost() {
        return host.equals("0.0.0.0") || host.equals("::") ? "localhost" : host;
    }

    static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
