package org.confero.mixer.audio;

/** Told on the mixer's tick thread when a room's active speaker changes; must return quickly. */
@FunctionalInterface
public interface ActiveSpeakerListener {
    /** @param participantId the new active speaker, or null when the previous one left and nobody speaks */
    void activeSpeakerChanged(String participantId);
}
