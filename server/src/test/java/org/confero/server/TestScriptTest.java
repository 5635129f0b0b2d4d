package org.confero.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/test.sh is the one test command: it must install only the missing peers, run {@code mvn -B verify} and
 * exit with Maven's code. Run here against stand-ins for apt-get, dpkg-query, java and mvn found first on PATH.
 */
class TestScriptTest {
    private static final Path SCRIPT = Path.of("..", "scripts", "test.sh").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void installsOnlyMissingPeersOnceThenRunsMavenVerifyAndReturnsItsExitCode() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path log = dir.resolve("calls.log");
        stub(bin, "dpkg-query", "case \"$*\" in *sip-tester*|*ffmpeg*|*sox*|*tshark*|*chromium|*fonts-dejavu-core*|*fontconfig*) "
                + "printf 'install ok installed';; *) exit 1;; esac");
        stub(bin, "apt-get", "echo \"apt-get $*\" >> " + log);
        stub(bin, "sudo", "\"$@\"");
        stub(bin, "id", "echo 0");
        stub(bin, "java", "echo 'openjdk version \"17.0.15\" 2025-04-15' >&2");
        stub(bin, "mvn", "echo \"mvn $*\" >> " + log + "; exit 3");

        ProcessBuilder builder = new ProcessBuilder("bash", SCRIPT.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.log").toFile());
        builder.environment().put("PATH", bin + ":/usr/bin:/bin");
        Process process = builder.start();
        try {
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(Files.readString(dir.resolve("out.log"))).isEqualTo(3);
            List<String> calls = Files.readAllLines(log);
            assertThat(calls).containsExactly(
                    "apt-get update",
                    "apt-get install -y --no-install-recommends baresip chromium-driver postgresql coturn"
                            + " redis-server redis-tools kamailio kamailio-redis-modules",
                    "mvn -B verify");
        } finally {
            process.destroyForcibly();
        }
    }

    private static void stub(Path bin, String name, String body) throws IOException {
        Path file = bin.resolve(name);
        Files.writeString(file, "#!/bin/bash\n" + body + "\n");
        assertThat(file.toFile().setExecutable(true)).isTrue();
    }
}
