package org.confero.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RtpPortAllocatorTest {
    @Test
    void handsOutEvenPortsOnceEachAndRunsOut() {
        RtpPortAllocator ports = new RtpPortAllocator(20_001, 20_007, new Random(7));
        assertThat(ports.capacity()).isEqualTo(3);
        Set<Integer> given = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            int p = ports.reserve();
            assertThat(p % 2).isZero();
            assertThat(p).isBetween(20_002, 20_006);
            assertThat(given.add(p)).as("port %d handed out twice", p).isTrue();
        }
        assertThat(ports.reserve()).isEqualTo(-1);
        ports.release(20_004);
        assertThat(ports.reserve()).isEqualTo(20_004);
    }

    @Test
    void consecutiveCallsGetUnpredictablePorts() {
        RtpPortAllocator ports = new RtpPortAllocator(20_000, 29_999, new Random(3550));
        int previous = ports.reserve();
        int steps = 0;
        for (int i = 0; i < 50; i++) {
            int next = ports.reserve();
            if (next == previous + 2) {
                steps++;
            }
            previous = next;
        }
        assertThat(steps).as("ports follow each other round-robin").isLessThan(3);
    }
}
