package org.confero.server.peers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real Kamailio SIP front with Confero's shipped configuration ({@code deploy/kamailio/kamailio.cfg}), on a free
 * 127.0.0.1 UDP port, in a throw-away directory, dispatching to the given nodes and reading room owners from the
 * given Redis. Stopped by its PID.
 */
public final class Kamailio implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

    private final ServiceProcess process;
    private final int port;

    private Kamailio(ServiceProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    public static boolean installed() {
        return Files.isExecutable(Path.of("/usr/sbin/kamailio"))
                && (Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/kamailio/modules/ndb_redis.so"))
                        || Files.exists(Path.of("/usr/lib/aarch64-linux-gnu/kamailio/modules/ndb_redis.so")));
    }

    /**
     * @param config the Kamailio configuration file
     * @param redisPort the cluster's Redis on 127.0.0.1
     * @param nodeSipPorts the Confero nodes' SIP ports on 127.0.0.1 (dispatcher set 1)
     */
    public static Kamailio start(Path config, int redisPort, List<Integer> nodeSipPorts) {
        if (!installed()) {
            throw new IllegalStateException("kamailio and kamailio-redis-modules must be installed (scripts/test.sh)");
        }
        int port = FreePorts.udpAndTcp();
        Path dir = ServiceProcess.throwAwayDir("confero-kamailio-");
        try {
            Files.createDirectories(dir.resolve("run"));
            List<String> list = new ArrayList<>();
            list.add("# setid destination flags priority attrs");
            for (int i = 0; i < nodeSipPorts.size(); i++) {
                list.add("1 sip:127.0.0.1:" + nodeSipPorts.get(i) + " 0 0 duid=node" + (i + 1));
            }
            Files.write(dir.resolve("dispatcher.list"), list);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = List.of("timeout", "900", "kamailio", "-f", config.toAbsolutePath().toString(), "-DD",
                "-E", "-n", "2", "-T", "-S", "-Y", dir.resolve("run").toString(), "-P",
                dir.resolve("run/kamailio.pid").toString(), "-l", "udp:127.0.0.1:" + port,
                "-A", "DSLIST=\"" + dir.resolve("dispatcher.list") + "\"",
                "-A", "CTLSOCK=\"unix:" + dir.resolve("run/ctl.sock") + "\"",
                "-A", "REDISSRV=\"name=confero;addr=127.0.0.1;port=" + redisPort + "\"");
        return new Kamailio(ServiceProcess.start("kamailio", command, dir, "kamailio.log", START_TIMEOUT,
                () -> ServiceProcess.udpPortTaken(port)), port);
    }

    public int port() {
        return port;
    }

    /** The SIP URI of a room through this front. */
    public String roomUri(String room) {
        return "sip:" + room + "@127.0.0.1:" + port;
    }

    public String log() {
        return process.log();
    }

    @Override
    public void close() {
        process.close();
    }
}
