package org.confero.server.sip.proxy;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Calls between registered users that the proxy saw answered and not yet ended, so that presence can say "on a
 * call". Bounded: beyond {@link #MAX} calls the newest are not tracked (presence then shows them online); entries
 * whose BYE never passed us lapse after {@link #MAX_AGE_MILLIS}.
 */
public final class ProxiedCalls {
    static final int MAX = 20_000;
    static final long MAX_AGE_MILLIS = 12L * 3600 * 1000;

    private record Call(String caller, String callee, long startedMillis) {}

    private final Map<String, Call> byCallId = new ConcurrentHashMap<>();
    private final java.util.List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    /** Tells {@code listener} the user whose call state changed. */
    public void onChange(Consumer<String> listener) {
        listeners.add(listener);
    }

    void answered(String callId, String caller, String callee, long nowMillis) {
        if (byCallId.size() >= MAX) {
            return;
        }
        if (byCallId.putIfAbsent(callId, new Call(caller, callee, nowMillis)) == null) {
            notify(caller);
            notify(callee);
        }
    }

    void ended(String callId) {
        Call c = byCallId.remove(callId);
        if (c != null) {
            notify(c.caller());
            notify(c.callee());
        }
    }

    /** Whether {@code user} (a user name of our domain) is in an answered proxied call. */
    public boolean onCall(String user, long nowMillis) {
        byCallId.values().removeIf(c -> nowMillis - c.startedMillis() > MAX_AGE_MILLIS);
        for (Call c : byCallId.values()) {
            if (user.equals(c.caller()) || user.equals(c.callee())) {
                return true;
            }
        }
        return false;
    }

    public int size() {
        return byCallId.size();
    }

    Set<String> callIds() {
        return byCallId.keySet();
    }

    private void notify(String user) {
        if (user == null) {
            return;
        }
        for (Consumer<String> l : listeners) {
            l.accept(user);
        }
    }
}
