package org.confero.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.confero.server.it.RunningServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Host management ({@code /api/hosts}) and the hosts' recordings ({@code /api/rooms/{slug}/recordings}) against the
 * real server, on the storage a subclass chooses: admin, other host, no login, malformed input.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HostsApiContract {
    private static final String ANA_PW = "quartz-lamp-71";
    private static final String BEN_PW = "violet-kettle-52";
    private static final String CAT_PW = "maple-orbit-93";
    private static final String DORA_PW = "copper-tide-48";
    private RunningServer server;
    private String base;
    // One login per host for the class: every login from 127.0.0.1 takes a token of the login guard's bucket.
    private ApiClient ana;
    private ApiClient ben;
    private ApiClient cat;

    /** {@code CONFERO_STORAGE_*} settings, or none for the default H2 file. */
    abstract Map<String, String> storage() throws Exception;

    abstract void stopStorage();

    @BeforeAll
    void start() throws Exception {
        Map<String, String> env = new java.util.HashMap<>(storage());
        env.put("CONFERO_ROOM_BOARD_NAME", "Board (configured)");
        server = RunningServer.start(env);
        base = "http://127.0.0.1:" + server.httpPort();
        server.server().hostAccounts().add("ana", ANA_PW);
        server.server().hostAccounts().add("ben", BEN_PW);
        server.server().hostAccounts().add("cat", CAT_PW);
        ana = ApiClient.loggedIn(base, "ana", ANA_PW);
        ben = ApiClient.loggedIn(base, "ben", BEN_PW);
        cat = ApiClient.loggedIn(base, "cat", CAT_PW);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
        stopStorage();
    }

    private List<String> hostNames() throws Exception {
        ApiClient.Reply reply = ana.get("/api/hosts");
        assertThat(reply.status()).isEqualTo(200);
        return reply.json().get("hosts").findValuesAsText("name");
    }

    @Test
    void theAdminAddsAHostWhoLogsInAndRemovesItWithItsRooms() throws Exception {
        ApiClient.Reply added = ana.post("/api/hosts", Map.of("name", "dora", "password", DORA_PW));
        assertThat(added.status()).isEqualTo(201);
        assertThat(added.json().get("admin").asBoolean()).isFalse();
        assertThat(added.raw().headers().firstValue("Location")).hasValue("/api/hosts/dora");
        assertThat(added.body()).doesNotContain(DORA_PW).doesNotContain("argon2");
        assertThat(hostNames()).contains("ana", "ben", "cat", "dora");
        assertThat(ana.get("/api/hosts").json().get("hosts").get(0).get("admin").asBoolean()).as("ana is first")
                .isTrue();

        ApiClient dora = ApiClient.loggedIn(base, "dora", DORA_PW);
        assertThat(dora.post("/api/rooms", Map.of("slug", "dora-clinic")).status()).isEqualTo(201);
        assertThat(ana.post("/api/hosts", Map.of("name", "dora", "password", "another-fine-pw9")).error())
                .isEqualTo("host-exists");

        assertThat(ana.delete("/api/hosts/dora").status()).isEqualTo(204);
        assertThat(hostNames()).doesNotContain("dora");
        assertThat(dora.get("/api/rooms").status()).as("the removed host's session is gone").isEqualTo(401);
        assertThat(ana.get("/api/rooms/dora-clinic").status()).as("with its rooms").isEqualTo(404);
        assertThat(new ApiClient(base).login("dora", DORA_PW).status()).isEqualTo(401);
        assertThat(ana.delete("/api/hosts/dora").status()).isEqualTo(404);
        assertThat(ana.delete("/api/hosts/ana").error()).as("the admin stays").isEqualTo("admin-host");
    }

    @Test
    void onlyTheAdminManagesHosts() throws Exception {
        for (ApiClient notAdmin : List.of(ben, cat)) {
            assertThat(notAdmin.get("/api/hosts").status()).isEqualTo(403);
            assertThat(notAdmin.post("/api/hosts", Map.of("name", "mallory", "password", "fine-password-77"))
                    .status()).isEqualTo(403);
            assertThat(notAdmin.delete("/api/hosts/cat").status()).isEqualTo(403);
        }
        assertThat(hostNames()).contains("ben", "cat").doesNotContain("mallory");
        for (ApiClient stranger : List.of(new ApiClient(base), new ApiClient(base).withBearer("x".repeat(43)))) {
            assertThat(stranger.get("/api/hosts").status()).isEqualTo(401);
            assertThat(stranger.post("/api/hosts", Map.of("name", "mallory", "password", "fine-password-77"))
                    .error()).isEqualTo("unauthenticated");
            assertThat(stranger.delete("/api/hosts/ben").status()).isEqualTo(401);
        }
        assertThat(ana.send("PUT", "/api/hosts", "{}").status()).isEqualTo(405);
        ApiClient.Reply page = new ApiClient(base).get("/hosts");
        assertThat(page.status()).as("the admin's page; its data needs the admin").isEqualTo(200);
        assertThat(page.body()).contains("/js/hosts.js");
        assertThat(hostNames()).contains("ben").doesNotContain("mallory");
    }

    @Test
    void malformedInputIsRefusedNamingTheField() throws Exception {
        assertThat(ana.post("/api/hosts", "{\"name\": \"eve\",").error()).isEqualTo("malformed-json");
        assertThat(ana.post("/api/hosts", "[]").status()).isEqualTo(400);
        assertThat(ana.send("POST", "/api/hosts", "name=eve", Map.of("Content-Type", "text/plain")).status())
                .isEqualTo(415);
        Map<Object, String> bad = new java.util.LinkedHashMap<>();
        bad.put(Map.of("password", "fine-password-77"), "name");
        bad.put(Map.of("name", "e", "password", "fine-password-77"), "name");
        bad.put(Map.of("name", "eve/../x", "password", "fine-password-77"), "name");
        bad.put(Map.of("name", 42, "password", "fine-password-77"), "name");
        bad.put(Map.of("name", "eve"), "password");
        bad.put(Map.of("name", "eve", "password", ""), "password");
        bad.put(Map.of("name", "eve", "password", "short1"), "password");
        bad.put(Map.of("name", "eve", "password", "password123"), "password");
        bad.put(Map.of("name", "evelyn", "password", "evelyn-2026-x"), "password");
        bad.put(Map.of("name", "eve", "password", "x".repeat(300)), "password");
        for (Map.Entry<Object, String> b : bad.entrySet()) {
            ApiClient.Reply reply = ana.post("/api/hosts", b.getKey());
            assertThat(reply.status()).as("%s", b.getKey()).isEqualTo(400);
            assertThat(reply.field()).as("%s", b.getKey()).isEqualTo(b.getValue());
        }
        ApiClient.Reply noCsrf = ApiClient.loggedIn(base, "ana", ANA_PW).withoutCsrf()
                .post("/api/hosts", Map.of("name", "eve", "password", "fine-password-77"));
        assertThat(noCsrf.error()).isEqualTo("csrf");
        ApiClient.Reply foreign = ana.send("POST", "/api/hosts",
                "{\"name\":\"eve\",\"password\":\"fine-password-77\"}", Map.of("Origin", "https://evil.example"));
        assertThat(foreign.error()).isEqualTo("cross-origin");
        assertThat(hostNames()).doesNotContain("eve", "evelyn");
    }

    @Test
    void recordingsAreForTheRoomsHostOnly() throws Exception {
        assertThat(ben.post("/api/rooms", Map.of("slug", "ben-lesson")).status()).isEqualTo(201);
        Path dir = Files.createDirectories(server.dataDir().resolve("recordings").resolve("ben-lesson"));
        byte[] content = "OggS not really".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        String name = "ben-lesson-20261201-090000.ogg";
        Files.write(dir.resolve(name), content);
        Files.write(dir.resolve("notes.txt"), content);
        String list = "/api/rooms/ben-lesson/recordings";

        ApiClient.Reply listed = ben.get(list);
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.json().get("recordings").findValuesAsText("name")).containsExactly(name);
        ApiClient.Reply file = ben.get(list + "/" + name);
        assertThat(file.status()).isEqualTo(200);
        assertThat(file.raw().headers().firstValue("Content-Type")).hasValue("audio/ogg");
        assertThat(file.body()).isEqualTo("OggS not really");
        assertThat(ana.get(list).status()).as("the admin").isEqualTo(200);

        assertThat(cat.get(list).status()).isEqualTo(403);
        assertThat(cat.get(list + "/" + name).status()).isEqualTo(403);
        assertThat(cat.delete(list + "/" + name).status()).isEqualTo(403);
        for (ApiClient stranger : List.of(new ApiClient(base), new ApiClient(base).withBearer("y".repeat(43)))) {
            assertThat(stranger.get(list).status()).isEqualTo(401);
            assertThat(stranger.get(list + "/" + name).status()).isEqualTo(401);
            assertThat(stranger.send("GET", list + "/" + name, null, Map.of("X-Room-Pin", "1234")).status())
                    .isEqualTo(401);
            assertThat(stranger.delete(list + "/" + name).status()).isEqualTo(401);
        }
        for (String bad : List.of("notes.txt", name + ".part", "..%2F..%2Fconfero.properties",
                "ben-lesson-20200101-000000.ogg")) {
            assertThat(ben.get(list + "/" + bad).status()).as(bad).isIn(400, 404);
        }
        assertThat(ben.get("/api/rooms/nowhere-room/recordings").status()).isEqualTo(404);
        assertThat(ben.get("/api/rooms/board/recordings").status()).as("configured: admin only").isEqualTo(403);
        assertThat(ana.get("/api/rooms/board/recordings").status()).isEqualTo(200);
        assertThat(ben.send("POST", list, "{}").status()).isEqualTo(405);

        assertThat(ApiClient.loggedIn(base, "ben", BEN_PW).withoutCsrf().delete(list + "/" + name).error()).isEqualTo("csrf");
        assertThat(ben.delete(list + "/" + name).status()).isEqualTo(204);
        assertThat(Files.exists(dir.resolve(name))).isFalse();
        assertThat(Files.exists(dir.resolve("notes.txt"))).as("only recordings are deleted").isTrue();
        assertThat(ben.get(list).json().get("recordings").size()).isZero();
        assertThat(ben.delete(list + "/" + name).status()).isEqualTo(404);
    }
}
