package org.confero.mixer.video;

import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.Locale;

import org.confero.mixer.codec.Overlay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders names and initials once into small grey overlays with java.awt (headless). Called when a name or a
 * tile size changes, never per frame. Without fonts (a server image lacking fontconfig fonts) AWT fails; then
 * every call returns null and tiles go without text rather than the room failing.
 */
final class TextRenderer {
    private static final Logger LOG = LoggerFactory.getLogger(TextRenderer.class);
    static final int LABEL_FONT_PX = 16;
    private static final int LABEL_PADDING = 4;
    /** Coverage of the label's dark box: the name stays readable on any picture. */
    private static final int LABEL_BOX_ALPHA = 150;
    private static volatile boolean unavailable;

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private TextRenderer() {
    }

    /** A name label: white text on a half-transparent dark box, at most {@code maxWidth} pixels wide. */
    static Overlay label(String text, int maxWidth) {
        if (text.isEmpty() || maxWidth < 4 * LABEL_PADDING) {
            return null;
        }
        Rendered r = render(text, Font.PLAIN, LABEL_FONT_PX, LABEL_PADDING, maxWidth);
        if (r == null) {
            return null;
        }
        byte[] alpha = new byte[r.coverage.length];
        for (int i = 0; i < alpha.length; i++) {
            alpha[i] = (byte) Math.max(r.coverage[i] & 0xFF, LABEL_BOX_ALPHA);
        }
        return new Overlay(r.width, r.height, r.coverage, alpha);
    }

    /** Large white initials, {@code sizePx} high, on a transparent background. */
    static Overlay initials(String initials, int sizePx) {
        if (initials.isEmpty() || sizePx < 6) {
            return null;
        }
        Rendered r = render(initials, Font.BOLD, sizePx, 0, Integer.MAX_VALUE);
        if (r == null) {
            return null;
        }
        byte[] white = new byte[r.coverage.length];
        java.util.Arrays.fill(white, (byte) 255);
        return new Overlay(r.width, r.height, white, r.coverage);
    }

    /** "Ada Lovelace" → "AL", "bob" → "B"; a phone number → its last two digits; nothing usable → "?". */
    static String initialsOf(String displayName) {
        String[] words = displayName.trim().split("\\s+");
        StringBuilder letters = new StringBuilder(2);
        for (String word : words) {
            if (!word.isEmpty() && Character.isLetter(word.codePointAt(0))) {
                letters.appendCodePoint(word.codePointAt(0));
            }
        }
        if (letters.length() > 0) {
            String all = letters.toString();
            String picked = all.codePointCount(0, all.length()) <= 2 ? all
                    : new String(Character.toChars(all.codePointAt(0)))
                            + new String(Character.toChars(all.codePointBefore(all.length())));
            return picked.toUpperCase(Locale.ROOT);
        }
        String digits = displayName.replaceAll("[^0-9]", "");
        return digits.isEmpty() ? "?" : digits.substring(Math.max(0, digits.length() - 2));
    }

    private record Rendered(int width, int height, byte[] coverage) {
    }

    private static Rendered render(String text, int style, int px, int padding, int maxWidth) {
        if (unavailable) {
            return null;
        }
        try {
            Font font = new Font(Font.SANS_SERIF, style, px);
            BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY);
            Graphics2D pg = probe.createGraphics();
            FontMetrics metrics = pg.getFontMetrics(font);
            pg.dispose();
            String shown = text;
            while (shown.length() > 1 && metrics.stringWidth(shown) + 2 * padding > maxWidth) {
                shown = shown.substring(0, shown.length() - 1);
            }
            int width = Math.min(maxWidth, metrics.stringWidth(shown) + 2 * padding + 2);
            int height = metrics.getAscent() + metrics.getDescent() + 2 * padding;
            BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
            Graphics2D g = image.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(font);
            g.setColor(java.awt.Color.WHITE);
            g.drawString(shown, padding + 1, padding + metrics.getAscent());
            g.dispose();
            byte[] coverage = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
            return new Rendered(width, height, coverage.clone());
        } catch (RuntimeException | LinkageError | java.awt.AWTError | InternalError e) { // e.g. no fonts
            if (!unavailable) {
                unavailable = true;
                LOG.warn("text rendering unavailable, tiles will have no names or initials: {}", e.toString());
            }
            return null;
        }
    }
}
