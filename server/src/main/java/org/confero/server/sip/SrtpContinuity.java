package org.confero.server.sip;

import java.util.Optional;
import org.confero.server.sdp.VideoSelection;
import org.confero.server.sip.focus.FocusCall;
import org.confero.server.sip.sdes.CallSecurity;
import org.confero.server.sip.sdes.SdesKeys;

/**
 * SRTP across a re-INVITE (RFC 4568 §7.1.4): an encrypted call stays encrypted with the keys it has; a re-offer
 * that keeps its key is answered with ours again. Re-keying, starting SRTP mid-call and adding encrypted video
 * mid-call are refused or left out (the session then goes on as it was).
 */
final class SrtpContinuity {
    private SrtpContinuity() {}

    /** Why the re-offer cannot be taken, or empty when it can. */
    static Optional<String> check(CallSecurity current, CallSecurity offered) {
        if (current.audio().isEmpty()) {
            return offered.audio().isPresent() ? Optional.of("SRTP cannot start mid-call") : Optional.empty();
        }
        if (offered.audio().isEmpty()) {
            return Optional.of("an encrypted call stays encrypted");
        }
        return sameRemoteKey(current.audio().get(), offered.audio().get()) ? Optional.empty()
                : Optional.of("SRTP re-keying not supported");
    }

    /** The re-offer's video, when it can go on with the call's keys (or the call is plain). */
    static Optional<VideoSelection> keptVideo(CallSecurity current, SrtpPolicy.Decision.Accepted accepted) {
        if (!current.encrypted()) {
            return accepted.video();
        }
        Optional<SdesKeys> now = current.video();
        Optional<SdesKeys> offered = accepted.security().video();
        boolean same = now.isPresent() && offered.isPresent() && sameRemoteKey(now.get(), offered.get());
        return same ? accepted.video() : Optional.empty();
    }

    /** A video socket opened by the re-INVITE (RTCP multiplexing changed) gets the call's video keys. */
    static void keyNewVideoSocket(FocusCall call) {
        call.security().video().ifPresent(keys -> call.videoEndpoint().ifPresent(endpoint -> {
            if (!endpoint.encrypted()) {
                endpoint.encrypt(keys.transformer());
            }
        }));
    }

    private static boolean sameRemoteKey(SdesKeys a, SdesKeys b) {
        return a.remote().sameKeyAs(b.remote());
    }
}
