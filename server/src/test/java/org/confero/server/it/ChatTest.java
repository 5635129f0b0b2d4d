package org.confero.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.confero.server.metrics.Metrics;
import org.confero.server.peers.SippRunner;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The room's chat across transports: a browser (headless Chromium, Confero's own page) and a SIPp phone in the
 * same room. The phone's in-dialog MESSAGE shows in the browser's chat log as text, the browser's line reaches the
 * phone as an in-dialog MESSAGE; a MESSAGE to the room URI is accepted from the phone's address and From URI and
 * refused from a stranger.
 */
class ChatTest {
    @Test
    void browserAndPhoneChatBothWays() throws Exception {
        try (RunningServer server = RunningServer.start(Map.of());
             ChromiumPage ada = ChromiumPage.start()) {
            Metrics metrics = server.server().metrics();
            String base = "http://127.0.0.1:" + server.httpPort();
            ada.join(base, "demo", "Ada");

            try (SippRunner.Running phone = SippRunner.resourceScenario("sipp/chat-in-call.xml")
                    .target(server.sipPort()).args("-s", "demo", "-m", "1", "-timeout", "60s")
                    .timeout(Duration.ofSeconds(60)).start()) {
                ada.await(Duration.ofSeconds(20)).until(d -> logText(ada).contains("from the phone"));
                WebElement line = ada.driver().findElements(By.cssSelector("[data-testid='chat-log'] li")).get(0);
                assertThat(line.findElement(By.className("chat-name")).getText()).isEqualTo("Phone Bob");
                // The phone's markup arrives as text: no <b> element, the angle brackets shown as typed.
                assertThat(line.findElement(By.className("chat-text")).getText())
                        .isEqualTo("<b>hello</b> from the phone");
                assertThat(line.findElements(By.tagName("b"))).isEmpty();

                SippRunner.Result member = SippRunner.resourceScenario("sipp/message-to-room.xml",
                        Map.of("from_user", "sipp", "status", "202", "text", "outside the dialog"))
                        .target(server.sipPort()).args("-s", "demo", "-m", "1").timeout(Duration.ofSeconds(20)).run();
                assertThat(member.exitCode()).as("member's MESSAGE to the room URI; output:%n%s",
                        member.outputTail()).isZero();
                SippRunner.Result stranger = SippRunner.resourceScenario("sipp/message-to-room.xml",
                        Map.of("from_user", "stranger", "status", "403", "text", "let me in"))
                        .target(server.sipPort()).args("-s", "demo", "-m", "1").timeout(Duration.ofSeconds(20)).run();
                assertThat(stranger.exitCode()).as("stranger refused; output:%n%s", stranger.outputTail()).isZero();
                ada.await(Duration.ofSeconds(10)).until(d -> logText(ada).contains("outside the dialog"));
                assertThat(logText(ada)).doesNotContain("let me in");

                ada.byTestId("chat-input").sendKeys("hello from the browser");
                ada.byTestId("chat-send").click();
                SippRunner.Result result = phone.awaitResult(Duration.ofSeconds(40));
                assertThat(result.exitCode()).as("phone received the browser's line; output:%n%s",
                        result.outputTail()).isZero();
                assertThat(result.successfulCalls()).isEqualTo(1);
            }
            // The browser's own line comes back to it with the server's timestamp.
            ada.await(Duration.ofSeconds(10)).until(d -> logText(ada).contains("hello from the browser"));
            List<WebElement> lines = ada.driver().findElements(By.cssSelector("[data-testid='chat-log'] li"));
            assertThat(lines).hasSize(3);
            assertThat(lines.get(2).getAttribute("class")).contains("own");
            assertThat(ada.byTestId("chat-log").getAttribute("role")).isEqualTo("log");
            assertThat(metrics.counterValue("confero_chat_messages_total")).isEqualTo(3);
            assertThat(metrics.counterValue("confero_sip_chat_sent_total")).isEqualTo(1);
            assertThat(metrics.counterValue("sip_error_responses_415_total")).isEqualTo(1);
            assertThat(metrics.counterValue("sip_error_responses_403_total")).isEqualTo(1);
        }
    }

    private static String logText(ChromiumPage page) {
        return page.byTestId("chat-log").getText();
    }
}
