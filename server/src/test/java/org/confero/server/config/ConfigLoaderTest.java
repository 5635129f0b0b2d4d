package org.confero.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private static ConferoConfig load(Map<String, String> env, String... args) {
        return ConfigLoader.load(CommandLine.parse(List.of(args)), env, () -> "confero.test");
    }

    private Path file(String text) throws IOException {
        Path file = dir.resolve("confero.properties");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void recordingIsOffUnlessEnabledAndAllowedPerRoom() {
        assertThat(load(Map.of()).recording()).isEqualTo(RecordingConfig.DEFAULTS);
        ConferoConfig c = load(Map.of("CONFERO_RECORDING_ENABLED", "true", "CONFERO_RECORDING_RETENTION_DAYS", "7",
                "CONFERO_ROOM_CLASS_RECORDING", "true"));
        assertThat(c.recording()).isEqualTo(new RecordingConfig(true, 7));
        assertThat(c.rooms()).filteredOn(RoomConfig::recordingAllowed).extracting(RoomConfig::id)
                .containsExactly("class");
        assertThatThrownBy(() -> load(Map.of("CONFERO_ROOM_CLASS_RECORDING", "yes")))
                .hasMessageContaining("room.class.recording");
        assertThatThrownBy(() -> load(Map.of("CONFERO_RECORDING_RETENTION_DAYS", "0")))
                .hasMessageContaining("retention-days");
    }

    @Test
    void cascadeIsOffByDefaultAndReadsNodePeersSecretAndEachRoomsHome() {
        assertThat(load(Map.of()).cascade().enabled()).isFalse();
        assertThat(load(Map.of()).cascade().roomHomes()).isEmpty();
        Map<String, String> env = Map.of("CONFERO_CLUSTER_CASCADE_NODE_ID", "b",
                "CONFERO_CLUSTER_CASCADE_SECRET", "0123456789abcdef",
                "CONFERO_CLUSTER_CASCADE_PEERS", "a=http://10.0.0.1:8080, b=http://10.0.0.2:8080/",
                "CONFERO_ROOM_LECTURE_CASCADE_HOME", "a", "CONFERO_ROOM_LOCAL_CASCADE_HOME", "b");
        CascadeConfig c = load(env, "--bind", "10.0.0.2").cascade();
        assertThat(c.enabled()).isTrue();
        assertThat(c.peers()).containsEntry("a", java.net.URI.create("http://10.0.0.1:8080"))
                .containsEntry("b", java.net.URI.create("http://10.0.0.2:8080"));
        assertThat(c.linkAddress()).isEqualTo("10.0.0.2");
        assertThat(c.remoteHomeOf("lecture")).contains("a");
        assertThat(c.isHomeOf("local")).isTrue();
        assertThat(c.isHomeOf("demo")).isTrue();
        assertThat(c.toString()).doesNotContain("0123456789abcdef");
        assertThat(load(env, "--bind", "10.0.0.2").rooms()).extracting(RoomConfig::id).contains("lecture", "local");
    }

    @Test
    void cascadeSettingsThatCannotWorkAreRefusedNamingTheSetting() {
        Map<String, String> base = Map.of("CONFERO_CLUSTER_CASCADE_NODE_ID", "b",
                "CONFERO_CLUSTER_CASCADE_SECRET", "0123456789abcdef",
                "CONFERO_CLUSTER_CASCADE_PEERS", "a=http://10.0.0.1:8080");
        assertThatThrownBy(() -> load(with(base, "CONFERO_CLUSTER_CASCADE_SECRET", "short"), "--bind", "10.0.0.2"))
                .hasMessageContaining("cluster.cascade.secret");
        assertThatThrownBy(() -> load(base)).as("a wildcard bind and no cluster.cascade.address")
                .hasMessageContaining("cluster.cascade.address");
        assertThat(load(with(base, "CONFERO_CLUSTER_CASCADE_ADDRESS", "10.0.0.2")).cascade().linkAddress())
                .isEqualTo("10.0.0.2");
        assertThatThrownBy(() -> load(with(base, "CONFERO_CLUSTER_CASCADE_PEERS", "a=http://node-a:8080"),
                "--bind", "10.0.0.2")).hasMessageContaining("cluster.cascade.peers");
        assertThatThrownBy(() -> load(with(base, "CONFERO_CLUSTER_CASCADE_PEERS", "http://10.0.0.1:8080"),
                "--bind", "10.0.0.2")).hasMessageContaining("cluster.cascade.peers");
        assertThatThrownBy(() -> load(with(base, "CONFERO_ROOM_BIG_CASCADE_HOME", "c"), "--bind", "10.0.0.2"))
                .hasMessageContaining("room.big.cascade-home").hasMessageContaining("'c'");
        assertThatThrownBy(() -> load(Map.of("CONFERO_ROOM_BIG_CASCADE_HOME", "a")))
                .hasMessageContaining("cluster.cascade.node-id");
        assertThatThrownBy(() -> load(with(base, "CONFERO_CLUSTER_CASCADE_NODE_ID", "B!"), "--bind", "10.0.0.2"))
                .hasMessageContaining("cluster.cascade.node-id");
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> env = new java.util.HashMap<>(base);
        env.put(key, value);
        return env;
    }

    @Test
    void withNothingConfiguredTheDocumentedDefaultsApply() {
        ConferoConfig c = load(Map.of());
        assertThat(c.dataDir()).isEqualTo(Path.of("./data"));
        assertThat(c.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(c.sip()).isEqualTo(new SipConfig("confero.test", 5060, 1800, 90, 30, 300, 3600));
        assertThat(c.sip().tlsPort()).isEqualTo(5061);
        assertThat(c.media().requireEncryption()).isFalse();
        assertThat(c.media()).isEqualTo(new MediaConfig(20000, 29999, 3, 5, 0));
        assertThat(c.http()).isEqualTo(new HttpConfig(8080, 8443, Optional.empty(), ""));
        assertThat(c.webrtc()).isEqualTo(new WebRtcConfig(10000, Optional.empty(), List.of()));
        assertThat(c.rooms()).containsExactly(new RoomConfig("demo", "Demo room", Optional.empty(), 50));
        assertThat(c.users()).isEmpty();
    }

    @Test
    void sipDomainDefaultsToTheBindAddressWhenBindingToOneAddress() {
        assertThat(load(Map.of(), "--bind", "127.0.0.1").sip().domain()).isEqualTo("127.0.0.1");
    }

    @Test
    void fileOverridesDefaultsEnvironmentOverridesFileFlagOverridesEnvironment() throws IOException {
        Path f = file("sip.port = 5070\nhttp.port = 8081\nhttp.https-port = 8444\nmedia.max-talkers = 4\n");
        Map<String, String> env = Map.of("CONFERO_HTTP_PORT", "8082", "CONFERO_HTTP_HTTPS_PORT", "8445");
        ConferoConfig c = load(env, "--config", f.toString(), "--https-port", "8446");
        assertThat(c.media().maxTalkers()).isEqualTo(4); // file only
        assertThat(c.sip().port()).isEqualTo(5070); // file over default
        assertThat(c.http().port()).isEqualTo(8082); // environment over file
        assertThat(c.http().httpsPort()).isEqualTo(8446); // flag over environment
    }

    @Test
    void configFileCanBeNamedByTheEnvironmentAndTheFlagWins() throws IOException {
        Path f = file("sip.port = 5071\n");
        Path other = dir.resolve("other.properties");
        Files.writeString(other, "sip.port = 5072\n");
        assertThat(load(Map.of("CONFERO_CONFIG", f.toString())).sip().port()).isEqualTo(5071);
        assertThat(load(Map.of("CONFERO_CONFIG", f.toString()), "--config", other.toString()).sip().port())
                .isEqualTo(5072);
    }

    @Test
    void everyFlagSetsItsSetting() {
        ConferoConfig c = load(Map.of(), "--data-dir", "/tmp/cd", "--bind", "127.0.0.2", "--sip-port", "5080",
                "--http-port=0", "--https-port", "0", "--sip-tls-port", "5081");
        assertThat(c.dataDir()).isEqualTo(Path.of("/tmp/cd"));
        assertThat(c.bindAddress()).isEqualTo("127.0.0.2");
        assertThat(c.sip().port()).isEqualTo(5080);
        assertThat(c.sip().tlsPort()).isEqualTo(5081);
        assertThat(c.http().port()).isZero();
        assertThat(c.http().httpsPort()).isZero();
    }

    @Test
    void everyScalarSettingHasAnEnvironmentVariable() {
        Map<String, String> env = Map.ofEntries(
                Map.entry("CONFERO_DATA_DIR", "/srv/confero"), Map.entry("CONFERO_BIND", "127.0.0.1"),
                Map.entry("CONFERO_SIP_DOMAIN", "example.org"), Map.entry("CONFERO_SIP_PORT", "5090"),
                Map.entry("CONFERO_SIP_SESSION_EXPIRES", "600"), Map.entry("CONFERO_SIP_MIN_SESSION_EXPIRES", "120"),
                Map.entry("CONFERO_SIP_RTP_TIMEOUT", "10"), Map.entry("CONFERO_SIP_NONCE_LIFETIME", "60"),
                Map.entry("CONFERO_SIP_REGISTRATION_MAX_EXPIRES", "1200"),
                Map.entry("CONFERO_SIP_DIGEST_ALGORITHMS", "md5, SHA-256"),
                Map.entry("CONFERO_MEDIA_RTP_PORT_MIN", "30000"), Map.entry("CONFERO_MEDIA_RTP_PORT_MAX", "30099"),
                Map.entry("CONFERO_MEDIA_MAX_TALKERS", "5"), Map.entry("CONFERO_MEDIA_OPUS_COMPLEXITY", "3"),
                Map.entry("CONFERO_MEDIA_MIXER_THREADS", "2"), Map.entry("CONFERO_HTTP_PORT", "80"),
                Map.entry("CONFERO_HTTP_HTTPS_PORT", "443"), Map.entry("CONFERO_HTTP_KEYSTORE", "/etc/ks.p12"),
                Map.entry("CONFERO_HTTP_KEYSTORE_PASSWORD", "s3cret"), Map.entry("CONFERO_WEBRTC_PORT", "10001"),
                Map.entry("CONFERO_WEBRTC_PUBLIC_ADDRESS", "203.0.113.7"),
                Map.entry("CONFERO_WEBRTC_ICE_SERVERS", "stun:127.0.0.1:3478, turn:127.0.0.1:3478"),
                Map.entry("CONFERO_STORAGE_JDBC_URL", "jdbc:postgresql://db:5432/confero"),
                Map.entry("CONFERO_STORAGE_USER", "confero"), Map.entry("CONFERO_STORAGE_PASSWORD", "db-pw"),
                Map.entry("CONFERO_HOSTS_SESSION_LIFETIME", "7200"),
                Map.entry("CONFERO_SIP_MAX_CALL_SETUP_RATE", "150"),
                Map.entry("CONFERO_SIP_MAX_UNCONFIRMED_CALLS", "500"), Map.entry("CONFERO_SIP_REDIRECT", "true"),
                Map.entry("CONFERO_SIP_NO_ANSWER_TIMEOUT", "20"), Map.entry("CONFERO_SIP_NO_ANSWER_FALLBACK", "room"),
                Map.entry("CONFERO_GUARD_SIP_INVITE_RATE", "11"), Map.entry("CONFERO_GUARD_SIP_REGISTER_RATE", "6"),
                Map.entry("CONFERO_GUARD_SIP_REQUEST_RATE", "51"), Map.entry("CONFERO_GUARD_WS_JOIN_RATE", "4"),
                Map.entry("CONFERO_GUARD_FLOOD_STRIKES", "90"), Map.entry("CONFERO_GUARD_FLOOD_WINDOW", "9"),
                Map.entry("CONFERO_GUARD_BAN_TIME", "300"), Map.entry("CONFERO_GUARD_MAX_SOURCES", "5000"),
                Map.entry("CONFERO_GUARD_PIN_FAILURES", "8"), Map.entry("CONFERO_GUARD_PIN_ROOM_RATE", "20"),
                Map.entry("CONFERO_GUARD_LOBBY_PER_ROOM", "15"), Map.entry("CONFERO_GUARD_LOBBY_PER_SOURCE", "3"),
                Map.entry("CONFERO_GUARD_AUTH_USER_FAILURES", "12"), Map.entry("CONFERO_GUARD_RTP_LATCH_PACKETS", "4"),
                Map.entry("CONFERO_GUARD_RTP_LATCH_ANY_SOURCE", "true"),
                Map.entry("CONFERO_GUARD_EXEMPT_SOURCES", "10.0.0.5, 10.0.0.6"),
                Map.entry("CONFERO_RECORDING_ENABLED", "true"), Map.entry("CONFERO_RECORDING_RETENTION_DAYS", "9"),
                Map.entry("CONFERO_SIP_TLS_PORT", "0"), Map.entry("CONFERO_MEDIA_REQUIRE_ENCRYPTION", "true"),
                Map.entry("CONFERO_WEBRTC_ICE_TRANSPORT_POLICY", "relay"),
                Map.entry("CONFERO_MEDIA_PUBLIC_ADDRESS", "203.0.113.8"),
                Map.entry("CONFERO_TURN_SHARED_SECRET", "turn-secret"), Map.entry("CONFERO_TURN_CREDENTIAL_TTL", "3600"),
                Map.entry("CONFERO_LOG_FORMAT", "json"), Map.entry("CONFERO_DRAIN_TIMEOUT", "120"),
                Map.entry("CONFERO_CLUSTER_CASCADE_NODE_ID", "a"),
                Map.entry("CONFERO_CLUSTER_CASCADE_SECRET", "cascade-secret-16"),
                Map.entry("CONFERO_CLUSTER_CASCADE_PEERS", "b=http://10.0.0.2:8080"),
                Map.entry("CONFERO_CLUSTER_CASCADE_ADDRESS", "10.0.0.1"),
                Map.entry("CONFERO_CLUSTER_REDIS_URL", "redis://10.0.0.2:6380"),
                Map.entry("CONFERO_CLUSTER_NODE_ID", "node-7"), Map.entry("CONFERO_CLUSTER_SIP_ADDRESS", "10.0.0.7:5070"),
                Map.entry("CONFERO_CLUSTER_HTTP_URL", "https://node7.example.org:8443"),
                Map.entry("CONFERO_CLUSTER_MEDIA_ADDRESS", "10.0.1.7"));
        assertThat(env).hasSameSizeAs(Setting.ALL);
        ConferoConfig c = load(env);
        assertThat(c.dataDir()).isEqualTo(Path.of("/srv/confero"));
        assertThat(c.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(c.proxy()).isEqualTo(new ProxyConfig(true, 20, true));
        assertThat(c.sip()).isEqualTo(new SipConfig("example.org", 5090, 600, 120, 10, 60, 1200,
                List.of("MD5", "SHA-256"), 150, new GuardConfig(11, 6, 51, 4, 90, 9, 300, 5000, 8, 20, 15, 3, 12, 4, true,
                        List.of("10.0.0.5", "10.0.0.6")), 0, 500));
        assertThat(c.media()).isEqualTo(new MediaConfig(30000, 30099, 5, 3, 2, true, Optional.of("203.0.113.8")));
        assertThat(c.http()).isEqualTo(new HttpConfig(80, 443, Optional.of(Path.of("/etc/ks.p12")), "s3cret"));
        assertThat(c.webrtc()).isEqualTo(new WebRtcConfig(10001, Optional.of("203.0.113.7"),
                List.of("stun:127.0.0.1:3478", "turn:127.0.0.1:3478"), new TurnConfig("turn-secret", 3600), true));
        assertThat(c.recording()).isEqualTo(new RecordingConfig(true, 9));
        assertThat(c.operations()).isEqualTo(new OperationsConfig(true, 120));
        assertThat(EffectiveConfig.lines(c)).contains("turn.shared-secret = ********")
                .noneMatch(l -> l.contains("turn-secret"));
        assertThat(c.storage()).isEqualTo(new StorageConfig(Optional.of("jdbc:postgresql://db:5432/confero"),
                "confero", "db-pw", 7200));
        assertThat(c.storage().toString()).doesNotContain("db-pw");
        assertThat(c.cascade()).isEqualTo(new CascadeConfig("a", "cascade-secret-16",
                Map.of("b", java.net.URI.create("http://10.0.0.2:8080")), "10.0.0.1", Map.of()));
        assertThat(EffectiveConfig.lines(c)).contains("cluster.cascade.secret = ********")
                .noneMatch(l -> l.contains("cascade-secret-16"));
        assertThat(EffectiveConfig.lines(c)).contains("storage.password = ********")
                .noneMatch(l -> l.contains("db-pw"));
        assertThat(c.cluster()).isEqualTo(new ClusterConfig(Optional.of(java.net.URI.create("redis://10.0.0.2:6380")),
                "node-7", "10.0.0.7:5070", "https://node7.example.org:8443", "10.0.1.7"));
    }

    @Test
    void clusterModeIsOffByDefaultAndDerivesItsAddressesFromBindAndPorts() throws IOException {
        assertThat(load(Map.of()).cluster()).isEqualTo(ClusterConfig.OFF);
        assertThat(load(Map.of()).cluster().enabled()).isFalse();
        ConferoConfig c = load(Map.of("CONFERO_CLUSTER_REDIS_URL", "redis://127.0.0.1:6390"), "--bind", "127.0.0.3",
                "--sip-port", "5070", "--http-port", "8090");
        assertThat(c.cluster()).isEqualTo(new ClusterConfig(Optional.of(java.net.URI.create("redis://127.0.0.1:6390")),
                "127.0.0.3-5070", "127.0.0.3:5070", "http://127.0.0.3:8090", "127.0.0.3"));
        Path f = file("cluster.redis-url = redis://10.0.0.2\ncluster.node-id = from-file\n");
        ConferoConfig fromFile = load(Map.of("CONFERO_CLUSTER_NODE_ID", "from-env"), "--config", f.toString());
        assertThat(fromFile.cluster().nodeId()).isEqualTo("from-env");
        assertThat(fromFile.cluster().printableRedis()).isEqualTo("redis://10.0.0.2:6379");
        assertThat(EffectiveConfig.lines(fromFile)).contains("cluster.node-id = from-env",
                "cluster.redis-url = redis://10.0.0.2:6379");
        assertThatThrownBy(() -> load(Map.of("CONFERO_CLUSTER_REDIS_URL", "http://x:1")))
                .hasMessageContaining("cluster.redis-url").hasMessageContaining("CONFERO_CLUSTER_REDIS_URL");
        assertThatThrownBy(() -> load(Map.of("CONFERO_CLUSTER_REDIS_URL", "redis://x:1",
                "CONFERO_CLUSTER_HTTP_URL", "http://x:1/path"))).hasMessageContaining("cluster.http-url");
    }

    @Test
    void roomsAndUsersComeFromTheFileAndTheEnvironment() throws IOException {
        Path f = file("room.demo.name = Demo room\nroom.demo.pin = 1234\nroom.demo.max-participants = 20\n"
                + "room.board.name = Board\nroom.board.require-encryption = true\nuser.alice.password = alice-secret\nuser.john.doe.password = jd\n");
        Map<String, String> env = Map.of("CONFERO_ROOM_TEAM_A_PIN", "987654", "CONFERO_ROOM_DEMO_PIN", "4321",
                "CONFERO_USER_BOB_PASSWORD", "bob-secret");
        ConferoConfig c = load(env, "--config", f.toString());
        assertThat(c.rooms()).containsExactly(
                new RoomConfig("board", "Board", Optional.empty(), 50, true, false),
                new RoomConfig("demo", "Demo room", Optional.of("4321"), 20),
                new RoomConfig("team-a", "team-a", Optional.of("987654"), 50));
        assertThat(c.users()).extracting(UserConfig::username).containsExactly("alice", "bob", "john.doe");
        assertThat(c.users()).extracting(UserConfig::password).containsExactly("alice-secret", "bob-secret", "jd");
    }

    @Test
    void usersMayBeRedirectedAndGivenADialRuleForTheOutside() {
        ConferoConfig c = load(Map.of("CONFERO_USER_ALICE_PASSWORD", "a", "CONFERO_USER_ALICE_DIAL_OUTSIDE",
                "\\+4930[0-9]+@sip\\.example\\.net", "CONFERO_USER_BOB_PASSWORD", "b",
                "CONFERO_USER_BOB_REDIRECT", "true"));
        UserConfig alice = c.users().get(0);
        UserConfig bob = c.users().get(1);
        assertThat(alice.redirect()).isFalse();
        assertThat(alice.dialOutside()).hasValueSatisfying(p -> {
            assertThat(p.matcher("+493012345@sip.example.net").matches()).isTrue();
            assertThat(p.matcher("+4412345@sip.example.net").matches()).isFalse();
        });
        assertThat(bob.redirect()).isTrue();
        assertThat(bob.dialOutside()).as("no rule: nothing outside").isEmpty();
        assertThat(c.proxy()).isEqualTo(ProxyConfig.DEFAULTS);
        assertThatThrownBy(() -> load(Map.of("CONFERO_USER_CAROL_PASSWORD", "c", "CONFERO_USER_CAROL_DIAL_OUTSIDE", "(")))
                .hasMessageContaining("user.carol.dial-outside is not a valid pattern");
    }

    @Test
    void theDemoRoomCanBeRemoved() {
        assertThat(load(Map.of("CONFERO_ROOM_DEMO_ENABLED", "false")).rooms()).isEmpty();
    }

    @Test
    void unknownEnvironmentVariablesAreIgnored() {
        assertThat(load(Map.of("CONFERO_PORT", "udp://10.0.0.1:5060", "PATH", "/bin")).sip().port()).isEqualTo(5060);
    }

    @Test
    void environmentNamesFollowTheDocumentedRule() {
        assertThat(Setting.envName("http.https-port")).isEqualTo("CONFERO_HTTP_HTTPS_PORT");
        assertThat(Setting.envName("data-dir")).isEqualTo("CONFERO_DATA_DIR");
        assertThat(EnvironmentSettings.keyFor("CONFERO_ROOM_DEMO_MAX_PARTICIPANTS")).contains("room.demo.max-participants");
        assertThat(EnvironmentSettings.keyFor("CONFERO_USER_ALICE_PASSWORD")).contains("user.alice.password");
        assertThat(EnvironmentSettings.keyFor("CONFERO_SIP_PROT")).isEmpty();
    }
}
