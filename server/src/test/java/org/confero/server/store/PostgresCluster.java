package org.confero.server.store;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL cluster for tests: {@code initdb} into a new directory under /tmp (short, so the unix
 * socket path fits, and readable by the {@code postgres} user), a free port on 127.0.0.1, fsync off; stopped and
 * deleted by {@link #close()}. As root, the server binaries run as {@code postgres} (initdb refuses root).
 */
public final class PostgresCluster implements AutoCloseable {
    private static final String PASSWORD = "confero-test-pw";

    private final Path base;
    private final Path data;
    private final Path bin;
    private final int port;
    private boolean started;

    private PostgresCluster(Path base, Path bin, int port) {
        this.base = base;
        this.data = base.resolve("data");
        this.bin = bin;
        this.port = port;
    }

    /** The newest installed server's binaries, e.g. /usr/lib/postgresql/15/bin. */
    public static Path binaries() {
        Path root = Path.of("/usr/lib/postgresql");
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparingInt(b -> Integer.parseInt(b.getParent().getFileName().toString())))
                    .orElseThrow(() -> new IllegalStateException("no PostgreSQL under " + root
                            + " (scripts/test.sh installs the Debian package postgresql)"));
        } catch (IOException e) {
            throw new IllegalStateException("PostgreSQL is not installed: " + e.getMessage()
                    + " (scripts/test.sh installs the Debian package postgresql)", e);
        }
    }

    public static PostgresCluster start() throws IOException, InterruptedException {
        Path base = Files.createTempDirectory(Path.of("/tmp"), "pgt");
        PostgresCluster cluster = new PostgresCluster(base, binaries(), freePort());
        try {
            cluster.init();
            cluster.run(60, "pg_ctl", "-D", cluster.data.toString(), "-w", "-t", "30", "-l",
                    base.resolve("pg.log").toString(), "-o", "-p " + cluster.port + " -k " + base
                            + " -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off"
                            + " -c full_page_writes=off", "start");
            cluster.started = true;
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private void init() throws IOException, InterruptedException {
        Path pw = base.resolve("pw");
        Files.writeString(pw, PASSWORD + "\n", StandardCharsets.UTF_8);
        if (isRoot()) {
            chownToPostgres(base);
            chownToPostgres(pw);
        }
        run(60, "initdb", "-D", data.toString(), "-U", "postgres", "--pwfile=" + pw, "--auth-local=trust",
                "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync");
    }

    /** A JDBC URL for a new, empty database in this cluster. */
    public String createDatabase(String name) throws IOException, InterruptedException {
        if (!name.matches("[a-z][a-z0-9_]{0,30}")) {
            throw new IllegalArgumentException("database name " + name);
        }
        Path psql = bin.resolve("psql");
        runCommand(30, List.of(psql.toString(), "-h", base.toString(), "-p", String.valueOf(port), "-U", "postgres",
                "-v", "ON_ERROR_STOP=1", "-q", "-c", "CREATE DATABASE " + name));
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + name;
    }

    public String user() {
        return "postgres";
    }

    public String password() {
        return PASSWORD;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        try {
            if (started) {
                run(30, "pg_ctl", "-D", data.toString(), "stop", "-m", "fast");
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        } finally {
            started = false;
            deleteTree(base);
        }
    }

    private void run(int timeoutSeconds, String tool, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(bin.resolve(tool).toString());
        command.addAll(List.of(args));
        runCommand(timeoutSeconds, command);
    }

    private void runCommand(int timeoutSeconds, List<String> command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Path log = base.resolve("command.log");
        // runuser keeps the working directory, which must be one postgres can enter.
        Process p = new ProcessBuilder(full).directory(base.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            throw new IOException(command.get(0) + " did not finish in " + timeoutSeconds + " s");
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited " + p.exitValue() + ": "
                    + (Files.exists(log) ? Files.readString(log) : ""));
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void chownToPostgres(Path path) throws IOException {
        Files.setOwner(path, path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover directory under /tmp is harmless; the next run uses a new one
        }
    }
}
