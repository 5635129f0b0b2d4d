package org.confero.server.load;

import java.util.OptionalInt;

/**
 * Which multiple of a room shape to try next: doubling from one shape until a step fails or the ceiling is
 * reached, then halving the interval between the last step that passed and the first that failed until they are
 * one shape apart. 1,000 rooms of 50 are found in about 2·log2(N) steps instead of N. Assumes that a load which
 * fails would also fail with more participants.
 */
final class CapacitySearch {
    private final int maxMultiple;
    private int passed;
    private int failed = -1;

    /** @param maxMultiple the most shapes a step may hold (the participant ceiling divided by the shape) */
    CapacitySearch(int maxMultiple) {
        if (maxMultiple < 1) {
            throw new IllegalArgumentException("the ceiling is below one shape");
        }
        this.maxMultiple = maxMultiple;
    }

    /** The next multiple to measure, or empty when the answer is known. */
    OptionalInt next() {
        if (failed < 0) {
            if (passed >= maxMultiple) {
                return OptionalInt.empty();
            }
            return OptionalInt.of(passed == 0 ? 1 : Math.min(maxMultiple, 2 * passed));
        }
        if (failed - passed <= 1) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(passed + (failed - passed) / 2);
    }

    void record(int multiple, boolean pass) {
        if (pass) {
            passed = Math.max(passed, multiple);
        } else {
            failed = failed < 0 ? multiple : Math.min(failed, multiple);
        }
    }

    /** The largest multiple that passed, 0 when none did. */
    int held() {
        return passed;
    }

    /** True when the search stopped at the ceiling rather than at a failing step. */
    boolean capped() {
        return failed < 0 && passed >= maxMultiple;
    }
}
