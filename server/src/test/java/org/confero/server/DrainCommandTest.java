package org.confero.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.confero.server.peers.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code confero drain} when there is nothing to drain: clear messages and exit codes, no stack traces. */
class DrainCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int drain(String... args) {
        return DrainCommand.run(List.of(args), Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void withoutTheHttpPortThereIsNothingToTalkTo() {
        assertThat(drain("--http-port", "0", "--data-dir", dir.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("needs the HTTP port");
    }

    @Test
    void withoutARunningServerItSaysSo() {
        assertThat(drain("--bind", "127.0.0.1", "--http-port", String.valueOf(FreePorts.tcp()), "--data-dir",
                dir.toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no admin token in " + dir)
                .doesNotContain("Exception");
    }

    @Test
    void aBadOptionIsAConfigurationError() {
        assertThat(drain("--sip-port", "abc")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("confero drain: sip.port");
    }
}
