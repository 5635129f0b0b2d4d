package org.confero.mixer.audio;

import org.confero.mixer.codec.Tones;

/** A participant who hums one steady tone (or is silent at amplitude 0). */
final class ToneInput implements AudioInput {
    private final double hz;
    private volatile double amplitude;
    private int index;

    ToneInput(double hz, double amplitude) {
        this.hz = hz;
        this.amplitude = amplitude;
    }

    static ToneInput silent() {
        return new ToneInput(0, 0);
    }

    void setAmplitude(double amplitude) {
        this.amplitude = amplitude;
    }

    @Override
    public boolean read(short[] frame) {
        if (amplitude == 0) {
            index++;
            return false;
        }
        Tones.fillSine(frame, hz, amplitude, index++);
        return true;
    }
}
