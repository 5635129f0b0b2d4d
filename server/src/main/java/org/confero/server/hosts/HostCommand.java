package org.confero.server.hosts;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.confero.server.config.CommandLine;
import org.confero.server.config.ConferoConfig;
import org.confero.server.config.ConfigException;
import org.confero.server.config.ConfigLoader;
import org.confero.server.store.Database;
import org.confero.server.store.Host;
import org.confero.server.store.HostRepository;
import org.confero.server.store.StorageException;

/**
 * {@code confero host add NAME | host list | host remove NAME [--data-dir DIR] [--config FILE]}: host accounts from
 * the command line, against the same database the server uses. {@code add} reads the password from the terminal
 * without echo (twice), or the first line of standard input when that is not a terminal.
 */
public final class HostCommand {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    private static final String USAGE_TEXT = """
            Usage: java -jar confero.jar host add NAME      add a host (the first one is admin); asks for the password
                   java -jar confero.jar host list          list hosts
                   java -jar confero.jar host remove NAME   remove a host with its logins, tokens and rooms
            The server's options (--config FILE, --data-dir DIR, CONFERO_* variables) choose the database.
            """;

    private final Supplier<Console> console;
    private final BufferedReader stdin;
    private final PrintStream out;
    private final PrintStream err;

    public HostCommand(Supplier<Console> console, BufferedReader stdin, PrintStream out, PrintStream err) {
        this.console = console;
        this.stdin = stdin;
        this.out = out;
        this.err = err;
    }

    /** Runs {@code args} (after the word {@code host}) and returns the process exit code. */
    public int run(List<String> args, Map<String, String> env) {
        if (args.isEmpty() || !List.of("add", "list", "remove").contains(args.get(0))) {
            err.print(USAGE_TEXT);
            return USAGE;
        }
        String action = args.get(0);
        boolean named = !action.equals("list");
        if (named && (args.size() < 2 || args.get(1).startsWith("--"))) {
            err.println("confero: host " + action + " needs a NAME");
            err.print(USAGE_TEXT);
            return USAGE;
        }
        String name = named ? args.get(1) : null;
        ConferoConfig config;
        try {
            config = ConfigLoader.load(CommandLine.parse(args.subList(named ? 2 : 1, args.size())), env);
            Files.createDirectories(config.dataDir());
        } catch (ConfigException | IOException e) {
            err.println("confero: " + e.getMessage());
            return USAGE;
        }
        try (Database db = Database.open(config.storage(), config.dataDir())) {
            HostAccounts accounts = new HostAccounts(new HostRepository(db.dataSource()), PasswordHasher.DEFAULT,
                    Clock.systemUTC());
            return switch (action) {
                case "add" -> add(accounts, name);
                case "remove" -> remove(accounts, name);
                default -> list(accounts);
            };
        } catch (StorageException | IllegalStateException e) {
            err.println("confero: storage: " + e.getMessage());
            return FAILED;
        } catch (RuntimeException e) {
            String message = String.valueOf(e.getMessage());
            err.println(message.contains("already in use") || message.contains("locked")
                    ? "confero: the database in " + config.dataDir() + " is open in a running Confero: stop it first"
                            + " (or keep hosts in PostgreSQL, storage.jdbc-url)"
                    : "confero: cannot open the database: " + message);
            return FAILED;
        }
    }

    private int add(HostAccounts accounts, String name) {
        if (!HostAccounts.isValidName(name)) {
            err.println("confero: a host name is 2-64 of A-Z a-z 0-9 . _ - and starts with a letter or digit");
            return USAGE;
        }
        String password;
        try {
            password = readPassword(name);
        } catch (IOException e) {
            err.println("confero: cannot read the password: " + e.getMessage());
            return FAILED;
        }
        if (password == null) {
            err.println("confero: no password given");
            return FAILED;
        }
        try {
            Host host = accounts.add(name, password);
            out.println("host " + host.name() + " added" + (host.admin() ? " (admin)" : ""));
            return OK;
        } catch (HostAccounts.RefusedException e) {
            err.println("confero: " + e.getMessage());
            return FAILED;
        }
    }

    private String readPassword(String name) throws IOException {
        Console terminal = console.get();
        if (terminal == null) {
            return stdin.readLine();
        }
        char[] first = terminal.readPassword("Password for %s: ", name);
        char[] again = terminal.readPassword("Password again: ");
        try {
            if (first == null || again == null) {
                return null;
            }
            if (!Arrays.equals(first, again)) {
                throw new IOException("the two passwords differ");
            }
            return new String(first);
        } finally {
            if (first != null) {
                Arrays.fill(first, ' ');
            }
            if (again != null) {
                Arrays.fill(again, ' ');
            }
        }
    }

    private int remove(HostAccounts accounts, String name) {
        if (!accounts.remove(name)) {
            err.println("confero: no host named " + name);
            return FAILED;
        }
        out.println("host " + name + " removed, with its logins, API tokens and rooms");
        return OK;
    }

    private int list(HostAccounts accounts) {
        List<Host> hosts = accounts.list();
        if (hosts.isEmpty()) {
            out.println("no hosts yet: java -jar confero.jar host add NAME");
        }
        for (Host h : hosts) {
            out.println(h.name() + (h.admin() ? "  admin" : ""));
        }
        return OK;
    }
}
