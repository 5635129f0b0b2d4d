package org.confero.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.confero.server.hosts.HostAuth;
import org.confero.server.store.ApiTokenRepository.ApiToken;
import org.confero.server.store.SessionRepository.Session;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** {@code POST /api/login}, {@code POST /api/logout}, {@code GET /api/me} and the API tokens under {@code /api/tokens}. */
final class LoginApi {
    static final int MAX_TOKENS_PER_HOST = 20;

    private final HostAuth auth;
    private final Authenticator authenticator;
    private final long sessionLifetimeSeconds;

    LoginApi(HostAuth auth, Authenticator authenticator, long sessionLifetimeSeconds) {
        this.auth = auth;
        this.authenticator = authenticator;
        this.sessionLifetimeSeconds = sessionLifetimeSeconds;
    }

    void login(Request request, Response response, Callback callback) {
        Authenticator.checkOrigin(request);
        JsonNode body = JsonBody.read(request);
        String name = JsonBody.text(body, "name", 64);
        String password = JsonBody.text(body, "password", 256);
        HostAuth.LoginResult result = auth.login(name, password, Request.getRemoteAddr(request));
        if (result instanceof HostAuth.Throttled t) {
            throw new ApiException(429, "login-throttled", t.reason(), null, t.retryAfterSeconds());
        }
        if (!(result instanceof HostAuth.LoggedIn in)) {
            throw new ApiException(401, "login-failed", "wrong name or password");
        }
        Response.addCookie(response, cookie(request, in.sessionToken(), sessionLifetimeSeconds));
        ApiResponses.json(response, callback, 200, me(in.host().name(), in.host().admin(), in.csrfToken(),
                in.expiresAt()));
    }

    void logout(Request request, Response response, Callback callback) {
        authenticator.require(request, true);
        Authenticator.sessionToken(request).ifPresent(auth::logout);
        Response.addCookie(response, cookie(request, "", 0));
        ApiResponses.noContent(response, callback);
    }

    void me(Request request, Response response, Callback callback) {
        Caller caller = authenticator.require(request, false);
        Session session = caller.session().orElse(null);
        ApiResponses.json(response, callback, 200, me(caller.host().name(), caller.host().admin(),
                session == null ? null : session.csrfToken(), session == null ? 0 : session.expiresAt()));
    }

    void createToken(Request request, Response response, Callback callback) {
        Caller caller = authenticator.require(request, true);
        JsonNode body = JsonBody.read(request);
        String name = JsonBody.text(body, "name", 64);
        if (name.isBlank() || name.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.badField("name", "name must be 1-64 printable characters");
        }
        if (auth.tokenCount(caller.host()) >= MAX_TOKENS_PER_HOST) {
            throw new ApiException(409, "too-many-tokens", "a host has at most " + MAX_TOKENS_PER_HOST
                    + " API tokens; delete one first");
        }
        HostAuth.NewToken created = auth.createToken(caller.host(), name);
        Map<String, Object> json = token(created.token());
        json.put("token", created.secret());
        ApiResponses.json(response, callback, 201, json);
    }

    void listTokens(Request request, Response response, Callback callback) {
        Caller caller = authenticator.require(request, false);
        List<Map<String, Object>> tokens = auth.tokens(caller.host()).stream().map(LoginApi::token).toList();
        ApiResponses.json(response, callback, 200, Map.of("tokens", tokens));
    }

    void deleteToken(Request request, Response response, Callback callback, String id) {
        Caller caller = authenticator.require(request, true);
        long tokenId;
        try {
            tokenId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw ApiException.notFound("no such token");
        }
        if (!auth.deleteToken(caller.host(), tokenId)) {
            throw ApiException.notFound("no such token");
        }
        ApiResponses.noContent(response, callback);
    }

    private static Map<String, Object> token(ApiToken token) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", token.id());
        json.put("name", token.name());
        json.put("createdAt", java.time.Instant.ofEpochMilli(token.createdAt()).toString());
        return json;
    }

    private static Map<String, Object> me(String name, boolean admin, String csrf, long expiresAt) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("host", name);
        json.put("admin", admin);
        if (csrf != null) {
            json.put("csrfToken", csrf);
            json.put("expiresAt", java.time.Instant.ofEpochMilli(expiresAt).toString());
        }
        return json;
    }

    private static HttpCookie cookie(Request request, String value, long maxAgeSeconds) {
        return HttpCookie.build(Authenticator.COOKIE, value).path("/").httpOnly(true).secure(request.isSecure())
                .sameSite(HttpCookie.SameSite.LAX).maxAge(Duration.ofSeconds(maxAgeSeconds).toSeconds()).build();
    }
}
