package org.confero.server.rooms;

import java.util.Set;
import java.util.regex.Pattern;

/** The rules for a hosted room's slug: the end of its link and the user part of its SIP URI. */
public final class Slug {
    private static final Pattern SHAPE = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    static final int MIN = 3;
    static final int MAX = 40;

    /** Words that name pages, APIs or SIP roles, or that invite impersonation. */
    static final Set<String> RESERVED = Set.of("api", "admin", "administrator", "login", "logout", "host", "hosts",
            "rooms", "room", "new", "static", "assets", "css", "js", "web", "ws", "www", "healthz", "metrics",
            "index", "help", "settings", "account", "confero", "sip", "focus", "conference", "root", "system",
            "support", "security", "postmaster", "anonymous", "invite");

    private Slug() {}

    /** Why {@code slug} is not acceptable, or null when it is. */
    public static String problem(String slug) {
        if (slug == null || slug.isEmpty()) {
            return "is required";
        }
        if (slug.length() < MIN || slug.length() > MAX) {
            return "must be " + MIN + "-" + MAX + " characters";
        }
        if (!SHAPE.matcher(slug).matches()) {
            return "must be lowercase letters, digits and single hyphens between them";
        }
        if (RESERVED.contains(slug)) {
            return "is reserved";
        }
        return null;
    }
}
