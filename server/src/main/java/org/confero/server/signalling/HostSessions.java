package org.confero.server.signalling;

import java.util.Optional;

/** Finds the host behind a session cookie's value; the storage side implements it. */
@FunctionalInterface
public interface HostSessions {
    HostSessions NONE = token -> Optional.empty();

    Optional<SignedInHost> byCookie(String sessionToken);
}
