package org.confero.server.peers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.confero.mixer.video.VideoCodec;
import org.confero.server.peers.BaresipConfig.AudioSource;
import org.confero.server.peers.BaresipConfig.PhoneCodec;
import org.confero.server.peers.BaresipConfig.Registration;

/**
 * A real baresip 1.0 phone in a child process, driven through its {@code ctrl_tcp} socket. It sends a tone (or a
 * WAV file), records what it hears into {@code dump-<time>-dec.wav} and what it sends into {@code …-enc.wav},
 * and {@link #close()} always ends the process.
 *
 * <pre>{@code
 * try (BaresipPhone b = BaresipPhone.builder("b").tone(1100).codecs(PCMU).autoAnswer().start();
 *      BaresipPhone a = BaresipPhone.builder("a").tone(700).codecs(PCMU).start()) {
 *     a.dial(b.directUri());
 *     a.waitForEvent("CALL_ESTABLISHED", Duration.ofSeconds(5));
 *     Thread.sleep(2000);
 *     a.hangup();
 *     b.waitForEvent("CALL_CLOSED", Duration.ofSeconds(5));
 *     double heard = ToneAnalysis.steadyLevelDbfs(a.recordingOfWhatItHeard(), 1100, Duration.ofMillis(300));
 * }
 * }</pre>
 */
public final class BaresipPhone implements AutoCloseable {
    private static final Path ROOT = Path.of("target", "peers").toAbsolutePath();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration QUIT_TIMEOUT = Duration.ofSeconds(3);
    private static final int START_ATTEMPTS = 3;

    private final BaresipConfig config;
    private final Path dir;
    private final ChildProcess process;
    private final BaresipControl control;

