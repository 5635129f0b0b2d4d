package org.confero.server.meeting;

/**
 * Told what becomes of someone waiting in the lobby; called on the meeting's event thread, never the caller's and
 * never under a lock. At most one of the two is called, once.
 */
public interface LobbyListener {
    /** A host admitted them, or the meeting opened: they enter the meeting now (through {@link Meeting#join}). */
    void admitted();

    /** A host denied them, removed them or ended the meeting: they leave. */
    void denied();
}
