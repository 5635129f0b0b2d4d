package org.confero.server.sip.sdes;

import java.util.Locale;
import org.confero.server.sdp.MediaDescription;

/**
 * SDES for one offered m-section (RFC 4568 §7.1): which of its {@code a=crypto} lines we take, in our order of
 * preference (AEAD_AES_128_GCM, then AES_CM_128_HMAC_SHA1_80), or why none. Keys are only taken from signalling
 * that came over TLS: over UDP or TCP anyone on the path reads them, and encryption with them is theatre.
 */
public final class SdesNegotiation {
    private SdesNegotiation() {}

    /** What to do with one m-section. */
    public sealed interface Outcome permits Outcome.Plain, Outcome.Keyed, Outcome.Unusable {
        /** Answer with plain RTP (no a=crypto); any offered keys are ignored. */
        record Plain() implements Outcome {}

        record Keyed(SdesKeys keys) implements Outcome {}

        /** The section cannot be answered; {@code reason} fits a Warning header. */
        record Unusable(String reason) implements Outcome {}
    }

    public static boolean isSecureProfile(String protocol) {
        String p = protocol.toUpperCase(Locale.ROOT);
        return p.equals("RTP/SAVP") || p.equals("RTP/SAVPF");
    }

    /**
     * @param overTls the offer arrived over TLS (its keys were not readable on the way)
     */
    public static Outcome negotiate(MediaDescription m, boolean overTls) {
        boolean secureProfile = isSecureProfile(m.protocol());
        if (!overTls) {
            return secureProfile ? new Outcome.Unusable("SRTP keys are accepted over TLS only") : new Outcome.Plain();
        }
        var lines = m.attributes("crypto");
        if (lines.isEmpty()) {
            return secureProfile ? new Outcome.Unusable("RTP/SAVP without a=crypto") : new Outcome.Plain();
        }
        String reason = "no usable a=crypto";
        CryptoLine best = null;
        for (String value : lines.size() > 16 ? lines.subList(0, 16) : lines) {
            CryptoLine.Parsed parsed = CryptoLine.parse(value);
            if (parsed instanceof CryptoLine.Parsed.Usable usable) {
                if (best == null || usable.line().profile().ordinal() < best.profile().ordinal()) {
                    best = usable.line();
                }
            } else {
                reason = ((CryptoLine.Parsed.Unusable) parsed).reason();
            }
        }
        if (best != null) {
            return new Outcome.Keyed(SdesKeys.answering(best));
        }
        // RTP/AVP with a=crypto (best-effort SRTP) falls back to plain; RTP/SAVP has nothing else to offer
        return secureProfile ? new Outcome.Unusable(reason) : new Outcome.Plain();
    }
}
