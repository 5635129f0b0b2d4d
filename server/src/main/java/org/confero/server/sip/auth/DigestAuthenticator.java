package org.confero.server.sip.auth;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import org.confero.server.config.UserConfig;

/**
 * Digest authentication of SIP requests (RFC 3261 §22.4, RFC 7616 with qop=auth, RFC 8760 for SHA-256).
 * By default challenges offer SHA-256 first and MD5 second, so that capable clients pick the stronger one.
 */
public final class DigestAuthenticator {
    /** Outcome of checking a request's credentials. */
    public sealed interface Result {
        record Authenticated(String username) implements Result {}

        /** No usable credentials for our realm: challenge. */
        record Missing() implements Result {}

        /** Credentials computed over one of our nonces that has expired: challenge with stale=true. */
        record Stale() implements Result {}

        /** Wrong password, unknown user, replayed nonce-count or foreign nonce. */
        record Failed(String username, String reason) implements Result {}
    }

    private final String realm;
    private final NonceService nonces;
    private final Map<String, UserConfig> users;
    private final List<DigestAlgorithm> offered;

    /**
     * @param offered algorithms to challenge with, most preferred first; responses with any of them are accepted
     */
    public DigestAuthenticator(String realm, NonceService nonces, List<UserConfig> users, List<DigestAlgorithm> offered) {
        this.realm = realm;
        this.offered = List.copyOf(offered);
        this.nonces = nonces;
        this.users = users.stream().collect(Collectors.toUnmodifiableMap(UserConfig::username, Function.identity(),
                (a, b) -> b));
    }

    public String realm() {
        return realm;
    }

    /** One WWW-Authenticate header per algorithm in order of preference (RFC 8760 §2.4). */
    public List<WWWAuthenticateHeader> challenge(HeaderFactory headers, boolean stale, String source)
            throws java.text.ParseException {
        String nonce = nonces.issue(source);
        List<WWWAuthenticateHeader> out = new java.util.ArrayList<>(2);
        for (DigestAlgorithm alg : offered) {
            WWWAuthenticateHeader h = headers.createWWWAuthenticateHeader("Digest");
            h.setRealm(realm);
            h.setNonce(nonce);
            h.setAlgorithm(alg.token());
            h.setQop("auth");
            if (stale) {
                h.setParameter("stale", "true");
            }
            out.add(h);
        }
        return out;
    }

    /** One Proxy-Authenticate header per algorithm, for the proxy's 407 (RFC 3261 §22.3). */
    public List<javax.sip.header.ProxyAuthenticateHeader> proxyChallenge(HeaderFactory headers, boolean stale,
            String source) throws java.text.ParseException {
        List<javax.sip.header.ProxyAuthenticateHeader> out = new java.util.ArrayList<>(2);
        for (WWWAuthenticateHeader w : challenge(headers, stale, source)) {
            javax.sip.header.ProxyAuthenticateHeader h = headers.createProxyAuthenticateHeader("Digest");
            h.setRealm(w.getRealm());
            h.setNonce(w.getNonce());
            h.setAlgorithm(w.getAlgorithm());
            h.setQop("auth");
            if (stale) {
                h.setParameter("stale", "true");
            }
            out.add(h);
        }
        return out;
    }

    /** @param source the address the request came from (the packet's, not the Via's) */
    public Result verify(Request request, String source) {
        return verify(request, source, AuthorizationHeader.NAME);
    }

    /** Checks the Proxy-Authorization credentials of a request the proxy is asked to forward. */
    public Result verifyProxy(Request request, String source) {
        return verify(request, source, javax.sip.header.ProxyAuthorizationHeader.NAME);
    }

    private Result verify(Request request, String source, String headerName) {
        @SuppressWarnings("unchecked")
        var it = (java.util.ListIterator<AuthorizationHeader>) (java.util.ListIterator<?>) request.getHeaders(headerName);
        AuthorizationHeader ours = null;
        while (it != null && it.hasNext()) {
            AuthorizationHeader h = it.next();
            if ("Digest".equalsIgnoreCase(h.getScheme()) && realm.equals(h.getRealm())) {
                ours = h;
                break;
            }
        }
        if (ours == null) {
            return new Result.Missing();
        }
        return verify(ours, request.getMethod(), source);
    }

    private Result verify(AuthorizationHeader h, String method, String source) {
        String username = h.getUsername();
        String nonce = h.getNonce();
        String response = h.getResponse();
        String uri = param(h, "uri").orElseGet(() -> h.getURI() == null ? null : h.getURI().toString());
        if (username == null || nonce == null || response == null || uri == null) {
            return new Result.Failed(username, "incomplete credentials");
        }
        Optional<DigestAlgorithm> alg = DigestAlgorithm.fromToken(h.getAlgorithm());
        if (alg.isEmpty() || !offered.contains(alg.get())) {
            return new Result.Failed(username, "unsupported algorithm");
        }
        String qop = h.getQop();
        String nc = param(h, "nc").orElse(null);
        String cnonce = h.getCNonce();
        // First: is the nonce one we issued to this address? If not, nothing here is counted against anyone
        // (a replay from elsewhere, or failures forged from a spoofed address): just a fresh challenge.
        NonceService.Check check = nonces.check(nonce, qop == null ? null : nc, source);
        if (check == NonceService.Check.UNKNOWN) {
            return new Result.Missing();
        }
        if (qop == null) {
            // RFC 7616 §3.4 (and RFC 3261 §22.4 for SIP): we always challenge with qop=auth; an RFC 2069 response
            // has no client nonce or count, so it could be replayed.
            return new Result.Failed(username, "no qop (RFC 2069 response)");
        }
        if (!qop.equalsIgnoreCase("auth")) {
            return new Result.Failed(username, "unsupported qop");
        }
        if (nc == null || cnonce == null) {
            return new Result.Failed(username, "qop without nc or cnonce");
        }
        UserConfig user = users.get(username);
        // Compute even for unknown users so that timing does not reveal which names exist.
        String password = user == null ? "\u0000unknown" : user.password();
        String ha1 = DigestMath.ha1(alg.get(), username, realm, password);
        String expected = DigestMath.response(alg.get(), ha1, nonce, nc, cnonce, "auth", method, uri);
        boolean match = MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                response.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
        if (!match || user == null) {
            return new Result.Failed(username, user == null ? "unknown user" : "wrong password");
        }
        return switch (check) {
            case FRESH -> new Result.Authenticated(username);
            case STALE -> new Result.Stale();
            case REPLAYED -> new Result.Failed(username, "replayed nonce count");
            case UNKNOWN -> new Result.Missing();
        };
    }

    private static Optional<String> param(AuthorizationHeader h, String name) {
        String v = h.getParameter(name);
        if (v == null) {
            return Optional.empty();
        }
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
        }
        return Optional.of(v);
    }
}
