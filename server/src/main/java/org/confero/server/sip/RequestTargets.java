package org.confero.server.sip;

import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import javax.sip.address.SipURI;

/**
 * What a Request-URI names: one of our rooms (the focus answers), a registered user of our domain (the proxy and
 * presence), something outside (another domain or a telephone number: the dial plan decides), or nothing known.
 */
final class RequestTargets {
    private static final Pattern TELEPHONE_NUMBER = Pattern.compile("\\+?[0-9*#().\\-]{3,32}");

    sealed interface Target {
        record Room(String id) implements Target {}

        record User(String name) implements Target {}

        record Outside(String why) implements Target {}

        record Unknown() implements Target {}
    }

    private final Predicate<String> isLocalHost;
    private final Predicate<String> roomExists;
    private final Set<String> users;

    RequestTargets(Predicate<String> isLocalHost, Predicate<String> roomExists, Set<String> users) {
        this.isLocalHost = isLocalHost;
        this.roomExists = roomExists;
        this.users = Set.copyOf(users);
    }

    Target classify(SipURI uri) {
        if (!isLocalHost.test(uri.getHost())) {
            return new Target.Outside("other domain " + uri.getHost().toLowerCase(Locale.ROOT));
        }
        String user = uri.getUser();
        if (user == null || user.isEmpty()) {
            return new Target.Unknown();
        }
        if (roomExists.test(user)) {
            return new Target.Room(user);
        }
        if (users.contains(user)) {
            return new Target.User(user);
        }
        if (TELEPHONE_NUMBER.matcher(user).matches() || "phone".equalsIgnoreCase(uri.getParameter("user"))) {
            return new Target.Outside("telephone number");
        }
        return new Target.Unknown();
    }

    boolean isUser(String name) {
        return name != null && users.contains(name);
    }
}
