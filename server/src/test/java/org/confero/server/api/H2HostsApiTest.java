package org.confero.server.api;

import java.util.Map;

/** Host management and recordings on the default H2 storage. */
class H2HostsApiTest extends HostsApiContract {
    @Override
    Map<String, String> storage() {
        return Map.of();
    }

    @Override
    void stopStorage() {}
}
