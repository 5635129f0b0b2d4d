package org.confero.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.confero.server.hosts.HostAccounts;
import org.confero.server.hosts.PasswordPolicy;
import org.confero.server.store.Host;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/hosts}: the admin host lists, adds and removes host accounts, with the same name and password rules as
 * {@code confero host add}. Anyone else gets 403. Admin hosts cannot be removed here (the last way in would go with
 * them); {@code confero host remove} on the server still can.
 */
final class HostsApi {
    static final int MAX_HOSTS = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(HostsApi.class);

    private final Authenticator authenticator;
    private final HostAccounts accounts;

    HostsApi(Authenticator authenticator, HostAccounts accounts) {
        this.authenticator = authenticator;
        this.accounts = accounts;
    }

    void list(Request request, Response response, Callback callback) {
        requireAdmin(request, false);
        List<Map<String, Object>> hosts = accounts.list().stream().map(HostsApi::json).toList();
        ApiResponses.json(response, callback, 200, Map.of("hosts", hosts));
    }

    void add(Request request, Response response, Callback callback) {
        Caller admin = requireAdmin(request, true);
        JsonNode body = JsonBody.read(request);
        String name = JsonBody.text(body, "name", 64);
        String password = JsonBody.text(body, "password", PasswordPolicy.MAX_LENGTH);
        if (!HostAccounts.isValidName(name)) {
            throw ApiException.badField("name", "a host name is 2-64 of A-Z a-z 0-9 . _ - and starts with a letter"
                    + " or digit");
        }
        String weak = PasswordPolicy.problem(name, password);
        if (weak != null) {
            throw ApiException.badField("password", weak);
        }
        if (accounts.find(name).isPresent()) {
            throw new ApiException(409, "host-exists", "a host named " + name + " exists already", "name", 0);
        }
        if (accounts.list().size() >= MAX_HOSTS) {
            throw new ApiException(409, "too-many-hosts", "at most " + MAX_HOSTS + " hosts");
        }
        Host added;
        try {
            added = accounts.add(name, password);
        } catch (HostAccounts.RefusedException e) {
            // added by someone else between the check and the insert
            throw new ApiException(409, "host-exists", e.getMessage(), "name", 0);
        }
        LOG.info("host {} added by admin {}", added.name(), admin.host().name());
        response.getHeaders().put(HttpHeader.LOCATION, "/api/hosts/" + added.name());
        ApiResponses.json(response, callback, 201, json(added));
    }

    void remove(Request request, Response response, Callback callback, String name) {
        Caller admin = requireAdmin(request, true);
        Host host = accounts.find(name).orElseThrow(() -> ApiException.notFound("no host named " + name));
        if (host.admin()) {
            throw new ApiException(409, "admin-host", "the admin host cannot be removed through the API");
        }
        if (!accounts.remove(name)) {
            throw ApiException.notFound("no host named " + name);
        }
        LOG.info("host {} removed with its rooms by admin {}", name, admin.host().name());
        ApiResponses.noContent(response, callback);
    }

    private Caller requireAdmin(Request request, boolean write) {
        Caller caller = authenticator.require(request, write);
        if (!caller.host().admin()) {
            throw ApiException.forbidden("only the admin host manages hosts");
        }
        return caller;
    }

    private static Map<String, Object> json(Host host) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", host.name());
        json.put("admin", host.admin());
        json.put("createdAt", java.time.Instant.ofEpochMilli(host.createdAt()).toString());
        return json;
    }
}
