package org.confero.server.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.confero.mixer.codec.AudioCodec;

/**
 * What {@code confero capacity} measures and how: the room shapes and codecs, each step's load, where the server
 * runs (its own JVM by default, so that its CPU, memory and GC are its own), and the optional soak at a share of
 * the capacity found.
 *
 * @param serverJar another build's jar to measure instead of this one (a baseline)
 * @param serverEnv extra {@code CONFERO_*} settings for the server
 * @param serverJvm extra JVM options for the server's process
 * @param soak how long to hold the soak step; zero for none
 * @param soakShare the share of the capacity found that the soak holds
 * @param settle time from the last join to the start of measuring
 */
record CapacityOptions(List<Shape> shapes, List<AudioCodec> codecs, int talkers, Duration hold, double ramp, int max,
        int probes, boolean inProcess, Optional<Path> serverJar, Map<String, String> serverEnv,
        List<String> serverJvm, Duration soak, double soakShare, Duration settle) {

    /** R rooms of M participants, the unit by which a shape grows. */
    record Shape(int rooms, int size) {
        Shape {
            if (rooms < 1 || size < 1) {
                throw new IllegalArgumentException("a shape needs at least one room of one participant");
            }
        }

        static Shape parse(String text) {
            String[] p = text.trim().toLowerCase(Locale.ROOT).split("x");
            if (p.length != 2) {
                throw new IllegalArgumentException("a shape is ROOMSxSIZE, e.g. 10x5, was '" + text + "'");
            }
            return new Shape(LoadOptions.whole("--shapes", p[0]), LoadOptions.whole("--shapes", p[1]));
        }

        int participants() {
            return rooms * size;
        }
    }

    CapacityOptions {
        shapes = List.copyOf(shapes);
        codecs = List.copyOf(codecs);
        serverEnv = Map.copyOf(serverEnv);
        serverJvm = List.copyOf(serverJvm);
        if (shapes.isEmpty() || codecs.isEmpty()) {
            throw new IllegalArgumentException("at least one shape and one codec");
        }
        if (soak.isNegative() || soak.compareTo(LoadOptions.MAX_HOLD) > 0) {
            throw new IllegalArgumentException("--soak must be 0..1h");
        }
        if (settle.isNegative() || settle.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("--settle must be 0..5m");
        }
        if (!(soakShare > 0 && soakShare <= 1)) {
            throw new IllegalArgumentException("--soak-at must be a share in (0, 1], e.g. 0.8");
        }
        for (String key : serverEnv.keySet()) {
            if (!key.startsWith("CONFERO_")) {
                throw new IllegalArgumentException("--server-env sets CONFERO_* settings only, was " + key);
            }
        }
    }

    static String usage() {
        return """
                usage: java -jar confero.jar capacity [options]
                  --shapes LIST        room shapes ROOMSxSIZE, grown by whole shapes   default 10x5,2x50,1x500
                  --codecs LIST        pcmu, g722, opus                                  default pcmu,opus
                  --talkers T          talkers per room                                  default 3
                  --hold D             measured time per step                            default 20s
                  --ramp X/s           joins per second                                  default 50/s
                  --max N              participants at most per step                     default 2000
                  --probes K           decoded listeners per room                        default 4
                  --server-jar FILE    measure another build's server (a baseline)       default this build
                  --server-env K=V     a CONFERO_* setting for the server (repeatable)
                  --server-jvm OPT     a JVM option for the server (repeatable), e.g. -Xmx2g
                  --in-process true    run the server in this JVM (no separate CPU, memory or GC figures)
                  --settle D           from the last join to measuring (JIT, jitter buffers)  default 15s
                  --soak D             after each shape, hold --soak-at of its capacity for D  default none
                  --soak-at F          share of the capacity found that the soak holds    default 0.8
                Each step starts a fresh server in a JVM of its own on loopback. The number of shapes doubles
                until a step shows mix overruns, loss above 1 %, added latency p99 above 60 ms or a failed join,
                then the interval is halved until the capacity is known to one shape.
                """;
    }

    static CapacityOptions parse(List<String> args) {
        List<Shape> shapes = List.of(new Shape(10, 5), new Shape(2, 50), new Shape(1, 500));
        List<AudioCodec> codecs = List.of(AudioCodec.PCMU, AudioCodec.OPUS);
        int talkers = 3;
        Duration hold = Duration.ofSeconds(20);
        double ramp = 50;
        int max = 2_000;
        int probes = 4;
        boolean inProcess = false;
        Path jar = null;
        Map<String, String> env = new LinkedHashMap<>();
        List<String> jvm = new ArrayList<>();
        Duration soak = Duration.ZERO;
        double soakShare = 0.8;
        Duration settle = Duration.ofSeconds(15);
        for (int i = 0; i < args.size(); i++) {
            String name = args.get(i);
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            String value = args.get(++i);
            switch (name) {
                case "--shapes" -> shapes = Arrays.stream(value.split(",")).map(Shape::parse).toList();
                case "--codecs" -> codecs = Arrays.stream(value.split(",")).map(LoadOptions::codec).toList();
                case "--talkers" -> talkers = LoadOptions.whole(name, value);
                case "--hold" -> hold = LoadOptions.duration(name, value);
                case "--ramp" -> ramp = LoadOptions.rate(value);
                case "--max" -> max = Math.min(LoadOptions.MAX_PARTICIPANTS, LoadOptions.whole(name, value));
                case "--probes" -> probes = LoadOptions.whole(name, value);
                case "--server-jar" -> jar = Path.of(value);
                case "--server-env" -> {
                    int eq = value.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("--server-env wants KEY=VALUE, was '" + value + "'");
                    }
                    env.put(value.substring(0, eq), value.substring(eq + 1));
                }
                case "--server-jvm" -> jvm.add(value);
                case "--in-process" -> inProcess = Boolean.parseBoolean(value);
                case "--soak" -> soak = LoadOptions.duration(name, value);
                case "--soak-at" -> soakShare = share(value);
                case "--settle" -> settle = LoadOptions.duration(name, value);
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        return new CapacityOptions(shapes, codecs, talkers, hold, ramp, max, probes, inProcess,
                Optional.ofNullable(jar), env, jvm, soak, soakShare, settle);
    }

    /** Rooms of the soak step: the share of the rooms held, whole rooms, at least one. */
    int soakRooms(int roomsHeld) {
        return Math.max(1, (int) Math.floor(soakShare * roomsHeld + 1e-9));
    }

    private static double share(String value) {
        String v = value.trim();
        try {
            return v.endsWith("%") ? Double.parseDouble(v.substring(0, v.length() - 1)) / 100
                    : Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--soak-at wants a share like 0.8 or 80%, was '" + value + "'");
        }
    }
}
