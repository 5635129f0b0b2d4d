package org.confero.server.meeting;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** What happens to someone who arrives at a room: see {@link Meeting#decide}. */
public sealed interface JoinDecision {
    /** Enters the meeting now. */
    record Admit() implements JoinDecision {}

    /**
     * Waits in the lobby (neither hears nor is heard) until a host admits them, or, when {@code opensAt} is set,
     * until the meeting opens at that instant or a host arrives.
     */
    record WaitInLobby(Optional<Instant> opensAt) implements JoinDecision {
        public WaitInLobby {
            Objects.requireNonNull(opensAt, "opensAt");
        }
    }

    /** Refused; {@code retryAt} is when trying again makes sense ({@code NOT_STARTED}: the opening), if known. */
    record Refuse(RefusalReason reason, Optional<Instant> retryAt) implements JoinDecision {
        public Refuse {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(retryAt, "retryAt");
        }

        public Refuse(RefusalReason reason) {
            this(reason, Optional.empty());
        }

        /** Whole seconds from {@code now} until {@code retryAt} (at least 1), for a SIP Retry-After. */
        public Optional<Long> retryAfterSeconds(Instant now) {
            return retryAt.map(at -> Math.max(1, (Duration.between(now, at).toMillis() + 999) / 1000));
        }
    }
}
