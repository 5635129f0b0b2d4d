package org.confero.mixer.video;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * Decides whose picture is large in the speaker layout. A new active speaker takes the large tile only after
 * holding the floor for the hold time, so a cough or a short "yes" does not flip the layout; the first speaker,
 * or a replacement for one who left, is taken at once. {@link #request} from any thread, {@link #current} from
 * the tick.
 */
final class SpeakerSelector {
    private record Request(String id, long at) {
    }

    private final long holdNanos;
    private final AtomicReference<Request> requested = new AtomicReference<>();
    private String current;

    SpeakerSelector(long holdNanos) {
        this.holdNanos = holdNanos;
    }

    void request(String id, long now) {
        Request previous = requested.get();
        if (previous == null || !previous.id().equals(id)) {
            requested.set(new Request(id, now));
        }
    }

    String current(long now, Predicate<String> present) {
        if (current != null && !present.test(current)) {
            current = null;
        }
        Request r = requested.get();
        if (r != null && !r.id().equals(current) && present.test(r.id())
                && (current == null || now - r.at() >= holdNanos)) {
            current = r.id();
        }
        return current;
    }
}
