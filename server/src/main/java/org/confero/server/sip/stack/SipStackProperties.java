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

    /** TLS 1.3, and 1.2 with forward secrecy and AEAD only (RFC 9325 §4.2). */
    static final String PROTOCOLS = "TLSv1.3,TLSv1.2";
    static final String CIPHER_SUITES = String.join(",",
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    /**
     * Adds SIP over TLS with this PKCS#12 keystore. The stack reads {@code javax.net.ssl.*} from its own
     * properties (never from the JVM-wide system properties, which would change every other TLS user in the
     * process). Phones rarely hold a certificate a server could check, so none is asked for (RFC 5630 §3.1.2
     * leaves client authentication to digest); the stack then accepts any certificate when it connects out to a
     * phone's Contact, which carries no more trust than the digest login it follows.
     */
    public static Properties withTls(Properties p, java.nio.file.Path keystore, String password) {
        p.setProperty("javax.net.ssl.keyStore", keystore.toString());
        p.setProperty("javax.net.ssl.keyStorePassword", password);
        p.setProperty("javax.net.ssl.keyStoreType", "PKCS12");
        p.setProperty("javax.net.ssl.trustStore", keystore.toString());
        p.setProperty("javax.net.ssl.trustStorePassword", password);
        p.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
        p.setProperty("gov.nist.javax.sip.TLS_CLIENT_AUTH_TYPE", "Disabled");
        p.setProperty("gov.nist.javax.sip.TLS_CLIENT_PROTOCOLS", PROTOCOLS);
        p.setProperty("gov.nist.javax.sip.ENABLED_CIPHER_SUITES", CIPHER_SUITES);
        // a peer that opens a connection and never finishes the handshake holds a thread only this long
        p.setProperty("gov.nist.javax.sip.SSL_HANDSHAKE_TIMEOUT", "5000");
        p.setProperty("gov.nist.javax.sip.SSL_RENEGOTIATION_ENABLED", "false");
        return p;
    }
}
