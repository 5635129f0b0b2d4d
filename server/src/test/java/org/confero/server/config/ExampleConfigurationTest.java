package org.confero.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The example file shipped in docker/ must load and document every setting. */
class ExampleConfigurationTest {
    private static final Path EXAMPLE = Path.of("..", "docker", "confero.properties");

    @Test
    void exampleConfigurationLoadsWithTheDemoRoomAndDemoUsers() {
        ConferoConfig c = ConfigLoader.load(CommandLine.parse(List.of("--config", EXAMPLE.toString())), Map.of(),
                () -> "h");
        assertThat(c.rooms()).extracting(RoomConfig::id).containsExactly("demo");
        assertThat(c.users()).extracting(UserConfig::username).containsExactly("alice", "bob");
    }

    @Test
    void exampleConfigurationDocumentsEverySetting() throws IOException {
        String text = Files.readString(EXAMPLE);
        for (Setting s : Setting.ALL) {
            assertThat(text).as(s.key()).containsPattern("(?m)^#?" + s.key().replace(".", "\\.") + " =");
        }
        for (String property : Setting.ROOM_PROPERTIES) {
            assertThat(text).contains("room.demo." + property);
        }
    }
}
