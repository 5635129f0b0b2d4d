package org.confero.server.hosts;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.confero.server.store.DuplicateKeyException;
import org.confero.server.store.Host;
import org.confero.server.store.HostRepository;

/** Adding, listing and removing hosts, with the name and password rules; used by the CLI and the API. */
public final class HostAccounts {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{1,63}");

    private final HostRepository hosts;
    private final PasswordHasher hasher;
    private final Clock clock;

    public HostAccounts(HostRepository hosts, PasswordHasher hasher, Clock clock) {
        this.hosts = hosts;
        this.hasher = hasher;
        this.clock = clock;
    }

    /** A refused name or password; the message is for the person who typed it. */
    public static final class RefusedException extends RuntimeException {
        public RefusedException(String message) {
            super(message);
        }
    }

    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** @throws RefusedException for a bad or taken name or a weak password */
    public Host add(String name, String password) {
        if (!isValidName(name)) {
            throw new RefusedException("a host name is 2-64 of A-Z a-z 0-9 . _ - and starts with a letter or digit");
        }
        String problem = PasswordPolicy.problem(name, password);
        if (problem != null) {
            throw new RefusedException(problem);
        }
        try {
            return hosts.add(name, hasher.hash(password), clock.millis());
        } catch (DuplicateKeyException e) {
            throw new RefusedException("a host named " + name + " exists already");
        }
    }

    public List<Host> list() {
        return hosts.list();
    }

    public Optional<Host> find(String name) {
        return hosts.find(name);
    }

    public boolean remove(String name) {
        return hosts.remove(name);
    }
}
