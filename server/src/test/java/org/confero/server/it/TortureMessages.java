package org.confero.server.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The RFC 4475 messages in {@code src/test/resources/rfc4475/}, written in the RFC's own notation (§2): lines end
 * in CRLF on the wire; {@code <allOneLine>} joins the lines it encloses; {@code <repeat count=N>x</repeat>} is x N
 * times; {@code <hex>..</hex>} are raw octets. The only changes to the RFC's text are in the top Via: its sent-by
 * is {@code ${client}} and its transport {@code ${transport}}, so that answers come back to the test's socket on
 * loopback instead of the RFC's example hosts; and where the RFC reuses one plain branch (z9hG4bKkdjuw) in many
 * messages, {@code ${unique}} makes it unique per send, as RFC 3261 §8.1.1.7 requires: the stack matches server
 * transactions by branch and would take the second message for a retransmission of the first.
 */
final class TortureMessages {
    private static final Pattern REPEAT = Pattern.compile("<repeat count=(\\d+)>(.*?)</repeat>", Pattern.DOTALL);
    private static final Pattern HEX = Pattern.compile("<hex>([0-9A-Fa-f]*)</hex>");

    private TortureMessages() {}

    static byte[] render(String name, String transport, String client, String unique) {
        String text = read(name).replace("${transport}", transport).replace("${client}", client)
                .replace("${unique}", unique)
                .replace("\r\n", "\n").replace("\n", "\r\n")
                .replace("<allOneLine>\r\n", "").replace("\r\n</allOneLine>", "");
        Matcher repeat = REPEAT.matcher(text);
        StringBuilder expanded = new StringBuilder();
        while (repeat.find()) {
            repeat.appendReplacement(expanded, Matcher.quoteReplacement(
                    repeat.group(2).repeat(Integer.parseInt(repeat.group(1)))));
        }
        repeat.appendTail(expanded);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Matcher hex = HEX.matcher(expanded);
        int from = 0;
        while (hex.find()) {
            out.writeBytes(expanded.substring(from, hex.start()).getBytes(StandardCharsets.UTF_8));
            out.writeBytes(HexFormat.of().parseHex(hex.group(1)));
            from = hex.end();
        }
        out.writeBytes(expanded.substring(from).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static String read(String name) {
        try (InputStream in = TortureMessages.class.getResourceAsStream("/rfc4475/" + name + ".sip")) {
            if (in == null) {
                throw new IllegalArgumentException("no RFC 4475 message " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
