package org.confero.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RtpPortAllocatorTest {
    @Test
    void handsOutEvenPortsRoundRobinAndRunsOut() {
        RtpPortAllocator ports = new RtpPortAllocator(20_001, 20_007);
        assertThat(ports.capacity()).isEqualTo(3);
        assertThat(ports.reserve()).isEqualTo(20_002);
        assertThat(ports.reserve()).isEqualTo(20_004);
        ports.release(20_002);
        assertThat(ports.reserve()).as("the freed port is not reused at once").isEqualTo(20_006);
        assertThat(ports.reserve()).isEqualTo(20_002);
        assertThat(ports.reserve()).isEqualTo(-1);
    }
}
