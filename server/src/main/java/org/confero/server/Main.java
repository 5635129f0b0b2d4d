package org.confero.server;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.confero.server.config.CommandLine;
import org.confero.server.config.ConferoConfig;
import org.confero.server.config.ConfigException;
import org.confero.server.config.ConfigLoader;
import org.confero.server.load.CapacityCommand;
import org.confero.server.load.LoadCommand;
import org.confero.server.hosts.HostCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts Confero from the command line and stops it on SIGTERM/SIGINT; {@code load} and {@code capacity} as first
 * argument run the load tool and the capacity command instead. Exit codes: 0 after {@code --help} or a
 * clean stop, 1 when a part fails to start, 2 for a bad command line or configuration value.
 */
public final class Main {
    static final int EXIT_START_FAILED = 1;
    static final int EXIT_BAD_CONFIG = 2;

    private Main() {}

    /** What {@link #launch} ended with. */
    sealed interface Outcome permits Running, Exit {}

    record Running(ConferoServer server) implements Outcome {}

    record Exit(int code) implements Outcome {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length > 0 && args[0].equals("host")) {
            HostCommand command = new HostCommand(System::console,
                    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), System.out, System.err);
            System.exit(command.run(List.of(args).subList(1, args.length), System.getenv()));
        }
        if (args.length > 0 && args[0].equals(DrainCommand.NAME)) {
            System.exit(DrainCommand.run(List.of(args).subList(1, args.length), System.getenv(), System.out,
                    System.err));
        }
        keepIce4jOffMetadataServices();
        if (args.length > 0 && args[0].equals("load")) {
            System.exit(LoadCommand.run(List.of(args).subList(1, args.length), System.out, System.err));
        }
        if (args.length > 0 && args[0].equals("capacity")) {
            System.exit(CapacityCommand.run(List.of(args).subList(1, args.length), System.out, System.err));
        }
        Outcome outcome = launch(List.of(args), System.getenv(), System.out, System.err);
        if (outcome instanceof Exit exit) {
            System.exit(exit.code());
        }
        ConferoServer server = ((Running) outcome).server();
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "confero-shutdown"));
        server.awaitShutdown();
    }

    /**
     * ice4j asks the cloud metadata address 169.254.169.254 for a public address unless told not to; Confero
     * takes its public address from {@code webrtc.public-address} instead. Set before any ICE agent exists.
     */
    private static void keepIce4jOffMetadataServices() {
        if (System.getProperty("org.ice4j.ice.harvest.DISABLE_AWS_HARVESTER") == null) {
            System.setProperty("org.ice4j.ice.harvest.DISABLE_AWS_HARVESTER", "true");
        }
        if (System.getProperty("ice4j.harvest.mapping.aws.enabled") == null) {
            System.setProperty("ice4j.harvest.mapping.aws.enabled", "false");
        }
    }

    /** Parses the command line, loads the configuration and starts the server, printing help or errors. */
    static Outcome launch(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        ConferoConfig config;
        try {
            CommandLine commandLine = CommandLine.parse(args);
            if (commandLine.help()) {
                out.print(CommandLine.usage());
                out.flush();
                return new Exit(0);
            }
            config = ConfigLoader.load(commandLine, env);
        } catch (ConfigException e) {
            err.println("confero: " + e.getMessage());
            err.println("Try 'java -jar confero.jar --help' for the list of options and settings.");
            return new Exit(EXIT_BAD_CONFIG);
        }
        try {
            return new Running(ConferoServer.start(config));
        } catch (ConfigException e) {
            err.println("confero: " + e.getMessage());
            return new Exit(EXIT_BAD_CONFIG);
        } catch (RuntimeException e) {
            Logger log = LoggerFactory.getLogger(Main.class);
            log.error("Confero failed to start", e);
            err.println("confero: cannot start: " + e.getMessage());
            return new Exit(EXIT_START_FAILED);
        }
    }
}
