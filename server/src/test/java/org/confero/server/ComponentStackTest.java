package org.confero.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComponentStackTest {
    @Test
    void partsStopInReverseStartOrderEvenWhenOneFailsToStop() {
        List<String> stopped = new ArrayList<>();
        ComponentStack stack = new ComponentStack();
        stack.add("mixer", () -> stopped.add("mixer"));
        stack.add("sip", () -> {
            stopped.add("sip");
            throw new IllegalStateException("socket already closed");
        });
        stack.add("http", () -> stopped.add("http"));

        stack.close();
        stack.close();

        assertThat(stopped).containsExactly("http", "sip", "mixer");
    }
}
