package org.confero.server.sip.location;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.confero.server.sip.registrar.Binding;
import org.confero.server.sip.registrar.LocationService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBindingStoreTest {
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(1_000_000), ZoneOffset.UTC);

    @Test
    void bindingsSurviveARestartWithTheirSourceAndPath(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sip-bindings.tsv");
        LocationService before = new LocationService(CLOCK, new FileBindingStore(file), 10, 100);
        before.update("sip:alice@example.org", "sip:alice@10.0.0.1:5060", "c1", 1, 600, 0.7f, "udp:192.0.2.7:40000",
                List.of("<sip:edge.example.org;lr>"));
        before.update("sip:bob@example.org", "sip:bob@10.0.0.2", "c2", 1, 300, 1.0f);
        before.flush();
        assertThat(Files.readString(file)).doesNotContain("\t\t\t");

        LocationService after = new LocationService(CLOCK, new FileBindingStore(file), 10, 100);
        after.restore();
        assertThat(after.bindings("sip:alice@example.org")).singleElement().satisfies(b -> {
            assertThat(b.contact()).isEqualTo("sip:alice@10.0.0.1:5060");
            assertThat(b.q()).isEqualTo(0.7f);
            assertThat(b.received()).isEqualTo("udp:192.0.2.7:40000");
            assertThat(b.path()).containsExactly("<sip:edge.example.org;lr>");
            assertThat(b.expiresAtMillis()).isEqualTo(1_000_000 + 600_000);
        });
        assertThat(after.size()).isEqualTo(2);
    }

    @Test
    void aWriteReplacesTheFileWholeAndLeavesNoTemporaryFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sip-bindings.tsv");
        FileBindingStore store = new FileBindingStore(file);
        store.save(java.util.Map.of("sip:a@x", List.of(new Binding("sip:a@1.2.3.4", "c", 1, 2_000_000, 1f))));
        store.save(java.util.Map.of());
        assertThat(store.load()).isEmpty();
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void unreadableLinesAreSkippedAndLapsedBindingsAreNotRestored(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sip-bindings.tsv");
        Files.writeString(file, "garbage\tline\n"
                + "sip:a@x\tsip:a@1.2.3.4\tc\t1\t999999\t1.0\t\t\n"      // lapsed before CLOCK's now
                + "sip:a@x\tsip:a@5.6.7.8\tc\t1\t2000000\t1.0\t\t\n");
        LocationService locations = new LocationService(CLOCK, new FileBindingStore(file), 10, 100);
        locations.restore();
        assertThat(locations.bindings("sip:a@x")).extracting(Binding::contact).containsExactly("sip:a@5.6.7.8");
    }
}
