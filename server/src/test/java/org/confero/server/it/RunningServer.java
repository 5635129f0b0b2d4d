package org.confero.server.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.confero.server.ConferoServer;
import org.confero.server.config.CommandLine;
import org.confero.server.config.ConfigLoader;
import org.confero.server.peers.FreePorts;

/**
 * The real Confero server, started in-process on loopback with free ports and a fresh data directory, as
 * {@code java -jar confero.jar} would start it with the same flags and environment variables.
 */
public final class RunningServer implements AutoCloseable {
    private final ConferoServer server;
    private final int sipPort;
    private final int httpPort;

    private final Path dataDir;

    private RunningServer(ConferoServer server, int sipPort, int httpPort, Path dataDir) {
        this.dataDir = dataDir;
        this.server = server;
        this.sipPort = sipPort;
        this.httpPort = httpPort;
    }

    /** @param env {@code CONFERO_*} settings on top of the defaults, e.g. {@code CONFERO_ROOM_TEAM_NAME} */
    public static RunningServer start(Map<String, String> env) {
        return start(env, List.of());
    }

    /** @param extraArgs command-line options after the defaults (a later option wins), e.g. {@code --bind 0.0.0.0} */
    public static RunningServer start(Map<String, String> env, List<String> extraArgs) {
        int sipPort = FreePorts.udpAndTcp();
        int httpPort = FreePorts.tcp();
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("confero-it-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> args = new ArrayList<>(List.of("--bind", "127.0.0.1", "--sip-port", Integer.toString(sipPort),
                "--http-port", Integer.toString(httpPort), "--https-port", "0", "--data-dir", dataDir.toString()));
        args.addAll(extraArgs);
        Map<String, String> environment = new HashMap<>();
        environment.put("CONFERO_SIP_DOMAIN", "127.0.0.1");
        environment.put("CONFERO_WEBRTC_PORT", Integer.toString(FreePorts.udpAndTcp()));
        // SIP over TLS only where a test asks for it (with a free port): 5061 may be anyone's on this machine
        environment.put("CONFERO_SIP_TLS_PORT", "0");
        environment.putAll(env);
        ConferoServer server = ConferoServer.start(ConfigLoader.load(CommandLine.parse(args), environment));
        return new RunningServer(server, sipPort, httpPort, dataDir);
    }

    public static RunningServer start() {
        return start(Map.of());
    }

    public ConferoServer server() {
        return server;
    }

    public Path dataDir() {
        return dataDir;
    }

    public int sipPort() {
        return sipPort;
    }

    /** The SIP over TLS port, 0 when the test did not ask for TLS. */
    public int tlsPort() {
        return server.sip().tlsPort();
    }

    public int httpPort() {
        return httpPort;
    }

    /** The SIP URI of a room, dialled the way a phone on this machine would. */
    public String roomUri(String room) {
        return "sip:" + room + "@127.0.0.1:" + sipPort;
    }

    @Override
    public void close() {
        server.close();
    }
}
