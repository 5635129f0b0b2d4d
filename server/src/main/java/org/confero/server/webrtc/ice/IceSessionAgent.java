package org.confero.server.webrtc.ice;

import java.beans.PropertyChangeEvent;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Agent;
import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.CandidateType;
import org.ice4j.ice.Component;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.IceProcessingState;
import org.ice4j.ice.KeepAliveStrategy;
import org.ice4j.ice.RemoteCandidate;
import org.ice4j.ice.harvest.CandidateHarvester;
import org.ice4j.ice.harvest.SinglePortUdpHarvester;
import org.ice4j.util.BufferHandler;
import org.jitsi.utils.logging2.LoggerImpl;

/**
 * One ice4j {@link Agent} for one peer, with a single component (BUNDLE + rtcp-mux, RFC 8843 / RFC 5761) on the
 * gateway's shared {@link SinglePortUdpHarvester}. The harvester demultiplexes peers by the ufrag in their first
 * connectivity check and by remote address afterwards. Such a harvester has no socket towards a peer before the
 * peer's first check arrives, so the server side only answers checks and sends triggered checks (RFC 8445
 * §7.3.1.4), which is what a browser, always controlling, expects.
 */
public final class IceSessionAgent implements AutoCloseable {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+(%\\w+)?");

    private final Agent agent;
    private final IceMediaStream stream;
    private final Component component;
    private final Predicate<InetAddress> remoteFilter;
    private volatile boolean started;
    private final java.util.concurrent.atomic.AtomicBoolean freed = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * @param controlling false for a server that answers browsers (they are controlling, RFC 8445 §6.1.1)
     * @param remoteFilter which remote addresses we may ever send connectivity checks to
     * @param onState ICE processing state changes, on ice4j's thread
     */
    public IceSessionAgent(CandidateHarvester harvester, boolean controlling, Predicate<InetAddress> remoteFilter,
                           Consumer<IceProcessingState> onState) throws IOException {
        this.remoteFilter = remoteFilter;
        this.agent = new Agent(new LoggerImpl(IceSessionAgent.class.getName()));
        boolean ok = false;
        try {
            agent.setControlling(controlling);
            agent.setUseDynamicPorts(false);
            agent.setTrickling(true);
            // RFC 7675: we ask the peer for consent on the selected pair; its answers prove it is still there
            agent.setPerformConsentFreshness(true);
            agent.addCandidateHarvester(harvester);
            this.stream = agent.createMediaStream("bundle");
            this.component = agent.createComponent(stream, KeepAliveStrategy.SELECTED_ONLY, true);
            agent.addStateChangeListener((PropertyChangeEvent e) -> {
                if (Agent.PROPERTY_ICE_PROCESSING_STATE.equals(e.getPropertyName())
                        && e.getNewValue() instanceof IceProcessingState s) {
                    onState.accept(s);
                }
            });
            ok = true;
        } finally {
            if (!ok) {
                agent.free();
            }
        }
    }

    public String localUfrag() {
        return agent.getLocalUfrag();
    }

    public String localPassword() {
        return agent.getLocalPassword();
    }

    /** The port ice4j's shared socket is bound to (the host candidate's port). */
    public int localPort() {
        return component.getLocalCandidates().isEmpty() ? 0
                : component.getLocalCandidates().get(0).getTransportAddress().getPort();
    }

    public void setRemoteCredentials(String ufrag, String password) {
        stream.setRemoteUfrag(ufrag);
        stream.setRemotePassword(password);
    }

    /**
     * Adds a remote candidate; false (and ignored) when it is not UDP component 1, its address is not an IP
     * literal (mDNS {@code .local} names are never resolved here) or the filter refuses it.
     */
    public boolean addRemoteCandidate(IceCandidate c) {
        if (!c.transport().equals("udp") || c.component() != 1) {
            return false;
        }
        Optional<InetAddress> address = literal(c.address());
        if (address.isEmpty() || !remoteFilter.test(address.get())) {
            return false;
        }
        CandidateType type;
        try {
            type = CandidateType.parse(c.type());
        } catch (IllegalArgumentException e) {
            return false;
        }
        TransportAddress ta = new TransportAddress(address.get(), c.port(), Transport.UDP);
        RemoteCandidate related = null;
        if (c.relatedAddress().isPresent()) {
            Optional<InetAddress> rel = literal(c.relatedAddress().get());
            if (rel.isPresent()) {
                related = new RemoteCandidate(new TransportAddress(rel.get(), c.relatedPort(), Transport.UDP),
                        component, CandidateType.HOST_CANDIDATE, c.foundation(), c.priority(), null);
            }
        }
        RemoteCandidate rc = new RemoteCandidate(ta, component, type, c.foundation(), c.priority(), related);
        synchronized (this) {
            if (started) {
                // RFC 8838 §11: trickled candidates join the running check list
                component.addUpdateRemoteCandidates(rc);
                component.updateRemoteCandidates();
            } else {
                component.addRemoteCandidate(rc);
            }
        }
        return true;
    }

    /** Starts connectivity checks; the remote credentials must be set. Idempotent. */
    public synchronized void start() {
        if (!started) {
            started = true;
            agent.startConnectivityEstablishment();
        }
    }

    /** The socket that carries everything but STUN once ICE completed (ice4j filters STUN out); pull mode. */
    public DatagramSocket socket() {
        return component.getSocket();
    }

    /**
     * Push mode (ice4j's push API on the gateway's shared port): every non-STUN datagram from this peer goes to
     * {@code handler} on the port's reader thread; the handler returns the buffer to ice4j's pool. Null stops it.
     */
    public void setPacketHandler(BufferHandler handler) {
        component.setBufferCallback(handler);
    }

    /** Sends one datagram on the selected pair (push mode). */
    public void send(byte[] buf, int off, int len) throws IOException {
        component.send(buf, off, len);
    }

    /** The remote address of the selected pair, or empty before ICE completed. */
    public Optional<InetSocketAddress> selectedRemote() {
        CandidatePair pair = component.getSelectedPair();
        return pair == null ? Optional.empty() : Optional.of(pair.getRemoteCandidate().getTransportAddress());
    }

    /**
     * Milliseconds since the peer last answered a consent check on the selected pair (RFC 7675 §5.1), or
     * {@link Long#MAX_VALUE} when it never did.
     */
    public long millisSinceConsent() {
        CandidatePair pair = component.getSelectedPair();
        long at = pair == null ? CandidatePair.CONSENT_FRESHNESS_UNKNOWN : pair.getConsentFreshness();
        return at <= 0 ? Long.MAX_VALUE : Math.max(0, System.currentTimeMillis() - at);
    }

    /**
     * Frees the agent: its sockets on the shared port close, so the port forgets this agent's remote addresses
     * and its ufrag (a later packet from them is a stranger again). Idempotent.
     */
    @Override
    public void close() {
        if (freed.compareAndSet(false, true)) {
            agent.free();
        }
    }

    private static Optional<InetAddress> literal(String address) {
        if (!IPV4.matcher(address).matches() && !(address.contains(":") && IPV6.matcher(address).matches())) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(address)); // a literal: no name lookup happens
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
