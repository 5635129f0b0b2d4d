package org.confero.server.sdp;

import java.util.Objects;
import java.util.Optional;

/** One {@code a=} line: a property attribute ({@code a=rtcp-mux}) has no value. */
public record Attribute(String name, Optional<String> value) {
    public Attribute {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty attribute name");
        }
    }

    public static Attribute of(String name, String value) {
        return new Attribute(name, Optional.of(value));
    }

    public static Attribute flag(String name) {
        return new Attribute(name, Optional.empty());
    }

    String line() {
        return value.map(v -> "a=" + name + ":" + v).orElse("a=" + name);
    }
}
