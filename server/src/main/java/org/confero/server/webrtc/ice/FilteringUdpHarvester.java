package org.confero.server.webrtc.ice;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.function.Predicate;
import org.ice4j.TransportAddress;
import org.ice4j.ice.harvest.SinglePortUdpHarvester;
import org.ice4j.util.Buffer;

/**
 * The gateway's one UDP port, refusing connectivity checks from addresses we must not answer (for example any
 * non-loopback source when the server listens on loopback). A refused first check creates no peer-reflexive
 * candidate, so nothing is ever sent back to that address. A first packet not shaped like STUN is dropped before
 * ice4j decodes it ({@link StunShape}).
 */
public final class FilteringUdpHarvester extends SinglePortUdpHarvester {
    private final Predicate<InetAddress> allowed;

    public FilteringUdpHarvester(TransportAddress localAddress, Predicate<InetAddress> allowed) throws IOException {
        super(localAddress);
        this.allowed = allowed;
    }

    @Override
    protected MySocket maybeAcceptNewSession(Buffer buf, InetSocketAddress remoteAddress, String ufrag) {
        if (remoteAddress == null || !allowed.test(remoteAddress.getAddress())
                || !StunShape.isWellFormed(buf.getBuffer(), buf.getOffset(), buf.getLength())) {
            return null;
        }
        return super.maybeAcceptNewSession(buf, remoteAddress, ufrag);
    }
}
