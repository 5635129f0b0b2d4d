package org.confero.server.guard;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class SampledLogTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger("sampled-log-test");
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeEach
    void attach() {
        logger.setLevel(Level.INFO);
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(lines);
    }

    @Test
    void aFloodWithinOneIntervalWritesOneLineAndTheNextLineCountsTheRest() {
        SampledLog log = new SampledLog(logger, 1_000);
        for (int i = 0; i < 10_000; i++) {
            log.info(5_000 + i / 100, "INVITE {} rejected 403", "10.0.0.1:5060");
        }
        assertThat(lines.list).hasSize(1);
        assertThat(lines.list.get(0).getLevel()).isEqualTo(Level.INFO);

        log.info(6_000, "INVITE {} rejected 403", "10.0.0.1:5060");
        assertThat(lines.list).hasSize(2);
        assertThat(lines.list.get(1).getFormattedMessage())
                .isEqualTo("INVITE 10.0.0.1:5060 rejected 403 (and 9999 more like it not logged)");
    }

    @Test
    void warningsKeepTheirLevel() {
        SampledLog log = new SampledLog(logger, 1_000);
        log.warn(0, "flood from {}", "10.0.0.2");
        log.warn(10, "flood from {}", "10.0.0.2");
        assertThat(lines.list).singleElement().satisfies(e -> assertThat(e.getLevel()).isEqualTo(Level.WARN));
    }
}