    private BaresipPhone(BaresipConfig config, Path dir, ChildProcess process, BaresipControl control) {
        this.config = config;
        this.dir = dir;
        this.process = process;
        this.control = control;
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The address to dial this phone directly on 127.0.0.1 (no registrar involved). */
    public String directUri() {
        return config.directUri();
    }

    public String name() {
        return config.name();
    }

    public int sipPort() {
        return config.sipPort();
    }

    public BaresipConfig config() {
        return config;
    }

    /** The phone's own directory: config, accounts, {@code baresip.log}, {@code rec/}. Kept for diagnostics. */
    public Path directory() {
        return dir;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** Starts a call; the outcome arrives as events ({@code CALL_ESTABLISHED}, {@code CALL_CLOSED}). */
    public void dial(String uri) {
        require("dial", uri);
    }

    /** Answers the ringing call of a phone built without auto-answer. */
    public void accept() {
        require("accept", null);
    }

    /** Hangs up the current call. */
    public void hangup() {
        require("hangup", null);
    }

    /**
     * Mutes or unmutes the current call: baresip keeps sending RTP, with silent samples. baresip only offers a
     * toggle ({@code mute}), whose answer ("call muted" / "call un-muted") tells the new state.
     */
    public void setMuted(boolean muted) {
        for (int attempt = 0; attempt < 2; attempt++) {
            String answer = require("mute", null).data();
            if (answer.contains("un-muted") != muted) {
                return;
            }
        }
        throw new AssertionError(name() + ": mute did not reach state muted=" + muted + "\n" + diagnostics());
    }

    /** Any ctrl_tcp command (e.g. {@code callstat}, {@code listcalls}, {@code reginfo}, {@code ausrc}). */
    public BaresipControl.Response command(String command, String params) {
        return control.command(command, params, COMMAND_TIMEOUT);
    }

    /**
     * Waits for the next event of {@code type} that no earlier wait for that type returned, and fails with the
     * phone's events and log when none comes within {@code timeout} or the process ends first.
     */
    public BaresipEvent waitForEvent(String type, Duration timeout) {
        return control.nextEvent(type, timeout).orElseThrow(() -> new AssertionError(String.format(
                "%s: no %s within %d ms%s%n%s", name(), type, timeout.toMillis(),
                process.isAlive() ? "" : " (baresip has exited)", diagnostics())));
    }

    /**
     * Makes later waits ignore every event received so far, e.g. before a second call, so that
     * {@code waitForEvent("CALL_CLOSED", …)} cannot return the first call's.
     */
    public void markEventsSeen() {
        control.markAllSeen();
    }

    /** Every event received so far, oldest first. */
    public List<BaresipEvent> events() {
        return control.events();
    }

    /** What baresip printed so far (stdout and stderr). */
    public String log() {
        return process.log();
    }

    /** What this phone heard in its latest call: the newest {@code dump-*-dec.wav}. */
    public Path recordingOfWhatItHeard() {
        return newestRecording("-dec.wav");
    }

    /** What this phone sent in its latest call, after resampling, before encoding: the newest {@code -enc.wav}. */
    public Path recordingOfWhatItSent() {
        return newestRecording("-enc.wav");
    }

    /**
     * What the phone shows of the video it receives right now: baresip's snapshot module saves the next decoded
     * frame as a PNG ({@code snapshot_recv} over ctrl_tcp), read back here. Fails when no frame is decoded
     * within {@code timeout} (no video, or nothing decodable yet).
     */
    public RgbImage snapshotOfWhatItSees(Duration timeout) {
        return snapshot("snapshot_recv", "recv", timeout);
    }

    /** What the phone sends right now (fakevideo's bars, before encoding), as {@link #snapshotOfWhatItSees}. */
    public RgbImage snapshotOfWhatItSends(Duration timeout) {
        return snapshot("snapshot_send", "send", timeout);
    }

    private RgbImage snapshot(String command, String kind, Duration timeout) {
        if (config.video().isEmpty()) {
            throw new IllegalStateException(name() + " was built without video");
        }
        Path png;
        try {
            png = Files.createDirectories(dir.resolve("snapshots")).resolve(kind + "-" + System.nanoTime() + ".png");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        require(command, png.toString());
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException lastError = null;
        while (System.nanoTime() < deadline && process.isAlive()) {
            // the PNG is written from the video thread at the next frame; a half-written file fails to decode
            if (Files.exists(png)) {
                try {
                    return RgbImage.readImage(png);
                } catch (RuntimeException notComplete) {
                    lastError = notComplete;
                }
            }
            sleepQuietly(Duration.ofMillis(50));
        }
        throw new AssertionError(String.format("%s: no %s snapshot in %s within %d ms%s%n%s", name(), kind, png,
                timeout.toMillis(), lastError == null ? "" : " (" + lastError.getMessage() + ")", diagnostics()));
    }

    private static void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Asks baresip to quit and waits for the process to end; true if it ended by itself within a few seconds
     * with exit code 0. {@link #close()} is still needed (and harmless) afterwards.
     */
    public boolean quit() {
        if (process.isAlive()) {
            control.command("quit", null, QUIT_TIMEOUT);
        }
        return process.awaitExit(QUIT_TIMEOUT).map(code -> code == 0).orElse(false);
    }

    /**
     * The phone disappears without a word: SIGKILL, no BYE, no un-REGISTER, its RTP simply stops — like a phone
     * that loses power or network. {@link #close()} is still harmless afterwards.
     */
    public void vanish() {
        process.kill();
        control.close();
    }

    /**
     * Ends the phone: {@code quit} if it still listens, SIGKILL if it has not ended 2 s later (a baresip that
     * quits in a call waits for its BYE transaction, which may never be answered). Bounded at about 3 s.
     */
    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                control.command("quit", null, Duration.ofSeconds(1));
                if (process.awaitExit(Duration.ofSeconds(2)).isEmpty()) {
                    process.kill();
                }
            }
        } catch (RuntimeException alreadyGone) {
            // the socket is closed or broken: the kill below still happens
        } finally {
            control.close();
            process.close();
        }
    }

    /** The last events and log lines, for failure messages. */
    public String diagnostics() {
        List<BaresipEvent> all = events().stream().filter(e -> !e.type().equals("CALL_RTCP")).toList();
        return "--- " + name() + " events: " + all.subList(Math.max(0, all.size() - 20), all.size())
                + "\n--- " + name() + " log (" + process.logFile() + "):\n" + process.logTail(3000);
    }

    private BaresipControl.Response require(String command, String params) {
        BaresipControl.Response response = control.command(command, params, COMMAND_TIMEOUT);
        if (!response.ok()) {
            throw new AssertionError(String.format("%s: '%s %s' failed: %s%n%s", name(), command,
                    params == null ? "" : params, response.unanswered() ? "no answer" : response.data(),
                    diagnostics()));
        }
        return response;
    }

    private Path newestRecording(String suffix) {
        try (Stream<Path> files = Files.list(config.recordingDir())) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix))
                    .max(Comparator.comparing(f -> f.getFileName().toString()))
                    .orElseThrow(() -> new AssertionError(name() + ": no *" + suffix + " in "
                            + config.recordingDir() + " (did a call with audio happen?)\n" + diagnostics()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void createRegisteringAccount(BaresipPhone phone) {
        BaresipControl.Response created = phone.command("uanew", phone.config.accountLine());
        if (!created.ok()) {
            phone.close();
            // the response echoes the account line with its password: leave it out
            throw new AssertionError(phone.name() + ": baresip refused its account\n" + phone.diagnostics());
        }
    }

    /** How to make a phone; {@link #start()} writes its directory and starts baresip. */
    public static final class Builder {
        private final String name;
        private AudioSource source = new AudioSource.Tone(1000);
        private List<PhoneCodec> codecs = List.of(PhoneCodec.PCMU);
        private Optional<Registration> registration = Optional.empty();
        private boolean autoAnswer;
        private final List<String> extraConfigLines = new ArrayList<>();
        private String extraAccountParams = "";
        private Duration maxLifetime = Duration.ofMinutes(3);
        private Optional<BaresipConfig.Video> video = Optional.empty();
        private final List<String> contacts = new ArrayList<>();

        private Optional<Path> tlsCertificate = Optional.empty();

        private Builder(String name) {
            this.name = name;
        }

        /** Sends a constant sine of {@code frequencyHz} (baresip's ausine). */
        public Builder tone(int frequencyHz) {
            this.source = new AudioSource.Tone(frequencyHz);
            return this;
        }

        /** Sends a 16-bit PCM WAV file once (baresip's aufile), then silence. */
        public Builder wavSource(Path wavFile) {
            Wav wav = Wav.read(wavFile);
            this.source = new AudioSource.WavFile(wavFile.toAbsolutePath(), wav.sampleRate(), wav.channels());
            return this;
        }

        /** The codecs to offer or accept, most preferred first. */
        public Builder codecs(PhoneCodec... codecs) {
            this.codecs = List.of(codecs);
            return this;
        }

        /**
         * Registers as {@code user} (digest password {@code password}) with the registrar at
         * 127.0.0.1:{@code registrarPort}, which is also the account's domain; await {@code REGISTER_OK} or
         * {@code REGISTER_FAIL}. Without this the phone does not register ({@code regint=0}).
         */
        public Builder registerWith(String user, String password, int registrarPort) {
            this.registration = Optional.of(new Registration(user, password, registrarPort));
            return this;
        }

        /**
         * Adds video: fakevideo's three colour bars at 640×360, 25 fps, offering {@code codecs} (none = every
         * codec baresip has: VP8, H.264 in packetization modes 0 and 1, …).
         */
        public Builder video(VideoCodec... codecs) {
            this.video = Optional.of(new BaresipConfig.Video(List.of(codecs), 640, 360, 25));
            return this;
        }

        /** Adds video with its own size and frame rate; see {@link #video(VideoCodec...)}. */
        public Builder video(int width, int height, int fps, VideoCodec... codecs) {
            this.video = Optional.of(new BaresipConfig.Video(List.of(codecs), width, height, fps));
            return this;
        }

        /**
         * Its account speaks SIP over TLS with this certificate+key PEM (dial and register with the server's TLS
         * port); {@code mediaenc} then goes in {@link #extraAccountParams}.
         */
        public Builder tls(Path certificateAndKeyPem) {
            this.tlsCertificate = Optional.of(certificateAndKeyPem.toAbsolutePath());
            return this;
        }

        public Builder autoAnswer() {
            this.autoAnswer = true;
            return this;
        }

        /** A raw line for baresip's config file, e.g. {@code "rtp_ports 30000-30100"}. */
        public Builder extraConfig(String line) {
            this.extraConfigLines.add(line);
            return this;
        }

        /** Raw account parameters appended to the account line, e.g. {@code ";video_codecs=vp8"}. */
        public Builder extraAccountParams(String params) {
            this.extraAccountParams = params;
            return this;
        }

        /**
         * An entry of the phone's address book (the {@code contact} module, loaded with the first one), e.g.
         * {@code "Bob" <sip:bob@127.0.0.1:5060>}; the first is the current contact that {@code message} sends to.
         */
        public Builder contact(String entry) {
            if (contacts.isEmpty()) {
                extraConfigLines.add("module_app contact.so");
            }
            contacts.add(entry);
            return this;
        }

        /** baresip quits by itself after this ({@code -t}): a safety net if the JVM dies before close(). */
        public Builder maxLifetime(Duration maxLifetime) {
            this.maxLifetime = maxLifetime;
            return this;
        }

        /**
         * Writes the phone's directory and starts baresip; returns once its control socket answers. Retries with
         * new ports when another process took one of them first.
         */
        public BaresipPhone start() {
            StringBuilder failures = new StringBuilder();
            for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
                Optional<BaresipPhone> phone = tryStart(failures);
                if (phone.isPresent()) {
                    return phone.get();
                }
            }
            throw new AssertionError("baresip phone " + name + " did not start:" + failures);
        }

        private Optional<BaresipPhone> tryStart(StringBuilder failures) {
            try {
                Files.createDirectories(ROOT);
                Path dir = Files.createTempDirectory(ROOT, name + "-");
                Path recordings = Files.createDirectories(dir.resolve("rec"));
                BaresipConfig config = new BaresipConfig(name, FreePorts.udpAndTcp(), FreePorts.tcp(), source,
                        codecs, registration, autoAnswer, recordings, extraConfigLines, extraAccountParams, video,
                        tlsCertificate);
                Files.writeString(dir.resolve("config"), config.configFile());
                Files.writeString(dir.resolve("accounts"), config.accountsFile());
                if (!contacts.isEmpty()) {
                    Files.writeString(dir.resolve("contacts"), String.join("\n", contacts) + "\n");
                }
                ChildProcess process = ChildProcess.start("baresip-" + name,
                        List.of("baresip", "-f", dir.toString(), "-t", Long.toString(maxLifetime.toSeconds())),
                        dir, dir.resolve("baresip.log"));
                Optional<BaresipControl> control =
                        BaresipControl.connect(config.controlPort(), START_TIMEOUT, process::isAlive, name);
                if (control.isPresent() && process.isAlive()) {
                    BaresipPhone phone = new BaresipPhone(config, dir, process, control.get());
                    if (config.registration().isPresent()) {
                        createRegisteringAccount(phone);
                    }
                    return Optional.of(phone);
                }
                control.ifPresent(BaresipControl::close);
                process.close();
                failures.append("\n--- attempt in ").append(dir).append(":\n").append(process.logTail(2000));
                return Optional.empty();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot prepare baresip phone " + name, e);
            }
        }
    }
}
