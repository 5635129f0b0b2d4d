package org.confero.server.sip.overload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class AdmissionControlTest {
    private static final long MS = 1_000_000L;

    @Test
    void admitsTheConfiguredRateAndRefusesTheRest() {
        AdmissionControl admission = new AdmissionControl(100, () -> false, 0);
        int admitted = 0;
        for (int i = 0; i < 10_000; i++) { // 1,000 offers a second for 10 s
            if (admission.decide("flood", i * MS).admitted()) {
                admitted++;
            }
        }
        assertThat(admitted).isBetween(1_000, 1_025); // 100/s plus the initial burst
        assertThat(admission.refusedPercent()).isBetween(85, 95);
    }

    @Test
    void aCallerBelowItsFairShareGetsInDuringAFlood() {
        AdmissionControl admission = new AdmissionControl(100, () -> false, 0);
        int phoneAdmitted = 0;
        for (int i = 0; i < 10_000; i++) {
            admission.decide("flood", i * MS);
            if (i % 200 == 0 && admission.decide("phone", i * MS).admitted()) { // 5 calls a second
                phoneAdmitted++;
            }
        }
        assertThat(phoneAdmitted).isEqualTo(50);
    }

    @Test
    void whileTheMediaIsLateHeavySourcesAreRefused() {
        AtomicBoolean late = new AtomicBoolean(true);
        AdmissionControl admission = new AdmissionControl(100, late::get, 0);
        for (int i = 0; i < 2_000; i++) {
            admission.decide("flood", i * MS);
        }
        assertThat(admission.decide("flood", 2_000 * MS)).isEqualTo(AdmissionControl.Decision.REFUSE_MEDIA);
        assertThat(admission.decide("phone", 2_000 * MS).admitted()).isTrue();
        late.set(false);
        assertThat(admission.decide("flood", 2_100 * MS).admitted()).isTrue();
    }

    @Test
    void aBacklogOfCallsAwaitingTheirAckRefusesHeavySourcesThenEveryone() {
        java.util.concurrent.atomic.AtomicInteger awaitingAck = new java.util.concurrent.atomic.AtomicInteger();
        AdmissionControl admission = new AdmissionControl(100, () -> false, awaitingAck::get, 200, 0);
        int admitted = 0;
        int refusedForBacklog = 0;
        for (int i = 0; i < 10_000; i++) { // 1,000 offers a second for 10 s, none of them ever acknowledged
            AdmissionControl.Decision d = admission.decide("flood", i * MS);
            if (d.admitted()) {
                admitted++;
                awaitingAck.incrementAndGet();
            } else if (d == AdmissionControl.Decision.REFUSE_UNCONFIRMED) {
                refusedForBacklog++;
            }
        }
        assertThat(admitted).as("the backlog stops at its bound").isEqualTo(200);
        assertThat(refusedForBacklog).isGreaterThan(7_000);
        assertThat(admission.decide("phone", 10_000 * MS).admitted())
                .as("a light source still gets in above the bound").isTrue();
        awaitingAck.set(400);
        assertThat(admission.decide("phone", 10_001 * MS)).as("nobody above twice the bound")
                .isEqualTo(AdmissionControl.Decision.REFUSE_UNCONFIRMED);
        awaitingAck.set(0); // the INVITE transactions timed out: the backlog is gone
        assertThat(admission.decide("flood", 12_000 * MS).admitted()).isTrue();
    }
}
