package org.confero.server.sip.proxy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.ListIterator;
import java.util.concurrent.ThreadLocalRandom;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;

/**
 * Loop detection of RFC 3261 §16.3 step 4 and §16.6 step 8: the branch of every Via we add carries a hash of what
 * makes a request unique here (Request-URI, From tag, Call-ID, CSeq); a request that already holds one of our Vias
 * with the same hash has come round in a circle. A spiral (same request, new Request-URI) hashes differently.
 */
final class LoopGuard {
    static final String PREFIX = "z9hG4bKcf";

    private LoopGuard() {}

    static boolean looped(Request request, ProxyStack stack) {
        String hash = hash(request);
        ListIterator<?> vias = request.getHeaders(ViaHeader.NAME);
        while (vias != null && vias.hasNext()) {
            ViaHeader via = (ViaHeader) vias.next();
            int port = via.getPort() > 0 ? via.getPort() : 5060;
            String branch = via.getBranch();
            if (branch != null && branch.startsWith(PREFIX + hash) && port == stack.port()
                    && stack.isLocalHost().test(via.getHost())) {
                return true;
            }
        }
        return false;
    }

    /** A branch for forwarding {@code request} (with its Request-URI as received) to one target. */
    static String branch(Request request) {
        return PREFIX + hash(request) + "." + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    }

    private static String hash(Request request) {
        FromHeader from = (FromHeader) request.getHeader(FromHeader.NAME);
        CallIdHeader callId = (CallIdHeader) request.getHeader(CallIdHeader.NAME);
        CSeqHeader cseq = (CSeqHeader) request.getHeader(CSeqHeader.NAME);
        String key = request.getRequestURI() + "|" + (from == null ? "" : from.getTag()) + "|"
                + (callId == null ? "" : callId.getCallId()) + "|" + (cseq == null ? "" : cseq.getSeqNumber());
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean isOurs(ViaHeader via, ProxyStack stack) {
        int port = via.getPort() > 0 ? via.getPort() : 5060;
        return via.getBranch() != null && via.getBranch().startsWith(PREFIX) && port == stack.port()
                && stack.isLocalHost().test(via.getHost());
    }

    static boolean hasSecondVia(javax.sip.message.Message m) {
        return m instanceof gov.nist.javax.sip.message.SIPMessage s && s.getViaHeaders() != null
                && s.getViaHeaders().size() > 1;
    }
}
