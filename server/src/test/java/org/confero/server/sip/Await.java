package org.confero.server.sip;

import java.util.function.BooleanSupplier;

/** Bounded polling for conditions that other threads make true. */
final class Await {
    private Await() {}

    static void until(String what, BooleanSupplier condition) {
        until(what, condition, 5_000);
    }

    static void until(String what, BooleanSupplier condition, long timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
        throw new AssertionError("timed out after " + timeoutMillis + " ms waiting for " + what);
    }
}
