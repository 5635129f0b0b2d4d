package org.confero.server.webrtc;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.confero.server.webrtc.ice.IceCandidate;
import org.confero.server.webrtc.ice.IceSessionAgent;
import org.ice4j.ice.IceProcessingState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ICE restarts of one {@link WebRtcSession} (RFC 8445 §9, RFC 8839 §4.4.1.1.1): a re-offer with new remote
 * credentials gets a fresh ice4j agent with new local credentials on the same shared port. Media stays on the old
 * pair until the new agent selected one; then the session's {@link MediaTransport} sends and receives through the
 * new agent and the old one is freed, which also drops the shared port's routes for the old remote addresses.
 * The DTLS association and SRTP contexts carry on: the fingerprint and setup did not change (RFC 8842 §4), so the
 * browser keeps its keys too.
 *
 * <p>A restart that fails or finds no pair in time is counted as an ICE failure and dropped; the session keeps
 * its old pair, and the consent watchdog ends it if that pair is dead too.
 */
final class IceRestarter {
    private static final Logger LOG = LoggerFactory.getLogger(IceRestarter.class);

    /** Makes an agent with fresh credentials whose state changes reach the session. */
    @FunctionalInterface
    interface AgentFactory {
        IceSessionAgent create() throws IOException;
    }

    private final WebRtcSession session;
    private final IceGenerations<IceSessionAgent> generations;
    private final AgentFactory factory;
    private final WebRtcMetrics metrics;
    private final Executor background;

    IceRestarter(WebRtcSession session, IceGenerations<IceSessionAgent> generations, AgentFactory factory,
                 WebRtcMetrics metrics, Executor background) {
        this.session = session;
        this.generations = generations;
        this.factory = factory;
        this.metrics = metrics;
        this.background = background;
    }

    void begin() throws SdpRejectedException {
        IceSessionAgent next;
        try {
            next = factory.create();
        } catch (IOException e) {
            throw new SdpRejectedException(SdpRejectedException.Code.BAD_SDP, "cannot create ICE agent: " + e);
        }
        IceGenerations.Begin<IceSessionAgent> begun = generations.begin(next, System.nanoTime());
        if (begun instanceof IceGenerations.Begin.Started<IceSessionAgent> started) {
            metrics.iceRestarts.increment();
            started.superseded().ifPresent(this::free); // a restart of a restart: the browser moved on
            LOG.info("webrtc participant={} ICE restart {} begins, new local ufrag {}", session.participantId(),
                    generations.restarts(), next.localUfrag());
        } else {
            next.close();
            metrics.iceRestartsRefused.increment();
            LOG.warn("webrtc participant={} ICE restart refused: more than {} in {} s", session.participantId(),
                    WebRtcSession.MAX_RESTARTS, WebRtcSession.RESTART_WINDOW_NANOS / 1_000_000_000L);
            throw new SdpRejectedException(SdpRejectedException.Code.RATE_LIMITED,
                    "too many ICE restarts, try again later");
        }
    }

    void start(RemoteTransport remote) {
        IceSessionAgent next = generations.newest();
        if (!generations.isPending(next)) {
            return;
        }
        MediaTransport transport = session.transport();
        // a browser may send DTLS or SRTP on the new pair right after nominating it, before we switch sending
        transport.listen(next);
        next.setRemoteCredentials(remote.iceUfrag(), remote.icePassword());
        for (IceCandidate c : remote.candidates()) {
            if (next.addRemoteCandidate(c)) {
                candidateAdded(c);
            } else {
                metrics.remoteCandidatesRefused.increment();
            }
        }
        next.start();
        LOG.info("webrtc participant={} ICE restart checking, {} remote candidate(s)", session.participantId(),
                remote.candidates().size());
    }

    /**
     * A remote candidate of the restarting generation. The shared port routes datagrams by remote address, so
     * checks from the address of the old pair (a browser that kept its port and mapping) would reach the old agent,
     * which refuses the new credentials. Such a candidate means the browser gave that pair up: the old agent is
     * freed at once, so its route goes and the next check reaches the new agent; media resumes on the new pair.
     * The free is synchronous (this runs on the signalling thread, never ice4j's): the shared port forgets a
     * closed socket's remote address by the address alone, so a late close would drop the route the new agent's
     * first check had meanwhile created for the same address, and the new agent would hear nothing more.
     */
    void candidateAdded(IceCandidate c) {
        if (!generations.restarting()) {
            return;
        }
        IceSessionAgent old = generations.active();
        Optional<java.net.InetSocketAddress> selected = old.selectedRemote();
        if (selected.isPresent() && selected.get().getPort() == c.port()
                && selected.get().getAddress().getHostAddress().equals(c.address())) {
            LOG.info("webrtc participant={} ICE restart from the old pair's address {}: old agent freed early",
                    session.participantId(), selected.get());
            freeNow(old);
        }
    }

    /** The answer to the restart offer was refused: drop the new generation, the old one carries on. */
    void abandon() {
        IceSessionAgent next = generations.newest();
        if (generations.abandon(next)) {
            free(next);
        }
    }

    /** State changes of a pending agent (ice4j's thread). */
    void onPendingState(IceSessionAgent agent, IceProcessingState state) {
        if (state == IceProcessingState.COMPLETED) {
            switchTo(agent);
        } else if (state == IceProcessingState.FAILED && generations.abandon(agent)) {
            metrics.iceFailures.increment();
            LOG.warn("webrtc participant={} ICE restart failed: no working candidate pair; media stays on the old"
                    + " pair", session.participantId());
            free(agent);
        }
    }

    void expire(long nowNanos, long timeoutNanos) {
        Optional<IceSessionAgent> expired = generations.expire(nowNanos, timeoutNanos);
        if (expired.isPresent()) {
            metrics.iceFailures.increment();
            LOG.warn("webrtc participant={} ICE restart found no pair within {} s; media stays on the old pair",
                    session.participantId(), timeoutNanos / 1_000_000_000L);
            free(expired.get());
        }
    }

    private void switchTo(IceSessionAgent agent) {
        MediaTransport transport = session.transport();
        synchronized (session) {
            Optional<IceSessionAgent> old = generations.complete(agent);
            if (old.isEmpty()) {
                return;
            }
            transport.useIce(agent);
            metrics.iceRestartsCompleted.increment();
            LOG.info("webrtc participant={} ICE restart completed with {}; media moved to the new pair, DTLS kept",
                    session.participantId(), agent.selectedRemote().map(Object::toString).orElse("?"));
            free(old.get());
        }
        if (session.state() == WebRtcSession.State.CHECKING) {
            session.startHandshake(); // the restart came before the first pair: DTLS starts on the new one
        }
    }

    /** Frees an agent off ice4j's thread: its sockets close and the shared port forgets its remote addresses. */
    private void free(IceSessionAgent agent) {
        background.execute(() -> freeNow(agent));
    }

    private static void freeNow(IceSessionAgent agent) {
        agent.setPacketHandler(null);
        agent.close();
    }
}
