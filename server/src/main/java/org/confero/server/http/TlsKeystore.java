package org.confero.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.Base64;
import org.confero.server.config.HttpConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PKCS#12 keystore HTTPS serves with: the configured one, or a self-signed one kept in
 * {@code <dataDir>/tls/confero.p12} with its random password in {@code confero.p12.password} beside it (both
 * readable by the owner only), generated at first start and reused afterwards.
 */
public record TlsKeystore(Path path, String password) {
    private static final Logger LOG = LoggerFactory.getLogger(TlsKeystore.class);
    static final String ALIAS = "confero";

    public static Path generatedPath(Path dataDir) {
        return dataDir.resolve("tls").resolve("confero.p12");
    }

    public static Path passwordPath(Path dataDir) {
        return dataDir.resolve("tls").resolve("confero.p12.password");
    }

    /** Loads the keystore to check it opens; the caller hands path and password to Jetty. */
    public KeyStore load() throws IOException, GeneralSecurityException {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(path)) {
            keyStore.load(in, password.toCharArray());
        }
        return keyStore;
    }

    /** The configured keystore, or the self-signed one in the data directory (generated at first use). */
    public static TlsKeystore resolve(HttpConfig config, Path dataDir, String bindAddress)
            throws IOException, GeneralSecurityException {
        if (config.keystore().isPresent()) {
            TlsKeystore configured = new TlsKeystore(config.keystore().get(), config.keystorePassword());
            configured.load();
            LOG.info("HTTPS uses the configured keystore {}", configured.path);
            return configured;
        }
        Path p12 = generatedPath(dataDir);
        Path pass = passwordPath(dataDir);
        if (Files.isRegularFile(p12) && Files.isRegularFile(pass)) {
            TlsKeystore existing = new TlsKeystore(p12, Files.readString(pass, StandardCharsets.UTF_8).strip());
            try {
                existing.load();
                LOG.info("HTTPS uses the self-signed certificate in {}", p12);
                return existing;
            } catch (IOException | GeneralSecurityException e) {
                LOG.warn("cannot open {} ({}); generating a new self-signed certificate", p12, e.toString());
            }
        }
        return generate(p12, pass, bindAddress);
    }

    private static TlsKeystore generate(Path p12, Path pass, String bindAddress)
            throws IOException, GeneralSecurityException {
        Files.createDirectories(p12.getParent());
        restrictToOwner(p12.getParent(), "rwx------");
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);

        SelfSignedCertificate cert = SelfSignedCertificate.generate(SelfSignedCertificate.defaultNames(bindAddress));
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(null, null);
        keyStore.setKeyEntry(ALIAS, cert.keyPair().getPrivate(), password.toCharArray(),
                new Certificate[] {cert.certificate()});

        writeOwnerOnly(pass, out -> out.write(password.getBytes(StandardCharsets.UTF_8)));
        writeOwnerOnly(p12, out -> {
            try {
                keyStore.store(out, password.toCharArray());
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot write keystore", e);
            }
        });
        LOG.info("generated a self-signed certificate for {} in {}", cert.certificate().getSubjectX500Principal(), p12);
        return new TlsKeystore(p12, password);
    }

    private interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /** Writes to a temporary file that only the owner can read, then moves it into place. */
    private static void writeOwnerOnly(Path target, Writer writer) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp);
        restrictToOwner(tmp, "rw-------");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            writer.write(out);
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void restrictToOwner(Path path, String permissions) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        }
    }

    @Override
    public String toString() {
        return "TlsKeystore[" + path + "]";
    }
}
