package org.confero.server;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.confero.server.config.CommandLine;
import org.confero.server.config.ConferoConfig;
import org.confero.server.config.ConfigException;
import org.confero.server.config.ConfigLoader;
import org.confero.server.net.AnnouncedAddress;

/**
 * {@code java -jar confero.jar drain [options]}: asks the Confero running with the same configuration (same
 * options, file and environment) to drain, over its HTTP port on this machine with the admin token from its data
 * directory, then waits until it has stopped. Exit codes: 0 stopped, 1 not reachable or refused, 2 bad
 * configuration, 3 still running after the drain timeout.
 */
final class DrainCommand {
    static final String NAME = "drain";
    private static final Duration GRACE = Duration.ofSeconds(30);

    private DrainCommand() {}

    static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        ConferoConfig config;
        try {
            config = ConfigLoader.load(CommandLine.parse(args), env);
        } catch (ConfigException e) {
            err.println("confero drain: " + e.getMessage());
            return 2;
        }
        if (config.http().port() == 0) {
            err.println("confero drain: needs the HTTP port (http.port is 0)");
            return 2;
        }
        String bind = config.bindAddress();
        String host = AnnouncedAddress.isWildcard(bind) ? "127.0.0.1" : bind;
        URI base = URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + config.http().port());
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            String token = AdminToken.readFrom(config.dataDir());
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(base.resolve("/admin/drain"))
                    .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 202) {
                err.println("confero drain: the server refused: " + response.statusCode() + " " + response.body().strip());
                return 1;
            }
            out.println("confero drain: draining " + base + " " + response.body().strip());
            out.flush();
            return awaitStopped(client, base, Duration.ofSeconds(config.operations().drainTimeoutSeconds()).plus(GRACE),
                    out, err);
        } catch (NoSuchFileException e) {
            err.println("confero drain: no admin token in " + config.dataDir() + " (is Confero running with this data-dir?)");
            return 1;
        } catch (IOException e) {
            err.println("confero drain: cannot reach Confero at " + base + ": " + e);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /** Polls /healthz once a second until the server no longer answers (stopped) or the time is up. */
    private static int awaitStopped(HttpClient client, URI base, Duration limit, PrintStream out, PrintStream err)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                client.send(HttpRequest.newBuilder(base.resolve("/healthz")).timeout(Duration.ofSeconds(2)).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
            } catch (ConnectException e) {
                out.println("confero drain: Confero has stopped");
                return 0;
            } catch (IOException e) {
                // mid-shutdown: the next poll tells
            }
            Thread.sleep(1000);
        }
        err.println("confero drain: still running after " + limit.toSeconds() + " s");
        return 3;
    }
}
