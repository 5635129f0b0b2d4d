package org.confero.server.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.confero.server.peers.Rgb;

/**
 * What a page's browser receives as video: the inbound video stats of its RTCPeerConnection and the pixels of
 * the {@code <video>} element that plays it, drawn into a canvas. Works on Confero's web client ({@link
 * #ofConferoClient}: {@code window.confero.pc}, {@code [data-testid='remote-video']}) and on any test page.
 *
 * <pre>{@code
 * try (ChromiumPage page = ChromiumPage.start(FfmpegTools.solidColourY4m(dir.resolve("blue.y4m"), "blue", 640, 360))) {
 *     page.join(base, "demo", "Ada");
 *     BrowserVideo video = BrowserVideo.ofConferoClient(page);
 *     InboundVideo in = video.awaitFramesDecoded(30, Duration.ofSeconds(15));
 *     List<Rgb> tiles = video.awaitPixels(px -> px.get(0).isCloseTo(Rgb.BLUE, 30), Duration.ofSeconds(10), 0.25, 0.25);
 * }
 * }</pre>
 */
final class BrowserVideo {
    private static final Duration POLL = Duration.ofMillis(200);

    private final ChromiumPage page;
    private final String pc;
    private final String videoSelector;

    /**
     * @param pcExpression  a JavaScript expression for the page's RTCPeerConnection (may be null while not yet
     *                      connected), e.g. {@code window.confero.pc}
     * @param videoSelector a CSS selector of the {@code <video>} that plays the received track
     */
    BrowserVideo(ChromiumPage page, String pcExpression, String videoSelector) {
        this.page = page;
        this.pc = pcExpression;
        this.videoSelector = videoSelector;
    }

    /** Confero's own room page: {@code window.confero.pc} and the remote video element of room.html. */
    static BrowserVideo ofConferoClient(ChromiumPage page) {
        return new BrowserVideo(page, "window.confero.pc", "[data-testid='remote-video']");
    }

    /** The receiving side's stats of one inbound video stream (the one with most decoded frames). */
    record InboundVideo(long framesDecoded, long framesReceived, int frameWidth, int frameHeight,
            long keyFramesDecoded, long packetsReceived, long packetsLost, long pliCount, long nackCount,
            long firCount, String codec, String decoderImplementation) {
    }

    /** The sending side's stats of the page's outbound video (its camera as it reaches the server). */
    record OutboundVideo(long framesEncoded, long keyFramesEncoded, int frameWidth, int frameHeight,
            long packetsSent, long pliCount, long nackCount, long firCount, String codec,
            String encoderImplementation) {
    }

    /** The current inbound video stats; empty while there is no connection or no inbound video stream. */
    Optional<InboundVideo> inboundVideo() {
        return stats("inbound-rtp", "framesDecoded").map(s -> new InboundVideo(num(s, "framesDecoded"),
                num(s, "framesReceived"), (int) num(s, "frameWidth"), (int) num(s, "frameHeight"),
                num(s, "keyFramesDecoded"), num(s, "packetsReceived"), num(s, "packetsLost"), num(s, "pliCount"),
                num(s, "nackCount"), num(s, "firCount"), str(s, "codec"), str(s, "decoderImplementation")));
    }

    Optional<OutboundVideo> outboundVideo() {
        return stats("outbound-rtp", "framesEncoded").map(s -> new OutboundVideo(num(s, "framesEncoded"),
                num(s, "keyFramesEncoded"), (int) num(s, "frameWidth"), (int) num(s, "frameHeight"),
                num(s, "packetsSent"), num(s, "pliCount"), num(s, "nackCount"), num(s, "firCount"), str(s, "codec"),
                str(s, "encoderImplementation")));
    }

    /** Waits until at least {@code frames} inbound video frames were decoded; fails with the last stats seen. */
    InboundVideo awaitFramesDecoded(long frames, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Optional<InboundVideo> last = Optional.empty();
        do {
            last = inboundVideo();
            if (last.isPresent() && last.get().framesDecoded() >= frames) {
                return last.get();
            }
            sleep();
        } while (System.nanoTime() < deadline);
        throw new AssertionError("fewer than " + frames + " video frames decoded within " + timeout.toMillis()
                + " ms; last inbound video stats: " + last.map(Object::toString).orElse("none"));
    }

