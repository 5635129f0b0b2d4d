package org.confero.server.recording;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.confero.server.conference.ConferenceMedia;
import org.confero.server.conference.MixerConferenceMedia;
import org.confero.server.conference.RoomListener;
import org.confero.server.conference.RosterMember;
import org.confero.server.metrics.Metrics;
import org.confero.server.rooms.Room;
import org.confero.server.signalling.RecordingControl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recording of rooms' mixes to Ogg Opus files under {@code <dir>/<room>/}: started and stopped on request of
 * someone the {@link RecordingPolicy} allows, announced to browsers (their watchers) and to phones (a short tone
 * mixed into the room), stopped when the room empties, listed and found for download, and deleted after the
 * retention period.
 */
public final class Recordings implements RecordingControl, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Recordings.class);
    /** File names we write: the API serves nothing else. */
    static final Pattern FILE_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}-\\d{8}-\\d{6}(-\\d+)?\\.(ogg|webm)");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);
    private static final int TONE_HZ = 1400;
    private static final Duration TONE = Duration.ofMillis(500);

    private final Path dir;
    private final MixerConferenceMedia media;
    private final RecordingPolicy policy;
    private final Duration retention;
    private final Clock clock;
    private final Map<String, Active> active = new ConcurrentHashMap<>();
    private final Map<String, Set<Consumer<Boolean>>> watchers = new ConcurrentHashMap<>();
    private final AtomicLong dropped = new AtomicLong();
    private final Metrics.Counter started;
    private final Metrics.Counter deleted;
    private final ScheduledExecutorService cleaner = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "recording-retention");
        t.setDaemon(true);
        return t;
    });

    private record Active(RoomRecorder recorder, ConferenceMedia.Subscription emptyWatch) {}

    public Recordings(Path dir, MixerConferenceMedia media, RecordingPolicy policy, int retentionDays,
            Metrics metrics, Clock clock) {
        this.dir = dir.toAbsolutePath().normalize();
        this.media = media;
        this.policy = policy;
        this.retention = Duration.ofDays(retentionDays);
        this.clock = clock;
        this.started = metrics.counter("confero_recordings_started_total", "room recordings started");
        this.deleted = metrics.counter("confero_recordings_deleted_total",
                "recordings deleted after the retention period");
        metrics.gauge("confero_recording_frames_dropped", "mix frames a recording's writer could not keep up with",
                dropped::get);
        metrics.gauge("confero_recordings_active", "rooms being recorded", active::size);
        cleaner.scheduleWithFixedDelay(this::deleteExpired, 0, 1, TimeUnit.HOURS);
    }

    public Path directory() {
        return dir;
    }

    public boolean isRecording(String roomId) {
        return active.containsKey(roomId);
    }

    @Override
    public boolean mayControl(String roomId, String participantId) {
        return policy.mayControl(roomId, participantId);
    }

    @Override
    public Result request(String roomId, String participantId, boolean start) {
        if (!policy.mayControl(roomId, participantId)) {
            LOG.info("recording refused room={} participant={}", roomId, participantId);
            return Result.NOT_ALLOWED;
        }
        return start ? start(roomId, participantId) : stop(roomId, "stopped by " + participantId);
    }

    private Result start(String roomId, String by) {
        synchronized (this) {
            if (active.containsKey(roomId)) {
                return Result.UNCHANGED;
            }
            boolean video = media.hasVideo(roomId);
            Path file;
            try {
                file = newFile(roomId, video ? ".webm" : ".ogg");
            } catch (IOException e) {
                LOG.warn("recording room={} cannot create its file: {}", roomId, e.toString());
                return Result.FAILED;
            }
            RoomRecorder recorder = new RoomRecorder(roomId, file, dropped,
                    video ? MixerConferenceMedia.recordedVideoSize() : null);
            recorder.start();
            if (!media.tapMix(roomId, recorder)) {
                recorder.stop();
                return Result.FAILED; // nobody in the room
            }
            if (video) {
                media.tapVideo(roomId, recorder::video);
            }
            ConferenceMedia.Subscription emptyWatch = media.watch(roomId, new RoomListener() {
                @Override
                public void rosterChanged(List<RosterMember> roster) {
                    if (roster.isEmpty()) {
                        // Called under the media's lock: stop on our own thread, never take our lock inside it.
                        cleaner.execute(() -> stop(roomId, "room empty"));
                    }
                }

                @Override
                public void activeSpeakerChanged(String participantId) {}
            });
            active.put(roomId, new Active(recorder, emptyWatch));
            started.increment();
            LOG.info("recording started room={} participant={} file={}", roomId, by, file.getFileName());
        }
        media.announce(roomId, Tone.pcm(TONE_HZ, TONE));
        tell(roomId, true);
        return Result.STARTED;
    }

    private Result stop(String roomId, String why) {
        Active a;
        synchronized (this) {
            a = active.remove(roomId);
            if (a == null) {
                return Result.UNCHANGED;
            }
            media.tapMix(roomId, null);
            media.tapVideo(roomId, null);
            a.emptyWatch().close();
        }
        tell(roomId, false);
        // The writer drains on its own thread; nobody waits for the file here (a roster change may call this).
        Thread finisher = new Thread(a.recorder()::stop, "recording-stop-" + roomId);
        finisher.setDaemon(true);
        finisher.start();
        LOG.info("recording stopping room={}: {}", roomId, why);
        return Result.STOPPED;
    }

    @Override
    public Watch watch(String roomId, Consumer<Boolean> watcher) {
        watchers.computeIfAbsent(roomId, r -> ConcurrentHashMap.newKeySet()).add(watcher);
        if (isRecording(roomId)) {
            watcher.accept(true);
        }
        return () -> watchers.computeIfPresent(roomId, (r, set) -> {
            set.remove(watcher);
            return set.isEmpty() ? null : set;
        });
    }

    private void tell(String roomId, boolean on) {
        for (Consumer<Boolean> w : watchers.getOrDefault(roomId, Set.of())) {
            try {
                w.accept(on);
            } catch (RuntimeException e) {
                LOG.warn("recording watcher failed room={}", roomId, e);
            }
        }
    }

    private Path newFile(String roomId, String extension) throws IOException {
        Path roomDir = roomDir(roomId).orElseThrow(() -> new IOException("bad room id"));
        Files.createDirectories(roomDir);
        String base = roomId + "-" + STAMP.format(clock.instant());
        Path file = roomDir.resolve(base + extension);
        for (int n = 2; Files.exists(file) || Files.exists(file.resolveSibling(file.getFileName() + ".part")); n++) {
            file = roomDir.resolve(base + "-" + n + extension);
        }
        return file;
    }

    private Optional<Path> roomDir(String roomId) {
        if (!Room.isValidId(roomId)) {
            return Optional.empty();
        }
        Path roomDir = dir.resolve(roomId).normalize();
        return roomDir.getParent().equals(dir) ? Optional.of(roomDir) : Optional.empty();
    }

    /** The room's finished recordings, newest first. */
    public List<RecordingFile> list(String roomId) {
        Optional<Path> roomDir = roomDir(roomId);
        if (roomDir.isEmpty() || !Files.isDirectory(roomDir.get())) {
            return List.of();
        }
        List<RecordingFile> files = new ArrayList<>();
        try (Stream<Path> paths = Files.list(roomDir.get())) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                String name = p.getFileName().toString();
                if (FILE_NAME.matcher(name).matches() && Files.isRegularFile(p)) {
                    files.add(new RecordingFile(name, Files.size(p), Files.getLastModifiedTime(p).toMillis()));
                }
            }
        } catch (IOException e) {
            LOG.warn("listing recordings of room={} failed: {}", roomId, e.toString());
        }
        files.sort(Comparator.comparingLong(RecordingFile::modifiedMillis).reversed());
        return files;
    }

    /**
     * A finished recording of the room by its listed name; empty for any other name. Only names of our own
     * pattern are looked up, inside the room's own directory: no path from a request reaches the file system.
     */
    public Optional<Path> find(String roomId, String name) {
        if (name == null || !FILE_NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        return roomDir(roomId).map(d -> d.resolve(name).normalize())
                .filter(p -> p.getParent().equals(roomDir(roomId).get()) && Files.isRegularFile(p));
    }

    /** Deletes finished recordings older than the retention period. */
    void deleteExpired() {
        long cutoff = clock.millis() - retention.toMillis();
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> rooms = Files.list(dir)) {
            for (Path roomDir : (Iterable<Path>) rooms::iterator) {
                if (!Files.isDirectory(roomDir)) {
                    continue;
                }
                try (Stream<Path> files = Files.list(roomDir)) {
                    for (Path f : (Iterable<Path>) files::iterator) {
                        if (FILE_NAME.matcher(f.getFileName().toString()).matches()
                                && Files.getLastModifiedTime(f).toMillis() < cutoff) {
                            Files.deleteIfExists(f);
                            deleted.increment();
                            LOG.info("recording deleted after {} days: room={} file={}", retention.toDays(),
                                    roomDir.getFileName(), f.getFileName());
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("recording retention sweep failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        for (String roomId : List.copyOf(active.keySet())) {
            Active a;
            synchronized (this) {
                a = active.remove(roomId);
            }
            if (a != null) {
                media.tapMix(roomId, null);
                media.tapVideo(roomId, null);
                a.emptyWatch().close();
                a.recorder().stop();
            }
        }
        cleaner.shutdownNow();
    }
}
