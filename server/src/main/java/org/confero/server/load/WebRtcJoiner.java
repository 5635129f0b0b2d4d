package org.confero.server.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.confero.server.webrtc.dtls.DtlsCertificate;
import org.confero.server.webrtc.dtls.DtlsEndpoint;
import org.confero.server.webrtc.dtls.Fingerprint;
import org.confero.server.webrtc.dtls.PacketQueueTransport;
import org.confero.server.webrtc.ice.IceCandidate;
import org.confero.server.webrtc.ice.IceSessionAgent;
import org.confero.server.webrtc.srtp.SrtpProfile;
import org.confero.server.webrtc.srtp.SrtpTransformer;
import org.ice4j.ice.IceProcessingState;

/**
 * Joins WebRTC participants the way a browser does, without one: the WebSocket protocol of docs/signalling.md
 * (JDK WebSocket client), an audio-only Opus offer, ICE as the controlling agent (ice4j, on its own loopback
 * port), then DTLS as client (Bouncy Castle) and SRTP (jitsi-srtp). Once ICE has chosen the pair, the ice4j agent
 * is released and its port re-bound as a plain channel on the tool's selector: from then on DTLS and media share
 * the one receiving thread. The server's consent checks go unanswered; the media we send keeps the session alive.
 * Joins run on a small pool ({@link #JOIN_THREADS}), never a thread per participant.
 */
final class WebRtcJoiner implements AutoCloseable {
    static final int JOIN_THREADS = 4;
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final java.util.Set<String> JOIN_TYPES = java.util.Set.of("joined", "answer", "candidate", "error",
            "bye");

    private final URI uri;
    private final MediaLoop loop;
    private final ExecutorService wsExecutor = Executors.newFixedThreadPool(2, daemon("load-ws"));
    private final HttpClient http = HttpClient.newBuilder().executor(wsExecutor).build();
    private final DtlsCertificate certificate = DtlsCertificate.generate("confero-load");
    private final Map<LoadPeer, Leg> legs = new ConcurrentHashMap<>();

    private static final class Leg implements WebSocket.Listener {
        final LoadPeer peer;
        final BlockingQueue<JsonNode> inbox = new ArrayBlockingQueue<>(256);
        final AtomicBoolean joining = new AtomicBoolean(true);
        final StringBuilder partial = new StringBuilder();
        volatile WebSocket socket;
        /** The JDK WebSocket allows one outstanding send: each send waits for the one before. */
        private CompletableFuture<WebSocket> lastSend;
        volatile DtlsEndpoint dtls;
        volatile IceSessionAgent ice;

