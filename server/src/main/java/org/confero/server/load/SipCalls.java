package org.confero.server.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.confero.mixer.codec.AudioCodec;

/**
 * The SIP side of every SIP participant: one UDP socket, one INVITE dialog per participant (RFC 3261 UAC,
 * unauthenticated: Confero's rooms take calls without digest). Answers the server's BYE, re-INVITE, OPTIONS,
 * UPDATE and INFO with 200; retransmits INVITE and BYE on RFC 3261's timer doubling from T1. Signalling runs
 * on the receiving thread (responses) and the driver (new calls, retransmissions); a call's state changes
 * under its own lock.
 */
final class SipCalls implements MediaLoop.Receiver, AutoCloseable {
    private static final long T1_NANOS = 500_000_000L;
    /** Without any answer to an INVITE by then, the call failed (RFC 3261 Timer B is 64 × T1; we are local). */
    private static final long INVITE_TIMEOUT_NANOS = 8_000_000_000L;
    private static final long FINAL_TIMEOUT_NANOS = 32_000_000_000L;
    private static final long BYE_TIMEOUT_NANOS = 4_000_000_000L;

    enum State { INVITING, PROCEEDING, CONFIRMED, BYE_SENT, ENDED, FAILED }

    private static final class Call {
        final LoadPeer peer;
        final String callId = "load-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        final String fromTag = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        final String offer;
        String requestUri;
        String toTag;
        String inviteBranch;
        int cseq = 1;
        State state = State.INVITING;
        String lastRequest;
        long firstSentNanos;
        long lastSentNanos;
        long interval = T1_NANOS;

        Call(LoadPeer peer, String requestUri, String offer) {
            this.peer = peer;
            this.requestUri = requestUri;
            this.offer = offer;
        }
    }

