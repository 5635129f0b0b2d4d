package org.confero.server.peers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A phone built with {@code registerWith} registers with digest credentials (SIPp plays the registrar). */
@Timeout(30)
class BaresipRegistrationTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void aPhoneWithTheRightPasswordRegisters() {
        try (SippRunner.Running registrar = registrarExpecting("alice", "secret");
             BaresipPhone phone = BaresipPhone.builder("alice")
                     .registerWith("alice", "secret", registrar.localPort()).start()) {
            BaresipEvent registered = phone.waitForEvent("REGISTER_OK", WAIT);

            assertThat(registered.param()).contains("200 OK");
            SippRunner.Result result = registrar.awaitResult(WAIT);
            assertThat(result.allCallsSucceeded()).as(result.outputTail()).isTrue();
            assertThat(phone.log()).doesNotContain("secret");
        }
    }

    @Test
    void aPhoneWithAWrongPasswordIsRefused() {
        try (SippRunner.Running registrar = registrarExpecting("alice", "secret");
             BaresipPhone phone = BaresipPhone.builder("alice")
                     .registerWith("alice", "wrong", registrar.localPort()).start()) {
            BaresipEvent refused = phone.waitForEvent("REGISTER_FAIL", WAIT);

            assertThat(refused.param()).contains("403");
            assertThat(phone.events()).extracting(BaresipEvent::type).doesNotContain("REGISTER_OK");
        }
    }

    private static SippRunner.Running registrarExpecting(String user, String password) {
        return SippRunner.resourceScenario("peers/registrar-digest.xml", Map.of("user", user, "password", password))
                .args("-m", "1").timeout(Duration.ofSeconds(10)).start();
    }
}
