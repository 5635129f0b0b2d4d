package org.confero.server.sip.stack;

import gov.nist.core.StackLogger;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JAIN-SIP's internal log, forwarded to SLF4J so that the stack needs no log4j on the class path.
 * Named by the stack property {@code gov.nist.javax.sip.STACK_LOGGER}; the stack instantiates it by reflection.
 * The stack's chatter is shifted one level down (its DEBUG is our TRACE, its INFO our DEBUG) so that a server
 * logging at DEBUG is not drowned in per-message lines.
 */
public final class Slf4jStackLogger implements StackLogger {
    private static final Logger LOG = LoggerFactory.getLogger("org.confero.server.sip.stack.jain");

    @Override
    public void logStackTrace() {
        if (LOG.isTraceEnabled()) {
            LOG.trace("stack trace", new Throwable());
        }
    }

    @Override
    public void logStackTrace(int traceLevel) {
        logStackTrace();
    }

    @Override
    public int getLineCount() {
        return 0;
    }

    @Override
    public void logException(Throwable ex) {
        LOG.warn("SIP stack exception", ex);
    }

    @Override
    public void logDebug(String message) {
        LOG.trace(message);
    }

    @Override
    public void logDebug(String message, Exception ex) {
        LOG.trace(message, ex);
    }

    @Override
    public void logTrace(String message) {
        LOG.trace(message);
    }

    @Override
    public void logFatalError(String message) {
        LOG.error(message);
    }

    @Override
    public void logError(String message) {
        LOG.error(message);
    }

    @Override
    public boolean isLoggingEnabled() {
        return LOG.isDebugEnabled();
    }

    @Override
    public boolean isLoggingEnabled(int logLevel) {
        // gov.nist.core.LogLevels: higher numbers are chattier.
        if (logLevel >= TRACE_DEBUG) {
            return LOG.isTraceEnabled();
        }
        if (logLevel >= TRACE_INFO) {
            return LOG.isDebugEnabled();
        }
        return logLevel > TRACE_NONE && LOG.isWarnEnabled();
    }

    @Override
    public void logError(String message, Exception ex) {
        LOG.error(message, ex);
    }

    @Override
    public void logWarning(String message) {
        LOG.warn(message);
    }

    @Override
    public void logInfo(String message) {
        LOG.debug(message);
    }

    @Override
    public void disableLogging() {
        // SLF4J configuration decides.
    }

    @Override
    public void enableLogging() {
        // SLF4J configuration decides.
    }

    @Override
    public void setBuildTimeStamp(String buildTimeStamp) {
        LOG.debug("JAIN-SIP build {}", buildTimeStamp);
    }

    @Override
    public void setStackProperties(Properties stackProperties) {
        // Nothing to configure: levels come from the SLF4J backend.
    }

    @Override
    public String getLoggerName() {
        return LOG.getName();
    }
}
