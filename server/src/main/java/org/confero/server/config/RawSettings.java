package org.confero.server.config;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The raw text of every setting that a source set, keyed by file key. Sources are applied from the weakest to the
 * strongest (file, environment, flags), so a later {@link #put} wins.
 */
final class RawSettings {
    private final Map<String, SourcedValue> values = new TreeMap<>();

    void put(String key, String text, String origin) {
        if (!isKnownKey(key)) {
            throw new ConfigException("unknown setting '" + key + "' (" + origin + ")");
        }
        values.put(key, new SourcedValue(text.strip(), origin));
    }

    Optional<SourcedValue> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    Set<String> keys() {
        return Collections.unmodifiableSet(values.keySet());
    }

    /** Scalars from {@link Setting#ALL}, {@code room.<id>.<property>} and {@code user.<name>.<property>}. */
    static boolean isKnownKey(String key) {
        if (Setting.find(key).isPresent()) {
            return true;
        }
        return groupProperty(key, "room.").map(Setting.ROOM_PROPERTIES::contains).orElse(false)
                || groupProperty(key, "user.").map(Setting.USER_PROPERTIES::contains).orElse(false);
    }

    /** The id part of {@code <prefix><id>.<property>}; ids may contain dots, the property is the last part. */
    static Optional<String> groupId(String key, String prefix) {
        int lastDot = key.lastIndexOf('.');
        if (!key.startsWith(prefix) || lastDot <= prefix.length()) {
            return Optional.empty();
        }
        return Optional.of(key.substring(prefix.length(), lastDot));
    }

    private static Optional<String> groupProperty(String key, String prefix) {
        return groupId(key, prefix).map(id -> key.substring(prefix.length() + id.length() + 1));
    }
}
