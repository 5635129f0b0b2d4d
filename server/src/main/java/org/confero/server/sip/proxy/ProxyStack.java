package org.confero.server.sip.proxy;

import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Predicate;
import javax.sip.SipProvider;
import javax.sip.address.AddressFactory;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;
import org.confero.server.metrics.Metrics;

/**
 * What the proxy and presence need of the SIP stack.
 *
 * @param host the address we put in Via and Record-Route
 * @param isLocalHost whether a URI host means us
 */
public record ProxyStack(SipProvider provider, MessageFactory messages, HeaderFactory headers,
        AddressFactory addresses, String host, int port, String domain, Predicate<String> isLocalHost,
        Metrics metrics, Clock clock, ScheduledExecutorService scheduler) {

    /** Whether a URI's host and port name this server (a missing port means 5060). */
    public boolean isUs(javax.sip.address.URI uri) {
        if (!(uri instanceof javax.sip.address.SipURI sip)) {
            return false;
        }
        int p = sip.getPort() > 0 ? sip.getPort() : 5060;
        return isLocalHost.test(sip.getHost()) && p == port;
    }
}
