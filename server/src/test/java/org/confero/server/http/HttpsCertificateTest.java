package org.confero.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.assertj.core.api.Assertions;
import org.confero.server.signalling.FakeBrowserCalls;
import org.confero.server.signalling.SignallingLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpsCertificateTest {
    @TempDir
    Path dataDir;

    @Test
    void selfSignedCertificateIsGeneratedOnceAndServesHttps() throws Exception {
        X509Certificate first;
        try (TestServer server = new TestServer(dataDir, new FakeBrowserCalls(), SignallingLimits.DEFAULTS)) {
            Path p12 = TlsKeystore.generatedPath(dataDir);
            Path pass = TlsKeystore.passwordPath(dataDir);
            assertThat(p12).isRegularFile();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pass))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p12))).isEqualTo("rw-------");

            KeyStore keyStore = new TlsKeystore(p12, Files.readString(pass).strip()).load();
            first = (X509Certificate) keyStore.getCertificate(TlsKeystore.ALIAS);
            assertThat(first.getPublicKey().getAlgorithm()).isEqualTo("EC");
            Collection<List<?>> sans = first.getSubjectAlternativeNames();
            assertThat(sans).anySatisfy(san -> assertThat(san.get(1)).isEqualTo("localhost"))
                    .anySatisfy(san -> assertThat(san.get(1)).isEqualTo("127.0.0.1"));
            long days = Duration.between(first.getNotBefore().toInstant(), first.getNotAfter().toInstant()).toDays();
            assertThat(days).isBetween(364L, 366L);

            HttpClient trusting = HttpClient.newBuilder().sslContext(trusting(first))
                    .connectTimeout(Duration.ofSeconds(5)).build();
            URI health = URI.create("https://127.0.0.1:" + server.server.httpsPort() + "/healthz");
            HttpResponse<String> response = trusting.send(HttpRequest.newBuilder(health).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body().strip()).isEqualTo("ok");

            // A client that does not trust the certificate must refuse it.
            HttpClient strict = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            Assertions.assertThatThrownBy(() -> strict.send(HttpRequest.newBuilder(health).build(),
                    HttpResponse.BodyHandlers.ofString())).isInstanceOf(SSLHandshakeException.class);
        }

        try (TestServer restarted = new TestServer(dataDir, new FakeBrowserCalls(), SignallingLimits.DEFAULTS)) {
            KeyStore again = new TlsKeystore(TlsKeystore.generatedPath(dataDir),
                    Files.readString(TlsKeystore.passwordPath(dataDir)).strip()).load();
            assertThat(again.getCertificate(TlsKeystore.ALIAS)).as("reused across restarts").isEqualTo(first);
            HttpClient trusting = HttpClient.newBuilder().sslContext(trusting(first)).build();
            HttpResponse<String> response = trusting.send(HttpRequest.newBuilder(URI.create(
                    "https://127.0.0.1:" + restarted.server.httpsPort() + "/api/join/demo")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
        }
    }

    private static SSLContext trusting(X509Certificate certificate) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("confero", certificate);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }
}
