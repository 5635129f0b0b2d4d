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
            if (message == null && bytes != null && bytes.length > 4) {
                count("empty parse result", bytes);
            }
            return message;
        } catch (ParseException | RuntimeException e) {
            count(e.getMessage(), bytes);
            throw e instanceof ParseException pe ? pe : new ParseException(String.valueOf(e.getMessage()), 0);
        }
    }

    private void count(String reason, byte[] bytes) {
        unparseable.increment();
        LOG.info("unparseable SIP message ({} bytes): {}", bytes == null ? 0 : bytes.length, abbreviate(reason));
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "-";
        }
        String oneLine = s.replaceAll("[\\r\\n]+", " ");
        return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 120) + "…";
    }
}
