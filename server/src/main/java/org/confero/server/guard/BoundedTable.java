package org.confero.server.guard;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A map that holds at most {@code max} entries and forgets the least recently used one to make room: per-source
 * state must not grow with the number of addresses an attacker can send from. Not thread-safe.
 */
final class BoundedTable<K, V> {
    private final LinkedHashMap<K, V> map;

    BoundedTable(int max) {
        this.map = new LinkedHashMap<>(Math.min(max, 1024), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > max;
            }
        };
    }

    V get(K key) {
        return map.get(key);
    }

    V computeIfAbsent(K key, Function<K, V> create) {
        return map.computeIfAbsent(key, create);
    }

    void remove(K key) {
        map.remove(key);
    }

    int size() {
        return map.size();
    }
}
