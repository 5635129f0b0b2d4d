package org.confero.server.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a process's resident memory from Linux's {@code /proc/<pid>/status} (proc(5): "VmRSS: 123456 kB"). */
final class ProcStatus {
    private ProcStatus() {}

    /** VmRSS in bytes for process {@code pid}, or -1 where /proc or the process is gone. */
    static long rssBytes(long pid) {
        try {
            return vmRssBytes(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The VmRSS line of a status file's text in bytes, or -1 when it has none (kernel threads, zombies). */
    static long vmRssBytes(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                String[] parts = line.substring("VmRSS:".length()).trim().split("\\s+");
                if (parts.length != 2 || !parts[1].equalsIgnoreCase("kB")) {
                    return -1;
                }
                try {
                    return Long.parseLong(parts[0]) * 1024;
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }
}
