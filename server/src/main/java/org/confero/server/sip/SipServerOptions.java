package org.confero.server.sip;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Knobs of the SIP server that are not part of the configuration file.
 *
 * @param clock time for nonces, registrations, session timers and RTP timeouts (tests move it)
 * @param answerDelay how long a call rings before the focus answers (0: answer at once)
 * @param authMaxFailures failed digest logins from one source address before it is locked out
 * @param authLockout how long a locked-out source gets 403
 * @param stackThreads JAIN-SIP request threads
 */
public record SipServerOptions(Clock clock, Duration answerDelay, int authMaxFailures, Duration authLockout,
        int stackThreads) {
    public SipServerOptions {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(answerDelay, "answerDelay");
        Objects.requireNonNull(authLockout, "authLockout");
        if (answerDelay.isNegative()) {
            throw new IllegalArgumentException("answerDelay must not be negative");
        }
        if (authMaxFailures < 1 || stackThreads < 1) {
            throw new IllegalArgumentException("authMaxFailures and stackThreads must be positive");
        }
    }

    public static SipServerOptions defaults() {
        return new SipServerOptions(Clock.systemUTC(), Duration.ZERO, 5, Duration.ofMinutes(5),
                Math.max(4, Runtime.getRuntime().availableProcessors() * 4));
    }

    public SipServerOptions withClock(Clock c) {
        return new SipServerOptions(c, answerDelay, authMaxFailures, authLockout, stackThreads);
    }

    public SipServerOptions withAnswerDelay(Duration d) {
        return new SipServerOptions(clock, d, authMaxFailures, authLockout, stackThreads);
    }

    public SipServerOptions withAuthLockout(int maxFailures, Duration lockout) {
        return new SipServerOptions(clock, answerDelay, maxFailures, lockout, stackThreads);
    }
}
