package org.confero.server.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.confero.server.rooms.Room;

/**
 * Builds the effective {@link ConferoConfig}: defaults in code ({@link Setting#ALL}), overridden by the
 * configuration file, then by {@code CONFERO_*} environment variables, then by command-line flags. Every bad value
 * becomes a {@link ConfigException} that names the setting and the source of the value.
 */
public final class ConfigLoader {
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");
    private static final int DEFAULT_MAX_PARTICIPANTS = 50;

    private final RawSettings raw;
    private final Supplier<String> hostName;

    private ConfigLoader(RawSettings raw, Supplier<String> hostName) {
        this.raw = raw;
        this.hostName = hostName;
    }

    /** Loads with the real host name as the default SIP domain when binding to every address. */
    public static ConferoConfig load(CommandLine commandLine, Map<String, String> env) {
        return load(commandLine, env, HostName::local);
    }

    /**
     * @param env the environment (injectable so tests never depend on the real one)
     * @param hostName supplies the default SIP domain when {@code bind} is a wildcard address
     */
    public static ConferoConfig load(CommandLine commandLine, Map<String, String> env, Supplier<String> hostName) {
        RawSettings raw = new RawSettings();
        Optional<Path> file = commandLine.configFile().or(() -> Optional.ofNullable(env.get(Setting.CONFIG_FILE_ENV))
                .filter(s -> !s.isBlank()).map(Path::of));
        file.ifPresent(f -> PropertiesFile.read(f, raw));
        EnvironmentSettings.read(env, raw);
        commandLine.overrides().forEach((key, value) -> raw.put(key, value, "flag " + CommandLine.flagFor(key)));
        return new ConfigLoader(raw, hostName).build();
    }

    private ConferoConfig build() {
        String bind = text(Setting.BIND);
        if (!isIpLiteral(bind)) {
            throw bad(Setting.BIND, "must be an IP address such as 0.0.0.0 or 127.0.0.1");
        }
        return new ConferoConfig(path(Setting.DATA_DIR), bind, sip(bind), media(), http(), webrtc(), storage(), rooms(),
                users(), recording(), operations(), proxy(), cascade(bind), cluster(bind));
    }

    private SipConfig sip(String bind) {
        String domain = text(Setting.SIP_DOMAIN);
        if (domain.isEmpty()) {
            domain = isWildcard(bind) ? hostName.get() : bind;
        }
        String chosenDomain = domain;
        return checked(() -> new SipConfig(chosenDomain, integer(Setting.SIP_PORT), integer(Setting.SIP_SESSION_EXPIRES),
                integer(Setting.SIP_MIN_SESSION_EXPIRES), integer(Setting.SIP_RTP_TIMEOUT),
                integer(Setting.SIP_NONCE_LIFETIME), integer(Setting.SIP_REGISTRATION_MAX_EXPIRES),
                Arrays.stream(text(Setting.SIP_DIGEST_ALGORITHMS).split(",")).map(String::trim)
                        .map(a -> a.toUpperCase(java.util.Locale.ROOT)).toList(),
                integer(Setting.SIP_MAX_CALL_SETUP_RATE), guard(), integer(Setting.SIP_TLS_PORT),
                integer(Setting.SIP_MAX_UNCONFIRMED_CALLS)));
    }

    private boolean bool(String key) {
        String value = text(key).toLowerCase(java.util.Locale.ROOT);
        if (!value.equals("true") && !value.equals("false")) {
            throw bad(key, "must be true or false");
        }
        return value.equals("true");
    }

