package org.confero.server.sip;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * New calls between the INVITE's 100 Trying and their entry in the call registry (queued for, or in, the room
 * join): a CANCEL that arrives in that window marks the call here, so its setup ends with 487 instead of the
 * caller being answered after it gave up (RFC 3261 §9.2). Each entry is a two-stage machine moved only by
 * compare-and-set, so a CANCEL and the end of the setup never both win. Entries live only while their setup is
 * queued or running, so the table is bounded by the setup pool ({@link CallSetupPool}).
 */
final class PendingInvites {
    private enum Stage { SETTING_UP, CANCELLED }

    private final ConcurrentMap<String, Stage> stages = new ConcurrentHashMap<>();

    /** Opens the window; false when a setup for this Call-ID is already under way (a second INVITE). */
    boolean begin(String callId) {
        return stages.putIfAbsent(callId, Stage.SETTING_UP) == null;
    }

    /** True when the call was being set up: the setup will answer its INVITE 487. */
    boolean cancel(String callId) {
        return stages.replace(callId, Stage.SETTING_UP, Stage.CANCELLED);
    }

    /** True when a CANCEL came in; the setup may skip work it would only undo. */
    boolean cancelled(String callId) {
        return stages.get(callId) == Stage.CANCELLED;
    }

    /** Ends the window (idempotent); true when a CANCEL came in during it. */
    boolean end(String callId) {
        return stages.remove(callId) == Stage.CANCELLED;
    }

    int size() {
        return stages.size();
    }
}
