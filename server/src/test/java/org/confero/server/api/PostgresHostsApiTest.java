package org.confero.server.api;

import java.util.Map;
import org.confero.server.store.PostgresCluster;

/** Host management and recordings with the server's storage on a real PostgreSQL cluster started for this class. */
class PostgresHostsApiTest extends HostsApiContract {
    private PostgresCluster cluster;

    @Override
    Map<String, String> storage() throws Exception {
        cluster = PostgresCluster.start();
        String url = cluster.createDatabase("confero_hosts_api");
        return Map.of("CONFERO_STORAGE_JDBC_URL", url, "CONFERO_STORAGE_USER", cluster.user(),
                "CONFERO_STORAGE_PASSWORD", cluster.password());
    }

    @Override
    void stopStorage() {
        if (cluster != null) {
            cluster.close();
        }
    }
}
