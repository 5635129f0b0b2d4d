package org.confero.server.hosts;

import java.util.Locale;
import java.util.Set;

/** Which host passwords are refused: short ones, the host's own name, and the few everybody tries first. */
public final class PasswordPolicy {
    public static final int MIN_LENGTH = 10;
    public static final int MAX_LENGTH = 256;

    private static final Set<String> COMMON = Set.of("password", "password1", "password12", "password123",
            "1234567890", "12345678910", "0123456789", "qwertyuiop", "qwerty1234", "qwerty12345", "1q2w3e4r5t",
            "iloveyou12", "letmein123", "welcome123", "admin12345", "administrator", "changeme123", "abcdefghij",
            "abc1234567", "passw0rd12", "aaaaaaaaaa", "1111111111", "0000000000", "confero123", "conference",
            "telehealth", "starwars12", "football12", "baseball12", "sunshine12", "princess12", "trustno1234",
            "superman12", "zaq12wsxcde", "1qaz2wsx3edc", "asdfghjkl1", "zxcvbnm123");

    private PasswordPolicy() {}

    /** Why the password is refused, or null when it is acceptable. */
    public static String problem(String hostName, String password) {
        if (password == null || password.isEmpty()) {
            return "the password must not be empty";
        }
        if (password.length() < MIN_LENGTH) {
            return "the password must have at least " + MIN_LENGTH + " characters";
        }
        if (password.length() > MAX_LENGTH) {
            return "the password must have at most " + MAX_LENGTH + " characters";
        }
        String lower = password.toLowerCase(Locale.ROOT);
        String name = hostName == null ? "" : hostName.toLowerCase(Locale.ROOT);
        // Short names ("ana") occur inside good passwords by chance; longer ones are a guesser's first try.
        if (!name.isEmpty() && (lower.equals(name) || (name.length() >= 4 && lower.contains(name)))) {
            return "the password must not contain the host name";
        }
        if (COMMON.contains(lower)) {
            return "the password is too common";
        }
        if (password.chars().distinct().count() < 4) {
            return "the password must use at least 4 different characters";
        }
        return null;
    }
}
