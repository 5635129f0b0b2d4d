package org.confero.server.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code confero host add|list|remove} with the password on standard input (no terminal). */
class HostCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String stdin, String... args) {
        HostCommand command = new HostCommand(() -> null, new BufferedReader(new StringReader(stdin)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return command.run(List.of(args), Map.of());
    }

    private String data() {
        return "--data-dir=" + dir.resolve("data");
    }

    @Test
    void theFirstHostIsAdminThenHostsAreListedAndRemoved() {
        assertThat(run("quartz-lamp-71\n", "add", "principal", data())).isZero();
        assertThat(run("violet-kettle-52\n", "add", "teacher", data())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("host principal added (admin)", "host teacher added\n");
        out.reset();
        assertThat(run("", "list", data())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("principal  admin\nteacher\n");
        assertThat(run("", "remove", "teacher", data())).isZero();
        assertThat(run("", "remove", "teacher", data())).isEqualTo(HostCommand.FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no host named teacher");
    }

    @Test
    void weakPasswordsBadNamesAndDuplicatesAreRefused() {
        assertThat(run("\n", "add", "nurse", data())).isEqualTo(HostCommand.FAILED);
        assertThat(run("", "add", "nurse", data())).as("no input at all").isEqualTo(HostCommand.FAILED);
        assertThat(run("password123\n", "add", "nurse", data())).isEqualTo(HostCommand.FAILED);
        assertThat(run("nurse\n", "add", "nurse", data())).isEqualTo(HostCommand.FAILED);
        assertThat(run("quartz-lamp-71\n", "add", "bad name", data())).isEqualTo(HostCommand.USAGE);
        assertThat(run("quartz-lamp-71\n", "add", "nurse", data())).isZero();
        assertThat(run("violet-kettle-52\n", "add", "nurse", data())).isEqualTo(HostCommand.FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("must not be empty", "no password given",
                "too common", "exists already").doesNotContain("quartz-lamp-71", "password123");
        assertThat(run("", "frobnicate", data())).isEqualTo(HostCommand.USAGE);
        assertThat(run("", "add")).isEqualTo(HostCommand.USAGE);
    }
}
