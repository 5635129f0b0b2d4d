package org.confero.server.sip.auth;

/** The response computation of RFC 7616 §3.4.1 (and RFC 2617 §3.2.2 for the qop-less form). */
public final class DigestMath {
    private DigestMath() {}

    public static String ha1(DigestAlgorithm alg, String username, String realm, String password) {
        return alg.hex(username + ":" + realm + ":" + password);
    }

    /**
     * @param qop "auth" or null (RFC 2069 compatibility, no nc/cnonce)
     */
    public static String response(DigestAlgorithm alg, String ha1, String nonce, String nc, String cnonce,
            String qop, String method, String uri) {
        String ha2 = alg.hex(method + ":" + uri);
        if (qop == null) {
            return alg.hex(ha1 + ":" + nonce + ":" + ha2);
        }
        return alg.hex(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
    }
}
