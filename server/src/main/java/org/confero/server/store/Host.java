package org.confero.server.store;

import java.util.Objects;

/** A host account: someone who owns rooms. The hash is a PHC string ({@code $argon2id$v=19$m=…,t=…,p=…$salt$hash}). */
public record Host(long id, String name, String passwordHash, boolean admin, long createdAt) {
    public Host {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(passwordHash, "passwordHash");
    }

    @Override
    public String toString() {
        return "Host[" + id + ", " + name + (admin ? ", admin" : "") + "]";
    }
}
