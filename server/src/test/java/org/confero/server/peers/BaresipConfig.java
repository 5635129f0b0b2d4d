package org.confero.server.peers;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything that makes one headless baresip phone, rendered into the {@code config} and {@code accounts} files
 * of its own directory. Pinned to 127.0.0.1 everywhere (SIP, DNS, media, control) so it never touches another
 * interface or the system resolver.
 */
public record BaresipConfig(String name, int sipPort, int controlPort, AudioSource source, List<PhoneCodec> codecs,
        Optional<Registration> registration, boolean autoAnswer, Path recordingDir, List<String> extraConfigLines,
        String extraAccountParams, Optional<Video> video, Optional<Path> tlsCertificate) {

    /**
     * A phone whose account speaks SIP over TLS ({@code transport=tls}) with this certificate and key (one PEM:
     * baresip 1.0 needs one of its own to open TLS connections), with the srtp module for {@code mediaenc}.
     * baresip listens for TLS on {@code sipPort + 1}.
     */
    public BaresipConfig(String name, int sipPort, int controlPort, AudioSource source, List<PhoneCodec> codecs,
            Optional<Registration> registration, boolean autoAnswer, Path recordingDir, List<String> extraConfigLines,
            String extraAccountParams, Optional<Video> video) {
        this(name, sipPort, controlPort, source, codecs, registration, autoAnswer, recordingDir, extraConfigLines,
                extraAccountParams, video, Optional.empty());
    }

    /** An audio-only phone: no video module is loaded, so its offer has no video line. */
    public BaresipConfig(String name, int sipPort, int controlPort, AudioSource source, List<PhoneCodec> codecs,
            Optional<Registration> registration, boolean autoAnswer, Path recordingDir, List<String> extraConfigLines,
            String extraAccountParams) {
        this(name, sipPort, controlPort, source, codecs, registration, autoAnswer, recordingDir, extraConfigLines,
                extraAccountParams, Optional.empty());
    }

    public BaresipConfig {
        Objects.requireNonNull(source, "source");
        if (!name.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("phone name must be a SIP user part: " + name);
        }
        if (codecs.isEmpty()) {
            throw new IllegalArgumentException("a phone needs at least one codec");
        }
        codecs = List.copyOf(codecs);
        Objects.requireNonNull(video, "video");
        Objects.requireNonNull(tlsCertificate, "tlsCertificate");
        extraConfigLines = List.copyOf(extraConfigLines);
    }

    /** What the phone sends as its microphone. */
    public sealed interface AudioSource {
        /** baresip's {@code ausine} module: a sine generated at 48 kHz stereo. */
        record Tone(int frequencyHz) implements AudioSource {
            public Tone {
                if (frequencyHz < 20 || frequencyHz > 20_000) {
                    throw new IllegalArgumentException("tone out of range: " + frequencyHz);
                }
            }
        }

        /**
         * baresip's {@code aufile} module: a 16-bit WAV file, played once. aufile does not resample, so the source
         * is declared at the file's own rate and channel count and baresip's resampler adapts it to the codec.
         */
        record WavFile(Path file, int sampleRate, int channels) implements AudioSource {
        }
    }

    /**
     * Video from baresip's {@code fakevideo} module: three vertical bars, red, green and blue (see {@link
     * Rgb#FAKEVIDEO_RED}), sent at {@code width}×{@code height} and {@code fps}; received video goes to fakevideo's
     * null display, and the {@code snapshot} module saves a received or sent frame as PNG on request.
     * {@code codecs} become the account's {@code video_codecs}; empty offers every codec the modules have.
     * {@code H264} alone offers only packetization-mode 0 (baresip's avcodec); empty offers modes 0 and 1.
     */
    public record Video(List<org.confero.mixer.video.VideoCodec> codecs, int width, int height, int fps) {
        public Video {
            codecs = List.copyOf(codecs);
            if (width <= 0 || height <= 0 || fps <= 0) {
                throw new IllegalArgumentException("bad video " + width + "x" + height + "@" + fps);
            }
        }

        /** The names the account's {@code video_codecs} takes: {@code vp8}, {@code H264}. */
        static String accountName(org.confero.mixer.video.VideoCodec codec) {
            return switch (codec) {
                case VP8 -> "vp8";
                case H264 -> "H264";
            };
        }
    }

    /** Registration with a registrar at 127.0.0.1:{@code registrarPort}, the account's domain. */
    public record Registration(String user, String password, int registrarPort) {
        @Override
        public String toString() {
            return "Registration[user=" + user + ", registrarPort=" + registrarPort + "]"; // never the password
        }
    }

    /** The SIP address others dial to reach this phone directly, without a registrar. */
    public String directUri() {
        return "sip:" + name + "@127.0.0.1:" + sipPort;
    }

    public String configFile() {
        List<String> lines = new ArrayList<>(List.of(
                "poll_method epoll",
                "sip_listen 127.0.0.1:" + sipPort,
                "dns_server 127.0.0.1:53",
                "net_interface 127.0.0.1",
                "audio_player aubridge,nul-" + name,
                "audio_alert aubridge,nul-" + name,
                "auplay_srate 48000",
                "auplay_channels 2"));
        if (source instanceof AudioSource.Tone tone) {
            lines.addAll(List.of("audio_source ausine," + tone.frequencyHz(), "ausrc_srate 48000",
                    "ausrc_channels 2"));
        } else if (source instanceof AudioSource.WavFile wav) {
            lines.addAll(List.of("audio_source aufile," + wav.file().toAbsolutePath(),
                    "ausrc_srate " + wav.sampleRate(), "ausrc_channels " + wav.channels()));
        }
        lines.addAll(List.of(
                "module_path /usr/lib/baresip/modules",
                "module g711.so",
                "module g722.so",
                "module opus.so",
                "module ausine.so",
                "module aufile.so",
                "module aubridge.so",
                "module sndfile.so",
                "module_app account.so",
                "module_app menu.so",
                "module_app ctrl_tcp.so",
                "ctrl_tcp_listen 127.0.0.1:" + controlPort,
                "snd_path " + recordingDir.toAbsolutePath()));
        video.ifPresent(v -> lines.addAll(List.of(
                "video_source fakevideo,nil",
                "video_display fakevideo,nil",
                "video_size " + v.width() + "x" + v.height(),
                "video_bitrate 500000",
                "video_fps " + v.fps() + ".00",
                "module fakevideo.so",
                "module vp8.so",
                // avcodec is in Debian's baresip-ffmpeg package: H.264 for baresip
                "module avcodec.so",
                "module snapshot.so")));
        tlsCertificate.ifPresent(pem -> lines.addAll(List.of("sip_certificate " + pem.toAbsolutePath(),
                "module srtp.so")));
        lines.addAll(extraConfigLines);
        return String.join("\n", lines) + "\n";
    }

    /**
     * The accounts file. Empty for a registering phone: its account is created over ctrl_tcp ({@code uanew} with
     * {@link #accountLine()}) once the harness listens, because baresip registers at once and the harness would
     * otherwise miss the {@code REGISTER_OK}/{@code REGISTER_FAIL} event.
     */
    public String accountsFile() {
        return registration.isPresent() ? "" : accountLine() + "\n";
    }

    /** The phone's one account, as baresip's accounts file and its {@code uanew} command take it. */
    public String accountLine() {
        StringBuilder account = new StringBuilder();
        if (registration.isPresent()) {
            Registration r = registration.get();
            account.append("<sip:").append(r.user()).append("@127.0.0.1:").append(r.registrarPort())
                    .append(tlsCertificate.isPresent() ? ";transport=tls" : "")
                    .append(">;auth_user=").append(r.user()).append(";auth_pass=").append(r.password())
                    .append(";regint=600");
        } else {
            account.append('<').append(directUri()).append(tlsCertificate.isPresent() ? ";transport=tls" : "")
                    .append(">;regint=0");
        }
        if (autoAnswer) {
            account.append(";answermode=auto");
        }
        account.append(";audio_codecs=");
        account.append(String.join(",", codecs.stream().map(PhoneCodec::accountName).toList()));
        video.filter(v -> !v.codecs().isEmpty()).ifPresent(v -> account.append(";video_codecs=").append(
                String.join(",", v.codecs().stream().map(Video::accountName).toList())));
        account.append(extraAccountParams);
        return account.toString();
    }

    /** Audio codecs a phone can offer, as baresip's {@code audio_codecs} account parameter names them. */
    public enum PhoneCodec {
        PCMU("PCMU"),
        PCMA("PCMA"),
        /** Plain "G722" means G722/8000/1 to baresip 1.0, which exists nowhere: its codec is G722/16000/1. */
        G722("G722/16000/1"),
        /** Plain "opus" matches nothing in baresip 1.0: the full name with rate and channels is needed. */
        OPUS("opus/48000/2");

        private final String accountName;

        PhoneCodec(String accountName) {
            this.accountName = accountName;
        }

        public String accountName() {
            return accountName;
        }
    }
}
