package org.confero.server.sip.location;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.confero.server.sip.registrar.Binding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bindings as a tab-separated text file: one binding a line, written to a temporary file and moved over the old
 * one, so a crash mid-write never leaves half a file. Lines that do not parse are skipped and counted in the log.
 */
public final class FileBindingStore implements BindingStore {
    private static final Logger LOG = LoggerFactory.getLogger(FileBindingStore.class);
    private static final String HEADER = "# confero sip bindings v1: aor contact call-id cseq expires-at-ms q received path";
    /** A file longer than this is not ours to trust (the tables are bounded far below it). */
    private static final long MAX_FILE_BYTES = 64L * 1024 * 1024;

    private final Path file;

    public FileBindingStore(Path file) {
        this.file = file;
    }

    @Override
    public Map<String, List<Binding>> load() throws IOException {
        Map<String, List<Binding>> out = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return out;
        }
        if (Files.size(file) > MAX_FILE_BYTES) {
            throw new IOException(file + " is larger than " + MAX_FILE_BYTES + " bytes");
        }
        int skipped = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            try {
                List<String> path = f[7].isEmpty() ? List.of() : Arrays.asList(f[7].split("\u001f"));
                out.computeIfAbsent(f[0], k -> new ArrayList<>()).add(new Binding(f[1], f[2], Long.parseLong(f[3]),
                        Long.parseLong(f[4]), Float.parseFloat(f[5]), f[6], path));
            } catch (RuntimeException e) {
                skipped++;
            }
        }
        if (skipped > 0) {
            LOG.warn("{}: {} unreadable binding lines skipped", file, skipped);
        }
        return out;
    }

    @Override
    public void save(Map<String, List<Binding>> bindings) throws IOException {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        for (Map.Entry<String, List<Binding>> e : bindings.entrySet()) {
            for (Binding b : e.getValue()) {
                text.append(clean(e.getKey())).append('\t').append(clean(b.contact())).append('\t')
                        .append(clean(b.callId())).append('\t').append(b.cseq()).append('\t')
                        .append(b.expiresAtMillis()).append('\t').append(b.q()).append('\t')
                        .append(clean(b.received())).append('\t')
                        .append(String.join("\u001f", b.path().stream().map(FileBindingStore::clean).toList()))
                        .append('\n');
            }
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Parsed SIP values hold no tabs or newlines, but a stored file must not be bent by one that does. */
    private static String clean(String s) {
        return s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ').replace('\u001f', ' ');
    }
}
