package org.confero.server.guard;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * At most one log line per interval for a kind of event that an attacker can repeat at will; the line says how
 * many were left out since the last one, so a flood costs a handful of lines, not one per packet.
 */
public final class SampledLog {
    private final Logger log;
    private final long intervalMillis;
    private final AtomicLong nextMillis = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressed = new AtomicLong();

    public SampledLog(Logger log, long intervalMillis) {
        this.log = log;
        this.intervalMillis = intervalMillis;
    }

    /** Writes a warning when the interval has passed, else only counts it. Arguments must hold no secret. */
    public void warn(long nowMillis, String format, Object... args) {
        write(false, nowMillis, format, args);
    }

    /** As {@link #warn}, at INFO: for refusals that are routine one at a time but an attacker can repeat. */
    public void info(long nowMillis, String format, Object... args) {
        write(true, nowMillis, format, args);
    }

    private void write(boolean info, long nowMillis, String format, Object... args) {
        long next = nextMillis.get();
        if (nowMillis < next || !nextMillis.compareAndSet(next, nowMillis + intervalMillis)) {
            suppressed.incrementAndGet();
            return;
        }
        long left = suppressed.getAndSet(0);
        String line = left > 0 ? format + " (and {} more like it not logged)" : format;
        Object[] values = left > 0 ? append(args, left) : args;
        if (info) {
            log.info(line, values);
        } else {
            log.warn(line, values);
        }
    }

    private static Object[] append(Object[] args, Object last) {
        Object[] out = java.util.Arrays.copyOf(args, args.length + 1);
        out[args.length] = last;
        return out;
    }
}
