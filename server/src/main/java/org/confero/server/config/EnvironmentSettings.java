package org.confero.server.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps {@code CONFERO_*} environment variables to settings. The rule: take the file key, upper-case it, and
 * replace every dot and dash with an underscore ({@code sip.port} → {@code CONFERO_SIP_PORT},
 * {@code http.https-port} → {@code CONFERO_HTTP_HTTPS_PORT}). Rooms and users:
 * {@code CONFERO_ROOM_<ID>_<PROPERTY>} and {@code CONFERO_USER_<NAME>_<PROPERTY>}, where the id or name is
 * lower-cased and its underscores become dashes ({@code CONFERO_ROOM_TEAM_A_PIN} → {@code room.team-a.pin}).
 * Unknown {@code CONFERO_*} variables are logged and ignored: container platforms add their own (Kubernetes
 * defines {@code CONFERO_PORT} for a service named confero).
 */
final class EnvironmentSettings {
    private static final Logger LOG = LoggerFactory.getLogger(EnvironmentSettings.class);

    private EnvironmentSettings() {}

    static void read(Map<String, String> env, RawSettings into) {
        for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
            String name = e.getKey();
            if (!name.startsWith(Setting.ENV_PREFIX) || name.equals(Setting.CONFIG_FILE_ENV)) {
                continue;
            }
            Optional<String> key = keyFor(name);
            if (key.isPresent()) {
                into.put(key.get(), e.getValue(), "environment " + name);
            } else {
                LOG.warn("ignoring unknown environment variable {}", name);
            }
        }
    }

    static Optional<String> keyFor(String envName) {
        for (Setting s : Setting.ALL) {
            if (Setting.envName(s.key()).equals(envName)) {
                return Optional.of(s.key());
            }
        }
        return groupKey(envName, "room", Setting.ROOM_PROPERTIES)
                .or(() -> groupKey(envName, "user", Setting.USER_PROPERTIES));
    }

    private static Optional<String> groupKey(String envName, String group, List<String> properties) {
        String prefix = Setting.envName(group) + "_";
        if (!envName.startsWith(prefix)) {
            return Optional.empty();
        }
        String rest = envName.substring(prefix.length());
        for (String property : properties) {
            String suffix = "_" + property.toUpperCase(Locale.ROOT).replace('-', '_');
            if (rest.endsWith(suffix) && rest.length() > suffix.length()) {
                String id = rest.substring(0, rest.length() - suffix.length()).toLowerCase(Locale.ROOT).replace('_', '-');
                return Optional.of(group + "." + id + "." + property);
            }
        }
        return Optional.empty();
    }
}
