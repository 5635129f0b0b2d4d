package org.confero.server.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import org.confero.server.meeting.Meeting;
import org.confero.server.rooms.Room;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The meeting's rules as a phone meets them on the wire (raw SIP over UDP against the real focus): refusals before
 * the answer with their status, Warning, Retry-After and Reason; the lobby (answered, outside the mix, no seat),
 * admitted or denied by a host; a removal and the meeting's end as BYEs with a Reason.
 */
class SipMeetingRulesTest {
    private static final Duration WAIT = Duration.ofSeconds(3);

    private SipTestServer sip;
    private RawSipClient phone;
    private DatagramSocket rtp;

    @BeforeEach
    void start() throws IOException {
        sip = new SipTestServer();
        phone = new RawSipClient(sip.port);
        rtp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
    }

    @AfterEach
    void stop() {
        phone.close();
        rtp.close();
        sip.close();
    }

    private Meeting meeting(String roomId) {
        Room room = sip.media.findRoom(roomId).orElseThrow();
        return sip.server.meetings().meeting(room);
    }

    private SipText call(RawSipClient client, String room, int rtpPort) throws IOException {
        TestCall call = new TestCall(client, sip.port, room);
        call.invite(TestCall.pcmuOffer(rtpPort, null));
        SipText response = client.response(200, WAIT);
        if (response.status() == 200) {
            call.answered(response);
            call.ack();
        }
        return response;
    }

    @Test
    void aLockedRoomRefusesWith403AWarningAndAReason() throws Exception {
        meeting("demo").lock(true);
        SipText refused = call(phone, "demo", rtp.getLocalPort());
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("warning")).contains("399").contains("the room is locked");
        assertThat(refused.header("reason")).contains("SIP").contains("cause=403").contains("the room is locked");
        assertThat(sip.server.activeCalls()).isZero();
        assertThat(sip.counter("sip_meeting_refused_total")).isEqualTo(1);
    }

    @Test
    void aMeetingNotYetOpenOrOverRefusesWith480AndRetryAfter() throws Exception {
        SipText early = call(phone, "later", rtp.getLocalPort());
        assertThat(early.status()).isEqualTo(480);
        long retryAfter = Long.parseLong(early.header("retry-after").strip().split("[ ;(]")[0]);
        // opens 3 h ahead minus the 10 min grace
        assertThat(retryAfter).isBetween(Duration.ofMinutes(169).toSeconds(), Duration.ofMinutes(170).toSeconds());
        assertThat(early.header("reason")).contains("cause=480").contains("not started");
        try (RawSipClient late = new RawSipClient(sip.port)) {
            SipText over = call(late, "over", rtp.getLocalPort() + 2);
            assertThat(over.status()).isEqualTo(480);
            assertThat(over.header("retry-after")).isNotBlank();
            assertThat(over.header("reason")).contains("the meeting has ended");
        }
        assertThat(sip.server.activeCalls()).isZero();
    }

    @Test
    void aCallerWaitsInTheLobbyOutsideTheMixUntilAdmittedOrDenied() throws Exception {
        assertThat(call(phone, "lobby", rtp.getLocalPort()).status()).as("answered into the lobby").isEqualTo(200);
        Meeting meeting = meeting("lobby");
        Await.until("meeting.view().lobby().size() == 1", () -> meeting.view().lobby().size() == 1);
        assertThat(sip.media.roster("lobby")).as("not in the meeting").isEmpty();
        assertThat(sip.media.seatedCount("lobby")).as("and takes no seat").isZero();
        String waiting = meeting.view().lobby().get(0).participantId();
        assertThat(meeting.admit(waiting)).isTrue();
        Await.until("admitted: in the mix", () -> sip.media.roster("lobby").size() == 1);

        try (RawSipClient second = new RawSipClient(sip.port)) {
            assertThat(call(second, "lobby", rtp.getLocalPort() + 2).status()).isEqualTo(200);
            Await.until("meeting.view().lobby().size() == 1", () -> meeting.view().lobby().size() == 1);
            assertThat(meeting.deny(meeting.view().lobby().get(0).participantId())).isTrue();
            Optional<SipText> bye = second.request("BYE", WAIT);
            assertThat(bye).as("denied: BYE").isPresent();
            assertThat(bye.get().header("reason")).contains("cause=403").contains("not admitted");
        }
        Await.until("sip.server.activeCalls() == 1", () -> sip.server.activeCalls() == 1);

        meeting.end();
        Optional<SipText> ended = phone.request("BYE", WAIT);
        assertThat(ended).as("the meeting's end: BYE").isPresent();
        assertThat(ended.get().header("reason")).contains("cause=480").contains("the meeting has ended");
        Await.until("sip.server.activeCalls() == 0", () -> sip.server.activeCalls() == 0);
        try (RawSipClient late = new RawSipClient(sip.port)) {
            assertThat(call(late, "lobby", rtp.getLocalPort() + 4).status()).as("ended: late callers refused")
                    .isEqualTo(480);
        }
    }

    @Test
    void aPhoneRemovedByAHostGetsABye() throws Exception {
        assertThat(call(phone, "demo", rtp.getLocalPort()).status()).isEqualTo(200);
        Await.until("sip.media.roster('demo').size() == 1", () -> sip.media.roster("demo").size() == 1);
        String id = sip.media.roster("demo").get(0).id();
        assertThat(meeting("demo").remove(id)).isTrue();
        Optional<SipText> bye = phone.request("BYE", WAIT);
        assertThat(bye).isPresent();
        assertThat(bye.get().header("reason")).contains("removed by a host");
        Await.until("sip.server.activeCalls() == 0", () -> sip.server.activeCalls() == 0);
    }
}
