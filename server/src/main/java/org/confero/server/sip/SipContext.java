package org.confero.server.sip;

import java.util.Set;
import javax.sip.SipProvider;
import javax.sip.address.AddressFactory;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;
import org.confero.server.config.SipConfig;
import org.confero.server.guard.Guards;
import org.confero.server.metrics.Metrics;

/**
 * What every handler needs of the stack: factories, the provider, configuration and counters.
 *
 * @param localHosts host names and addresses that mean "us" in a Request-URI
 * @param guards rate limits, bans and PIN limits shared with the WebSocket
 * @param tlsPort our SIP over TLS port, 0 when TLS is off
 * @param requireEncryption server-wide {@code media.require-encryption}: plain offers get 488
 * @param mediaPublicAddress {@code media.public-address}: what SDP announces when set (NAT)
 * @param acceptingCalls false while the server drains: new calls get 503 with Retry-After
 * @param roomHome where each room is held (cluster mode), so requests for a room held elsewhere are redirected
 */
record SipContext(
        SipProvider provider,
        MessageFactory messages,
        HeaderFactory headers,
        AddressFactory addresses,
        SipConfig config,
        Metrics metrics,
        Set<String> localHosts,
        String advertisedHost,
        int port,
        Guards guards,
        int tlsPort,
        boolean requireEncryption,
        java.util.Optional<String> mediaPublicAddress,
        java.util.function.BooleanSupplier acceptingCalls,
        org.confero.server.cluster.RoomHome roomHome) {

    /** RFC 3261 §16.4 style check: is this Request-URI host ours (domain or one of our addresses)? */
    boolean isLocalHost(String host) {
        if (host == null) {
            return false;
        }
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return localHosts.contains(h.toLowerCase(java.util.Locale.ROOT));
    }
}
