package org.confero.server.sip;

import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;

/** One call placed by a {@link RawSipClient}: writes the dialog's requests (RFC 3261 §12, §13, §15). */
final class TestCall {
    private final RawSipClient client;
    private final int serverPort;
    private final String requestUri;
    final String callId = "call-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    private final String fromTag = "ft" + ThreadLocalRandom.current().nextInt(1_000_000);
    String toTag;
    private int cseq = 1;
    private int inviteCseq;
    private String inviteBranch;

    TestCall(RawSipClient client, int serverPort, String room) {
        this(client, serverPort, room, "127.0.0.1");
    }

    TestCall(RawSipClient client, int serverPort, String room, String host) {
        this.client = client;
        this.serverPort = serverPort;
        this.requestUri = "sip:" + room + "@" + host + ":" + serverPort;
    }

    /** A PCMU/telephone-event offer from this client; the direction attribute may be null. */
    static String offer(int rtpPort, String direction, String formats, String... attributeLines) {
        StringBuilder sb = new StringBuilder();
        sb.append("v=0\r\no=test 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n");
        sb.append("m=audio ").append(rtpPort).append(" RTP/AVP ").append(formats).append("\r\n");
        for (String a : attributeLines) {
            sb.append(a).append("\r\n");
        }
        if (direction != null) {
            sb.append("a=").append(direction).append("\r\n");
        }
        return sb.toString();
    }

    static String pcmuOffer(int rtpPort, String direction) {
        return offer(rtpPort, direction, "0 101", "a=rtpmap:0 PCMU/8000", "a=rtpmap:101 telephone-event/8000",
                "a=fmtp:101 0-16");
    }

    void invite(String sdp, String... headers) throws IOException {
        inviteBranch = RawSipClient.branch();
        inviteCseq = cseq;
        client.send(request("INVITE", inviteBranch, cseq++, null, "application/sdp", sdp, headers));
    }

    /** An INVITE without a body: the server must make the offer (RFC 3261 §13.2.1). */
    void inviteWithoutOffer() throws IOException {
        inviteBranch = RawSipClient.branch();
        inviteCseq = cseq;
        client.send(request("INVITE", inviteBranch, cseq++, null, null, null));
    }

    /** A re-INVITE without a body: the server offers, we answer in the ACK (RFC 3261 §14.2). */
    void reInviteWithoutOffer() throws IOException {
        inviteCseq = cseq;
        client.send(request("INVITE", RawSipClient.branch(), cseq++, toTag, null, null));
    }

    /** The ACK carrying our answer to the server's offer in its 200. */
    void ack(String answerSdp) throws IOException {
        client.send(request("ACK", RawSipClient.branch(), inviteCseq, toTag, "application/sdp", answerSdp));
    }

    void reInvite(String sdp, String... headers) throws IOException {
        inviteCseq = cseq;
        client.send(request("INVITE", RawSipClient.branch(), cseq++, toTag, "application/sdp", sdp, headers));
    }

    /** Remembers the To tag of the server's answer. */
    void answered(SipText response) {
        toTag = response.param("to", "tag").orElseThrow(() -> new AssertionError("answer without To tag"));
    }

    void ack() throws IOException {
        client.send(request("ACK", RawSipClient.branch(), inviteCseq, toTag, null, null));
    }

    void cancel() throws IOException {
        // RFC 3261 §9.1: same Request-URI, Call-ID, From, CSeq number and branch as the INVITE; no To tag.
        client.send(request("CANCEL", inviteBranch, inviteCseq, null, null, null));
    }

    void bye() throws IOException {
        client.send(request("BYE", RawSipClient.branch(), cseq++, toTag, null, null));
    }

    void info(String contentType, String body) throws IOException {
        client.send(request("INFO", RawSipClient.branch(), cseq++, toTag, contentType, body));
    }

    private String request(String method, String branch, int number, String tag, String contentType, String body,
            String... headers) {
        StringBuilder sb = new StringBuilder();
        sb.append(method).append(' ').append(requestUri).append(" SIP/2.0\r\n");
        sb.append("Via: SIP/2.0/UDP 127.0.0.1:").append(client.port()).append(";branch=").append(branch).append("\r\n");
        sb.append("Max-Forwards: 70\r\n");
        sb.append("From: <sip:tester@127.0.0.1>;tag=").append(fromTag).append("\r\n");
        sb.append("To: <").append(requestUri).append('>').append(tag == null ? "" : ";tag=" + tag).append("\r\n");
        sb.append("Call-ID: ").append(callId).append("\r\n");
        sb.append("CSeq: ").append(number).append(' ').append(method).append("\r\n");
        sb.append("Contact: <sip:tester@127.0.0.1:").append(client.port()).append(">\r\n");
        for (String h : headers) {
            sb.append(h).append("\r\n");
        }
        byte[] content = body == null ? new byte[0] : body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (contentType != null) {
            sb.append("Content-Type: ").append(contentType).append("\r\n");
        }
        sb.append("Content-Length: ").append(content.length).append("\r\n\r\n");
        if (body != null) {
            sb.append(body);
        }
        return sb.toString();
    }
}
