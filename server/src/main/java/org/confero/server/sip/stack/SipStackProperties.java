package org.confero.server.sip.stack;

import java.util.Properties;

/** Stack properties for a focus that must set up a thousand calls a second on a couple of cores. */
public final class SipStackProperties {
    private SipStackProperties() {}

    public static Properties forServer(String stackName, int threads) {
        Properties p = new Properties();
        p.setProperty("javax.sip.STACK_NAME", stackName);
        // Off: the proxy relays dialogs it is no party to; the focus creates its own dialogs (SipDispatcher).
        p.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "off");
        // A pool of request threads, and a listener that may be entered by several at once (our handlers are
        // thread-safe), instead of one serialized event queue.
        p.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", Integer.toString(threads));
        p.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
        p.setProperty("gov.nist.javax.sip.TCP_POST_PARSING_THREAD_POOL_SIZE", Integer.toString(threads));
        // No message logging: it costs throughput and would write digest responses and PIN digits to disk.
        p.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "0");
        p.setProperty("gov.nist.javax.sip.LOG_MESSAGE_CONTENT", "false");
        p.setProperty("gov.nist.javax.sip.STACK_LOGGER", Slf4jStackLogger.class.getName());
        p.setProperty("gov.nist.javax.sip.SERVER_LOGGER", Slf4jServerLogger.class.getName());
        // Bounded resources against floods: message size (a huge Content-Length is refused), transactions.
        // The stack allocates a receive buffer of this size per UDP datagram: keep it small (SDP with video fits).
        p.setProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE", Integer.toString(8 * 1024));
        p.setProperty("gov.nist.javax.sip.MAX_SERVER_TRANSACTIONS", "20000");
        p.setProperty("gov.nist.javax.sip.MAX_CLIENT_TRANSACTIONS", "20000");
        p.setProperty("gov.nist.javax.sip.MAX_CONNECTIONS", "2000");
        p.setProperty("gov.nist.javax.sip.READ_TIMEOUT", "5000");
        // Under overload, datagrams queued longer than this are dropped (the peer retransmits) instead of
        // piling up until the heap is gone.
        p.setProperty("gov.nist.javax.sip.CONGESTION_CONTROL_TIMEOUT", "2000");
        p.setProperty("gov.nist.javax.sip.RECEIVE_UDP_BUFFER_SIZE", Integer.toString(4 * 1024 * 1024));
        p.setProperty("gov.nist.javax.sip.SEND_UDP_BUFFER_SIZE", Integer.toString(4 * 1024 * 1024));
        p.setProperty("gov.nist.javax.sip.AGGRESSIVE_CLEANUP", "true");
        p.setProperty("gov.nist.javax.sip.CACHE_CLIENT_CONNECTIONS", "true");
        p.setProperty("gov.nist.javax.sip.DELIVER_UNSOLICITED_NOTIFY", "false");
        // The stack itself sends BYE when the ACK for our 200 never arrives (RFC 3261 §13.3.1.4).
        p.setProperty("gov.nist.javax.sip.AUTOMATIC_DIALOG_ERROR_HANDLING", "true");
        return p;
    }
}
