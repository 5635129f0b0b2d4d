package org.confero.server.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.confero.server.ConferoServer;
import org.confero.server.config.CommandLine;
import org.confero.server.config.ConfigLoader;

/**
 * A Confero server in this process on loopback, free ports and a fresh data directory, with the rooms
 * {@code <prefix>-1..N} and 127.0.0.1 exempt from the per-source join limits (the load tool places every call
 * from there). Configured through the same command line and {@code CONFERO_*} variables as {@code java -jar}.
 */
final class InProcessServer implements ServerUnderLoad {
    private final ConferoServer server;
    private final ProcessGauges gauges = new ProcessGauges();
    private final int sipPort;
    private final int httpPort;

    private InProcessServer(ConferoServer server, int sipPort, int httpPort) {
        this.server = server;
        this.sipPort = sipPort;
        this.httpPort = httpPort;
    }

    static InProcessServer start(String roomPrefix, int rooms, int roomSize) {
        int sipPort = freeUdpAndTcpPort();
        int httpPort = freeUdpAndTcpPort();
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("confero-capacity-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> args = List.of("--bind", "127.0.0.1", "--sip-port", Integer.toString(sipPort), "--http-port",
                Integer.toString(httpPort), "--https-port", "0", "--data-dir", dataDir.toString());
        ConferoServer server = ConferoServer.start(
                ConfigLoader.load(CommandLine.parse(args), environment(roomPrefix, rooms, roomSize)));
        return new InProcessServer(server, sipPort, httpPort);
    }

    /** The settings both kinds of server get: loopback, 127.0.0.1 exempt from join limits, the load rooms. */
    static Map<String, String> environment(String roomPrefix, int rooms, int roomSize) {
        Map<String, String> env = new HashMap<>();
        env.put("CONFERO_SIP_DOMAIN", "127.0.0.1");
        env.put("CONFERO_WEBRTC_PORT", Integer.toString(freeUdpAndTcpPort()));
        env.put("CONFERO_GUARD_EXEMPT_SOURCES", "127.0.0.1");
        env.put("CONFERO_ROOM_DEMO_ENABLED", "false");
        for (int i = 1; i <= rooms; i++) {
            String key = "CONFERO_ROOM_" + roomPrefix.toUpperCase(java.util.Locale.ROOT).replace('-', '_') + "_" + i;
            env.put(key + "_NAME", roomPrefix + " " + i);
            env.put(key + "_MAX_PARTICIPANTS", Integer.toString(roomSize));
        }
        return env;
    }

    @Override
    public int sipPort() {
        return sipPort;
    }

    @Override
    public int httpPort() {
        return httpPort;
    }

    /** The whole process's CPU: the load tool's threads are in it and are subtracted by the caller. */
    @Override
    public long cpuNanos() {
        return ProcessGauges.processCpuNanos();
    }

    @Override
    public long rssBytes() {
        return ProcessGauges.rssBytes();
    }

    @Override
    public void markGc() {
        gauges.clearPauses();
        gauges.record(true);
    }

    @Override
    public List<Double> gcPausesMillis() {
        return gauges.pausesMillis();
    }

    /** A port free for both UDP and TCP on 127.0.0.1 right now (SIP listens on both). */
    static int freeUdpAndTcpPort() {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = tcp.getLocalPort();
                try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress("127.0.0.1", port))) {
                    return port;
                } catch (IOException busy) {
                    // taken for UDP: try another
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no free port on 127.0.0.1");
    }

    @Override
    public void close() {
        gauges.close();
        server.close();
    }
}
