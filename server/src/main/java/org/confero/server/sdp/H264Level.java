package org.confero.server.sdp;

import java.util.Locale;
import java.util.Optional;

/**
 * The H.264 {@code profile-level-id} of an offer (RFC 6184 §8.1) as far as we answer it: whether our Constrained
 * Baseline encoder can serve it, and the level to answer with.
 *
 * @param profileIdc profile_idc (0x42 Baseline, 0x4D Main, 0x64 High)
 * @param profileIop the constraint_set flags byte
 * @param levelIdc level_idc (10 × the level number; 9 or 11 with constraint_set3 in Baseline is level 1b)
 */
public record H264Level(int profileIdc, int profileIop, int levelIdc) {
    /** RFC 6184 §8.1: without profile-level-id, Baseline at level 1 is inferred. */
    public static final H264Level DEFAULT = new H264Level(0x42, 0x00, 10);
    /** The highest level we answer with: 3.1 (1280×720), what the encoder is set up for. */
    public static final int MAX_LEVEL_IDC = 0x1f;

    public static Optional<H264Level> parse(String hex) {
        if (hex == null || hex.length() != 6) {
            return Optional.empty();
        }
        try {
            int value = Integer.parseInt(hex, 16);
            return Optional.of(new H264Level(value >> 16, (value >> 8) & 0xFF, value & 0xFF));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * A decoder of this profile decodes Constrained Baseline: Baseline itself, or Main/High with constraint_set1
     * (RFC 6184 §8.1: a stream that obeys constraint_set1 is decodable by Main-profile decoders and up).
     */
    public boolean baselineCompatible() {
        boolean constraintSet1 = (profileIop & 0x40) != 0;
        return profileIdc == 0x42 || ((profileIdc == 0x4D || profileIdc == 0x64) && constraintSet1);
    }

    /** Level 1b: level_idc 9, or 11 with constraint_set3 in a Baseline-family profile (H.264 §A.3.1). */
    boolean level1b() {
        return levelIdc == 9 || (levelIdc == 11 && (profileIop & 0x10) != 0 && profileIdc == 0x42);
    }

    /**
     * Our answer's profile-level-id: Constrained Baseline (42e0) at the offer's level capped at 3.1; a lower
     * offered level is echoed because the answer must not exceed it (RFC 6184 §8.2.2).
     */
    public String answerProfileLevelId() {
        if (level1b()) {
            return "42f00b"; // constraint_set3 with level_idc 11 means 1b
        }
        int level = Math.max(10, Math.min(levelIdc, MAX_LEVEL_IDC));
        return String.format(Locale.ROOT, "42e0%02x", level);
    }

    /** MaxFS in macroblocks of the answered level (H.264 Table A-1). */
    public int maxFrameSizeMacroblocks() {
        if (level1b()) {
            return 99;
        }
        int level = Math.min(levelIdc, MAX_LEVEL_IDC);
        if (level <= 10) {
            return 99;
        }
        if (level <= 20) {
            return 396;
        }
        if (level == 21) {
            return 792;
        }
        if (level <= 30) {
            return 1620;
        }
        return 3600;
    }
}
