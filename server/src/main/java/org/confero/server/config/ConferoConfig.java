package org.confero.server.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The whole effective configuration: defaults in code, overridden by the configuration file, then by
 * {@code CONFERO_*} environment variables, then by command-line flags.
 */
public record ConferoConfig(
        Path dataDir,
        String bindAddress,
        SipConfig sip,
        MediaConfig media,
        HttpConfig http,
        WebRtcConfig webrtc,
        StorageConfig storage,
        List<RoomConfig> rooms,
        List<UserConfig> users,
        RecordingConfig recording,
        OperationsConfig operations,
        ProxyConfig proxy,
        CascadeConfig cascade,
        ClusterConfig cluster) {
    public ConferoConfig {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(operations, "operations");
        Objects.requireNonNull(proxy, "proxy");
        Objects.requireNonNull(cascade, "cascade");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(sip, "sip");
        Objects.requireNonNull(media, "media");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(webrtc, "webrtc");
        Objects.requireNonNull(recording, "recording");
        Objects.requireNonNull(storage, "storage");
        rooms = List.copyOf(rooms);
        users = List.copyOf(users);
    }
}