        Leg(LoadPeer peer) {
            this.peer = peer;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    JsonNode m = JSON.readTree(text);
                    if ("bye".equals(m.path("type").asText())) {
                        peer.endedByServer = true;
                        peer.stopSending();
                    }
                    if (joining.get() && JOIN_TYPES.contains(m.path("type").asText())) {
                        inbox.offer(m); // rosters and speaker changes are not needed, however many a room sends
                    }
                } catch (IOException e) {
                    // not JSON: nothing the tool needs
                }
            }
            ws.request(1);
            return null;
        }

        synchronized void send(ObjectNode message) {
            String text = message.toString();
            WebSocket ws = socket;
            CompletableFuture<WebSocket> before = lastSend == null ? CompletableFuture.completedFuture(ws) : lastSend;
            lastSend = before.handle((w, e) -> ws).thenCompose(w -> w.sendText(text, true))
                    .orTimeout(5, TimeUnit.SECONDS);
        }

        synchronized void close() {
            WebSocket ws = socket;
            CompletableFuture<WebSocket> before = lastSend == null ? CompletableFuture.completedFuture(ws) : lastSend;
            lastSend = before.handle((w, e) -> ws).thenCompose(w -> w.sendClose(WebSocket.NORMAL_CLOSURE, "left"))
                    .orTimeout(2, TimeUnit.SECONDS);
        }
    }

    WebRtcJoiner(String host, int httpPort, MediaLoop loop) {
        this.uri = URI.create("ws://" + host + ":" + httpPort + "/ws");
        this.loop = loop;
    }

    /** Blocks until the participant sends and receives media, or fails (the reason lands in the peer). */
    void join(LoadPeer peer) {
        Leg leg = new Leg(peer);
        legs.put(peer, leg);
        try {
            leg.socket = http.newWebSocketBuilder().connectTimeout(STEP_TIMEOUT).buildAsync(uri, leg)
                    .get(STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            ObjectNode join = JSON.createObjectNode().put("type", "join").put("room", peer.roomId).put("name", peer.id);
            leg.send(join);
            JsonNode joined = await(leg, "joined");
            if (joined == null) {
                return;
            }
            connect(leg);
        } catch (Exception e) {
            peer.failure = peer.failure != null ? peer.failure : e.getClass().getSimpleName() + ": " + e.getMessage();
        } finally {
            leg.joining.set(false);
            leg.inbox.clear();
            IceSessionAgent ice = leg.ice;
            if (ice != null) {
                ice.close();
            }
        }
    }

    private void connect(Leg leg) throws Exception {
        LoadPeer peer = leg.peer;
        java.util.concurrent.CountDownLatch iceDone = new java.util.concurrent.CountDownLatch(1);
        IceSessionAgent ice = new IceSessionAgent(new LoopbackHarvester(), true, InetAddress::isLoopbackAddress,
                s -> {
                    if (s == IceProcessingState.COMPLETED) {
                        iceDone.countDown();
                    }
                });
        leg.ice = ice;
        int port = ice.localPort();
        leg.send(JSON.createObjectNode().put("type", "offer").put("sdp", offer(ice, port)));
        String answer = null;
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        while (iceDone.getCount() > 0) {
            if (System.nanoTime() > deadline) {
                peer.failure = answer == null ? "no answer" : "ICE did not complete";
                return;
            }
            JsonNode m = leg.inbox.poll(20, TimeUnit.MILLISECONDS);
            if (m == null) {
                continue;
            }
            switch (m.path("type").asText()) {
                case "answer" -> {
                    answer = m.path("sdp").asText();
                    ice.setRemoteCredentials(attribute(answer, "ice-ufrag"), attribute(answer, "ice-pwd"));
                    for (String line : answer.split("\r\n")) {
                        if (line.startsWith("a=candidate:")) {
                            IceCandidate.parse(line.substring(2)).ifPresent(ice::addRemoteCandidate);
                        }
                    }
                    ice.start();
                }
                case "candidate" -> {
                    String c = m.path("candidate").asText("");
                    if (!c.isEmpty()) {
                        IceCandidate.parse(c).ifPresent(ice::addRemoteCandidate);
                    }
                }
                case "error", "bye" -> {
                    peer.failure = "server said " + m;
                    return;
                }
                default -> { }
            }
        }
        InetSocketAddress remote = ice.selectedRemote().orElseThrow();
        Fingerprint serverPrint = Fingerprint.parse(attribute(answer, "fingerprint")).orElseThrow();
        peer.sendPayloadType = opusPayloadType(answer);
        ice.close();
        leg.ice = null;
        DatagramChannel channel = bind(port);
        peer.channel = channel;
        peer.remote = remote;
        PacketQueueTransport queue = new PacketQueueTransport(
                (b, o, l) -> channel.send(ByteBuffer.wrap(b, o, l), remote));
        peer.dtlsQueue = queue;
        loop.register(channel, peer);
        DtlsEndpoint dtls = new DtlsEndpoint(DtlsEndpoint.Role.CLIENT, certificate, serverPrint, queue,
                SrtpProfile.values());
        leg.dtls = dtls;
        peer.srtp = new SrtpTransformer(dtls.handshake());
        peer.joined = true;
        peer.startSending();
    }

    /** The port ice4j just let go of; its sockets close asynchronously, so the bind may need a few tries. */
    private static DatagramChannel bind(int port) throws IOException, InterruptedException {
        for (int attempt = 0; ; attempt++) {
            DatagramChannel ch = DatagramChannel.open();
            try {
                ch.setOption(java.net.StandardSocketOptions.SO_REUSEADDR, true);
                return ch.bind(new InetSocketAddress("127.0.0.1", port));
            } catch (BindException e) {
                ch.close();
                if (attempt >= 50) {
                    throw e;
                }
                Thread.sleep(20);
            }
        }
    }

    private JsonNode await(Leg leg, String type) throws InterruptedException {
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode m = leg.inbox.poll(50, TimeUnit.MILLISECONDS);
            if (m == null) {
                continue;
            }
            String t = m.path("type").asText();
            if (t.equals(type)) {
                return m;
            }
            if (t.equals("error") || t.equals("bye")) {
                leg.peer.failure = "server said " + m;
                return null;
            }
        }
        leg.peer.failure = "no " + type + " within " + STEP_TIMEOUT.toSeconds() + " s";
        return null;
    }

    /** Keeps every socket inside the server's idle timeout (a browser pings every 20 s). */
    void ping() {
        for (Leg leg : legs.values()) {
            if (leg.socket != null && !leg.socket.isOutputClosed()) {
                leg.send(JSON.createObjectNode().put("type", "ping"));
            }
        }
    }

    void leave(LoadPeer peer) {
        Leg leg = legs.remove(peer);
        peer.stopSending();
        if (leg == null) {
            return;
        }
        if (leg.socket != null && !leg.socket.isOutputClosed()) {
            leg.send(JSON.createObjectNode().put("type", "leave"));
        }
        DtlsEndpoint dtls = leg.dtls;
        if (dtls != null) {
            dtls.close();
        }
        if (leg.socket != null) {
            leg.close();
        }
    }

    private String offer(IceSessionAgent ice, int port) {
        return "v=0\r\no=- " + (System.nanoTime() & Long.MAX_VALUE) + " 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
                + "a=group:BUNDLE 0\r\na=msid-semantic: WMS\r\n"
                + "m=audio " + port + " UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 127.0.0.1\r\n"
                + "a=ice-ufrag:" + ice.localUfrag() + "\r\na=ice-pwd:" + ice.localPassword() + "\r\n"
                + "a=fingerprint:" + certificate.fingerprint().attributeValue() + "\r\na=setup:actpass\r\n"
                + "a=mid:0\r\na=sendrecv\r\na=rtcp-mux\r\na=rtpmap:111 opus/48000/2\r\n"
                + "a=fmtp:111 minptime=10;useinbandfec=1;usedtx=1\r\n"
                + "a=candidate:1 1 udp 2130706431 127.0.0.1 " + port + " typ host generation 0\r\n";
    }

    private static String attribute(String sdp, String name) {
        for (String line : sdp.split("\r\n")) {
            if (line.startsWith("a=" + name + ":")) {
                return line.substring(name.length() + 3);
            }
        }
        throw new IllegalStateException("answer without a=" + name);
    }

    private static int opusPayloadType(String sdp) {
        for (String line : sdp.split("\r\n")) {
            if (line.startsWith("a=rtpmap:") && line.toLowerCase(java.util.Locale.ROOT).contains("opus/48000")) {
                return Integer.parseInt(line.substring(9, line.indexOf(' ')));
            }
        }
        throw new IllegalStateException("answer without Opus");
    }

    static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        for (LoadPeer p : legs.keySet()) {
            leave(p);
        }
        wsExecutor.shutdownNow();
    }
}