    private GuardConfig guard() {
        String any = text(Setting.GUARD_RTP_LATCH_ANY_SOURCE).toLowerCase(java.util.Locale.ROOT);
        if (!any.equals("true") && !any.equals("false")) {
            throw bad(Setting.GUARD_RTP_LATCH_ANY_SOURCE, "must be true or false");
        }
        List<String> exempt = Arrays.stream(text(Setting.GUARD_EXEMPT_SOURCES).split(",")).map(String::trim)
                .filter(a -> !a.isEmpty()).toList();
        for (String a : exempt) {
            if (!isIpLiteral(a)) {
                throw bad(Setting.GUARD_EXEMPT_SOURCES, "entries must be IP addresses, was '" + a + "'");
            }
        }
        return checked(() -> new GuardConfig(integer(Setting.GUARD_SIP_INVITE_RATE),
                integer(Setting.GUARD_SIP_REGISTER_RATE), integer(Setting.GUARD_SIP_REQUEST_RATE),
                integer(Setting.GUARD_WS_JOIN_RATE), integer(Setting.GUARD_FLOOD_STRIKES),
                integer(Setting.GUARD_FLOOD_WINDOW), integer(Setting.GUARD_BAN_TIME), integer(Setting.GUARD_MAX_SOURCES),
                integer(Setting.GUARD_PIN_FAILURES), integer(Setting.GUARD_PIN_ROOM_RATE),
                integer(Setting.GUARD_LOBBY_PER_ROOM), integer(Setting.GUARD_LOBBY_PER_SOURCE),
                integer(Setting.GUARD_AUTH_USER_FAILURES), integer(Setting.GUARD_RTP_LATCH_PACKETS),
                any.equals("true"), exempt));
    }

    private MediaConfig media() {
        return checked(() -> new MediaConfig(integer(Setting.MEDIA_RTP_PORT_MIN), integer(Setting.MEDIA_RTP_PORT_MAX),
                integer(Setting.MEDIA_MAX_TALKERS), integer(Setting.MEDIA_OPUS_COMPLEXITY),
                integer(Setting.MEDIA_MIXER_THREADS), bool(Setting.MEDIA_REQUIRE_ENCRYPTION),
                address(Setting.MEDIA_PUBLIC_ADDRESS)));
    }

    private Optional<String> address(String key) {
        String value = text(key);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (!isIpLiteral(value)) {
            throw bad(key, "must be an IP address, was '" + value + "'");
        }
        return Optional.of(value);
    }

    private OperationsConfig operations() {
        String format = text(Setting.LOG_FORMAT).toLowerCase(java.util.Locale.ROOT);
        if (!format.equals("text") && !format.equals("json")) {
            throw bad(Setting.LOG_FORMAT, "must be text or json, was '" + format + "'");
        }
        return checked(() -> new OperationsConfig(format.equals("json"), integer(Setting.DRAIN_TIMEOUT)));
    }

    private HttpConfig http() {
        Optional<Path> keystore = text(Setting.HTTP_KEYSTORE).isEmpty() ? Optional.empty()
                : Optional.of(path(Setting.HTTP_KEYSTORE));
        return checked(() -> new HttpConfig(integer(Setting.HTTP_PORT), integer(Setting.HTTP_HTTPS_PORT), keystore,
                text(Setting.HTTP_KEYSTORE_PASSWORD)));
    }

