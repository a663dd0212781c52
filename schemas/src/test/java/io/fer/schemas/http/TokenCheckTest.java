package io.fer.schemas.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fer.schemas.http.TokenCheck.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenCheckTest {
    static final String SECRET = "s3cret-token-0123456789";
    final AccessToken token = AccessToken.of(SECRET, "test");

    @Test
    void aHeaderACookieOrTheQueryCarriesTheToken() {
        assertThat(TokenCheck.check(token, List.of("Bearer " + SECRET), List.of(), null)).isEqualTo(Verdict.ALLOW);
        assertThat(TokenCheck.check(token, List.of("bearer " + SECRET), List.of(), null)).isEqualTo(Verdict.ALLOW);
        assertThat(TokenCheck.check(token, List.of(), List.of("a=1; fer_token=" + SECRET + "; b=2"), null)).isEqualTo(Verdict.ALLOW);
        assertThat(TokenCheck.check(token, List.of(), List.of(), "x=1&token=" + SECRET)).isEqualTo(Verdict.ALLOW_AND_SET_COOKIE);
        assertThat(TokenCheck.withoutToken("x=1&token=" + SECRET + "&y=2")).isEqualTo("x=1&y=2");
        assertThat(TokenCheck.withoutToken("token=" + SECRET)).isEmpty();
        // the redirect that drops the token stays on this server
        assertThat(TokenCheck.sameSitePath("//evil.example/x")).isEqualTo("/evil.example/x");
        assertThat(TokenCheck.sameSitePath("/api/events")).isEqualTo("/api/events");
        assertThat(TokenCheck.sameSitePath("")).isEqualTo("/");
    }

    @Test
    void noTokenIsMissingAndAnyOtherIsWrong() {
        assertThat(TokenCheck.check(token, List.of(), List.of(), null)).isEqualTo(Verdict.MISSING);
        assertThat(TokenCheck.check(token, List.of("Basic dXNlcjpwYXNz"), List.of("other=1"), "x=1")).isEqualTo(Verdict.MISSING);
        assertThat(TokenCheck.check(token, List.of("Bearer " + SECRET + "x"), List.of(), null)).isEqualTo(Verdict.WRONG);
        assertThat(TokenCheck.check(token, List.of("Bearer "), List.of(), null)).isEqualTo(Verdict.WRONG);
        assertThat(TokenCheck.check(token, List.of(), List.of("fer_token=" + SECRET.substring(1)), null)).isEqualTo(Verdict.WRONG);
        // a wrong header is not rescued by a right cookie
        assertThat(TokenCheck.check(token, List.of("Bearer nope"), List.of("fer_token=" + SECRET), null)).isEqualTo(Verdict.WRONG);
    }

    @Test
    void tokenFilesAreReadAndShortOrMissingOnesRefused(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("token"), SECRET + "\n");
        assertThat(AccessToken.fromFile(file).matches(SECRET)).isTrue();
        assertThat(AccessToken.fromFile(file).matches(SECRET + "\n")).isFalse();
        Path shortOne = Files.writeString(dir.resolve("short"), "abc\n");
        assertThatThrownBy(() -> AccessToken.fromFile(shortOne)).hasMessageContaining("16 characters or more");
        assertThatThrownBy(() -> AccessToken.fromFile(dir.resolve("absent"))).hasMessageContaining("cannot read the auth token file");
    }
}
