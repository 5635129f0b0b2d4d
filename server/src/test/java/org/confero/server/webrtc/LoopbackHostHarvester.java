package org.confero.server.webrtc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.Collection;
import java.util.List;
import org.ice4j.Transport;
import org.ice4j.ice.Component;
import org.ice4j.ice.HostCandidate;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.harvest.CandidateHarvester;
import org.ice4j.ice.harvest.HarvestStatistics;
import org.ice4j.socket.IceUdpSocketWrapper;
import org.ice4j.socket.MultiplexingDatagramSocket;

/**
 * A host candidate on 127.0.0.1 with its own socket, for the test browser: ice4j's HostCandidateHarvester skips
 * loopback, and a SinglePortUdpHarvester can only answer checks (it has no socket towards a peer until that
 * peer's first check arrives), so a controlling test agent needs a real socket of its own.
 */
final class LoopbackHostHarvester implements CandidateHarvester {
    private final HarvestStatistics statistics = new HarvestStatistics();
    private final int port;

    /** On a free port. */
    LoopbackHostHarvester() {
        this(0);
    }

    LoopbackHostHarvester(int port) {
        this.port = port;
    }

    @Override
    public Collection<LocalCandidate> harvest(Component component) {
        try {
            MultiplexingDatagramSocket socket = new MultiplexingDatagramSocket(port, InetAddress.getByName("127.0.0.1"));
            IceUdpSocketWrapper wrapper = new IceUdpSocketWrapper(socket);
            HostCandidate candidate = new HostCandidate(wrapper, component, Transport.UDP);
            component.addLocalCandidate(candidate);
            candidate.getStunStack().addSocket(candidate.getStunSocket(null));
            component.getComponentSocket().add(wrapper);
            return List.of(candidate);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public HarvestStatistics getHarvestStatistics() {
        return statistics;
    }

    @Override
    public boolean isHostHarvester() {
        return true;
    }
}
