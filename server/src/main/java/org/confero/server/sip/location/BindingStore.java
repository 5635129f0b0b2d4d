package org.confero.server.sip.location;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.confero.server.sip.registrar.Binding;

/**
 * Where registrations survive a restart: a file under the data directory today, the rooms database where one
 * exists. Keys are addresses-of-record.
 */
public interface BindingStore {
    Map<String, List<Binding>> load() throws IOException;

    /** Replaces everything stored with {@code bindings}; atomic: a crash leaves the old or the new set. */
    void save(Map<String, List<Binding>> bindings) throws IOException;

    /** Keeps nothing (tests, and servers without a data directory). */
    BindingStore NONE = new BindingStore() {
        @Override
        public Map<String, List<Binding>> load() {
            return Map.of();
        }

        @Override
        public void save(Map<String, List<Binding>> bindings) {}
    };
}
