package org.confero.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A script's or browser's view of the REST API: a cookie jar, the CSRF token after login, or a bearer token. */
public final class ApiClient {
    static final ObjectMapper JSON = new ObjectMapper();

    /** One response: status, body text, and headers. */
    public record Reply(int status, String body, HttpResponse<String> raw) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        public String error() {
            return json().path("error").asText();
        }

        public String field() {
            return json().path("field").asText();
        }
    }

    private final String base;
    private final HttpClient http;
    private String csrf;
    private String bearer;

    public ApiClient(String base) {
        this.base = base;
        this.http = HttpClient.newBuilder().cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    public static ApiClient loggedIn(String base, String name, String password) throws Exception {
        ApiClient client = new ApiClient(base);
        Reply reply = client.login(name, password);
        if (reply.status() != 200) {
            throw new AssertionError("login " + name + ": " + reply.status() + " " + reply.body());
        }
        return client;
    }

    public Reply login(String name, String password) throws Exception {
        Reply reply = send("POST", "/api/login", JSON.writeValueAsString(Map.of("name", name, "password", password)));
        if (reply.status() == 200) {
            csrf = reply.json().get("csrfToken").asText();
        }
        return reply;
    }

    public ApiClient withBearer(String token) {
        this.bearer = token;
        return this;
    }

    public ApiClient withoutCsrf() {
        this.csrf = null;
        return this;
    }

    public Reply send(String method, String path, String body) throws Exception {
        return send(method, path, body, Map.of());
    }

    public Reply send(String method, String path, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null && !headers.containsKey("Content-Type")) {
            request.header("Content-Type", "application/json");
        }
        if (csrf != null) {
            request.header("X-CSRF-Token", csrf);
        }
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        headers.forEach(request::header);
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body(), response);
    }

    public Reply get(String path) throws Exception {
        return send("GET", path, null);
    }

    public Reply post(String path, Object json) throws Exception {
        return send("POST", path, json instanceof String s ? s : JSON.writeValueAsString(json));
    }

    public Reply patch(String path, Object json) throws Exception {
        return send("PATCH", path, json instanceof String s ? s : JSON.writeValueAsString(json));
    }

    public Reply delete(String path) throws Exception {
        return send("DELETE", path, null);
    }
}
