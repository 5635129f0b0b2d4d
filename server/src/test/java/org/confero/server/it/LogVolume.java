package org.confero.server.it;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.LoggerFactory;

/**
 * What the in-process server writes to its log while this is open, measured as the console writes it (the
 * pattern of {@code logback.xml}): lines, bytes, and the first lines kept to be searched.
 */
final class LogVolume implements AutoCloseable {
    private static final String CONSOLE_PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{0} - %msg%n";
    private static final int KEPT_LINES = 2_000;

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final PatternLayout layout = new PatternLayout();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicInteger lines = new AtomicInteger();
    private final ConcurrentLinkedQueue<String> kept = new ConcurrentLinkedQueue<>();
    private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            String line = layout.doLayout(event);
            bytes.addAndGet(line.getBytes(StandardCharsets.UTF_8).length);
            if (lines.incrementAndGet() <= KEPT_LINES) {
                kept.add(line);
            }
        }
    };

    LogVolume() {
        layout.setContext(root.getLoggerContext());
        layout.setPattern(CONSOLE_PATTERN);
        layout.start();
        appender.setContext(root.getLoggerContext());
        appender.start();
        root.addAppender(appender);
    }

    long bytes() {
        return bytes.get();
    }

    int lines() {
        return lines.get();
    }

    /** The kept lines that contain {@code text}. */
    List<String> linesContaining(String text) {
        return kept.stream().filter(l -> l.contains(text)).toList();
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
    }
}
