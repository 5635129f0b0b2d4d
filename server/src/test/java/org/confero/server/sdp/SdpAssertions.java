package org.confero.server.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

/** Checks every SDP we produce must pass, for the strictest peer. */
public final class SdpAssertions {
    private SdpAssertions() {}

    /**
     * RFC 8866 §5.7: every m-section, rejected ones too, has a c= line or inherits the session's; lines end in
     * CRLF (§5); no a= line appears twice in one section; the text parses back; and the whole grammar as the
     * {@link StrictSdpValidator} checks it.
     */
    public static SessionDescription assertStrictlyValid(String text) {
        assertThat(StrictSdpValidator.violations(text)).as("RFC 8866 violations in%n%s", text).isEmpty();
        assertThat(text).as("SDP").startsWith("v=0\r\n").endsWith("\r\n");
        assertThat(text.replace("\r\n", "")).as("bare CR or LF in %s", text).doesNotContain("\r", "\n");
        SdpParser.SdpResult parsed = SdpParser.parse(text);
        assertThat(parsed).as("parses: %s", text).isInstanceOf(SdpParser.SdpResult.Parsed.class);
        SessionDescription sdp = ((SdpParser.SdpResult.Parsed) parsed).sdp();
        for (MediaDescription m : sdp.media()) {
            assertThat(sdp.connectionFor(m)).as("effective c= of m=%s %d in%n%s", m.media(), m.port(), text)
                    .isPresent();
            Set<Attribute> seen = new HashSet<>();
            for (Attribute a : m.attributes()) {
                assertThat(seen.add(a)).as("duplicate a=%s in m=%s", a.name(), m.media()).isTrue();
            }
        }
        return sdp;
    }
}
