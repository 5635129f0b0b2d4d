package org.confero.server.hosts;

import java.time.Clock;
import java.util.Optional;
import org.confero.server.guard.LoginGuard;
import org.confero.server.store.ApiTokenRepository;
import org.confero.server.store.ApiTokenRepository.ApiToken;
import org.confero.server.store.Host;
import org.confero.server.store.HostRepository;
import org.confero.server.store.SessionRepository;
import org.confero.server.store.SessionRepository.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logins, sessions and API tokens: who a request is, if anyone. */
public final class HostAuth {
    private static final Logger LOG = LoggerFactory.getLogger(HostAuth.class);

    /** What a login ended with. */
    public sealed interface LoginResult permits LoggedIn, Refused, Throttled {}

    /** The cookie value is given out here once; only its hash is stored. */
    public record LoggedIn(Host host, String sessionToken, String csrfToken, long expiresAt) implements LoginResult {}

    public record Refused() implements LoginResult {}

    public record Throttled(String reason, long retryAfterSeconds) implements LoginResult {}

    /** A new API token; {@code token} is shown to its host once. */
    public record NewToken(ApiToken token, String secret) {}

    private final HostRepository hosts;
    private final SessionRepository sessions;
    private final ApiTokenRepository tokens;
    private final PasswordHasher hasher;
    private final LoginGuard guard;
    private final Clock clock;
    private final long sessionLifetimeMillis;
    private final String decoyHash;

    public HostAuth(HostRepository hosts, SessionRepository sessions, ApiTokenRepository tokens, PasswordHasher hasher,
            LoginGuard guard, Clock clock, long sessionLifetimeSeconds) {
        this.hosts = hosts;
        this.sessions = sessions;
        this.tokens = tokens;
        this.hasher = hasher;
        this.guard = guard;
        this.clock = clock;
        this.sessionLifetimeMillis = sessionLifetimeSeconds * 1000;
        this.decoyHash = hasher.decoy();
    }

    public LoginResult login(String name, String password, String source) {
        LoginGuard.Verdict verdict = guard.attempt(source, name);
        if (!verdict.allowed()) {
            return new Throttled(verdict.reason(), verdict.retryAfterSeconds());
        }
        Optional<Host> host = hosts.find(name);
        // An unknown name costs one hash too: response time does not tell which names exist.
        boolean ok = hasher.verify(password, host.map(Host::passwordHash).orElse(decoyHash)) && host.isPresent();
        if (!ok) {
            guard.failed(source, name);
            LOG.info("login refused for {} from {}", name, source);
            return new Refused();
        }
        guard.succeeded(name);
        long now = clock.millis();
        sessions.deleteExpired(now);
        String token = Secrets.random();
        String csrf = Secrets.random();
        long expires = now + sessionLifetimeMillis;
        sessions.create(Secrets.sha256(token), host.get().id(), csrf, now, expires);
        LOG.info("host {} logged in from {}", name, source);
        return new LoggedIn(host.get(), token, csrf, expires);
    }

    /** The live session behind a cookie value. */
    public Optional<Session> session(String sessionToken) {
        if (sessionToken == null || sessionToken.length() != 43) {
            return Optional.empty();
        }
        return sessions.find(Secrets.sha256(sessionToken), clock.millis());
    }

    public void logout(String sessionToken) {
        if (sessionToken != null) {
            sessions.delete(Secrets.sha256(sessionToken));
        }
    }

    /** The host an API token belongs to. */
    public Optional<Host> bearer(String token) {
        if (token == null || token.length() != 43) {
            return Optional.empty();
        }
        return tokens.hostOf(Secrets.sha256(token));
    }

    public NewToken createToken(Host host, String name) {
        String secret = Secrets.random();
        ApiToken token = tokens.create(host.id(), name, Secrets.sha256(secret), clock.millis());
        LOG.info("host {} created API token {} ({})", host.name(), token.id(), name);
        return new NewToken(token, secret);
    }

    public java.util.List<ApiToken> tokens(Host host) {
        return tokens.list(host.id());
    }

    public int tokenCount(Host host) {
        return tokens.count(host.id());
    }

    public boolean deleteToken(Host host, long id) {
        return tokens.delete(host.id(), id);
    }
}
