package org.confero.server.sip;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.confero.server.sip.auth.DigestAlgorithm;

/**
 * Knobs of the SIP server that are not part of the configuration file.
 *
 * @param clock time for nonces, registrations, session timers and RTP timeouts (tests move it)
 * @param answerDelay how long a call rings before the focus answers (0: answer at once)
 * @param authMaxFailures failed digest logins from one source address before it is locked out
 * @param authLockout how long a locked-out source gets 403
 * @param stackThreads JAIN-SIP request threads
 * @param digestAlgorithms the challenges offered, most preferred first (RFC 8760 §2.4); legacy phones that only
 *     read the first challenge (SIPp 3.6 among them) need MD5 first
 * @param callSetupThreads threads joining new calls to their rooms ({@link CallSetupPool})
 * @param callSetupQueue new calls waiting for those threads at most; beyond, INVITEs get 503
 */
public record SipServerOptions(Clock clock, Duration answerDelay, int authMaxFailures, Duration authLockout,
        int stackThreads, List<DigestAlgorithm> digestAlgorithms, int callSetupThreads, int callSetupQueue) {
    public SipServerOptions {
        digestAlgorithms = List.copyOf(digestAlgorithms);
        if (digestAlgorithms.isEmpty()) {
            throw new IllegalArgumentException("at least one digest algorithm");
        }
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(answerDelay, "answerDelay");
        Objects.requireNonNull(authLockout, "authLockout");
        if (answerDelay.isNegative()) {
            throw new IllegalArgumentException("answerDelay must not be negative");
        }
        if (authMaxFailures < 1 || stackThreads < 1 || callSetupThreads < 1 || callSetupQueue < 1) {
            throw new IllegalArgumentException(
                    "authMaxFailures, stackThreads, callSetupThreads and callSetupQueue must be positive");
        }
    }

    public static SipServerOptions defaults() {
        return new SipServerOptions(Clock.systemUTC(), Duration.ZERO, 5, Duration.ofMinutes(5),
                Math.max(4, Runtime.getRuntime().availableProcessors() * 4),
                List.of(DigestAlgorithm.SHA_256, DigestAlgorithm.MD5), CallSetupPool.THREADS, CallSetupPool.QUEUE);
    }

    public SipServerOptions withClock(Clock c) {
        return new SipServerOptions(c, answerDelay, authMaxFailures, authLockout, stackThreads, digestAlgorithms,
                callSetupThreads, callSetupQueue);
    }

    public SipServerOptions withAnswerDelay(Duration d) {
        return new SipServerOptions(clock, d, authMaxFailures, authLockout, stackThreads, digestAlgorithms,
                callSetupThreads, callSetupQueue);
    }

    public SipServerOptions withDigestAlgorithms(List<DigestAlgorithm> algorithms) {
        return new SipServerOptions(clock, answerDelay, authMaxFailures, authLockout, stackThreads, algorithms,
                callSetupThreads, callSetupQueue);
    }

    public SipServerOptions withAuthLockout(int maxFailures, Duration lockout) {
        return new SipServerOptions(clock, answerDelay, maxFailures, lockout, stackThreads, digestAlgorithms,
                callSetupThreads, callSetupQueue);
    }

    public SipServerOptions withCallSetupPool(int threads, int queue) {
        return new SipServerOptions(clock, answerDelay, authMaxFailures, authLockout, stackThreads, digestAlgorithms,
                threads, queue);
    }
}
