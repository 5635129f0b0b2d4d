package org.confero.server.signalling;

/**
 * Makes a syntactically valid SDP answer from a browser's offer (same media sections, DTLS role active), so that a
 * real browser accepts it in tests that only look at the page; ICE will not connect to it.
 */
final class BrowserAnswers {
    private BrowserAnswers() {}

    static String answerFor(String offer) {
        StringBuilder out = new StringBuilder();
        for (String line : offer.split("\r\n")) {
            if (line.startsWith("a=setup:")) {
                out.append("a=setup:active");
            } else if (line.equals("a=recvonly")) {
                out.append("a=sendonly");
            } else if (line.equals("a=sendonly")) {
                out.append("a=recvonly");
            } else if (line.startsWith("t=") && !offer.contains("\r\nc=")) {
                // RFC 8866 §5.7: a hand-written offer may lack c=; the answer still needs one
                out.append("c=IN IP4 0.0.0.0\r\n").append(line);
            } else if (line.startsWith("a=ice-options") || line.startsWith("a=extmap-allow-mixed")) {
                continue;
            } else {
                out.append(line);
            }
            out.append("\r\n");
        }
        return out.toString();
    }
}
