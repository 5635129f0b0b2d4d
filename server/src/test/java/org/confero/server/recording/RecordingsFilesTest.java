package org.confero.server.recording;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.confero.server.conference.MixerConferenceMedia;
import org.confero.server.config.MediaConfig;
import org.confero.server.metrics.Metrics;
import org.confero.server.rooms.RoomDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the recordings API can reach on disk, and the retention sweep. */
class RecordingsFilesTest {
    @TempDir
    Path data;
    private MixerConferenceMedia media;
    private Recordings recordings;
    private Path roomDir;

    @BeforeEach
    void setUp() throws Exception {
        media = new MixerConferenceMedia(RoomDirectory.of(List.of()), new MediaConfig(20000, 20099, 3, 5, 1),
                new Metrics());
        recordings = new Recordings(data.resolve("recordings"), media, (room, who) -> false, 30, new Metrics(),
                Clock.systemUTC());
        roomDir = Files.createDirectories(data.resolve("recordings").resolve("rec"));
        Files.writeString(data.resolve("secret.txt"), "not a recording");
    }

    @AfterEach
    void tearDown() {
        recordings.close();
        media.close();
    }

    @Test
    void onlyFinishedRecordingsOfTheRoomAreListedAndFound() throws Exception {
        Files.writeString(roomDir.resolve("rec-20261201-010000.ogg"), "ogg");
        Files.writeString(roomDir.resolve("rec-20261201-020000.ogg.part"), "in progress");
        Files.writeString(roomDir.resolve("notes.txt"), "other");
        assertThat(recordings.list("rec")).extracting(RecordingFile::name).containsExactly("rec-20261201-010000.ogg");
        assertThat(recordings.find("rec", "rec-20261201-010000.ogg")).isPresent();
        for (String bad : List.of("rec-20261201-020000.ogg.part", "notes.txt", "../../secret.txt", "..%2Fsecret.txt",
                "/etc/passwd", "rec-20261201-010000.ogg/..", "")) {
            assertThat(recordings.find("rec", bad)).as(bad).isEmpty();
        }
        assertThat(recordings.find("../recordings/rec", "rec-20261201-010000.ogg")).isEmpty();
        assertThat(recordings.list("..")).isEmpty();
        assertThat(recordings.request("rec", "p1", true)).as("the policy says no")
                .isEqualTo(org.confero.server.signalling.RecordingControl.Result.NOT_ALLOWED);
    }

    @Test
    void recordingsOlderThanTheRetentionAreDeleted() throws Exception {
        Path old = Files.writeString(roomDir.resolve("rec-20200101-000000.ogg"), "old");
        Path recent = Files.writeString(roomDir.resolve("rec-20261201-000000.ogg"), "new");
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofDays(31))));
        recordings.deleteExpired();
        assertThat(old).doesNotExist();
        assertThat(recent).exists();
        assertThat(data.resolve("secret.txt")).exists();
    }
}
