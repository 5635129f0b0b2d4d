package org.confero.server;

import java.time.Clock;
import org.confero.server.api.ApiHandler;
import org.confero.server.config.ConferoConfig;
import org.confero.server.guard.LoginGuard;
import org.confero.server.hosts.HostAccounts;
import org.confero.server.hosts.HostAuth;
import org.confero.server.signalling.HostSessions;
import org.confero.server.signalling.SignedInHost;
import org.confero.server.hosts.PasswordHasher;
import org.confero.server.metrics.Metrics;
import org.confero.server.rooms.DialIn;
import org.confero.server.rooms.RoomDirectory;
import org.confero.server.store.ApiTokenRepository;
import org.confero.server.store.Database;
import org.confero.server.store.HostRepository;
import org.confero.server.store.RoomRepository;
import org.confero.server.store.SessionRepository;

/** The hosts' part of the server, wired on the database: accounts, logins and the REST API over them. */
final class HostServices {
    final HostAccounts accounts;
    final ApiHandler api;
    /** Who a browser's session cookie belongs to, for the WebSocket join (a room's owner joins as its host). */
    final HostSessions sessions;

    HostServices(Database db, RoomDirectory rooms, ConferoConfig config, Metrics metrics) {
        Clock clock = Clock.systemUTC();
        HostRepository hosts = new HostRepository(db.dataSource());
        int lifetime = config.storage().sessionLifetimeSeconds();
        HostAuth auth = new HostAuth(hosts, new SessionRepository(db.dataSource()),
                new ApiTokenRepository(db.dataSource()), PasswordHasher.DEFAULT, new LoginGuard(metrics, clock), clock,
                lifetime);
        this.sessions = token -> auth.session(token)
                .map(s -> new SignedInHost(s.host().id(), s.host().name(), s.host().admin()));
        this.accounts = new HostAccounts(hosts, PasswordHasher.DEFAULT, clock);
        this.api = new ApiHandler(auth, accounts, new RoomRepository(db.dataSource()), hosts, rooms,
                DialIn.of(config), metrics, clock, lifetime);
    }
}