    private final DatagramChannel channel;
    private final InetSocketAddress server;
    private final int localPort;
    private final Map<String, Call> byCallId = new ConcurrentHashMap<>();
    private final Map<LoadPeer, Call> byPeer = new ConcurrentHashMap<>();
    private final long sessionId = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);

    SipCalls(String host, int sipPort, MediaLoop loop) throws IOException {
        this.server = new InetSocketAddress(host, sipPort);
        this.channel = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        this.localPort = ((InetSocketAddress) channel.getLocalAddress()).getPort();
        loop.register(channel, this);
    }

    /** Places the participant's call; its RTP channel must be bound already. */
    void invite(LoadPeer peer, int rtpPort) {
        String uri = "sip:" + peer.roomId + "@" + server.getHostString() + ":" + server.getPort();
        Call call = new Call(peer, uri, offer(peer.codec, rtpPort));
        byCallId.put(call.callId, call);
        byPeer.put(peer, call);
        synchronized (call) {
            call.inviteBranch = branch();
            call.lastRequest = request(call, "INVITE", call.inviteBranch, call.cseq, null, call.offer);
            call.firstSentNanos = call.lastSentNanos = System.nanoTime();
            send(call.lastRequest);
        }
    }

    void bye(LoadPeer peer) {
        Call call = byPeer.get(peer);
        if (call == null) {
            return;
        }
        synchronized (call) {
            if (call.state != State.CONFIRMED) {
                return;
            }
            call.state = State.BYE_SENT;
            call.lastRequest = request(call, "BYE", branch(), ++call.cseq, call.toTag, null);
            call.firstSentNanos = call.lastSentNanos = System.nanoTime();
            call.interval = T1_NANOS;
            send(call.lastRequest);
        }
    }

    State state(LoadPeer peer) {
        Call call = byPeer.get(peer);
        if (call == null) {
            return State.FAILED;
        }
        synchronized (call) {
            return call.state;
        }
    }

    /** Retransmissions and timeouts; the driver calls this every few tens of milliseconds. */
    void onTimer(long now) {
        for (Call call : byPeer.values()) {
            synchronized (call) {
                boolean waiting = call.state == State.INVITING || call.state == State.BYE_SENT;
                if (call.state == State.PROCEEDING && now - call.firstSentNanos > FINAL_TIMEOUT_NANOS) {
                    fail(call, "no final answer to INVITE");
                } else if (waiting && now - call.lastSentNanos >= call.interval) {
                    long limit = call.state == State.INVITING ? INVITE_TIMEOUT_NANOS : BYE_TIMEOUT_NANOS;
                    if (now - call.firstSentNanos > limit) {
                        if (call.state == State.INVITING) {
                            fail(call, "INVITE timed out");
                        } else {
                            call.state = State.ENDED;
                        }
                    } else {
                        call.lastSentNanos = now;
                        call.interval *= 2;
                        send(call.lastRequest);
                    }
                }
            }
        }
    }

    @Override
    public void onDatagram(byte[] buf, int off, int len, long arrivalNanos) {
        Optional<SipMessage> parsed = SipMessage.parse(buf, off, len);
        if (parsed.isEmpty()) {
            return;
        }
        SipMessage m = parsed.get();
        Call call = byCallId.get(m.header("call-id"));
        if (m.isResponse()) {
            if (call != null) {
                synchronized (call) {
                    onResponse(call, m);
                }
            }
            return;
        }
        switch (m.method()) {
            case "ACK" -> { }
            case "BYE" -> {
                reply(m, 200, "OK", null);
                if (call != null) {
                    synchronized (call) {
                        call.state = State.ENDED;
                        call.peer.endedByServer = true;
                        call.peer.stopSending();
                    }
                }
            }
            case "INVITE" -> reply(m, call == null ? 481 : 200, call == null ? "Call Does Not Exist" : "OK",
                    call == null ? null : call.offer);
            default -> reply(m, call == null && !m.method().equals("OPTIONS") ? 481 : 200,
                    call == null && !m.method().equals("OPTIONS") ? "Call Does Not Exist" : "OK", null);
        }
    }

    private void onResponse(Call call, SipMessage m) {
        int status = m.status();
        if (m.cseqMethod().equals("BYE")) {
            if (status >= 200 && call.state == State.BYE_SENT) {
                call.state = State.ENDED;
            }
            return;
        }
        if (!m.cseqMethod().equals("INVITE")) {
            return;
        }
        if (status < 200) {
            if (call.state == State.INVITING) {
                call.state = State.PROCEEDING;
            }
        } else if (status < 300) {
            if (call.state == State.INVITING || call.state == State.PROCEEDING) {
                call.toTag = m.param("to", "tag").orElse(null);
                call.requestUri = m.contactUri().orElse(call.requestUri);
                if (!applyAnswer(call.peer, m.body())) {
                    call.state = State.CONFIRMED;
                    send(request(call, "ACK", branch(), 1, call.toTag, null));
                    bye(call.peer);
                    call.peer.failure = "unusable SDP answer";
                    return;
                }
                call.state = State.CONFIRMED;
                call.peer.joined = true;
                call.peer.startSending();
            }
            // RFC 3261 §13.2.2.4: every 2xx, retransmissions too, gets an ACK
            send(request(call, "ACK", branch(), 1, call.toTag, null));
        } else {
            // RFC 3261 §17.1.1.3: the ACK to a failure belongs to the INVITE transaction (same branch)
            String tag = m.param("to", "tag").orElse(null);
            send(request(call, "ACK", call.inviteBranch, 1, tag, null));
            if (call.state == State.INVITING || call.state == State.PROCEEDING) {
                fail(call, status + " " + m.startLine().substring(Math.min(12, m.startLine().length())));
            }
        }
    }

    /** Takes the answer's connection address, audio port and first payload type. */
    private static boolean applyAnswer(LoadPeer peer, String sdp) {
        String address = null;
        int port = -1;
        int pt = -1;
        for (String line : sdp.split("\r?\n")) {
            if (line.startsWith("c=IN IP4 ")) {
                address = line.substring(9).trim();
            } else if (line.startsWith("m=audio ")) {
                String[] f = line.split(" ");
                if (f.length >= 4) {
                    try {
                        port = Integer.parseInt(f[1]);
                        pt = Integer.parseInt(f[3]);
                    } catch (NumberFormatException e) {
                        return false;
                    }
                }
            }
        }
        if (address == null || !address.startsWith("127.") || port <= 0 || pt < 0 || pt > 127) {
            return false;
        }
        peer.sendPayloadType = pt;
        peer.remote = new InetSocketAddress(address, port);
        return true;
    }

    private void fail(Call call, String why) {
        call.state = State.FAILED;
        call.peer.failure = why;
        call.peer.stopSending();
    }

    private String offer(AudioCodec codec, int rtpPort) {
        int pt = codec == AudioCodec.OPUS ? 111 : codec.staticPayloadType();
        String rtpmap = switch (codec) {
            case OPUS -> "a=rtpmap:111 opus/48000/2\r\na=fmtp:111 useinbandfec=1;usedtx=1\r\n";
            case G722 -> "a=rtpmap:9 G722/8000\r\n";
            default -> "a=rtpmap:0 PCMU/8000\r\n";
        };
        return "v=0\r\no=confero-load " + sessionId + " 1 IN IP4 127.0.0.1\r\ns=confero load\r\n"
                + "c=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio " + rtpPort + " RTP/AVP " + pt + "\r\n" + rtpmap
                + "a=ptime:20\r\na=sendrecv\r\n";
    }

    private String request(Call call, String method, String branch, int cseq, String toTag, String sdp) {
        String uri = method.equals("INVITE") && call.toTag == null
                ? "sip:" + call.peer.roomId + "@" + server.getHostString() + ":" + server.getPort() : call.requestUri;
        StringBuilder sb = new StringBuilder(512);
        sb.append(method).append(' ').append(uri).append(" SIP/2.0\r\n");
        sb.append("Via: SIP/2.0/UDP 127.0.0.1:").append(localPort).append(";branch=").append(branch)
                .append(";rport\r\n");
        sb.append("Max-Forwards: 70\r\n");
        sb.append("From: \"").append(call.peer.id).append("\" <sip:").append(call.peer.id)
                .append("@127.0.0.1>;tag=").append(call.fromTag).append("\r\n");
        sb.append("To: <sip:").append(call.peer.roomId).append('@').append(server.getHostString()).append('>')
                .append(toTag == null ? "" : ";tag=" + toTag).append("\r\n");
        sb.append("Call-ID: ").append(call.callId).append("\r\n");
        sb.append("CSeq: ").append(cseq).append(' ').append(method).append("\r\n");
        sb.append("Contact: <sip:").append(call.peer.id).append("@127.0.0.1:").append(localPort).append(">\r\n");
        sb.append("User-Agent: confero-load\r\n");
        return withBody(sb, sdp);
    }

    private void reply(SipMessage request, int status, String reason, String sdp) {
        StringBuilder sb = new StringBuilder(512);
        sb.append("SIP/2.0 ").append(status).append(' ').append(reason).append("\r\n");
        for (String via : request.all("via")) {
            sb.append("Via: ").append(via).append("\r\n");
        }
        sb.append("From: ").append(request.header("from")).append("\r\n");
        sb.append("To: ").append(request.header("to")).append("\r\n");
        sb.append("Call-ID: ").append(request.header("call-id")).append("\r\n");
        sb.append("CSeq: ").append(request.header("cseq")).append("\r\n");
        sb.append("Contact: <sip:load@127.0.0.1:").append(localPort).append(">\r\n");
        send(withBody(sb, status == 200 ? sdp : null));
    }

    private static String withBody(StringBuilder sb, String sdp) {
        if (sdp == null) {
            return sb.append("Content-Length: 0\r\n\r\n").toString();
        }
        sb.append("Content-Type: application/sdp\r\n");
        sb.append("Content-Length: ").append(sdp.getBytes(StandardCharsets.UTF_8).length).append("\r\n\r\n");
        return sb.append(sdp).toString();
    }

    private void send(String message) {
        try {
            channel.send(ByteBuffer.wrap(message.getBytes(StandardCharsets.UTF_8)), server);
        } catch (IOException e) {
            // UDP: a lost request is retransmitted by onTimer
        }
    }

    private static String branch() {
        return "z9hG4bK" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
