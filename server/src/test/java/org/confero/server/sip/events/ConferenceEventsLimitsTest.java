package org.confero.server.sip.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.confero.server.metrics.Metrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The subscription table is bounded per source, per room and in all (admission only: no NOTIFY is sent). */
class ConferenceEventsLimitsTest {
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        worker.shutdownNow();
    }

    @Test
    void subscriptionsAreBoundedPerSourcePerRoomAndInAll() {
        ConferenceEvents events = new ConferenceEvents(null, null, null, "example.org", new Metrics(), worker,
                Clock.systemUTC(), new ConferenceEvents.Limits(3, 2, 5));
        assertThat(events.subscribe("c1", "a", "10.0.0.1", null, 600)).isEqualTo(ConferenceEvents.Admission.ACCEPTED);
        assertThat(events.subscribe("c2", "a", "10.0.0.1", null, 600)).isEqualTo(ConferenceEvents.Admission.ACCEPTED);
        assertThat(events.subscribe("c3", "a", "10.0.0.1", null, 600))
                .isEqualTo(ConferenceEvents.Admission.SOURCE_FULL);
        assertThat(events.subscribe("c4", "a", "127.0.0.2", null, 600)).isEqualTo(ConferenceEvents.Admission.ACCEPTED);
        assertThat(events.subscribe("c5", "a", "127.0.0.3", null, 600)).isEqualTo(ConferenceEvents.Admission.ROOM_FULL);
        assertThat(events.subscribe("c6", "b", "127.0.0.3", null, 600)).isEqualTo(ConferenceEvents.Admission.ACCEPTED);
        assertThat(events.subscribe("c7", "c", "127.0.0.4", null, 600)).isEqualTo(ConferenceEvents.Admission.ACCEPTED);
        assertThat(events.subscribe("c8", "d", "127.0.0.5", null, 600))
                .isEqualTo(ConferenceEvents.Admission.SERVER_FULL);
        assertThat(events.count()).isEqualTo(5);
    }
}
