package org.confero.server.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The effective configuration as {@code key = value} lines for the start-up log. Secrets (passwords, PINs, the
 * keystore password) are never shown: a set secret prints as {@value #MASK}, an unset one as {@code (none)}.
 */
public final class EffectiveConfig {
    static final String MASK = "********";

    private EffectiveConfig() {}

    public static List<String> lines(ConferoConfig config) {
        List<String> lines = new ArrayList<>();
        add(lines, Setting.DATA_DIR, config.dataDir());
        add(lines, Setting.BIND, config.bindAddress());
        SipConfig sip = config.sip();
        add(lines, Setting.SIP_DOMAIN, sip.domain());
        add(lines, Setting.SIP_PORT, sip.port());
        add(lines, Setting.SIP_TLS_PORT, sip.tlsPort());
        add(lines, Setting.SIP_SESSION_EXPIRES, sip.sessionExpiresSeconds());
        add(lines, Setting.SIP_MIN_SESSION_EXPIRES, sip.minSessionExpiresSeconds());
        add(lines, Setting.SIP_RTP_TIMEOUT, sip.rtpTimeoutSeconds());
        add(lines, Setting.SIP_NONCE_LIFETIME, sip.nonceLifetimeSeconds());
        add(lines, Setting.SIP_REGISTRATION_MAX_EXPIRES, sip.registrationMaxExpiresSeconds());
        add(lines, Setting.SIP_DIGEST_ALGORITHMS, String.join(",", sip.digestAlgorithms()));
        add(lines, Setting.SIP_MAX_CALL_SETUP_RATE, sip.maxCallSetupRate());
        add(lines, Setting.SIP_MAX_UNCONFIRMED_CALLS, sip.maxUnconfirmedCalls());
        add(lines, Setting.SIP_REDIRECT, config.proxy().redirectAll());
        add(lines, Setting.SIP_NO_ANSWER_TIMEOUT, config.proxy().noAnswerSeconds());
        add(lines, Setting.SIP_NO_ANSWER_FALLBACK, config.proxy().fallbackToRoom() ? "room" : "none");
        GuardConfig g = sip.guard();
        add(lines, Setting.GUARD_SIP_INVITE_RATE, g.sipInviteRate());
        add(lines, Setting.GUARD_SIP_REGISTER_RATE, g.sipRegisterRate());
        add(lines, Setting.GUARD_SIP_REQUEST_RATE, g.sipRequestRate());
        add(lines, Setting.GUARD_WS_JOIN_RATE, g.wsJoinRate());
        add(lines, Setting.GUARD_FLOOD_STRIKES, g.floodStrikes());
        add(lines, Setting.GUARD_FLOOD_WINDOW, g.floodWindowSeconds());
        add(lines, Setting.GUARD_BAN_TIME, g.banSeconds());
        add(lines, Setting.GUARD_MAX_SOURCES, g.maxSources());
        add(lines, Setting.GUARD_PIN_FAILURES, g.pinFailures());
        add(lines, Setting.GUARD_PIN_ROOM_RATE, g.pinRoomRatePerMinute());
        add(lines, Setting.GUARD_LOBBY_PER_ROOM, g.lobbyPerRoom());
        add(lines, Setting.GUARD_LOBBY_PER_SOURCE, g.lobbyPerSource());
        add(lines, Setting.GUARD_AUTH_USER_FAILURES, g.authUserFailures());
        add(lines, Setting.GUARD_RTP_LATCH_PACKETS, g.latchPackets());
        add(lines, Setting.GUARD_RTP_LATCH_ANY_SOURCE, g.latchAnySource());
        add(lines, Setting.GUARD_EXEMPT_SOURCES, String.join(",", g.exemptSources()));
        MediaConfig media = config.media();
        add(lines, Setting.MEDIA_RTP_PORT_MIN, media.rtpPortMin());
        add(lines, Setting.MEDIA_RTP_PORT_MAX, media.rtpPortMax());
        add(lines, Setting.MEDIA_MAX_TALKERS, media.maxTalkers());
        add(lines, Setting.MEDIA_OPUS_COMPLEXITY, media.opusComplexity());
        add(lines, Setting.MEDIA_MIXER_THREADS, media.mixerThreads());
        add(lines, Setting.MEDIA_REQUIRE_ENCRYPTION, media.requireEncryption());
        add(lines, Setting.MEDIA_PUBLIC_ADDRESS, media.publicAddress().orElse("(the interface each call came in on)"));
        HttpConfig http = config.http();
        add(lines, Setting.HTTP_PORT, http.port());
        add(lines, Setting.HTTP_HTTPS_PORT, http.httpsPort());
        add(lines, Setting.HTTP_KEYSTORE, http.keystore().map(Object::toString).orElse("(self-signed, in data-dir)"));
        secret(lines, Setting.HTTP_KEYSTORE_PASSWORD, http.keystorePassword());
        WebRtcConfig webrtc = config.webrtc();
        add(lines, Setting.WEBRTC_PORT, webrtc.port());
        add(lines, Setting.WEBRTC_PUBLIC_ADDRESS, webrtc.publicAddress().orElse("(bind address)"));
        add(lines, Setting.WEBRTC_ICE_SERVERS, webrtc.iceServers().isEmpty() ? "(none)" : String.join(",", webrtc.iceServers()));
        add(lines, Setting.RECORDING_ENABLED, config.recording().enabled());
        add(lines, Setting.RECORDING_RETENTION_DAYS, config.recording().retentionDays());
        add(lines, Setting.WEBRTC_ICE_TRANSPORT_POLICY, webrtc.relayOnly() ? "relay" : "all");
        secret(lines, Setting.TURN_SHARED_SECRET, webrtc.turn().sharedSecret());
        add(lines, Setting.TURN_CREDENTIAL_TTL, webrtc.turn().credentialTtlSeconds());
        add(lines, Setting.LOG_FORMAT, config.operations().jsonLogs() ? "json" : "text");
        add(lines, Setting.DRAIN_TIMEOUT, config.operations().drainTimeoutSeconds());
        StorageConfig storage = config.storage();
        add(lines, Setting.STORAGE_JDBC_URL, storage.printableUrl());
        add(lines, Setting.STORAGE_USER, storage.user().isEmpty() ? "(none)" : storage.user());
        secret(lines, Setting.STORAGE_PASSWORD, storage.password());
        add(lines, Setting.HOSTS_SESSION_LIFETIME, storage.sessionLifetimeSeconds());
        CascadeConfig cascade = config.cascade();
        add(lines, Setting.CASCADE_NODE_ID, cascade.enabled() ? cascade.nodeId() : "(off)");
        secret(lines, Setting.CASCADE_SECRET, cascade.secret());
        add(lines, Setting.CASCADE_PEERS, cascade.peers().isEmpty() ? "(none)" : cascade.peers().toString());
        add(lines, Setting.CASCADE_ADDRESS, cascade.linkAddress());
        cascade.roomHomes().forEach((room, home) -> add(lines, "room." + room + ".cascade-home", home));
        ClusterConfig cluster = config.cluster();
        add(lines, Setting.CLUSTER_REDIS_URL, cluster.printableRedis());
        add(lines, Setting.CLUSTER_NODE_ID, cluster.enabled() ? cluster.nodeId() : "(none)");
        add(lines, Setting.CLUSTER_SIP_ADDRESS, cluster.enabled() ? cluster.sipAddress() : "(none)");
        add(lines, Setting.CLUSTER_HTTP_URL, cluster.enabled() ? cluster.httpUrl() : "(none)");
        add(lines, Setting.CLUSTER_MEDIA_ADDRESS, cluster.enabled() ? cluster.mediaAddress() : "(none)");
        for (RoomConfig room : config.rooms()) {
            String prefix = "room." + room.id() + ".";
            add(lines, prefix + "name", room.displayName());
            secret(lines, prefix + "pin", room.pin().orElse(""));
            add(lines, prefix + "max-participants", room.maxParticipants());
            add(lines, prefix + "require-encryption", room.requireEncryption());
            add(lines, prefix + "recording", room.recordingAllowed());
        }
        for (UserConfig user : config.users()) {
            secret(lines, "user." + user.username() + ".password", user.password());
        }
        return lines;
    }

    private static void add(List<String> lines, String key, Object value) {
        lines.add(key + " = " + value);
    }

    private static void secret(List<String> lines, String key, String value) {
        lines.add(key + " = " + (value.isEmpty() ? "(none)" : MASK));
    }
}
