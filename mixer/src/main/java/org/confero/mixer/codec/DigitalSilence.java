package org.confero.mixer.codec;

/**
 * Payloads whose decoded audio is known without decoding: G.711 μ-law digital silence. Codes 0xFF and 0x7F are
 * +0 and −0 (ITU-T G.711 table 2a), which is what phones and gateways send while their VAD hears nothing and
 * nothing suppresses the packets. A-law has no zero code (its smallest is ±8), so it is never skipped.
 */
final class DigitalSilence {
    private DigitalSilence() {}

    static boolean isSilent(AudioCodec codec, byte[] payload, int offset, int length) {
        if (codec != AudioCodec.PCMU || length <= 0) {
            return false;
        }
        for (int i = offset; i < offset + length; i++) {
            if ((payload[i] & 0x7f) != 0x7f) {
                return false;
            }
        }
        return true;
    }
}
