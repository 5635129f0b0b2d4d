package org.confero.server.peers;

import java.util.ArrayList;
import java.util.List;

/**
 * Several phones owned together, e.g. the three callers of a room test: {@link #close()} ends them all in
 * parallel (each close is bounded), so one stuck phone neither leaks nor delays the others.
 *
 * <pre>{@code
 * try (BaresipPhones phones = new BaresipPhones()) {
 *     BaresipPhone a = phones.add(BaresipPhone.builder("a").tone(400).codecs(PCMU));
 *     BaresipPhone b = phones.add(BaresipPhone.builder("b").tone(700).codecs(OPUS));
 *     ...
 * }
 * }</pre>
 */
public final class BaresipPhones implements AutoCloseable {
    private final List<BaresipPhone> phones = new ArrayList<>();

    /** Starts a phone and takes ownership of it. */
    public synchronized BaresipPhone add(BaresipPhone.Builder builder) {
        BaresipPhone phone = builder.start();
        phones.add(phone);
        return phone;
    }

    public synchronized List<BaresipPhone> all() {
        return List.copyOf(phones);
    }

    /** The events and log tails of every phone, for a failure message. */
    public String diagnostics() {
        StringBuilder all = new StringBuilder();
        all().forEach(phone -> all.append(phone.diagnostics()).append('\n'));
        return all.toString();
    }

    @Override
    public void close() {
        List<Thread> closers = new ArrayList<>();
        for (BaresipPhone phone : all()) {
            Thread closer = new Thread(phone::close, "close-" + phone.name());
            closer.start();
            closers.add(closer);
        }
        for (Thread closer : closers) {
            try {
                closer.join(10_000); // each close is bounded at a few seconds
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
