package org.confero.server.store;

import java.nio.file.Path;
import org.confero.server.config.StorageConfig;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;

/** The storage contract on the default: an H2 file in the data directory, created at first open. */
class H2StorageTest extends StorageContract {
    private static final StorageConfig DEFAULT = new StorageConfig(Optional.empty(), "", "", 3600);

    @TempDir
    Path dataDir;

    @Override
    Database openFresh() {
        return Database.open(DEFAULT, dataDir);
    }

    @Override
    Database reopen() {
        return Database.open(DEFAULT, dataDir);
    }
}
