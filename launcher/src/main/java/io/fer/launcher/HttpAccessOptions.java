package io.fer.launcher;

import io.fer.schemas.http.HttpAccess;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Who may reach a command's HTTP endpoint beyond the address it binds: a bearer token and TLS. */
final class HttpAccessOptions {
    @Option(names = "--auth-token-file", paramLabel = "FILE", description = "ask every request for the token in this file's first"
            + " line (Authorization: Bearer TOKEN; a browser opens the page once with ?token=TOKEN and keeps it in a cookie)")
    Path tokenFile;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "serve HTTPS with this certificate (its chain after it); needs --tls-key")
    Path certificate;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "the certificate's unencrypted PKCS#8 private key")
    Path key;

    /** The access for an endpoint bound to {@code host}; bad files fail as a user error. */
    HttpAccess access(String host) {
        try {
            return HttpAccess.of(host, tokenFile, certificate, key);
        } catch (IllegalArgumentException e) {
            throw new Fer.UserError(e.getMessage());
        }
    }
}
