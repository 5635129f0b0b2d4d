package org.confero.server.sip.proxy;

import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.ProxyAuthorizationHeader;
import javax.sip.header.RecordRouteHeader;
import javax.sip.header.RouteHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;

/** The copy of a request the proxy sends on (RFC 3261 §16.6): new target, Max-Forwards, Record-Route, Route, Via. */
public final class RequestCopies {
    /** The Record-Route parameter naming the dialog: only dialogs we record-routed are relayed. */
    static final String DIALOG_TOKEN = "cf";

    private final ProxyStack stack;
    private final String realm;
    private final javax.crypto.spec.SecretKeySpec key;
    private final ThreadLocal<javax.crypto.Mac> macs;

    RequestCopies(ProxyStack stack, String realm) {
        this.stack = stack;
        this.realm = realm;
        byte[] secret = new byte[32];
        new java.security.SecureRandom().nextBytes(secret);
        this.key = new javax.crypto.spec.SecretKeySpec(secret, "HmacSHA256");
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    /**
     * @param target the new Request-URI, or null to keep it (in-dialog requests)
     * @param path Route values to push (the binding's Path, RFC 3327), outermost first
     */
    Request forward(Request received, URI target, boolean recordRoute, List<String> path) throws Exception {
        String branch = LoopGuard.branch(received);
        Request copy = (Request) received.clone();
        if (target != null) {
            copy.setRequestURI(target);
        }
        MaxForwardsHeader mf = (MaxForwardsHeader) copy.getHeader(MaxForwardsHeader.NAME);
        if (mf == null) {
            copy.setHeader(stack.headers().createMaxForwardsHeader(70));
        } else {
            mf.decrementMaxForwards();
        }
        popOwnRoute(copy);
        for (int i = path.size() - 1; i >= 0; i--) {
            Address a = stack.addresses().createAddress(path.get(i).replaceAll("^<|>$", ""));
            copy.addFirst(stack.headers().createRouteHeader(a));
        }
        removeOwnCredentials(copy);
        if (recordRoute) {
            SipURI rr = ownUri();
            rr.setParameter(DIALOG_TOKEN, token(callId(received)));
            copy.addFirst(stack.headers().createRecordRouteHeader(stack.addresses().createAddress(rr)));
        }
        ViaHeader via = stack.headers().createViaHeader(stack.host(), stack.port(), transportTowards(copy), branch);
        via.setRPort();
        copy.addFirst(via);
        return copy;
    }

    /** RFC 3261 §16.4: the top Route naming us is removed before the request goes on. */
    public void popOwnRoute(Request request) {
        RouteHeader top = (RouteHeader) request.getHeader(RouteHeader.NAME);
        if (top != null && stack.isUs(top.getAddress().getURI())) {
            request.removeFirst(RouteHeader.NAME);
        }
    }

    /** Whether the top Route names us (an in-dialog request of a dialog we record-routed, or a forgery). */
    public boolean routedThroughUs(Request request) {
        RouteHeader top = (RouteHeader) request.getHeader(RouteHeader.NAME);
        return top != null && stack.isUs(top.getAddress().getURI());
    }

    /**
     * Whether the top Route carries the token our Record-Route gave this Call-ID: without it a forged Route would
     * make us relay anything anywhere (an open relay for in-dialog requests).
     */
    public boolean recordRoutedByUs(Request request) {
        RouteHeader top = (RouteHeader) request.getHeader(RouteHeader.NAME);
        if (top == null || !(top.getAddress().getURI() instanceof SipURI uri)) {
            return false;
        }
        String token = uri.getParameter(DIALOG_TOKEN);
        return token != null && java.security.MessageDigest.isEqual(
                token.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                token(callId(request)).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    private String token(String callId) {
        byte[] d = macs.get().doFinal(callId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return java.util.HexFormat.of().formatHex(d, 0, 8);
    }

    /** One keyed MAC per thread: every proxied INVITE and in-dialog request computes a token. */
    private javax.crypto.Mac newMac() {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String callId(Request request) {
        javax.sip.header.CallIdHeader h = (javax.sip.header.CallIdHeader) request.getHeader(
                javax.sip.header.CallIdHeader.NAME);
        return h == null ? "" : h.getCallId();
    }

    /** RFC 3261 §22.3: credentials for our realm were for us; those of other realms go on. */
    private void removeOwnCredentials(Request request) {
        ListIterator<?> it = request.getHeaders(ProxyAuthorizationHeader.NAME);
        java.util.List<ProxyAuthorizationHeader> keep = new java.util.ArrayList<>();
        while (it != null && it.hasNext()) {
            ProxyAuthorizationHeader h = (ProxyAuthorizationHeader) it.next();
            if (!realm.equals(h.getRealm())) {
                keep.add(h);
            }
        }
        request.removeHeader(ProxyAuthorizationHeader.NAME);
        for (ProxyAuthorizationHeader h : keep) {
            request.addHeader(h);
        }
    }

    SipURI ownUri() throws Exception {
        SipURI uri = stack.addresses().createSipURI(null, stack.host());
        uri.setPort(stack.port());
        uri.setLrParam();
        return uri;
    }

    /** UDP unless the next hop (top Route, else the Request-URI) asks for TCP. */
    private static String transportTowards(Request request) {
        RouteHeader route = (RouteHeader) request.getHeader(RouteHeader.NAME);
        URI next = route != null ? route.getAddress().getURI() : request.getRequestURI();
        if (next instanceof SipURI sip && sip.getTransportParam() != null) {
            return sip.getTransportParam().toUpperCase(Locale.ROOT);
        }
        return "UDP";
    }

    static boolean isRecordRouted(Request request) {
        return request.getHeader(RecordRouteHeader.NAME) != null;
    }
}
