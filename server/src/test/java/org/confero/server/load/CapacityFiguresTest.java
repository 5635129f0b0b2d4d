package org.confero.server.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The capacity command's arithmetic: /proc and GC log parsing, the search over room counts, the soak's size. */
class CapacityFiguresTest {

    @Test
    void readsResidentMemoryFromAProcStatusFile() {
        String status = "Name:\tjava\nVmPeak:\t 9000000 kB\nVmSize:\t 8000000 kB\nVmRSS:\t  345678 kB\n"
                + "RssAnon:\t  300000 kB\nThreads:\t42\n";
        assertThat(ProcStatus.vmRssBytes(status)).isEqualTo(345_678L * 1024);
        assertThat(ProcStatus.vmRssBytes("Name:\tkthreadd\nThreads:\t1\n")).isEqualTo(-1);
        assertThat(ProcStatus.vmRssBytes("VmRSS:\t  12x kB\n")).isEqualTo(-1);
        assertThat(ProcStatus.rssBytes(ProcessHandle.current().pid())).isGreaterThan(1024L * 1024);
    }

    @Test
    void takesStopTheWorldPausesFromAUnifiedGcLogAndSkipsConcurrentPhases() {
        List<String> log = List.of(
                "[0.016s][info][gc] Using G1",
                "[1.318s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 10M->3M(200M) 29.460ms",
                "[4.100s][info][gc] GC(1) Pause Young (Concurrent Start) (G1 Humongous Allocation) 90M->80M(200M) "
                        + "2.5ms",
                "[4.150s][info][gc] GC(2) Concurrent Mark Cycle",
                "[4.300s][info][gc] GC(2) Pause Remark 85M->85M(200M) 1.204ms",
                "[4.310s][info][gc] GC(2) Pause Cleanup 85M->85M(200M) 0.061ms",
                "[4.400s][info][gc] GC(2) Concurrent Mark Cycle 250.123ms",
                "[9.000s][info][gc] GC(3) Pause Full (System.gc()) 50M->20M(200M) 41.000ms",
                "");
        assertThat(GcLogPauses.parse(log)).containsExactly(29.46, 2.5, 1.204, 0.061, 41.0);
    }

    @Test
    void quantilesAreNearestRankAndZeroWithoutPauses() {
        List<Double> pauses = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            pauses.add((double) i);
        }
        assertThat(GcLogPauses.quantile(pauses, 0.99)).isEqualTo(198.0);
        assertThat(GcLogPauses.quantile(pauses, 0.5)).isEqualTo(100.0);
        assertThat(GcLogPauses.quantile(pauses, 1.0)).isEqualTo(200.0);
        assertThat(GcLogPauses.quantile(List.of(3.0), 0.99)).isEqualTo(3.0);
        assertThat(GcLogPauses.quantile(List.of(), 0.99)).isZero();
    }

    @Test
    void searchDoublesUntilAFailureThenHalvesToOneShape() {
        // the machine holds 13 shapes: 1, 2, 4, 8, 16 (fail), 12, 14 (fail), 13
        CapacitySearch search = new CapacitySearch(40);
        List<Integer> tried = new ArrayList<>();
        for (OptionalInt k = search.next(); k.isPresent(); k = search.next()) {
            tried.add(k.getAsInt());
            search.record(k.getAsInt(), k.getAsInt() <= 13);
            assertThat(tried).hasSizeLessThan(20);
        }
        assertThat(tried).containsExactly(1, 2, 4, 8, 16, 12, 14, 13);
        assertThat(search.held()).isEqualTo(13);
        assertThat(search.capped()).isFalse();
    }

    @Test
    void searchStopsAtTheCeilingAndWhenTheFirstStepFails() {
        CapacitySearch capped = new CapacitySearch(5);
        List<Integer> tried = new ArrayList<>();
        for (OptionalInt k = capped.next(); k.isPresent(); k = capped.next()) {
            tried.add(k.getAsInt());
            capped.record(k.getAsInt(), true);
        }
        assertThat(tried).containsExactly(1, 2, 4, 5);
        assertThat(capped.held()).isEqualTo(5);
        assertThat(capped.capped()).isTrue();

        CapacitySearch none = new CapacitySearch(5);
        none.record(none.next().getAsInt(), false);
        assertThat(none.next()).isEmpty();
        assertThat(none.held()).isZero();
        assertThat(none.capped()).isFalse();
    }

    @Test
    void soakHoldsWholeRoomsAtTheShareOfTheCapacity() {
        CapacityOptions o = CapacityOptions.parse(List.of("--soak", "10m", "--soak-at", "80%", "--shapes", "2x50",
                "--server-env", "CONFERO_MEDIA_X=1", "--server-jvm", "-Xmx1g"));
        assertThat(o.soak()).isEqualTo(Duration.ofMinutes(10));
        assertThat(o.soakShare()).isEqualTo(0.8);
        assertThat(o.shapes()).containsExactly(new CapacityOptions.Shape(2, 50));
        assertThat(o.serverEnv()).isEqualTo(Map.of("CONFERO_MEDIA_X", "1"));
        assertThat(o.serverJvm()).containsExactly("-Xmx1g");
        assertThat(o.inProcess()).isFalse();
        assertThat(o.soakRooms(20)).isEqualTo(16); // 1,000 held in rooms of 50 -> 800
        assertThat(o.soakRooms(5)).isEqualTo(4);
        assertThat(o.soakRooms(1)).isEqualTo(1);
        assertThatThrownBy(() -> CapacityOptions.parse(List.of("--server-env", "JAVA_HOME=/x")))
                .hasMessageContaining("CONFERO_");
        assertThatThrownBy(() -> CapacityOptions.parse(List.of("--soak-at", "1.5"))).hasMessageContaining("share");
    }

    @Test
    void stepFiguresPerParticipantAndVerdictInTheOrderAnOperatorLooks() {
        long mb = 1024 * 1024;
        CapacityStep step = new CapacityStep(1_000, 50, "ok", 0, 0.001, 22, 41, 0.5, 0.7, 300 * mb, 400 * mb,
                410 * mb, List.of(1.0, 2.0, 9.0));
        assertThat(step.kbPerParticipant()).isEqualTo(102); // 100 MB over 1,000 participants
        assertThat(step.perServerCore()).isEqualTo(2_000.0);
        assertThat(step.gcP99()).isEqualTo(9.0);
        assertThat(CapacityStep.verdict(0, 0, 0.001, 41)).isEqualTo("ok");
        assertThat(CapacityStep.verdict(2, 3, 0.5, 99)).isEqualTo("FAIL (2 did not join)");
        assertThat(CapacityStep.verdict(0, 3, 0.5, 99)).isEqualTo("FAIL (mix overruns)");
        assertThat(CapacityStep.verdict(0, 0, 0.011, 99)).isEqualTo("FAIL (loss)");
        assertThat(CapacityStep.verdict(0, 0, 0.0, 61)).isEqualTo("FAIL (latency)");
        assertThat(CapacityStep.verdict(0, 0, 0.0, -1)).isEqualTo("FAIL (no latency samples)");
    }
}
