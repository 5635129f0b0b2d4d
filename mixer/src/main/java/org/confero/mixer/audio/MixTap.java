package org.confero.mixer.audio;

/**
 * Receives a room's full mix (all talkers, 20 ms at 48 kHz mono) once per tick on the mixer's thread, for
 * recording or cascading to another node. The frame is valid only during the call; copy what you keep.
 */
@FunctionalInterface
public interface MixTap {
    void mixed(short[] frame);
}
