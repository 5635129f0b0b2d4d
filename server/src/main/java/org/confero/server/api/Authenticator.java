package org.confero.server.api;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.confero.server.hosts.HostAuth;
import org.confero.server.store.Host;
import org.confero.server.store.SessionRepository.Session;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * Finds the caller of an API request: an {@code Authorization: Bearer} token, or the session cookie. Writes made
 * with the cookie must also carry the session's CSRF token in {@value #CSRF_HEADER} (double submit: another site
 * can make the browser send the cookie, but cannot read the token), and an Origin header, when sent, must be ours.
 */
final class Authenticator {
    static final String COOKIE = "confero_session";
    static final String CSRF_HEADER = "X-CSRF-Token";

    private final HostAuth auth;

    Authenticator(HostAuth auth) {
        this.auth = auth;
    }

    /** The caller, or an {@link ApiException} (401, or 403 for a write without a valid CSRF token). */
    Caller require(Request request, boolean write) {
        String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (authorization != null) {
            if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw ApiException.unauthenticated();
            }
            Host host = auth.bearer(authorization.substring(7).strip()).orElseThrow(ApiException::unauthenticated);
            return new Caller(host, Optional.empty());
        }
        Session session = sessionToken(request).flatMap(auth::session).orElseThrow(ApiException::unauthenticated);
        if (write) {
            checkOrigin(request);
            String sent = request.getHeaders().get(CSRF_HEADER);
            if (sent == null || !MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
                    session.csrfToken().getBytes(StandardCharsets.UTF_8))) {
                throw new ApiException(403, "csrf", "a write with the session cookie needs the " + CSRF_HEADER
                        + " header from login or GET /api/me");
            }
        }
        return new Caller(session.host(), Optional.of(session));
    }

    static Optional<String> sessionToken(Request request) {
        for (HttpCookie cookie : Request.getCookies(request)) {
            if (cookie.getName().equals(COOKIE)) {
                return Optional.of(cookie.getValue());
            }
        }
        return Optional.empty();
    }

    /** A browser names the page's origin on cross-site requests: refuse one that is not this server. */
    static void checkOrigin(Request request) {
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (origin == null) {
            return;
        }
        String authority = request.getHeaders().get(HttpHeader.HOST);
        try {
            URI uri = URI.create(origin);
            String originAuthority = uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            if (authority != null && authority.equalsIgnoreCase(originAuthority)) {
                return;
            }
        } catch (IllegalArgumentException ignored) {
            // an unparseable Origin is refused below
        }
        throw new ApiException(403, "cross-origin", "cross-origin writes are refused");
    }
}
