package org.confero.server.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.confero.server.metrics.Metrics;
import org.junit.jupiter.api.Test;

class ChatHubTest {
    private final Metrics metrics = new Metrics();
    private final ChatHub hub = new ChatHub(metrics, Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC));

    @Test
    void aLineReachesTheRoomsMembersAndRelaysButNotOtherRooms() {
        List<ChatMessage> inRoom = new ArrayList<>();
        List<ChatMessage> elsewhere = new ArrayList<>();
        List<ChatMessage> relayed = new ArrayList<>();
        ChatHub.Membership member = hub.join("a", inRoom::add);
        hub.join("b", elsewhere::add);
        hub.addRelay(relayed::add);
        assertThat(hub.post("a", "p1", "Ada", "  <b>hi</b>\u0007 there\r\nnext  ")).isPresent();
        assertThat(inRoom).singleElement().satisfies(m -> {
            assertThat(m.text()).as("markup kept as text, control characters gone").isEqualTo("<b>hi</b> there\nnext");
            assertThat(m.senderName()).isEqualTo("Ada");
            assertThat(m.timestampMillis()).isEqualTo(1_700_000_000_000L);
        });
        assertThat(relayed).hasSize(1);
        assertThat(elsewhere).isEmpty();
        member.close();
        hub.post("a", "p1", "Ada", "again");
        assertThat(inRoom).hasSize(1);
        assertThat(metrics.counterValue("confero_chat_messages_total")).isEqualTo(2);
    }

    @Test
    void emptyAndOverlongLinesAreRefusedAndCounted() {
        assertThat(ChatHub.check(" \u0000 ")).contains(ChatHub.Refusal.EMPTY);
        assertThat(ChatHub.check(null)).contains(ChatHub.Refusal.EMPTY);
        assertThat(ChatHub.check("x".repeat(ChatHub.MAX_TEXT_CHARS))).isEmpty();
        assertThat(ChatHub.check("x".repeat(ChatHub.MAX_TEXT_CHARS + 1))).contains(ChatHub.Refusal.TOO_LONG);
        assertThat(hub.post("a", "p1", "Ada", "")).isEmpty();
        assertThat(metrics.counterValue("confero_chat_refused_total")).isEqualTo(1);
    }
}
