package org.confero.server.sip;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.parser.MessageParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.confero.server.fuzz.Fuzzer;
import org.confero.server.metrics.Metrics;
import org.confero.server.sdp.SdpParser;
import org.confero.server.sip.focus.DtmfInfoParser;
import org.confero.server.sip.stack.CountingMessageParserFactory;
import org.junit.jupiter.api.Test;

/**
 * 20,000 mutated SIP messages (seed 4475) through the stack's parser as Confero installs it, then through what our
 * handlers read of a parsed request (caller name, option tags, content type, body, SDP); 20,000 INFO bodies
 * through the DTMF parser. A parse may fail only with ParseException.
 */
class SipParserFuzzTest {
    private static final Fuzzer FUZZER = new Fuzzer(4475, 2_000, 32 * 1024 * 1024);

    @Test
    void sipMessagesParseOrFailWithParseException() throws Exception {
        MessageParser parser = new CountingMessageParserFactory(new Metrics()).createMessageParser(null);
        Fuzzer.Report report = FUZZER.run("sip-message", samples(), 20_000, Set.of(ParseException.class), input -> {
            SIPMessage m = parser.parseSIPMessage(input, true, false, null);
            if (m instanceof SIPRequest request) {
                SipHeaders.callerName(request);
                SipHeaders.supports(request, "timer");
                SipHeaders.transport(request);
                if (SipHeaders.isSdp(request)) {
                    SdpParser.parse(SipHeaders.body(request));
                }
                request.encode();
            }
        });
        System.out.println(report);
    }

    @Test
    void dtmfInfoBodiesGiveADigitOrNothing() throws Exception {
        List<byte[]> samples = List.of("Signal=5\r\nDuration=160\r\n".getBytes(StandardCharsets.US_ASCII),
                "Signal= #\r\n".getBytes(StandardCharsets.US_ASCII), "11".getBytes(StandardCharsets.US_ASCII));
        Fuzzer.Report report = FUZZER.run("dtmf-info", samples, 20_000, Set.of(), input -> {
            String body = new String(input, StandardCharsets.UTF_8);
            DtmfInfoParser.parse("dtmf-relay", body);
            DtmfInfoParser.parse("dtmf", body);
        });
        System.out.println(report);
    }

    private static List<byte[]> samples() throws Exception {
        List<byte[]> out = new ArrayList<>();
        Path corpus = Path.of(SipParserFuzzTest.class.getResource("/sip-corpus").toURI());
        try (Stream<Path> files = Files.list(corpus)) {
            for (Path f : files.sorted().toList()) {
                out.add(Files.readString(f, StandardCharsets.ISO_8859_1).replace("\r\n", "\n").replace("\n", "\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        for (String name : List.of("wsinv", "esc01", "longreq", "semiuri", "transports", "regescrt", "inv2543")) {
            try (InputStream in = SipParserFuzzTest.class.getResourceAsStream("/rfc4475/" + name + ".sip")) {
                out.add(new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${transport}", "UDP")
                        .replace("${client}", "127.0.0.1:5062").replace("${unique}", "")
                        .replaceAll("<repeat count=\\d+>", "").replace("</repeat>", "").replace("\n", "\r\n")
                        .getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        out.add(("INVITE sip:demo@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bK1\r\n"
                + "Max-Forwards: 70\r\nFrom: \"Ada\" <sip:ada@127.0.0.1>;tag=1\r\nTo: <sip:demo@127.0.0.1>\r\n"
                + "Call-ID: c1\r\nCSeq: 1 INVITE\r\nContact: <sip:ada@127.0.0.1:5062>\r\nSupported: timer\r\n"
                + "Session-Expires: 1800;refresher=uac\r\nContent-Type: application/sdp\r\nContent-Length: 98\r\n\r\n"
                + "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio 4000 RTP/AVP 0\r\na=sendrecv\r\n").getBytes(StandardCharsets.US_ASCII));
        return out;
    }
}
