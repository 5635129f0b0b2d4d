package org.confero.server.sip.auth;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues nonces that carry their own issue time and an HMAC (RFC 7616 §3.3 suggests time-stamp plus a private
 * key), so that any nonce we issued can be recognised as ours, and as expired (stale) or fresh. Tracks the last
 * nonce-count per nonce (RFC 7616 §3.4: nc must grow) so a replayed response is refused. The MAC also covers the
 * address the nonce was issued to (RFC 7616 §5.5 suggests the client's IP in the nonce): a response computed over
 * a nonce sent to another address is not ours for this one, so a captured response cannot be replayed from
 * elsewhere and failures forged from a spoofed address find no nonce to count against.
 */
public final class NonceService {
    /** Outcome of checking a nonce and its count. */
    public enum Check { FRESH, STALE, UNKNOWN, REPLAYED }

    static final int MAX_TRACKED = 100_000;

    private final byte[] key = new byte[32];
    private final long lifetimeMillis;
    private final Clock clock;
    private final Map<String, Long> lastCount = new ConcurrentHashMap<>();
    private final int maxTracked;
    /**
     * Nonces issued at or before this time are no longer tracked (the table was full): they are answered stale, so
     * giving up their counts never lets a response be replayed.
     */
    private volatile long untrackedUpTo = Long.MIN_VALUE;

    public NonceService(int lifetimeSeconds, Clock clock) {
        this(lifetimeSeconds, clock, MAX_TRACKED);
    }

    NonceService(int lifetimeSeconds, Clock clock, int maxTracked) {
        new SecureRandom().nextBytes(key);
        this.lifetimeMillis = lifetimeSeconds * 1000L;
        this.clock = clock;
        this.maxTracked = maxTracked;
    }

    /**
     * One initialised MAC per thread: looking the algorithm up and keying it for every nonce cost more than the
     * MAC itself on the REGISTER path.
     */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    /** A fresh nonce for a request that came from {@code source}. */
    public String issue(String source) {
        long now = clock.millis();
        // The salt only keeps nonces of the same millisecond apart; the MAC under our secret key is what makes a
        // nonce unforgeable and unpredictable, so a shared SecureRandom (one lock for every thread) is not needed.
        ByteBuffer body = ByteBuffer.allocate(16).putLong(now).putLong(ThreadLocalRandom.current().nextLong());
        byte[] mac = mac(body.array(), source);
        ByteBuffer all = ByteBuffer.allocate(16 + 16).put(body.array()).put(mac, 0, 16);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(all.array());
    }

    /**
     * @param nc the nonce-count as a hex string, or null when the client used no qop
     * @param source the address the request came from; a nonce issued to another one is UNKNOWN
     */
    public Check check(String nonce, String nc, String source) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException e) {
            return Check.UNKNOWN;
        }
        if (raw.length != 32) {
            return Check.UNKNOWN;
        }
        byte[] body = new byte[16];
        byte[] tag = new byte[16];
        System.arraycopy(raw, 0, body, 0, 16);
        System.arraycopy(raw, 16, tag, 0, 16);
        byte[] expected = mac(body, source);
        if (!MessageDigest.isEqual(tag, java.util.Arrays.copyOf(expected, 16))) {
            return Check.UNKNOWN;
        }
        long issued = ByteBuffer.wrap(body).getLong();
        long now = clock.millis();
        if (now - issued > lifetimeMillis || issued > now + 60_000) {
            lastCount.remove(nonce);
            return Check.STALE;
        }
        if (nc == null) {
            return Check.FRESH;
        }
        long count;
        try {
            count = Long.parseLong(nc, 16);
        } catch (NumberFormatException e) {
            return Check.UNKNOWN;
        }
        synchronized (lastCount) {
            Long previous = lastCount.get(nonce);
            if (previous != null && count <= previous) {
                return Check.REPLAYED;
            }
            if (previous == null) {
                if (issued <= untrackedUpTo) {
                    return Check.STALE;
                }
                if (lastCount.size() >= maxTracked) {
                    makeRoom(now);
                }
            }
            lastCount.put(nonce, count);
            return Check.FRESH;
        }
    }

    /**
     * A full table (a busy registrar: every REGISTER may use a new nonce, 300 s × 1,000/s outgrows it) drops its
     * expired nonces, then, if still over half full, the older half: those are answered stale from now on, and
     * their phones simply authenticate again with a fresh nonce. Refusing every new nonce instead would lock every
     * phone out until the oldest nonces expired.
     */
    private void makeRoom(long now) {
        purge(now);
        if (lastCount.size() < maxTracked / 2) {
            return;
        }
        long[] issuedAt = lastCount.keySet().stream().mapToLong(NonceService::issuedAt).sorted().toArray();
        long cutoff = issuedAt[issuedAt.length / 2];
        untrackedUpTo = Math.max(untrackedUpTo, cutoff);
        lastCount.keySet().removeIf(n -> issuedAt(n) <= cutoff);
    }

    private static long issuedAt(String nonce) {
        return ByteBuffer.wrap(Base64.getUrlDecoder().decode(nonce)).getLong();
    }

    private void purge(long now) {
        lastCount.keySet().removeIf(n -> now - issuedAt(n) > lifetimeMillis);
    }

    private byte[] mac(byte[] data, String source) {
        Mac mac = macs.get();
        mac.update(data);
        return mac.doFinal(source.getBytes(java.nio.charset.StandardCharsets.UTF_8)); // doFinal resets it
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 missing from the JDK", e);
        }
    }

    @Override
    public String toString() {
        return "NonceService[lifetime=" + lifetimeMillis + "ms, tracked=" + lastCount.size() + "]";
    }
}
