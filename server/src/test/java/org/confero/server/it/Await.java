package org.confero.server.it;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Bounded polling for conditions that become true asynchronously. */
final class Await {
    private Await() {}

    /** Polls every 50 ms until {@code condition} holds; false when {@code timeout} passed first. */
    static boolean until(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return condition.getAsBoolean();
    }
}
