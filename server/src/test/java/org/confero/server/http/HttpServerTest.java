package org.confero.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.confero.server.signalling.FakeBrowserCalls;
import org.confero.server.signalling.SignallingLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpServerTest {
    @TempDir
    Path dataDir;

    private TestServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(dataDir, new FakeBrowserCalls(), SignallingLimits.DEFAULTS);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.base() + path)).timeout(Duration.ofSeconds(5))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The counter moves when Jetty completes the response, which may be just after the client has it. */
    private long awaitCounter(String name, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (server.metrics.counterValue(name) < expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Thread.sleep(50);
        return server.metrics.counterValue(name);
    }

    @Test
    void healthAndMetricsAnswerForMonitoring() throws Exception {
        HttpResponse<String> health = get("/healthz");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body().strip()).isEqualTo("ok");

        HttpResponse<String> metrics = get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("content-type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("text/plain; version=0.0.4"));
        assertThat(metrics.body()).contains("# TYPE confero_http_responses_4xx_total counter")
                .contains("confero_signalling_sockets_open 0");
    }

    @Test
    void roomApiDescribesAnExistingRoomAndRefusesAnUnknownOne() throws Exception {
        HttpResponse<String> found = get("/api/join/secret");
        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(found.headers().firstValue("content-type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/json"));
        JsonNode room = new ObjectMapper().readTree(found.body());
        assertThat(room.path("id").asText()).isEqualTo("secret");
        assertThat(room.path("name").asText()).isEqualTo("Board meeting");
        assertThat(room.path("pinRequired").asBoolean()).isTrue();
        assertThat(room.path("participants").asInt()).isZero();
        assertThat(room.path("sipUri").asText()).isEqualTo("sip:secret@127.0.0.1");
        assertThat(found.body()).doesNotContain("pin\"");

        HttpResponse<String> missing = get("/api/join/nowhere");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(new ObjectMapper().readTree(missing.body()).path("error").asText()).isEqualTo("room-not-found");
        assertThat(get("/api/join/Bad%20Id").statusCode()).isEqualTo(404);
        assertThat(awaitCounter("confero_http_responses_4xx_total", 2)).isEqualTo(2);
    }

    @Test
    void failureBehindTheApiIsA500AndCounted() throws Exception {
        HttpResponse<String> response = get("/api/join/explode");
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).doesNotContain("storage is down").doesNotContain("Exception");
        assertThat(awaitCounter("confero_http_responses_5xx_total", 1)).isEqualTo(1);
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
    }

    @Test
    void pagesAreServedWithSecurityHeaders() throws Exception {
        HttpResponse<String> home = get("/");
        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        assertThat(home.body()).contains("id=\"room-input\"").doesNotContain("<script>");
        assertThat(home.headers().firstValue("content-security-policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("script-src 'self'").contains("connect-src 'self' ws: wss:").doesNotContain("unsafe-inline"));
        assertThat(home.headers().firstValue("x-content-type-options")).hasValue("nosniff");
        assertThat(home.headers().firstValue("referrer-policy")).hasValue("no-referrer");

        for (String path : new String[] {"/r/demo", "/r/any-room-at-all", "/r/nowhere/"}) {
            HttpResponse<String> page = get(path);
            assertThat(page.statusCode()).as(path).isEqualTo(200);
            assertThat(page.body()).as(path).contains("data-testid=\"join-button\"");
        }
    }

    @Test
    void staticAssetsHaveTheirContentTypesAndCaching() throws Exception {
        HttpResponse<String> js = get("/js/room.js");
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.headers().firstValue("content-type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("text/javascript"));
        assertThat(js.headers().firstValue("cache-control")).hasValue("public, max-age=300");
        assertThat(js.headers().firstValue("etag")).isPresent();
        assertThat(get("/css/app.css").headers().firstValue("content-type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("text/css"));
        assertThat(get("/favicon.svg").headers().firstValue("content-type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("image/svg+xml"));
        assertThat(get("/js/nothing.js").statusCode()).isEqualTo(404);
    }

    @Test
    void noDirectoryListingAndNoEscapeFromTheWebRoot() throws Exception {
        assertThat(get("/js/").statusCode()).isIn(403, 404);
        assertThat(get("/js/").body()).doesNotContain("room.js").doesNotContainIgnoringCase("jetty");
        for (String path : new String[] {"/%2e%2e/org/confero/server/http/HttpServer.class",
                "/js/%2e%2e/%2e%2e/logback.xml", "/..%2flogback.xml", "/%2e%2e%2f%2e%2e%2fetc/passwd"}) {
            HttpResponse<String> r = get(path);
            assertThat(r.statusCode()).as(path).isIn(400, 403, 404);
            assertThat(r.body()).as(path).doesNotContain("<configuration>").doesNotContain("root:");
        }
        // A raw request line that java.net.http would normalise first.
        try (Socket socket = new Socket("127.0.0.1", server.httpPort())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(("GET /../../etc/passwd HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(response).startsWith("HTTP/1.1 4").doesNotContain("root:");
        }
    }

    @Test
    void pagesRequestedByNameOverPlainHttpAreSentToHttps() throws Exception {
        String response = rawGet("/r/demo?x=1", "meet.example.org:8080");
        assertThat(response).startsWith("HTTP/1.1 302")
                .contains("Location: https://meet.example.org:" + server.server.httpsPort() + "/r/demo?x=1");
        assertThat(rawGet("/api/join/demo", "meet.example.org:8080")).as("the API stays on HTTP")
                .startsWith("HTTP/1.1 200");
        assertThat(rawGet("/r/demo", "localhost:8080")).as("loopback is a secure context").startsWith("HTTP/1.1 200");
    }

    private String rawGet(String path, String host) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.httpPort())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    @Test
    void onlyGetAndHeadAreAllowed() throws Exception {
        HttpResponse<String> head = http.send(HttpRequest.newBuilder(URI.create(server.base() + "/r/demo"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("content-length")).isPresent();

        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(server.base() + "/api/join/demo"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(awaitCounter("confero_http_responses_4xx_total", 1)).isEqualTo(1);
    }
}
