package org.confero.server.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Reads the {@code cluster.cascade.*} settings and each room's {@code cascade-home} into a {@link CascadeConfig}. */
final class CascadeSettings {
    private static final Pattern NODE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

    private final Function<String, String> text;
    private final BiFunction<String, String, ConfigException> bad;

    CascadeSettings(Function<String, String> text, BiFunction<String, String, ConfigException> bad) {
        this.text = text;
        this.bad = bad;
    }

    /**
     * @param bind the listeners' address: the link's address unless {@code cluster.cascade.address} says otherwise
     * @param roomHomes each room's {@code cascade-home} as written
     */
    CascadeConfig read(String bind, Map<String, String> roomHomes) {
        String nodeId = text.apply(Setting.CASCADE_NODE_ID);
        if (!nodeId.isEmpty() && !NODE_ID.matcher(nodeId).matches()) {
            throw bad.apply(Setting.CASCADE_NODE_ID, "must be 1-32 of a-z 0-9 - (starting with a letter or digit)");
        }
        Map<String, URI> peers = new LinkedHashMap<>();
        for (String entry : List.of(text.apply(Setting.CASCADE_PEERS).split(","))) {
            String e = entry.strip();
            if (e.isEmpty()) {
                continue;
            }
            int eq = e.indexOf('=');
            String id = eq < 0 ? "" : e.substring(0, eq).strip();
            if (!NODE_ID.matcher(id).matches()) {
                throw bad.apply(Setting.CASCADE_PEERS, "entries must be <node-id>=http://<ip>:<port>, was '" + e + "'");
            }
            peers.put(id, peerUrl(e.substring(eq + 1).strip()));
        }
        Map<String, String> homes = new TreeMap<>();
        roomHomes.forEach((room, home) -> {
            if (!NODE_ID.matcher(home).matches()) {
                throw bad.apply("room." + room + ".cascade-home", "must be a node id, was '" + home + "'");
            }
            homes.put(room, home);
        });
        String address = text.apply(Setting.CASCADE_ADDRESS);
        String linkAddress = address.isEmpty() ? bind : address;
        if (!address.isEmpty() && !ConfigLoader.isIpLiteral(address)) {
            throw bad.apply(Setting.CASCADE_ADDRESS, "must be an IP address, was '" + address + "'");
        }
        try {
            return new CascadeConfig(nodeId, text.apply(Setting.CASCADE_SECRET), peers, linkAddress, homes);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    private URI peerUrl(String url) {
        try {
            URI uri = new URI(url);
            boolean ok = "http".equals(uri.getScheme()) && uri.getHost() != null && uri.getPort() > 0
                    && ConfigLoader.isIpLiteral(uri.getHost().replace("[", "").replace("]", ""))
                    && (uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/"));
            if (!ok) {
                throw bad.apply(Setting.CASCADE_PEERS, "URLs must be http://<ip>:<port> (an IP literal), was '"
                        + url + "'");
            }
            return URI.create("http://" + uri.getHost() + ":" + uri.getPort());
        } catch (URISyntaxException e) {
            throw bad.apply(Setting.CASCADE_PEERS, "has a malformed URL '" + url + "'");
        }
    }
}
