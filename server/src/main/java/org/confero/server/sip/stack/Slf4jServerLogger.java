package org.confero.server.sip.stack;

import gov.nist.core.ServerLogger;
import gov.nist.javax.sip.message.SIPMessage;
import java.util.Properties;
import javax.sip.SipStack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JAIN-SIP's message log. Full messages carry digest responses and PIN digits, so only the first line is
 * written, and only at TRACE level; throughput work keeps it off.
 */
public final class Slf4jServerLogger implements ServerLogger {
    private static final Logger LOG = LoggerFactory.getLogger("org.confero.server.sip.stack.messages");

    @Override
    public void closeLogFile() {
        // nothing to close
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, boolean sender, long time) {
        trace(message, from, to, sender);
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, String status, boolean sender, long time) {
        trace(message, from, to, sender);
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, String status, boolean sender) {
        trace(message, from, to, sender);
    }

    private static void trace(SIPMessage message, String from, String to, boolean sender) {
        if (LOG.isTraceEnabled()) {
            LOG.trace("{} {} -> {}: {}", sender ? "sent" : "received", from, to, message.getFirstLine().trim());
        }
    }

    @Override
    public void logException(Exception ex) {
        LOG.warn("SIP message exception", ex);
    }

    @Override
    public void setStackProperties(Properties stackProperties) {
        // levels come from the SLF4J backend
    }

    @Override
    public void setSipStack(SipStack sipStack) {
        // not needed
    }
}
