package org.confero.server.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordsTest {
    private final PasswordHasher hasher = new PasswordHasher(1024, 1, 1);

    @Test
    void argon2idHashesCarryTheirParametersAndAFreshSaltAndVerifyOnlyTheirPassword() {
        String a = hasher.hash("correct horse battery");
        String b = hasher.hash("correct horse battery");
        assertThat(a).startsWith("$argon2id$v=19$m=1024,t=1,p=1$");
        assertThat(a).as("per-user random salt").isNotEqualTo(b);
        assertThat(hasher.verify("correct horse battery", a)).isTrue();
        assertThat(hasher.verify("correct horse batterz", a)).isFalse();
        assertThat(hasher.verify("", a)).isFalse();
        assertThat(hasher.verify("x", "plain-text")).as("unreadable hash").isFalse();
        assertThat(hasher.verify("x", "$argon2id$v=19$m=99999999,t=1,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"))
                .as("absurd memory parameter refused before hashing").isFalse();
    }

    @Test
    void aHashMadeWithOtherParametersStillVerifies() {
        String stronger = new PasswordHasher(2048, 2, 1).hash("long enough pw");
        assertThat(hasher.verify("long enough pw", stronger)).isTrue();
    }

    @Test
    void emptyShortNameLikeCommonAndMonotonousPasswordsAreRefused() {
        assertThat(PasswordPolicy.problem("ana", "")).contains("empty");
        assertThat(PasswordPolicy.problem("ana", "short1")).contains("at least 10");
        assertThat(PasswordPolicy.problem("teacher", "teacher")).isNotNull();
        assertThat(PasswordPolicy.problem("teacher", "Teacher2027!")).contains("host name");
        assertThat(PasswordPolicy.problem("teacher", "Password123")).contains("common");
        assertThat(PasswordPolicy.problem("teacher", "abababababab")).contains("different characters");
        assertThat(PasswordPolicy.problem("teacher", "x".repeat(300))).contains("at most");
        assertThat(PasswordPolicy.problem("ana", "banana-split-77")).as("a short name inside by chance").isNull();
        assertThat(PasswordPolicy.problem("teacher", "quartz-lamp-71")).isNull();
    }
}
