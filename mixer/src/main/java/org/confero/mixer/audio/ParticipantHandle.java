package org.confero.mixer.audio;

import org.confero.mixer.codec.AudioCodec;

/** What the server holds for one participant in a room's mix. Safe to use from any thread. */
public final class ParticipantHandle {
    private final AudioMixer mixer;
    private final Participant participant;

    ParticipantHandle(AudioMixer mixer, Participant participant) {
        this.mixer = mixer;
        this.participant = participant;
    }

    public String id() {
        return participant.id;
    }

    public AudioCodec sendCodec() {
        return participant.codec;
    }

    /** Stops this participant's input from reaching the mix; it still hears the room. */
    public void mute() {
        participant.muted = true;
    }

    public void unmute() {
        participant.muted = false;
    }

    public boolean isMuted() {
        return participant.muted;
    }

    /** Same as {@link AudioMixer#remove(String)} for this participant. */
    public void remove() {
        mixer.remove(participant.id);
    }

    public ParticipantStats stats() {
        return participant.stats();
    }
}
