package org.confero.server.sip.focus;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The focus's live calls by Call-ID. */
public final class CallRegistry {
    private final Map<String, FocusCall> byCallId = new ConcurrentHashMap<>();

    /** Adds a call; false when one with this Call-ID exists already (a retransmitted or looped INVITE). */
    public boolean add(FocusCall call) {
        return byCallId.putIfAbsent(call.callId(), call) == null;
    }

    public Optional<FocusCall> find(String callId) {
        return callId == null ? Optional.empty() : Optional.ofNullable(byCallId.get(callId));
    }

    public void remove(FocusCall call) {
        byCallId.remove(call.callId(), call);
    }

    public int size() {
        return byCallId.size();
    }

    public Collection<FocusCall> snapshot() {
        return List.copyOf(byCallId.values());
    }
}