    /**
     * The received video's colour at each position ({@code fx, fy} pairs as fractions of its width and height,
     * so 0.5, 0.5 is the centre), each the mean of a 5×5 patch. Empty while the element has no frame yet.
     */
    List<Rgb> pixels(double... fractions) {
        if (fractions.length == 0 || fractions.length % 2 != 0) {
            throw new IllegalArgumentException("positions are fx, fy pairs");
        }
        StringBuilder positions = new StringBuilder("[");
        for (int i = 0; i < fractions.length; i += 2) {
            positions.append(String.format(Locale.ROOT, "%s[%.6f,%.6f]", i == 0 ? "" : ",", fractions[i],
                    fractions[i + 1]));
        }
        positions.append(']');
        Object result = page.asyncScript("const v = document.querySelector(" + jsString(videoSelector) + ");"
                + "if (!v || !v.videoWidth) return [];"
                + "const w = v.videoWidth, h = v.videoHeight, c = document.createElement('canvas');"
                + "c.width = w; c.height = h; const g = c.getContext('2d', {willReadFrequently: true});"
                + "g.drawImage(v, 0, 0, w, h);"
                + "return " + positions + ".map(([fx, fy]) => {"
                + "  const x = Math.min(w - 5, Math.max(0, Math.floor(fx * w) - 2));"
                + "  const y = Math.min(h - 5, Math.max(0, Math.floor(fy * h) - 2));"
                + "  const d = g.getImageData(x, y, 5, 5).data; const sum = [0, 0, 0];"
                + "  for (let i = 0; i < d.length; i += 4) { sum[0] += d[i]; sum[1] += d[i + 1]; sum[2] += d[i + 2]; }"
                + "  return sum.map(s => Math.round(s / (d.length / 4)));"
                + "});");
        if (!(result instanceof List<?> list)) {
            throw new IllegalStateException("sampling " + videoSelector + " failed: " + result);
        }
        List<Rgb> colours = new ArrayList<>();
        for (Object item : list) {
            List<?> rgb = (List<?>) item;
            colours.add(new Rgb(((Number) rgb.get(0)).intValue(), ((Number) rgb.get(1)).intValue(),
                    ((Number) rgb.get(2)).intValue()));
        }
        return colours;
    }

    /** The centres of a {@code columns}×{@code rows} grid, row by row from the top left, for {@link #pixels}. */
    static double[] tileCentres(int columns, int rows) {
        double[] positions = new double[columns * rows * 2];
        for (int i = 0; i < columns * rows; i++) {
            positions[2 * i] = (i % columns + 0.5) / columns;
            positions[2 * i + 1] = (i / columns + 0.5) / rows;
        }
        return positions;
    }

    /** Polls {@link #pixels} until {@code condition} holds; fails with the last sample after {@code timeout}. */
    List<Rgb> awaitPixels(Predicate<List<Rgb>> condition, Duration timeout, double... fractions) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Rgb> last = List.of();
        do {
            last = pixels(fractions);
            if (!last.isEmpty() && condition.test(last)) {
                return last;
            }
            sleep();
        } while (System.nanoTime() < deadline);
        throw new AssertionError("received video never matched within " + timeout.toMillis() + " ms; last pixels "
                + (last.isEmpty() ? "none (no frame in " + videoSelector + ")" : last) + ", video "
                + videoSize().map(d -> d[0] + "x" + d[1]).orElse("absent"));
    }

    /** Waits until each position shows its expected colour within {@code tolerance} (≥ 30 for Chromium). */
    List<Rgb> awaitColours(List<Rgb> expected, int tolerance, Duration timeout, double... fractions) {
        return awaitPixels(got -> {
            for (int i = 0; i < expected.size(); i++) {
                if (!got.get(i).isCloseTo(expected.get(i), tolerance)) {
                    return false;
                }
            }
            return true;
        }, timeout, fractions);
    }

    /** The video element's intrinsic size (width, height) once it has a frame. */
    Optional<int[]> videoSize() {
        Object size = page.script("const v = document.querySelector(" + jsString(videoSelector) + ");"
                + "return v && v.videoWidth ? [v.videoWidth, v.videoHeight] : null;");
        if (!(size instanceof List<?> wh)) {
            return Optional.empty();
        }
        return Optional.of(new int[] {((Number) wh.get(0)).intValue(), ((Number) wh.get(1)).intValue()});
    }

    @SuppressWarnings("unchecked")
    private Optional<Map<String, Object>> stats(String type, String rankBy) {
        Object result = page.asyncScript("const pc = " + pc + "; if (!pc) return null;"
                + "const report = await pc.getStats(); const codecs = {}; let best = null;"
                + "report.forEach(s => { if (s.type === 'codec') codecs[s.id] = s.mimeType"
                + " + (s.sdpFmtpLine ? ' ' + s.sdpFmtpLine : ''); });"
                + "report.forEach(s => { if (s.type === '" + type + "' && s.kind === 'video'"
                + " && (!best || (s." + rankBy + " || 0) > (best." + rankBy + " || 0))) best = s; });"
                + "if (!best) return null;"
                + "const out = {}; for (const k in best) { const v = best[k];"
                + " if (typeof v === 'number' || typeof v === 'string') out[k] = v; }"
                + "out.codec = codecs[best.codecId] || ''; return out;");
        if (result instanceof String error && error.startsWith("error:")) {
            throw new IllegalStateException("getStats failed: " + error);
        }
        return Optional.ofNullable((Map<String, Object>) result);
    }

    private static long num(Map<String, Object> stats, String key) {
        return stats.get(key) instanceof Number n ? n.longValue() : 0;
    }

    private static String str(Map<String, Object> stats, String key) {
        return stats.get(key) instanceof String s ? s : "";
    }

    private static String jsString(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
