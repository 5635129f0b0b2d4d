package org.confero.server.config;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One scalar setting: its key in the configuration file, its default, and whether it is a secret. The list
 * {@link #ALL} is the single catalogue that the loader, the environment mapping, the usage text and the printed
 * configuration are derived from. Per-room and per-user settings ({@code room.<id>.*}, {@code user.<name>.*}) are
 * described by {@link #ROOM_PROPERTIES} and {@link #USER_PROPERTIES}.
 *
 * @param key file key, e.g. {@code sip.port}
 * @param defaultValue value used when no source sets it; empty string = unset
 * @param description one line for the usage text
 */
public record Setting(String key, String defaultValue, String description) {
    public static final String DATA_DIR = "data-dir";
    public static final String BIND = "bind";
    public static final String SIP_DOMAIN = "sip.domain";
    public static final String SIP_PORT = "sip.port";
    public static final String SIP_TLS_PORT = "sip.tls-port";
    public static final String SIP_SESSION_EXPIRES = "sip.session-expires";
    public static final String SIP_MIN_SESSION_EXPIRES = "sip.min-session-expires";
    public static final String SIP_RTP_TIMEOUT = "sip.rtp-timeout";
    public static final String SIP_NONCE_LIFETIME = "sip.nonce-lifetime";
    public static final String SIP_REGISTRATION_MAX_EXPIRES = "sip.registration-max-expires";
    public static final String SIP_DIGEST_ALGORITHMS = "sip.digest-algorithms";
    public static final String SIP_MAX_CALL_SETUP_RATE = "sip.max-call-setup-rate";
    public static final String SIP_MAX_UNCONFIRMED_CALLS = "sip.max-unconfirmed-calls";
    public static final String SIP_REDIRECT = "sip.redirect";
    public static final String SIP_NO_ANSWER_TIMEOUT = "sip.no-answer-timeout";
    public static final String SIP_NO_ANSWER_FALLBACK = "sip.no-answer-fallback";
    public static final String GUARD_SIP_INVITE_RATE = "guard.sip-invite-rate";
    public static final String GUARD_SIP_REGISTER_RATE = "guard.sip-register-rate";
    public static final String GUARD_SIP_REQUEST_RATE = "guard.sip-request-rate";
    public static final String GUARD_WS_JOIN_RATE = "guard.ws-join-rate";
    public static final String GUARD_FLOOD_STRIKES = "guard.flood-strikes";
    public static final String GUARD_FLOOD_WINDOW = "guard.flood-window";
    public static final String GUARD_BAN_TIME = "guard.ban-time";
    public static final String GUARD_MAX_SOURCES = "guard.max-sources";
    public static final String GUARD_PIN_FAILURES = "guard.pin-failures";
    public static final String GUARD_PIN_ROOM_RATE = "guard.pin-room-rate";
    public static final String GUARD_LOBBY_PER_ROOM = "guard.lobby-per-room";
    public static final String GUARD_LOBBY_PER_SOURCE = "guard.lobby-per-source";
    public static final String GUARD_AUTH_USER_FAILURES = "guard.auth-user-failures";
    public static final String GUARD_RTP_LATCH_PACKETS = "guard.rtp-latch-packets";
    public static final String GUARD_RTP_LATCH_ANY_SOURCE = "guard.rtp-latch-any-source";
    public static final String GUARD_EXEMPT_SOURCES = "guard.exempt-sources";
    public static final String MEDIA_RTP_PORT_MIN = "media.rtp-port-min";
    public static final String MEDIA_RTP_PORT_MAX = "media.rtp-port-max";
    public static final String MEDIA_MAX_TALKERS = "media.max-talkers";
    public static final String MEDIA_OPUS_COMPLEXITY = "media.opus-complexity";
    public static final String MEDIA_MIXER_THREADS = "media.mixer-threads";
    public static final String MEDIA_REQUIRE_ENCRYPTION = "media.require-encryption";
    public static final String HTTP_PORT = "http.port";
    public static final String HTTP_HTTPS_PORT = "http.https-port";
    public static final String HTTP_KEYSTORE = "http.keystore";
    public static final String HTTP_KEYSTORE_PASSWORD = "http.keystore-password";
    public static final String WEBRTC_PORT = "webrtc.port";
    public static final String WEBRTC_PUBLIC_ADDRESS = "webrtc.public-address";
    public static final String WEBRTC_ICE_SERVERS = "webrtc.ice-servers";
    public static final String RECORDING_ENABLED = "recording.enabled";
    public static final String RECORDING_RETENTION_DAYS = "recording.retention-days";
    public static final String WEBRTC_ICE_TRANSPORT_POLICY = "webrtc.ice-transport-policy";
    public static final String MEDIA_PUBLIC_ADDRESS = "media.public-address";
    public static final String TURN_SHARED_SECRET = "turn.shared-secret";
    public static final String TURN_CREDENTIAL_TTL = "turn.credential-ttl";
    public static final String LOG_FORMAT = "log.format";
    public static final String DRAIN_TIMEOUT = "drain.timeout";
    public static final String STORAGE_JDBC_URL = "storage.jdbc-url";
    public static final String STORAGE_USER = "storage.user";
    public static final String STORAGE_PASSWORD = "storage.password";
    public static final String HOSTS_SESSION_LIFETIME = "hosts.session-lifetime";
    public static final String CASCADE_NODE_ID = "cluster.cascade.node-id";
    public static final String CASCADE_SECRET = "cluster.cascade.secret";
    public static final String CASCADE_PEERS = "cluster.cascade.peers";
    public static final String CASCADE_ADDRESS = "cluster.cascade.address";
    public static final String CLUSTER_REDIS_URL = "cluster.redis-url";
    public static final String CLUSTER_NODE_ID = "cluster.node-id";
    public static final String CLUSTER_SIP_ADDRESS = "cluster.sip-address";
    public static final String CLUSTER_HTTP_URL = "cluster.http-url";
    public static final String CLUSTER_MEDIA_ADDRESS = "cluster.media-address";

    /** The demo room that exists unless {@code room.demo.enabled = false}. */
    public static final String DEMO_ROOM = "demo";

    public static final List<Setting> ALL = List.of(
            new Setting(DATA_DIR, "./data", "directory for the H2 database and the generated TLS keystore"),
            new Setting(BIND, "0.0.0.0", "address every listener binds to"),
            new Setting(SIP_DOMAIN, "", "SIP domain of rooms and users (default: host name, or the bind address)"),
            new Setting(SIP_PORT, "5060", "SIP port, UDP and TCP"),
            new Setting(SIP_TLS_PORT, String.valueOf(SipConfig.DEFAULT_TLS_PORT),
                    "SIP over TLS port (0 = off); HTTPS's certificate"),
            new Setting(SIP_SESSION_EXPIRES, "1800", "RFC 4028 session interval in seconds"),
            new Setting(SIP_MIN_SESSION_EXPIRES, "90", "RFC 4028 Min-SE in seconds (at least 90)"),
            new Setting(SIP_RTP_TIMEOUT, "30", "seconds without RTP before a call is ended"),
            new Setting(SIP_NONCE_LIFETIME, "300", "seconds a digest nonce stays fresh"),
            new Setting(SIP_REGISTRATION_MAX_EXPIRES, "3600", "longest REGISTER expiry granted, in seconds"),
            new Setting(SIP_DIGEST_ALGORITHMS, "SHA-256,MD5",
                    "digest challenges offered, most preferred first (phones that read only the first need theirs first)"),
            new Setting(SIP_MAX_CALL_SETUP_RATE, String.valueOf(SipConfig.DEFAULT_MAX_CALL_SETUP_RATE),
                    "new calls accepted per second; INVITEs beyond it get 503 with Retry-After"),
            new Setting(SIP_MAX_UNCONFIRMED_CALLS, "0",
                    "answered calls awaiting their ACK above which new calls get 503 (0 = 2 s of the setup rate)"),
            new Setting(SIP_REDIRECT, "false", "answer calls for registered users with 302 and their contacts"),
            new Setting(SIP_NO_ANSWER_TIMEOUT, "30", "seconds a proxied call rings before it is given up (480)"),
            new Setting(SIP_NO_ANSWER_FALLBACK, "none", "when nobody answers: none, or room (the callee's room)"),
            new Setting(GUARD_SIP_INVITE_RATE, "10", "new INVITEs per second from one address (bursts of twice that)"),
            new Setting(GUARD_SIP_REGISTER_RATE, "5", "REGISTERs per second from one address"),
            new Setting(GUARD_SIP_REQUEST_RATE, "50", "other SIP requests per second from one address (ACK, BYE, CANCEL unlimited)"),
            new Setting(GUARD_WS_JOIN_RATE, "5", "WebSocket joins per second from one address"),
            new Setting(GUARD_FLOOD_STRIKES, "100", "requests refused for rate within guard.flood-window that ban the address"),
            new Setting(GUARD_FLOOD_WINDOW, "10", "seconds the flood strikes are counted in"),
            new Setting(GUARD_BAN_TIME, "600", "seconds a banned address is ignored (SIP dropped, joins refused)"),
            new Setting(GUARD_MAX_SOURCES, "10000", "addresses tracked for rates and bans (least recently seen forgotten)"),
            new Setting(GUARD_PIN_FAILURES, "10", "wrong PINs from one address within 10 minutes that ban it"),
            new Setting(GUARD_PIN_ROOM_RATE, "30", "PIN attempts per minute one room accepts from everyone together"),
            new Setting(GUARD_LOBBY_PER_ROOM, "20", "phones waiting for a room's PIN at once (they take no seat)"),
            new Setting(GUARD_LOBBY_PER_SOURCE, "5", "phones from one address waiting for a PIN at once"),
            new Setting(GUARD_AUTH_USER_FAILURES, "20", "failed digest logins of one user (any address) that lock the user"),
            new Setting(GUARD_RTP_LATCH_PACKETS, "3", "in-sequence RTP packets before a NATed SIP leg latches onto their source"),
            new Setting(GUARD_RTP_LATCH_ANY_SOURCE, "false", "let a NATed leg latch onto another IP than its SIP signalling's"),
            new Setting(GUARD_EXEMPT_SOURCES, "", "comma-separated addresses never rate-limited or banned (a trusted proxy)"),
            new Setting(MEDIA_RTP_PORT_MIN, "20000", "first UDP port for SIP calls' RTP"),
            new Setting(MEDIA_RTP_PORT_MAX, "29999", "last UDP port for SIP calls' RTP"),
            new Setting(MEDIA_MAX_TALKERS, "3", "loudest speakers mixed at once (1-16)"),
            new Setting(MEDIA_OPUS_COMPLEXITY, "5", "libopus complexity 0-10 (CPU against quality)"),
            new Setting(MEDIA_MIXER_THREADS, "0", "threads ticking rooms (0 = number of cores)"),
            new Setting(MEDIA_REQUIRE_ENCRYPTION, "false",
                    "SIP calls must bring SRTP (SDES, over TLS); plain offers get 488"),
            new Setting(HTTP_PORT, "8080", "HTTP port (0 = off)"),
            new Setting(HTTP_HTTPS_PORT, "8443", "HTTPS port (0 = off)"),
            new Setting(HTTP_KEYSTORE, "", "PKCS#12 keystore for HTTPS (default: self-signed, in data-dir)"),
            new Setting(HTTP_KEYSTORE_PASSWORD, "", "password of http.keystore (secret)"),
            new Setting(WEBRTC_PORT, "10000", "the one UDP port for all browsers' media (0 = off)"),
            new Setting(WEBRTC_PUBLIC_ADDRESS, "", "address announced to browsers when behind NAT"),
            new Setting(WEBRTC_ICE_SERVERS, "", "comma-separated STUN/TURN URLs handed to browsers"),
            new Setting(RECORDING_ENABLED, "false",
                    "meetings may be recorded at all (rooms also need room.<id>.recording)"),
            new Setting(RECORDING_RETENTION_DAYS, "30", "recordings older than this many days are deleted (1-3650)"),
            new Setting(WEBRTC_ICE_TRANSPORT_POLICY, "all", "all, or relay: browsers send media only through TURN"),
            new Setting(MEDIA_PUBLIC_ADDRESS, "", "address in SIP calls' SDP when behind NAT (default: the interface's)"),
            new Setting(TURN_SHARED_SECRET, "", "coturn static-auth-secret for time-limited TURN credentials (secret)"),
            new Setting(TURN_CREDENTIAL_TTL, "86400", "seconds a browser's TURN credentials stay valid"),
            new Setting(LOG_FORMAT, "text", "console log format: text or json"),
            new Setting(DRAIN_TIMEOUT, "600", "seconds 'confero drain' waits for rooms to empty before stopping"),
            new Setting(STORAGE_JDBC_URL, "", "PostgreSQL JDBC URL for hosts and rooms (default: embedded H2 in data-dir)"),
            new Setting(STORAGE_USER, "", "database user for storage.jdbc-url"),
            new Setting(STORAGE_PASSWORD, "", "database password for storage.jdbc-url (secret)"),
            new Setting(HOSTS_SESSION_LIFETIME, "43200", "seconds a host stays logged in"),
            new Setting(CASCADE_NODE_ID, "", "this node's id for rooms cascaded over several nodes (empty = off)"),
            new Setting(CASCADE_SECRET, "",
                    "key that signs cascade link requests between nodes, 16+ characters (secret)"),
            new Setting(CASCADE_PEERS, "", "other nodes as <node-id>=http://<ip>:<http-port>, comma-separated"),
            new Setting(CASCADE_ADDRESS, "", "address this node receives cascade links' RTP on (default: bind)"),
            new Setting(CLUSTER_REDIS_URL, "", "redis://host:port shared by the nodes of a cluster (empty = one node)"),
            new Setting(CLUSTER_NODE_ID, "", "this node's id in the cluster (default: <bind>-<sip.port>)"),
            new Setting(CLUSTER_SIP_ADDRESS, "", "host:port calls for rooms on this node are sent to (default: bind and sip.port)"),
            new Setting(CLUSTER_HTTP_URL, "", "base URL browsers are sent to for rooms on this node (default: http://<bind>:<http.port>)"),
            new Setting(CLUSTER_MEDIA_ADDRESS, "", "this node's media address, published for operators (default: media.public-address or bind)"));

    /** Properties of {@code room.<id>.<property>}. */
    public static final List<String> ROOM_PROPERTIES = List.of("name", "pin", "max-participants", "enabled",
            "require-encryption", "recording", "cascade-home");

    /** Properties of {@code user.<name>.<property>}. */
    public static final List<String> USER_PROPERTIES = List.of("password", "redirect", "dial-outside");

    static final String ENV_PREFIX = "CONFERO_";

    /** Environment variable naming the configuration file (the flag {@code --config} wins over it). */
    public static final String CONFIG_FILE_ENV = "CONFERO_CONFIG";

    public static Optional<Setting> find(String key) {
        return ALL.stream().filter(s -> s.key.equals(key)).findFirst();
    }

    /**
     * The environment variable for a key: {@code CONFERO_} followed by the key in upper case with every dot and
     * dash replaced by an underscore ({@code http.https-port} → {@code CONFERO_HTTP_HTTPS_PORT}).
     */
    public static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
