package org.confero.server.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The command line: {@code --config FILE}, {@code --help} and flags that override one setting each. Both
 * {@code --flag value} and {@code --flag=value} are accepted.
 *
 * @param overrides file key → value, in the order given
 */
public record CommandLine(Optional<Path> configFile, Map<String, String> overrides, boolean help) {
    /** Flag → setting it overrides. */
    static final Map<String, String> FLAGS = flags();

    public CommandLine {
        overrides = Map.copyOf(overrides);
    }

    public static CommandLine parse(List<String> args) {
        Optional<Path> config = Optional.empty();
        Map<String, String> overrides = new LinkedHashMap<>();
        boolean help = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String flag = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                flag = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (flag.equals("--help") || flag.equals("-h")) {
                help = true;
                continue;
            }
            if (!flag.equals("--config") && !FLAGS.containsKey(flag)) {
                throw new ConfigException("unknown option " + flag);
            }
            if (value == null) {
                if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                    throw new ConfigException("option " + flag + " needs a value");
                }
                value = args.get(++i);
            }
            if (flag.equals("--config")) {
                config = Optional.of(Path.of(value));
            } else {
                overrides.put(FLAGS.get(flag), value);
            }
        }
        return new CommandLine(config, overrides, help);
    }

    /** The flag that sets {@code key}, for error messages. */
    static String flagFor(String key) {
        return FLAGS.entrySet().stream().filter(e -> e.getValue().equals(key)).map(Map.Entry::getKey)
                .findFirst().orElse(key);
    }

    /** The text {@code --help} prints. */
    public static String usage() {
        StringBuilder text = new StringBuilder();
        text.append("Usage: java -jar confero.jar [options]\n")
                .append("       java -jar confero.jar host add NAME | host list | host remove NAME [options]\n\n")
                .append("Confero: SIP focus and registrar, audio MCU and WebRTC gateway.\n\n")
                .append("Options:\n")
                .append("  --config FILE      configuration file in Java properties syntax (also CONFERO_CONFIG)\n")
                .append("  --data-dir DIR     data directory: H2 database, generated TLS keystore (data-dir, default ./data)\n")
                .append("  --bind ADDR        address every listener binds to (bind, default 0.0.0.0)\n")
                .append("  --sip-port N       SIP port, UDP and TCP (sip.port, default 5060)\n")
                .append("  --sip-tls-port N   SIP over TLS port, 0 = off (sip.tls-port, default 5061)\n")
                .append("  --http-port N      HTTP port, 0 = off (http.port, default 8080)\n")
                .append("  --https-port N     HTTPS port, 0 = off (http.https-port, default 8443)\n")
                .append("  --help             print this text and exit\n\n")
                .append("Precedence: defaults < configuration file < environment < options.\n")
                .append("Every setting of the file can be set by an environment variable: CONFERO_ followed by the\n")
                .append("key in upper case with dots and dashes as underscores (sip.port -> CONFERO_SIP_PORT,\n")
                .append("http.https-port -> CONFERO_HTTP_HTTPS_PORT, room.demo.pin -> CONFERO_ROOM_DEMO_PIN).\n\n")
                .append("Settings:\n");
        for (Setting s : Setting.ALL) {
            String def = s.defaultValue().isEmpty() ? "" : " [" + s.defaultValue() + "]";
            text.append(String.format("  %-30s %s%s%n", s.key(), s.description(), def));
        }
        text.append(String.format("  %-30s %s%n", "room.<id>.name", "display name of a room"))
                .append(String.format("  %-30s %s%n", "room.<id>.pin", "4-12 digits asked from callers (secret)"))
                .append(String.format("  %-30s %s%n", "room.<id>.max-participants", "participants at most [50]"))
                .append(String.format("  %-30s %s%n", "room.<id>.enabled", "false removes a room, e.g. demo [true]"))
                .append(String.format("  %-30s %s%n", "room.<id>.require-encryption",
                        "SIP callers must bring SRTP; plain offers get 488 [false]"))
                .append(String.format("  %-30s %s%n", "user.<name>.password", "SIP user allowed to REGISTER (secret)"))
                .append("\nAn example file documenting every setting: docker/confero.properties\n");
        return text.toString();
    }

    private static Map<String, String> flags() {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("--data-dir", Setting.DATA_DIR);
        flags.put("--bind", Setting.BIND);
        flags.put("--sip-port", Setting.SIP_PORT);
        flags.put("--sip-tls-port", Setting.SIP_TLS_PORT);
        flags.put("--http-port", Setting.HTTP_PORT);
        flags.put("--https-port", Setting.HTTP_HTTPS_PORT);
        return Map.copyOf(flags);
    }
}
