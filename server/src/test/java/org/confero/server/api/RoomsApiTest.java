package org.confero.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.confero.server.it.RunningServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rooms API against the real server (H2 in a fresh data directory): authentication, ownership, validation
 * that names the field, slugs, schedules and CSRF.
 */
class RoomsApiTest {
    private static final String ANA_PW = "quartz-lamp-71";
    private static final String BEN_PW = "violet-kettle-52";
    private static final String CAT_PW = "maple-orbit-93";
    private static RunningServer server;
    private static String base;
    // One login per host for the class: every login from 127.0.0.1 takes a token of the login guard's bucket.
    private static ApiClient ana;
    private static ApiClient ben;
    private static ApiClient cat;

    @BeforeAll
    static void start() {
        server = RunningServer.start(Map.of("CONFERO_ROOM_BOARD_NAME", "Board (configured)"));
        base = "http://127.0.0.1:" + server.httpPort();
        server.server().hostAccounts().add("ana", ANA_PW);
        server.server().hostAccounts().add("ben", BEN_PW);
        server.server().hostAccounts().add("cat", CAT_PW);
        try {
            ana = ApiClient.loggedIn(base, "ana", ANA_PW);
            ben = ApiClient.loggedIn(base, "ben", BEN_PW);
            cat = ApiClient.loggedIn(base, "cat", CAT_PW);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static Map<String, Object> room(String slug) {
        Map<String, Object> room = new LinkedHashMap<>();
        room.put("slug", slug);
        room.put("title", "Room " + slug);
        room.put("start", "2027-01-11T09:00");
        room.put("end", "2027-01-11T10:00");
        room.put("timeZone", "Europe/Berlin");
        return room;
    }

    @Test
    void everyEndpointRefusesCallsWithoutALoginOrWithAWrongToken() throws Exception {
        assertThat(ben.post("/api/rooms", room("ben-private")).status()).isEqualTo(201);
        List<String[]> calls = List.of(new String[] {"GET", "/api/rooms", null},
                new String[] {"POST", "/api/rooms", "{\"slug\":\"sneaky\"}"},
                new String[] {"GET", "/api/rooms/ben-private", null},
                new String[] {"PATCH", "/api/rooms/ben-private", "{\"title\":\"x\"}"},
                new String[] {"DELETE", "/api/rooms/ben-private", null},
                new String[] {"GET", "/api/rooms/ben-private/invite.ics", null},
                new String[] {"GET", "/api/me", null}, new String[] {"POST", "/api/logout", null},
                new String[] {"GET", "/api/tokens", null}, new String[] {"POST", "/api/tokens", "{\"name\":\"t\"}"},
                new String[] {"DELETE", "/api/tokens/1", null});
        for (ApiClient stranger : List.of(new ApiClient(base),
                new ApiClient(base).withBearer("x".repeat(43)), new ApiClient(base).withBearer("short"))) {
            for (String[] call : calls) {
                ApiClient.Reply reply = stranger.send(call[0], call[1], call[2]);
                assertThat(reply.status()).as(call[0] + " " + call[1]).isEqualTo(401);
                assertThat(reply.error()).isEqualTo("unauthenticated");
            }
        }
        assertThat(ben.get("/api/rooms/ben-private").status()).as("still there").isEqualTo(200);
    }

    @Test
    void anotherHostsRoomIsForbiddenWhileItsOwnerAndTheAdminManageIt() throws Exception {
        assertThat(ben.post("/api/rooms", room("ben-class")).status()).isEqualTo(201);
        assertThat(cat.get("/api/rooms/ben-class").status()).isEqualTo(403);
        assertThat(cat.patch("/api/rooms/ben-class", Map.of("title", "mine now")).status()).isEqualTo(403);
        assertThat(cat.delete("/api/rooms/ben-class").status()).isEqualTo(403);
        assertThat(cat.get("/api/rooms/ben-class/invite.ics").status()).isEqualTo(403);
        assertThat(cat.get("/api/rooms").json().get("rooms").findValuesAsText("slug")).doesNotContain("ben-class");
        assertThat(cat.get("/api/rooms/nowhere-room").status()).isEqualTo(404);
        assertThat(cat.get("/api/rooms/board").status()).as("configured rooms are read-only").isEqualTo(403);

        assertThat(ana.get("/api/rooms").json().get("rooms").findValuesAsText("slug")).as("admin sees all")
                .contains("ben-class");
        ApiClient.Reply patched = ana.patch("/api/rooms/ben-class", Map.of("title", "Renamed by admin", "pin", "2468"));
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.json().get("owner").asText()).isEqualTo("ben");
        ApiClient.Reply read = ben.get("/api/rooms/ben-class");
        assertThat(read.json().get("title").asText()).isEqualTo("Renamed by admin");
        assertThat(read.json().get("pin").asText()).isEqualTo("2468");
        assertThat(read.json().get("sipUri").asText()).isEqualTo("sip:ben-class@127.0.0.1:" + server.sipPort());
        assertThat(ben.delete("/api/rooms/ben-class").status()).isEqualTo(204);
        assertThat(ben.get("/api/rooms/ben-class").status()).isEqualTo(404);
    }

    @Test
    void malformedJsonAndOutOfRangeFieldsAreRefusedNamingTheField() throws Exception {
        assertThat(ana.post("/api/rooms", "{\"slug\": \"abc\",").error()).isEqualTo("malformed-json");
        assertThat(ana.post("/api/rooms", "[1,2]").status()).isEqualTo(400);
        assertThat(ana.post("/api/rooms", "").status()).isEqualTo(400);
        assertThat(ana.send("POST", "/api/rooms", "slug=abc", Map.of("Content-Type", "text/plain")).status())
                .isEqualTo(415);
        assertThat(ana.post("/api/rooms", "{\"title\":\"" + "x".repeat(20_000) + "\"}").status()).isEqualTo(413);

        Map<String, Object[]> bad = new LinkedHashMap<>();
        bad.put("maxParticipants", new Object[] {0, 1001, "ten", 2.5, 99_999_999_999L});
        bad.put("pin", new Object[] {"123", "12345678901", "12a4", 1234});
        bad.put("hostPin", new Object[] {"99", "1234567890123"});
        bad.put("timeZone", new Object[] {"Mars/Olympus_Mons", 5, "", "+05:00"});
        bad.put("start", new Object[] {"tomorrow", "2027-13-01T09:00", 17});
        bad.put("layout", new Object[] {"mosaic", true});
        bad.put("lobby", new Object[] {"yes", 1});
        bad.put("title", new Object[] {"", "  ", "x".repeat(201), "tab\tin title", 42});
        bad.put("colour", new Object[] {"blue"});
        bad.put("repeatUntil", new Object[] {"2026-01-01"});
        for (Map.Entry<String, Object[]> entry : bad.entrySet()) {
            for (Object value : entry.getValue()) {
                Map<String, Object> body = room("valid-slug");
                body.put(entry.getKey(), value);
                if (entry.getKey().equals("repeatUntil")) {
                    body.put("weekly", true);
                }
                ApiClient.Reply reply = ana.post("/api/rooms", body);
                assertThat(reply.status()).as(entry.getKey() + "=" + value + ": " + reply.body()).isEqualTo(400);
                assertThat(reply.error()).isEqualTo("invalid-field");
                assertThat(reply.field()).as(reply.body()).isEqualTo(entry.getKey());
            }
        }
        assertThat(ana.get("/api/rooms/valid-slug").status()).as("nothing was created").isEqualTo(404);
    }

    @Test
    void slugsAreValidatedAndUnique() throws Exception {
        for (String slug : List.of("ab", "x".repeat(41), "Upper-case", "under_score", "-leading", "trailing-",
                "double--hyphen", "sp ace", "dot.ted", "admin", "api", "login", "")) {
            ApiClient.Reply reply = ana.post("/api/rooms", room(slug));
            assertThat(reply.status()).as(slug).isEqualTo(400);
            assertThat(reply.field()).as(slug).isEqualTo("slug");
        }
        assertThat(ana.post("/api/rooms", room("abc")).status()).isEqualTo(201);
        assertThat(ana.post("/api/rooms", room("x".repeat(40))).status()).isEqualTo(201);
        ApiClient.Reply again = ana.post("/api/rooms", room("abc"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.error()).isEqualTo("slug-taken");
        assertThat(ana.post("/api/rooms", room("board")).status()).as("a configured room's id").isEqualTo(409);
        assertThat(ana.patch("/api/rooms/abc", Map.of("slug", "abd")).field()).isEqualTo("slug");
        ApiClient.Reply instant = ana.post("/api/rooms", Map.of("title", "Instant meeting"));
        assertThat(instant.status()).isEqualTo(201);
        assertThat(instant.json().get("slug").asText()).matches("[a-z]{3}-[a-z]{4}-[a-z]{3}");
    }

    @Test
    void aScheduleThatEndsBeforeItStartsIsRefused() throws Exception {
        Map<String, Object> backwards = room("backwards");
        backwards.put("end", "2027-01-11T08:59");
        ApiClient.Reply reply = ana.post("/api/rooms", backwards);
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.field()).isEqualTo("end");
        assertThat(reply.json().get("message").asText()).isEqualTo("end must be after start");
        Map<String, Object> empty = room("zero-length");
        empty.put("end", empty.get("start"));
        assertThat(ana.post("/api/rooms", empty).field()).isEqualTo("end");
        Map<String, Object> half = room("half-schedule");
        half.remove("end");
        assertThat(ana.post("/api/rooms", half).field()).isEqualTo("end");

        assertThat(ana.post("/api/rooms", room("forwards")).status()).isEqualTo(201);
        assertThat(ana.patch("/api/rooms/forwards", Map.of("end", "2027-01-11T08:00")).field()).isEqualTo("end");
        assertThat(ana.get("/api/rooms/forwards").json().get("end").asText()).isEqualTo("2027-01-11T10:00");
    }

    @Test
    void cookieWritesNeedTheCsrfTokenAndASameOriginWhileBearerTokensDoNot() throws Exception {
        ApiClient anaElsewhere = ApiClient.loggedIn(base, "ana", ANA_PW);
        ApiClient.Reply foreign = anaElsewhere.send("POST", "/api/rooms", ApiClient.JSON.writeValueAsString(room("csrf-one")),
                Map.of("Origin", "https://evil.example"));
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(foreign.error()).isEqualTo("cross-origin");

        ApiClient.Reply token = anaElsewhere.post("/api/tokens", Map.of("name", "nightly script"));
        assertThat(token.status()).isEqualTo(201);
        String secret = token.json().get("token").asText();

        anaElsewhere.withoutCsrf();
        ApiClient.Reply noCsrf = anaElsewhere.post("/api/rooms", room("csrf-two"));
        assertThat(noCsrf.status()).isEqualTo(403);
        assertThat(noCsrf.error()).isEqualTo("csrf");
        assertThat(anaElsewhere.get("/api/rooms").status()).as("reads need no CSRF token").isEqualTo(200);

        ApiClient script = new ApiClient(base).withBearer(secret);
        assertThat(script.post("/api/rooms", room("by-script")).status()).isEqualTo(201);
        assertThat(script.get("/api/rooms/by-script").json().get("owner").asText()).isEqualTo("ana");
        assertThat(script.get("/api/tokens").json().get("tokens").findValuesAsText("name"))
                .contains("nightly script").noneMatch(n -> n.contains(secret));
    }

    @Test
    void logoutEndsTheSession() throws Exception {
        ApiClient cat = new ApiClient(base);
        String cookie = cat.login("cat", CAT_PW).raw().headers().firstValue("set-cookie").orElseThrow();
        assertThat(cookie).contains("HttpOnly", "SameSite=Lax", "Path=/").doesNotContain("Secure");
        ApiClient.Reply me = cat.get("/api/me");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("host").asText()).isEqualTo("cat");
        assertThat(cat.post("/api/logout", "{}").status()).isEqualTo(204);
        assertThat(cat.get("/api/me").status()).isEqualTo(401);
    }
}
