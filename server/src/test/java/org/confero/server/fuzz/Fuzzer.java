package org.confero.server.fuzz;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Mutation fuzzing with a fixed seed and a bounded count: each case mutates one valid sample and hands it to an
 * entry point, which may refuse it only through its documented error path (the exceptions listed, or none). Every
 * case is bounded in time (a watchdog fails the run on a case that takes longer) and in allocation.
 */
public final class Fuzzer {
    private static final byte[][] INTERESTING = {
        {0}, {(byte) 0xFF}, {0x7F}, {(byte) 0x80}, "\r\n".getBytes(StandardCharsets.US_ASCII), {'\r'}, {'\n'},
        {':'}, {';'}, {','}, {'<'}, {'>'}, {'"'}, {'%'}, {'\\'}, {' '}, {'='}, {'{'}, {'}'}, {'['}, {']'},
        "4294967296".getBytes(StandardCharsets.US_ASCII), "-1".getBytes(StandardCharsets.US_ASCII),
        "99999999999999999999".getBytes(StandardCharsets.US_ASCII), "0".getBytes(StandardCharsets.US_ASCII),
        {(byte) 0xC3, (byte) 0xA9}, {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, {0, 0, 0, 0}, {(byte) 0xFF, (byte) 0xFF},
    };

    /** What one run did. */
    public record Report(String target, long seed, int cases, int refused, long millis, long maxCaseMicros,
            long maxCaseAllocatedBytes) {
        @Override
        public String toString() {
            return String.format("fuzz %-22s seed %d: %,d cases (%,d refused by the documented error path) in %,d ms;"
                    + " slowest case %,d µs, largest allocation %,d bytes", target, seed, cases, refused, millis,
                    maxCaseMicros, maxCaseAllocatedBytes);
        }
    }

    /** An entry point under test; it returns normally or throws one of its documented exceptions. */
    @FunctionalInterface
    public interface Target {
        void accept(byte[] input) throws Exception;
    }

    private final long seed;
    private final long caseTimeoutMillis;
    private final long maxAllocatedBytesPerCase;

    public Fuzzer(long seed, long caseTimeoutMillis, long maxAllocatedBytesPerCase) {
        this.seed = seed;
        this.caseTimeoutMillis = caseTimeoutMillis;
        this.maxAllocatedBytesPerCase = maxAllocatedBytesPerCase;
    }

    /** Runs {@code cases} mutations of {@code samples} through {@code target}; throws AssertionError on a finding. */
    public Report run(String name, List<byte[]> samples, int cases, Set<Class<? extends Exception>> documented,
            Target target) throws InterruptedException {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Random random = new Random(seed);
        AtomicReference<Throwable> finding = new AtomicReference<>();
        int[] refused = new int[1];
        long[] worst = new long[2];
        long[] caseStart = {0};
        byte[][] current = new byte[1][];
        Thread worker = new Thread(() -> {
            long self = Thread.currentThread().getId();
            for (int i = 0; i < cases && finding.get() == null; i++) {
                byte[] input = mutate(random, samples.get(random.nextInt(samples.size())));
                current[0] = input;
                long allocated = threads.getThreadAllocatedBytes(self);
                long start = System.nanoTime();
                caseStart[0] = start;
                try {
                    target.accept(input);
                } catch (Exception e) {
                    if (documented.stream().noneMatch(d -> d.isInstance(e))) {
                        finding.set(new AssertionError(name + " case " + i + " threw " + e + " for input "
                                + printable(input), e));
                    } else {
                        refused[0]++;
                    }
                } catch (StackOverflowError | OutOfMemoryError e) {
                    finding.set(new AssertionError(name + " case " + i + ": " + e + " for input " + printable(input)));
                }
                long micros = (System.nanoTime() - start) / 1000;
                long bytes = threads.getThreadAllocatedBytes(self) - allocated;
                worst[0] = Math.max(worst[0], micros);
                worst[1] = Math.max(worst[1], bytes);
                if (bytes > maxAllocatedBytesPerCase) {
                    finding.set(new AssertionError(name + " case " + i + " allocated " + bytes + " bytes for "
                            + input.length + " input bytes: " + printable(input)));
                }
            }
            caseStart[0] = 0;
        }, "fuzz-" + name);
        worker.setDaemon(true);
        long began = System.nanoTime();
        worker.start();
        while (worker.isAlive()) {
            worker.join(50);
            long started = caseStart[0];
            if (started != 0 && System.nanoTime() - started > caseTimeoutMillis * 1_000_000) {
                worker.interrupt();
                throw new AssertionError(name + ": a case ran longer than " + caseTimeoutMillis + " ms (a hang) for "
                        + "input " + printable(current[0]));
            }
        }
        if (finding.get() != null) {
            throw (AssertionError) (finding.get() instanceof AssertionError a ? a : new AssertionError(finding.get()));
        }
        return new Report(name, seed, cases, refused[0], (System.nanoTime() - began) / 1_000_000, worst[0], worst[1]);
    }

    static byte[] mutate(Random r, byte[] sample) {
        byte[] b = sample.clone();
        int ops = 1 + r.nextInt(4);
        for (int op = 0; op < ops; op++) {
            int len = b.length;
            int at = len == 0 ? 0 : r.nextInt(len);
            switch (r.nextInt(8)) {
                case 0 -> { if (len > 0) { b[at] ^= (byte) (1 << r.nextInt(8)); } }
                case 1 -> { if (len > 0) { b[at] = (byte) r.nextInt(256); } }
                case 2 -> b = splice(b, at, 0, randomBytes(r, 1 + r.nextInt(16)));
                case 3 -> b = splice(b, at, Math.min(len - at, 1 + r.nextInt(32)), new byte[0]);
                case 4 -> b = splice(b, at, 0, java.util.Arrays.copyOfRange(b, at, Math.min(len, at + 1 + r.nextInt(64))));
                case 5 -> b = java.util.Arrays.copyOf(b, len == 0 ? 0 : r.nextInt(len));
                case 6 -> b = splice(b, at, Math.min(len - at, r.nextInt(4)), INTERESTING[r.nextInt(INTERESTING.length)]);
                default -> { if (len > 1) { int other = r.nextInt(len); byte t = b[at]; b[at] = b[other]; b[other] = t; } }
            }
        }
        return b;
    }

    private static byte[] randomBytes(Random r, int n) {
        byte[] out = new byte[n];
        r.nextBytes(out);
        return out;
    }

    private static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
        byte[] out = new byte[b.length - remove + insert.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(b, at + remove, out, at + insert.length, b.length - at - remove);
        return out;
    }

    static String printable(byte[] input) {
        return input.length <= 512 ? HexFormat.of().formatHex(input) : HexFormat.of().formatHex(input, 0, 512) + "…";
    }
}
