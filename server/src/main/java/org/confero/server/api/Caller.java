package org.confero.server.api;

import java.util.Optional;
import org.confero.server.store.Host;
import org.confero.server.store.SessionRepository.Session;

/** Who made an API call: a host, through a session cookie or an API token. */
record Caller(Host host, Optional<Session> session) {
    boolean mayManage(long ownerId) {
        return host.admin() || host.id() == ownerId;
    }
}
