package org.confero.server;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The started parts of the server, closed in the reverse order of their start so that nothing is closed while a
 * part started after it still uses it. A part that fails to close is logged and the others are still closed.
 */
final class ComponentStack implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ComponentStack.class);

    private final Deque<Named> started = new ArrayDeque<>();

    private record Named(String name, AutoCloseable part) {}

    /** Registers a started part; returns it for fluent assembly. */
    <T extends AutoCloseable> T add(String name, T part) {
        synchronized (started) {
            started.push(new Named(name, part));
        }
        return part;
    }

    @Override
    public void close() {
        while (true) {
            Named next;
            synchronized (started) {
                next = started.poll();
            }
            if (next == null) {
                return;
            }
            try {
                next.part().close();
                LOG.info("stopped {}", next.name());
            } catch (Exception e) {
                LOG.warn("stopping {} failed: {}", next.name(), e.toString());
            }
        }
    }
}
