package org.confero.server.load;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/** {@code java -jar confero.jar load ...}: one load run against a running server, summary printed, CSV optional. */
public final class LoadCommand {
    /** Held so that java.util.logging keeps their levels: ice4j logs every candidate pair of every join. */
    private static final java.util.List<java.util.logging.Logger> QUIETED = java.util.List.of(
            java.util.logging.Logger.getLogger("org.ice4j"), java.util.logging.Logger.getLogger("org.jitsi"));

    private LoadCommand() {}

    /** ice4j and jitsi log through java.util.logging at INFO, one line per ICE step of every participant. */
    static void quietIceLogs() {
        for (java.util.logging.Logger l : QUIETED) {
            l.setLevel(java.util.logging.Level.WARNING);
        }
    }

    /** @return the process exit code: 0 after a run, 1 when it could not run, 2 for a bad command line */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.contains("--help") || args.contains("-h")) {
            out.print(LoadOptions.usage());
            return 0;
        }
        LoadOptions options;
        try {
            options = LoadOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("confero load: " + e.getMessage());
            err.print(LoadOptions.usage());
            return 2;
        }
        quietIceLogs();
        try {
            LoadReport report = new LoadRun(options, out).run();
            report.print(out);
            if (options.csv().isPresent()) {
                report.writeCsv(options.csv().get());
                out.println("  csv              " + options.csv().get());
            }
            return 0;
        } catch (IOException | RuntimeException e) {
            err.println("confero load: " + e);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }
}
