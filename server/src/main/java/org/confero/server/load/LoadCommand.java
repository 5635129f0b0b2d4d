package org.confero.server.load;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/** {@code java -jar confero.jar load ...}: one load run against a running server, summary printed, CSV optional. */
public final class LoadCommand {
    private LoadCommand() {}

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
