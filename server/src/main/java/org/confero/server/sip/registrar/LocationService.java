package org.confero.server.sip.registrar;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.confero.server.sip.location.BindingStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bindings of addresses-of-record to contacts, for the registrar, the proxy and redirects. Expired bindings vanish
 * on read. Bounded per address-of-record and in total; written to a {@link BindingStore} by {@link #flush()} when
 * something changed, so that a restart keeps the phones reachable.
 */
public final class LocationService {
    private static final Logger LOG = LoggerFactory.getLogger(LocationService.class);
    public static final int DEFAULT_MAX_PER_AOR = 10;
    public static final int DEFAULT_MAX_TOTAL = 50_000;

    /** A rejected update (RFC 3261 §10.3 step 6/7: an out-of-order Call-ID/CSeq). */
    public static final class OutOfOrderException extends Exception {
        OutOfOrderException(String contact) {
            super("out-of-order REGISTER for contact " + contact);
        }
    }

    /** A new binding that would exceed the per-address or total bound. */
    public static final class TableFullException extends Exception {
        TableFullException(String why) {
            super(why);
        }
    }

    private final Clock clock;
    private final BindingStore store;
    private final int maxPerAor;
    private final int maxTotal;
    private final Map<String, Map<String, Binding>> byAor = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private final AtomicBoolean dirty = new AtomicBoolean();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    public LocationService(Clock clock) {
        this(clock, BindingStore.NONE, DEFAULT_MAX_PER_AOR, DEFAULT_MAX_TOTAL);
    }

    public LocationService(Clock clock, BindingStore store, int maxPerAor, int maxTotal) {
        this.clock = clock;
        this.store = store;
        this.maxPerAor = maxPerAor;
        this.maxTotal = maxTotal;
    }

    /** Tells {@code listener} the address-of-record whose bindings changed (presence watches this). */
    public void onChange(Consumer<String> listener) {
        listeners.add(listener);
    }

    /** Current bindings of an address-of-record, in registration order. */
    public List<Binding> bindings(String aor) {
        Map<String, Binding> m = byAor.get(key(aor));
        if (m == null) {
            return List.of();
        }
        long now = clock.millis();
        synchronized (m) {
            expire(m, now);
            return List.copyOf(m.values());
        }
    }

    public boolean update(String aor, String contact, String callId, long cseq, int expiresSeconds, float q)
            throws OutOfOrderException, TableFullException {
        return update(aor, contact, callId, cseq, expiresSeconds, q, "", List.of());
    }

    /**
     * Adds, refreshes (expires &gt; 0) or removes (expires == 0) one contact.
     *
     * @return true when the contact was added or removed, false for a refresh of one already bound
     * @throws OutOfOrderException when the same Call-ID comes with a CSeq not higher than the stored one
     * @throws TableFullException when a new contact would exceed a bound
     */
    public boolean update(String aor, String contact, String callId, long cseq, int expiresSeconds, float q,
            String received, List<String> path) throws OutOfOrderException, TableFullException {
        boolean added;
        boolean removed = false;
        long now = clock.millis();
        Map<String, Binding> m = byAor.computeIfAbsent(key(aor), k -> new LinkedHashMap<>());
        synchronized (m) {
            expire(m, now);
            Binding old = m.get(contact);
            if (old != null && old.callId().equals(callId) && cseq <= old.cseq()) {
                throw new OutOfOrderException(contact);
            }
            added = old == null && expiresSeconds > 0;
            if (expiresSeconds == 0) {
                if (m.remove(contact) != null) {
                    total.decrementAndGet();
                    removed = true;
                }
            } else {
                if (old == null) {
                    if (m.size() >= maxPerAor) {
                        throw new TableFullException(aor + " already has " + maxPerAor + " contacts");
                    }
                    if (total.incrementAndGet() > maxTotal) {
                        total.decrementAndGet();
                        throw new TableFullException("registrar holds " + maxTotal + " bindings");
                    }
                }
                m.put(contact, new Binding(contact, callId, cseq, now + expiresSeconds * 1000L, q, received, path));
            }
        }
        changed(aor);
        return added || removed;
    }

    /** {@code Contact: *} with Expires 0 (RFC 3261 §10.2.2). */
    public void removeAll(String aor) {
        Map<String, Binding> m = byAor.remove(key(aor));
        if (m != null) {
            synchronized (m) {
                total.addAndGet(-m.size());
            }
        }
        changed(aor);
    }

    /** Total live bindings over all addresses-of-record. */
    public int size() {
        long now = clock.millis();
        int n = 0;
        for (Map<String, Binding> m : new ArrayList<>(byAor.values())) {
            synchronized (m) {
                expire(m, now);
                n += m.size();
            }
        }
        return n;
    }

    /** Reads the stored bindings (at start, before any REGISTER); lapsed ones and those beyond a bound are dropped. */
    public void restore() throws IOException {
        long now = clock.millis();
        int restored = 0;
        for (Map.Entry<String, List<Binding>> e : store.load().entrySet()) {
            Map<String, Binding> m = byAor.computeIfAbsent(key(e.getKey()), k -> new LinkedHashMap<>());
            synchronized (m) {
                for (Binding b : e.getValue()) {
                    if (b.expiresAtMillis() > now && m.size() < maxPerAor && total.get() < maxTotal
                            && m.putIfAbsent(b.contact(), b) == null) {
                        total.incrementAndGet();
                        restored++;
                    }
                }
            }
        }
        LOG.info("registrar restored {} bindings", restored);
    }

    /** Writes the bindings to the store if anything changed since the last flush. */
    public void flush() {
        if (!dirty.getAndSet(false)) {
            return;
        }
        long now = clock.millis();
        Map<String, List<Binding>> snapshot = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, Binding>> e : byAor.entrySet()) {
            synchronized (e.getValue()) {
                expire(e.getValue(), now);
                if (!e.getValue().isEmpty()) {
                    snapshot.put(e.getKey(), List.copyOf(e.getValue().values()));
                }
            }
        }
        try {
            store.save(snapshot);
        } catch (IOException | RuntimeException e) {
            dirty.set(true);
            LOG.warn("registrar bindings could not be saved: {}", e.toString());
        }
    }

    private void expire(Map<String, Binding> m, long now) {
        int before = m.size();
        m.values().removeIf(b -> b.expiresAtMillis() <= now);
        if (m.size() != before) {
            total.addAndGet(m.size() - before);
        }
    }

    private void changed(String aor) {
        dirty.set(true);
        for (Consumer<String> l : listeners) {
            try {
                l.accept(key(aor));
            } catch (RuntimeException e) {
                LOG.warn("binding listener failed for {}", aor, e);
            }
        }
    }

    private static String key(String aor) {
        return aor.toLowerCase(java.util.Locale.ROOT);
    }
}
