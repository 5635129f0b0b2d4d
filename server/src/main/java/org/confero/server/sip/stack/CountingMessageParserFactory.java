package org.confero.server.sip.stack;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.parser.MessageParser;
import gov.nist.javax.sip.parser.MessageParserFactory;
import gov.nist.javax.sip.parser.ParseExceptionListener;
import gov.nist.javax.sip.parser.StringMsgParserFactory;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.text.ParseException;
import org.confero.server.metrics.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stack's own message parser, with every message it cannot parse counted and logged once. JAIN-SIP then
 * answers 400 where it still can (a request with a usable Via) or drops the datagram.
 */
public final class CountingMessageParserFactory implements MessageParserFactory {
    private static final Logger LOG = LoggerFactory.getLogger(CountingMessageParserFactory.class);

    private final MessageParserFactory delegate = new StringMsgParserFactory();
    private final Metrics.Counter unparseable;

    public CountingMessageParserFactory(Metrics metrics) {
        this.unparseable = metrics.counter("sip_unparseable_messages_total", "SIP messages that could not be parsed");
    }

    @Override
    public MessageParser createMessageParser(SIPTransactionStack stack) {
        MessageParser parser = delegate.createMessageParser(stack);
        return (bytes, readBody, strict, listener) -> parse(parser, bytes, readBody, strict, listener);
    }

    private SIPMessage parse(MessageParser parser, byte[] bytes, boolean readBody, boolean strict,
            ParseExceptionListener listener) throws ParseException {
        try {
            SIPMessage message = parser.parseSIPMessage(bytes, readBody, strict, listener);
            if (message == null) {
                if (bytes != null && bytes.length > 4) {
                    count("empty parse result", bytes); // short ones are keep-alive CRLFs (RFC 5626 §4.4.1)
                }
                return null;
            }
            String missing = missingMandatoryHeader(message);
            if (missing != null) {
                // RFC 3261 §8.1.1: without these the stack cannot even answer; it drops the message.
                count("no " + missing + " header", bytes);
            } else if (readBody) {
                // stream transports (TCP, TLS) parse the headers alone first and attach the body afterwards
                String bad = inconsistency(message);
                if (bad != null) {
                    count(bad, bytes);
                }
            }
            return message;
        } catch (ParseException | RuntimeException e) {
            count(e.getMessage(), bytes);
            throw e instanceof ParseException pe ? pe : new ParseException(String.valueOf(e.getMessage()), 0);
        }
    }

    /** Faults the stack itself answers with 400 after parsing; we only count them. */
    private static String inconsistency(SIPMessage m) {
        if (m instanceof gov.nist.javax.sip.message.SIPRequest r && r.getCSeq() != null
                && !r.getMethod().equals(r.getCSeq().getMethod())) {
            return "CSeq method differs from the request method"; // RFC 3261 §8.1.1.5
        }
        if (m.getContentLength() != null) {
            int declared = m.getContentLength().getContentLength();
            byte[] body = m.getRawContent();
            if (declared > (body == null ? 0 : body.length)) {
                return "Content-Length larger than the body"; // RFC 3261 §18.3
            }
        }
        return null;
    }

    private static String missingMandatoryHeader(SIPMessage m) {
        if (m.getTopmostVia() == null) {
            return "Via";
        }
        if (m.getCallId() == null) {
            return "Call-ID";
        }
        if (m.getCSeq() == null) {
            return "CSeq";
        }
        if (m.getFrom() == null) {
            return "From";
        }
        return m.getTo() == null ? "To" : null;
    }

    private void count(String reason, byte[] bytes) {
        unparseable.increment();
        long n = unparseable.get();
        // A flood must not flood the log too: the first few, then every 100th; the counter has them all.
        if (n <= 20 || n % 100 == 0) {
            LOG.info("unparseable SIP message #{} ({} bytes): {}", n, bytes == null ? 0 : bytes.length, printable(reason));
        }
    }

    /** Parser messages quote the input: keep printable ASCII only, so garbage cannot forge log lines. */
    private static String printable(String s) {
        if (s == null) {
            return "-";
        }
        StringBuilder out = new StringBuilder(Math.min(s.length(), 100));
        for (int i = 0; i < s.length() && out.length() < 100; i++) {
            char c = s.charAt(i);
            out.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return out.toString();
    }
}
