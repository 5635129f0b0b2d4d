package org.confero.server.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.confero.mixer.codec.AudioCodec;

/**
 * What one load run does: how many SIP and WebRTC participants, in how many rooms, with which codec and how many
 * talkers per room, how fast they join, how long they stay, and which server they call.
 *
 * @param probesPerRoom listeners per room whose audio is decoded and searched for tones (decoding everyone
 *     would make the tool, not the server, the bottleneck); packet counts and jitter are measured for everyone
 */
public record LoadOptions(int sip, int webrtc, int rooms, AudioCodec codec, int talkers, double rampPerSecond,
        Duration hold, Optional<Path> csv, String host, int sipPort, int httpPort, String roomPrefix,
        int probesPerRoom) {
    /** Hard ceilings: the tool must stay bounded whatever it is asked. */
    public static final int MAX_PARTICIPANTS = 5_000;
    public static final int MAX_TALKERS = TalkPattern.FREQUENCIES.length;
    public static final Duration MAX_HOLD = Duration.ofHours(1);

    public LoadOptions {
        if (sip < 0 || webrtc < 0 || sip + webrtc == 0 || sip + webrtc > MAX_PARTICIPANTS) {
            throw new IllegalArgumentException("participants must be 1.." + MAX_PARTICIPANTS);
        }
        if (rooms < 1 || rooms > sip + webrtc) {
            throw new IllegalArgumentException("rooms must be 1..participants");
        }
        if (codec == AudioCodec.PCMA) {
            throw new IllegalArgumentException("codec must be pcmu, g722 or opus");
        }
        if (talkers < 0 || talkers > MAX_TALKERS) {
            throw new IllegalArgumentException("talkers must be 0.." + MAX_TALKERS);
        }
        if (!(rampPerSecond > 0 && rampPerSecond <= 1_000)) {
            throw new IllegalArgumentException("ramp must be 0..1000 participants per second");
        }
        if (hold.isNegative() || hold.isZero() || hold.compareTo(MAX_HOLD) > 0) {
            throw new IllegalArgumentException("hold must be 1 s..1 h");
        }
        if (!loopback(host)) {
            throw new IllegalArgumentException("the load tool only calls servers on 127.0.0.0/8");
        }
        if (!roomPrefix.matches("[a-z0-9][a-z0-9-]{0,30}")) {
            throw new IllegalArgumentException("room prefix must be lower-case letters, digits and '-'");
        }
        if (probesPerRoom < 0) {
            throw new IllegalArgumentException("probes must be >= 0");
        }
    }

    public int participants() {
        return sip + webrtc;
    }

    /** Room ids: {@code <prefix>-1 .. <prefix>-R}. */
    public String roomId(int index) {
        return roomPrefix + "-" + (index + 1);
    }

    public static String usage() {
        return """
                usage: java -jar confero.jar load [options]
                  --sip N            SIP participants (raw SIP over UDP, RTP)            default 10
                  --webrtc M         WebRTC participants (WebSocket, ICE, DTLS-SRTP)      default 0
                  --rooms R          rooms <prefix>-1..<prefix>-R; participants spread round-robin  default 1
                  --room-prefix P    room id prefix                                       default load
                  --codec C          pcmu | g722 | opus, for the SIP participants (WebRTC is always Opus)  default pcmu
                  --talkers T        talkers per room, each a distinct tone (0..6)        default 3
                  --ramp X/s         joins per second                                     default 20/s
                  --hold D           time everyone stays after the last join (60s, 2m)    default 60s
                  --probes K         listeners per room whose audio is decoded            default 8
                  --csv FILE         one row per participant
                  --server H:S/W     server address, SIP port / HTTP port                 default 127.0.0.1:5060/8080
                The server must let 127.0.0.1 join quickly: guard.exempt-sources = 127.0.0.1 (or raise
                guard.sip-invite-rate and guard.ws-join-rate above the ramp), and the rooms must exist.
                """;
    }

    public static LoadOptions parse(List<String> args) {
        int sip = 10;
        int webrtc = 0;
        int rooms = 1;
        AudioCodec codec = AudioCodec.PCMU;
        int talkers = 3;
        double ramp = 20;
        Duration hold = Duration.ofSeconds(60);
        Path csv = null;
        String host = "127.0.0.1";
        int sipPort = 5060;
        int httpPort = 8080;
        String prefix = "load";
        int probes = 8;
        List<String> rest = new ArrayList<>(args);
        for (int i = 0; i < rest.size(); i++) {
            String arg = rest.get(i);
            String value;
            String name = arg;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            } else if (i + 1 < rest.size()) {
                value = rest.get(++i);
            } else {
                throw new IllegalArgumentException(arg + " needs a value");
            }
            switch (name) {
                case "--sip" -> sip = whole(name, value);
                case "--webrtc" -> webrtc = whole(name, value);
                case "--rooms" -> rooms = whole(name, value);
                case "--room-prefix" -> prefix = value;
                case "--codec" -> codec = codec(value);
                case "--talkers" -> talkers = whole(name, value);
                case "--ramp" -> ramp = rate(value);
                case "--hold" -> hold = duration(name, value);
                case "--probes" -> probes = whole(name, value);
                case "--csv" -> csv = Path.of(value);
                case "--server" -> {
                    String[] hostPorts = value.split(":", 2);
                    String[] ports = hostPorts.length == 2 ? hostPorts[1].split("/", 2) : new String[0];
                    if (ports.length != 2) {
                        throw new IllegalArgumentException("--server wants HOST:SIPPORT/HTTPPORT");
                    }
                    host = hostPorts[0];
                    sipPort = whole(name, ports[0]);
                    httpPort = whole(name, ports[1]);
                }
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        return new LoadOptions(sip, webrtc, rooms, codec, talkers, ramp, hold, Optional.ofNullable(csv), host,
                sipPort, httpPort, prefix, probes);
    }

    static AudioCodec codec(String value) {
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "pcmu" -> AudioCodec.PCMU;
            case "g722" -> AudioCodec.G722;
            case "opus" -> AudioCodec.OPUS;
            default -> throw new IllegalArgumentException("codec must be pcmu, g722 or opus, was " + value);
        };
    }

    static int whole(String name, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, was '" + value + "'");
        }
    }

    static double rate(String value) {
        String v = value.endsWith("/s") ? value.substring(0, value.length() - 2) : value;
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--ramp wants a rate like 20/s, was '" + value + "'");
        }
    }

    static Duration duration(String name, String value) {
        String v = value.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            if (v.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            if (v.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            return Duration.ofSeconds(Long.parseLong(v));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " wants a duration like 60s or 2m, was '" + value + "'");
        }
    }

    private static boolean loopback(String host) {
        return host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }
}
