package org.confero.server.store;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The storage contract on a real PostgreSQL cluster started for this class; one new database per test. */
class PostgresStorageTest extends StorageContract {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PostgresCluster cluster;
    private String url;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = PostgresCluster.start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    Database openFresh() throws Exception {
        url = cluster.createDatabase("confero_" + DATABASES.incrementAndGet());
        return Database.open(url, cluster.user(), cluster.password());
    }

    @Override
    Database reopen() {
        return Database.open(url, cluster.user(), cluster.password());
    }
}
