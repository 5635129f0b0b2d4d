package org.confero.server.config;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machine's host name, the default SIP domain when Confero binds to every address. The kernel's name is read
 * first because {@link InetAddress#getLocalHost()} may ask a DNS resolver.
 */
final class HostName {
    private static final Path KERNEL_HOST_NAME = Path.of("/proc/sys/kernel/hostname");

    private HostName() {}

    static String local() {
        String fromEnv = System.getenv("HOSTNAME");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.strip();
        }
        try {
            String kernel = Files.readString(KERNEL_HOST_NAME, StandardCharsets.US_ASCII).strip();
            if (!kernel.isEmpty()) {
                return kernel;
            }
        } catch (IOException | SecurityException e) {
            // not Linux: fall back to the resolver
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
