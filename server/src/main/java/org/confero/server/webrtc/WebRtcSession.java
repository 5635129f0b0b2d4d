package org.confero.server.webrtc;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;
import org.confero.server.conference.LocalStreams;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.confero.server.conference.PacketSender;
import org.confero.server.webrtc.dtls.DtlsCertificate;
import org.confero.server.webrtc.dtls.DtlsEndpoint;
import org.confero.server.webrtc.dtls.Fingerprint;
import org.confero.server.webrtc.ice.IceCandidate;
import org.confero.server.webrtc.ice.IceSessionAgent;
import org.confero.server.webrtc.srtp.SrtpProfile;
import org.confero.server.webrtc.srtp.SrtpTransformer;
import org.ice4j.ice.IceProcessingState;
import org.ice4j.ice.harvest.SinglePortUdpHarvester;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One browser's media transport: ICE (controlled), then DTLS-SRTP in the role SDP settled, then SRTP both
 * ways. As a {@link PacketSender} it protects and sends what the mixer hands it; what the browser sends goes,
 * decrypted, to the {@link MediaHandler}.
 *
 * <p>Threading: every method may be called from any thread. {@code sendRtp}/{@code sendRtcp} never block (a
 * packet that cannot go at once is dropped and counted). The {@link MediaHandler} runs on the gateway's shared
 * receive thread. Listener callbacks come from ice4j, DTLS and watchdog threads; {@link SessionListener#onClosed}
 * exactly once.
 */
public final class WebRtcSession implements PacketSender, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebRtcSession.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * A browser restarts ICE when its network changes, and its page retries a failed restart a few times: more than
     * this many within {@link #RESTART_WINDOW_NANOS} is a client gone wrong (or an attack), refused.
     */
    static final int MAX_RESTARTS = 5;
    static final long RESTART_WINDOW_NANOS = 60_000_000_000L;

    /** Where the session is in its life. */
    public enum State { NEW, CHECKING, DTLS, CONNECTED, CLOSED }

    private final String participantId;
    private final WebRtcGateway gateway;
    private final DtlsCertificate certificate;
    private final MediaHandler handler;
    private final SessionListener listener;
    private final WebRtcMetrics metrics;
    private final SinglePortUdpHarvester harvester;
    /** The ICE agent carrying media and, during an ICE restart, the one checking the new pairs. */
    private final IceGenerations<IceSessionAgent> ice;
    private final IceRestarter restarts;
    private final List<IceCandidate> localCandidates;
    private final LocalStreams streams = LocalStreams.random();
    private final long createdNanos = System.nanoTime();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final SessionCounters counters;
    /** RFC 3264 §8: every answer in this session keeps the o= session id and increments the version. */
    private final long sdpSessionId = RANDOM.nextLong() & Long.MAX_VALUE;
    private final java.util.concurrent.atomic.AtomicLong sdpVersion = new java.util.concurrent.atomic.AtomicLong(1);

    private volatile State state = State.NEW;
    private volatile RemoteTransport remote;
    private volatile MediaTransport transport;
    private volatile SrtpProfile srtpProfile;

    WebRtcSession(String participantId, WebRtcGateway gateway, SinglePortUdpHarvester harvester,
                  DtlsCertificate certificate, String advertisedAddress, MediaHandler handler,
                  SessionListener listener, WebRtcMetrics metrics) throws IOException {
        this.participantId = Objects.requireNonNull(participantId, "participantId");
        this.gateway = gateway;
        this.certificate = certificate;
        this.handler = Objects.requireNonNull(handler, "handler");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.metrics = metrics;
        this.counters = new SessionCounters(metrics);
        this.harvester = harvester;
        this.ice = new IceGenerations<>(newAgent(), MAX_RESTARTS, RESTART_WINDOW_NANOS);
        this.restarts = new IceRestarter(this, ice, this::newAgent, metrics, gateway::runSoon);
        this.localCandidates = List.of(IceCandidate.host(advertisedAddress, gateway.localPort()));
    }

    public String participantId() {
        return participantId;
    }

    public State state() {
        return state;
    }

    /** Our ICE ufrag for the next answer: the restarting agent's while an ICE restart runs. */
    public String localUfrag() {
        return ice.newest().localUfrag();
    }

    public String localPassword() {
        return ice.newest().localPassword();
    }

    /** True while an ICE restart looks for a new pair (media still flows on the old one). */
    public boolean iceRestarting() {
        return ice.restarting();
    }

    /** ICE restarts begun on this session. */
    public int iceRestarts() {
        return ice.restarts();
    }

    /** Our certificate's fingerprint (sha-256), the same for every session of the gateway. */
    public Fingerprint localFingerprint() {
        return certificate.fingerprint();
    }

    /** Our ICE candidates: the gateway's one UDP port on the bind or public address. */
    public List<IceCandidate> localCandidates() {
        return localCandidates;
    }

    /**
     * The SSRCs and CNAME (RFC 7022: random per session) of what we send, announced with {@code a=ssrc} and used
     * unchanged by the leg that sends through this session.
     */
    public LocalStreams localStreams() {
        return streams;
    }

    /** This session's packet counters so far. */
    public SessionStats stats() {
        return counters.snapshot();
    }

    /** The SRTP profile DTLS chose, once connected. */
    public Optional<SrtpProfile> srtpProfile() {
        return Optional.ofNullable(srtpProfile);
    }

    /** The o= session id of our answers. */
    long sdpSessionId() {
        return sdpSessionId;
    }

    /** The o= version for the next answer: 2, 3, ... */
    long nextSdpVersion() {
        return sdpVersion.incrementAndGet();
    }


    /** The browser's transport parameters, once an offer was applied. */
    public Optional<RemoteTransport> remoteTransport() {
        return Optional.ofNullable(remote);
    }

    long createdNanos() {
        return createdNanos;
    }

    /**
     * Applies the browser's transport parameters and starts ICE. Called once, by the answerer; later offers with
     * new ICE credentials go through {@link #beginIceRestart()} and {@link #startIceRestart}.
     *
     * @throws IllegalStateException when called twice or after close
     */
    public void setRemoteDescription(RemoteTransport remoteTransport) {
        Objects.requireNonNull(remoteTransport, "remoteTransport");
        synchronized (this) {
            if (state != State.NEW) {
                throw new IllegalStateException("remote description already set (state " + state + ")");
            }
            if (remoteTransport.setup().answer().isEmpty()) {
                throw new IllegalArgumentException("setup " + remoteTransport.setup() + " is not a WebRTC offer");
            }
            remote = remoteTransport;
            state = State.CHECKING;
            transport = newTransport(remoteTransport);
        }
        // listen before ICE starts: a browser's DTLS ClientHello may follow its last check immediately
        IceSessionAgent agent = ice.active();
        transport.listen(agent);
        agent.setRemoteCredentials(remoteTransport.iceUfrag(), remoteTransport.icePassword());
        for (IceCandidate c : remoteTransport.candidates()) {
            addCandidate(c);
        }
        agent.start();
        LOG.info("webrtc participant={} ICE started, {} remote candidate(s)", participantId,
                remoteTransport.candidates().size());
    }

    /**
     * A re-offer with new ICE credentials (RFC 8839 §4.4.1.1.1): creates the agent of the new generation, whose
     * credentials the answer then carries. Follow with {@link #startIceRestart} once the answer is built, or
     * {@link #abandonIceRestart} when it is refused.
     *
     * @throws SdpRejectedException {@code rate-limited} beyond {@link #MAX_RESTARTS} per minute, {@code bad-sdp}
     *     before the first offer or after close
     */
    void beginIceRestart() throws SdpRejectedException {
        if (closed.get() || remote == null) {
            throw new SdpRejectedException(SdpRejectedException.Code.BAD_SDP, "no ICE session to restart");
        }
        restarts.begin();
    }

    /** Starts connectivity checks of the generation {@link #beginIceRestart} created, with the offer's transport. */
    void startIceRestart(RemoteTransport remoteTransport) {
        remote = Objects.requireNonNull(remoteTransport, "remoteTransport");
        restarts.start(remoteTransport);
    }

    void abandonIceRestart() {
        restarts.abandon();
    }

    /** The watchdog's check: a restart that found no pair within {@code timeoutNanos} is given up. */
    void expireIceRestart(long nowNanos, long timeoutNanos) {
        restarts.expire(nowNanos, timeoutNanos);
    }

    /** See {@link WebRtcGateway#breakMediaPath}: the active agent's pair stops working. */
    void breakMediaPath() {
        ice.active().close();
    }

    MediaTransport transport() {
        return transport;
    }

    /**
     * A trickled remote candidate ({@code candidate:...} or {@code a=candidate:...}, RFC 8838). Returns false
     * when it is malformed or refused (not UDP, not an IP literal, not allowed); an empty string or
     * {@code end-of-candidates} is accepted and ignored.
     */
    public boolean addRemoteCandidate(String candidateLine) {
        if (candidateLine == null || candidateLine.isBlank() || candidateLine.contains("end-of-candidates")) {
            return true;
        }
        Optional<IceCandidate> c = IceCandidate.parse(candidateLine);
        if (c.isEmpty()) {
            metrics.remoteCandidatesRefused.increment();
            return false;
        }
        return addCandidate(c.get());
    }

    private boolean addCandidate(IceCandidate c) {
        if (closed.get()) {
            return false;
        }
        // RFC 8838 §4.6: candidates after a restart offer belong to the new generation
        boolean added = ice.newest().addRemoteCandidate(c);
        if (!added) {
            metrics.remoteCandidatesRefused.increment();
        } else {
            restarts.candidateAdded(c);
        }
        return added;
    }

    /** A new ICE agent for this session on the gateway's port, with fresh local credentials. */
    private IceSessionAgent newAgent() throws IOException {
        IceSessionAgent[] self = new IceSessionAgent[1];
        self[0] = new IceSessionAgent(harvester, false, gateway.remoteAddressFilter(), s -> onIceState(self[0], s));
        return self[0];
    }

    private void onIceState(IceSessionAgent agent, IceProcessingState s) {
        if (closed.get() || agent == null) {
            return;
        }
        if (ice.isPending(agent)) {
            restarts.onPendingState(agent, s);
        } else if (ice.isActive(agent)) {
            if (s == IceProcessingState.COMPLETED) {
                startHandshake();
            } else if (s == IceProcessingState.FAILED && !ice.restarting()) {
                fail(new CloseReason(CloseReason.Kind.ICE_FAILED, "no working candidate pair"));
            }
        }
    }

    private MediaTransport newTransport(RemoteTransport r) {
        DtlsEndpoint.Role role = r.setup().answer().orElseThrow() == DtlsSetup.PASSIVE
                ? DtlsEndpoint.Role.SERVER : DtlsEndpoint.Role.CLIENT;
        return new MediaTransport(participantId, ice.active(), role,
                (dtlsRole, queue) -> new DtlsEndpoint(dtlsRole, certificate, r.fingerprint(), queue),
                handler, new MediaTransport.Events() {
                    @Override
                    public void connected(SrtpTransformer srtp) {
                        onConnected(srtp);
                    }

                    @Override
                    public void failed(CloseReason reason) {
                        // off the shared receive thread and the handshake thread: closing joins threads
                        gateway.closeLater(WebRtcSession.this, reason);
                    }
                }, metrics, counters, gateway::runInBackground);
    }

    void startHandshake() {
        MediaTransport t;
        synchronized (this) {
            if (closed.get() || state != State.CHECKING) {
                return;
            }
            state = State.DTLS;
            t = transport;
        }
        LOG.info("webrtc participant={} ICE completed with {}, DTLS as {}", participantId,
                ice.active().selectedRemote().map(Object::toString).orElse("?"), t.role());
        t.startHandshake();
    }

    private void onConnected(SrtpTransformer srtp) {
        srtpProfile = srtp.profile();
        state = State.CONNECTED;
        metrics.sessionsConnected.increment();
        listener.onConnected(this);
    }

    /**
     * How long the browser has shown no sign of life: neither a datagram (DTLS, SRTP, SRTCP) nor an answer to
     * our consent checks (RFC 7675). A muted or receive-only browser stays alive through the latter.
     */
    long millisSilent() {
        MediaTransport t = transport;
        long sinceMedia = (System.nanoTime() - (t == null ? createdNanos : t.lastReceiveNanos())) / 1_000_000;
        return Math.min(sinceMedia, ice.active().millisSinceConsent());
    }

    @Override
    public void sendRtp(byte[] packet, int offset, int length) {
        MediaTransport t = transport;
        if (t == null) {
            counters.sendDrop();
            return;
        }
        t.send(packet, offset, length, false);
    }

    @Override
    public void sendRtcp(byte[] packet, int offset, int length) {
        MediaTransport t = transport;
        if (t == null) {
            counters.sendDrop();
            return;
        }
        t.send(packet, offset, length, true);
    }

    void fail(CloseReason reason) {
        close(reason);
    }

    /** Closes the session (DTLS close_notify when connected) and frees its threads and ICE agent. Idempotent. */
    @Override
    public void close() {
        close(new CloseReason(CloseReason.Kind.LOCAL, "closed by server"));
    }

    void close(CloseReason reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        state = State.CLOSED;
        MediaTransport t;
        synchronized (this) {
            t = transport;
        }
        if (t != null) {
            t.close();
        }
        for (IceSessionAgent agent : ice.all()) {
            agent.close();
        }
        gateway.removed(this);
        if (reason.failed()) {
            metrics.sessionsFailed.increment();
        }
        if (reason.kind() == CloseReason.Kind.CONSENT_EXPIRED) {
            metrics.consentExpired.increment();
        }
        if (reason.kind() == CloseReason.Kind.ICE_FAILED) {
            metrics.iceFailures.increment();
        }
        LOG.info("webrtc participant={} closed: {} ({})", participantId, reason.kind(), reason.detail());
        try {
            listener.onClosed(this, reason);
        } catch (RuntimeException e) {
            LOG.warn("webrtc participant={} close listener failed: {}", participantId, e.toString());
        }
    }

    public boolean isClosed() {
        return closed.get();
    }
}