    private WebRtcConfig webrtc() {
        String publicAddress = text(Setting.WEBRTC_PUBLIC_ADDRESS);
        List<String> iceServers = Arrays.stream(text(Setting.WEBRTC_ICE_SERVERS).split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
        for (String url : iceServers) {
            if (!url.matches("(stuns?|turns?):.+")) {
                throw bad(Setting.WEBRTC_ICE_SERVERS, "entries must start with stun:, stuns:, turn: or turns:, was '" + url + "'");
            }
        }
        String policy = text(Setting.WEBRTC_ICE_TRANSPORT_POLICY).toLowerCase(java.util.Locale.ROOT);
        if (!policy.equals("all") && !policy.equals("relay")) {
            throw bad(Setting.WEBRTC_ICE_TRANSPORT_POLICY, "must be all or relay, was '" + policy + "'");
        }
        return checked(() -> new WebRtcConfig(integer(Setting.WEBRTC_PORT),
                publicAddress.isEmpty() ? Optional.empty() : Optional.of(publicAddress), iceServers,
                new TurnConfig(text(Setting.TURN_SHARED_SECRET), integer(Setting.TURN_CREDENTIAL_TTL)),
                policy.equals("relay")));
    }

    private RecordingConfig recording() {
        return checked(() -> new RecordingConfig(flag(Setting.RECORDING_ENABLED, text(Setting.RECORDING_ENABLED)),
                integer(Setting.RECORDING_RETENTION_DAYS)));
    }

    private boolean flag(String key, String value) {
        if (!value.equals("true") && !value.equals("false")) {
            throw bad(key, "must be true or false, was '" + value + "'");
        }
        return value.equals("true");
    }

    private StorageConfig storage() {
        String url = text(Setting.STORAGE_JDBC_URL);
        return checked(() -> new StorageConfig(url.isEmpty() ? Optional.empty() : Optional.of(url),
                text(Setting.STORAGE_USER), text(Setting.STORAGE_PASSWORD), integer(Setting.HOSTS_SESSION_LIFETIME)));
    }

    private List<RoomConfig> rooms() {
        TreeSet<String> ids = groupIds("room.");
        ids.add(Setting.DEMO_ROOM);
        List<RoomConfig> rooms = new ArrayList<>();
        for (String id : ids) {
            String prefix = "room." + id + ".";
            String enabled = raw.get(prefix + "enabled").map(SourcedValue::text).orElse("true");
            if (!enabled.equals("true") && !enabled.equals("false")) {
                throw bad(prefix + "enabled", "must be true or false, was '" + enabled + "'");
            }
            if (enabled.equals("false")) {
                continue;
            }
            String name = raw.get(prefix + "name").map(SourcedValue::text).filter(s -> !s.isEmpty())
                    .orElse(id.equals(Setting.DEMO_ROOM) ? "Demo room" : id);
            Optional<String> pin = raw.get(prefix + "pin").map(SourcedValue::text).filter(s -> !s.isEmpty());
            int max = raw.get(prefix + "max-participants").isPresent() ? integer(prefix + "max-participants")
                    : DEFAULT_MAX_PARTICIPANTS;
            String encrypted = raw.get(prefix + "require-encryption").map(SourcedValue::text).orElse("false");
            if (!encrypted.equals("true") && !encrypted.equals("false")) {
                throw bad(prefix + "require-encryption", "must be true or false, was '" + encrypted + "'");
            }
            try {
                Room room = new Room(id, name, pin, max, encrypted.equals("true"));
                boolean recording = flag(prefix + "recording",
                        raw.get(prefix + "recording").map(SourcedValue::text).orElse("false"));
                rooms.add(new RoomConfig(room.id(), room.displayName(), room.pin(), room.maxParticipants(),
                        room.requireEncryption(), recording));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("room." + id + ": " + e.getMessage() + originsOf(prefix));
            }
        }
        return rooms;
    }

    private CascadeConfig cascade(String bind) {
        java.util.Map<String, String> homes = new java.util.TreeMap<>();
        for (String id : groupIds("room.")) {
            raw.get("room." + id + ".cascade-home").map(SourcedValue::text).filter(s -> !s.isEmpty())
                    .ifPresent(home -> homes.put(id, home));
        }
        return new CascadeSettings(this::text, this::bad).read(bind, homes);
    }

    private ProxyConfig proxy() {
        String redirect = text(Setting.SIP_REDIRECT).toLowerCase(java.util.Locale.ROOT);
        if (!redirect.equals("true") && !redirect.equals("false")) {
            throw bad(Setting.SIP_REDIRECT, "must be true or false");
        }
        String fallback = text(Setting.SIP_NO_ANSWER_FALLBACK).toLowerCase(java.util.Locale.ROOT);
        if (!fallback.equals("none") && !fallback.equals("room")) {
            throw bad(Setting.SIP_NO_ANSWER_FALLBACK, "must be none or room");
        }
        return checked(() -> new ProxyConfig(redirect.equals("true"), integer(Setting.SIP_NO_ANSWER_TIMEOUT),
                fallback.equals("room")));
    }

    private ClusterConfig cluster(String bind) {
        String url = text(Setting.CLUSTER_REDIS_URL);
        if (url.isEmpty()) {
            return ClusterConfig.OFF;
        }
        java.net.URI redis;
        try {
            redis = new java.net.URI(url);
        } catch (java.net.URISyntaxException e) {
            throw bad(Setting.CLUSTER_REDIS_URL, "is not a URL");
        }
        String host = isWildcard(bind) ? hostName.get() : bind;
        String nodeId = orDefault(Setting.CLUSTER_NODE_ID, bind + "-" + text(Setting.SIP_PORT));
        String sip = orDefault(Setting.CLUSTER_SIP_ADDRESS, host + ":" + text(Setting.SIP_PORT));
        String http = orDefault(Setting.CLUSTER_HTTP_URL, "http://" + host + ":" + text(Setting.HTTP_PORT));
        String media = orDefault(Setting.CLUSTER_MEDIA_ADDRESS,
                text(Setting.MEDIA_PUBLIC_ADDRESS).isEmpty() ? host : text(Setting.MEDIA_PUBLIC_ADDRESS));
        return checked(() -> new ClusterConfig(Optional.of(redis), nodeId, sip, http, media));
    }

    private String orDefault(String key, String fallback) {
        String value = text(key);
        return value.isEmpty() ? fallback : value;
    }

    private List<UserConfig> users() {
        List<UserConfig> users = new ArrayList<>();
        for (String name : groupIds("user.")) {
            String key = "user." + name + ".password";
            String password = raw.get(key).map(SourcedValue::text).orElse("");
            if (password.isEmpty()) {
                throw bad(key, "must be set");
            }
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9._~-]{0,63}")) {
                throw bad(key, "user name must be 1-64 of A-Z a-z 0-9 . _ ~ -");
            }
            String redirectKey = "user." + name + ".redirect";
            String redirect = raw.get(redirectKey).map(SourcedValue::text).orElse("false").trim();
            if (!redirect.equals("true") && !redirect.equals("false")) {
                throw bad(redirectKey, "must be true or false");
            }
            String outsideKey = "user." + name + ".dial-outside";
            String outside = raw.get(outsideKey).map(SourcedValue::text).orElse("").trim();
            java.util.Optional<java.util.regex.Pattern> rule;
            try {
                rule = outside.isEmpty() ? java.util.Optional.empty()
                        : java.util.Optional.of(java.util.regex.Pattern.compile(outside));
            } catch (java.util.regex.PatternSyntaxException e) {
                throw bad(outsideKey, "is not a valid pattern: " + e.getDescription());
            }
            users.add(new UserConfig(name, password, redirect.equals("true"), rule));
        }
        return users;
    }

    private TreeSet<String> groupIds(String prefix) {
        TreeSet<String> ids = new TreeSet<>();
        for (String key : raw.keys()) {
            RawSettings.groupId(key, prefix).ifPresent(ids::add);
        }
        return ids;
    }

    private String text(String key) {
        return raw.get(key).map(SourcedValue::text)
                .orElseGet(() -> Setting.find(key).map(Setting::defaultValue).orElse(""));
    }

    private int integer(String key) {
        String text = text(key);
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw bad(key, "must be a whole number, was '" + text + "'");
        }
    }

    private Path path(String key) {
        try {
            return Path.of(text(key));
        } catch (InvalidPathException e) {
            throw bad(key, "is not a valid path: " + e.getMessage());
        }
    }

    /** Record constructors validate ranges; their messages start with the setting's key. */
    private <T> T checked(Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            String key = message.split(" ", 2)[0];
            String origin = raw.get(key).map(v -> " (" + v.origin() + ")").orElse("");
            throw new ConfigException(message + origin);
        }
    }

    private ConfigException bad(String key, String problem) {
        String origin = raw.get(key).map(v -> " (" + v.origin() + ")").orElse("");
        return new ConfigException(key + " " + problem + origin);
    }

    private String originsOf(String prefix) {
        return raw.keys().stream().filter(k -> k.startsWith(prefix)).map(k -> raw.get(k).orElseThrow().origin())
                .distinct().reduce((a, b) -> a + ", " + b).map(s -> " (" + s + ")").orElse("");
    }

    /** Whether {@code address} means "every address" ({@code 0.0.0.0}, {@code ::}). */
    public static boolean isWildcard(String address) {
        return address.equals("0.0.0.0") || address.equals("::") || address.equals("[::]");
    }

    static boolean isIpLiteral(String address) {
        var v4 = IPV4.matcher(address);
        if (v4.matches()) {
            for (int group = 1; group <= 4; group++) {
                if (Integer.parseInt(v4.group(group)) > 255) {
                    return false;
                }
            }
            return true;
        }
        return IPV6.matcher(address).matches();
    }
}
