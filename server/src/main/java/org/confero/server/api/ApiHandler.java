package org.confero.server.api;

import java.time.Clock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.confero.server.guard.SampledLog;
import org.confero.server.hosts.HostAccounts;
import org.confero.server.hosts.HostAuth;
import org.confero.server.metrics.Metrics;
import org.confero.server.recording.Recordings;
import org.confero.server.rooms.DialIn;
import org.confero.server.rooms.RoomDirectory;
import org.confero.server.store.HostRepository;
import org.confero.server.store.RoomRepository;
import org.confero.server.store.StorageException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hosts' REST API (docs/api.md): login, tokens, rooms and (for the admin) host accounts. Every route but login needs a session cookie or an
 * API token; any other path goes on to the wrapped handler (pages, {@code /api/join/<id>}, static files).
 */
public final class ApiHandler extends Handler.Wrapper {
    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    private static final Pattern ROOM = Pattern.compile("/api/rooms/([^/]{1,100})");
    private static final Pattern INVITE = Pattern.compile("/api/rooms/([^/]{1,100})/invite\\.ics");
    private static final Pattern TOKEN = Pattern.compile("/api/tokens/([0-9]{1,18})");
    private static final Pattern RECORDINGS = Pattern.compile("/api/rooms/([^/]{1,100})/recordings/?");
    private static final Pattern RECORDING = Pattern.compile("/api/rooms/([^/]{1,100})/recordings/([^/]{1,100})");
    private static final Pattern HOST = Pattern.compile("/api/hosts/([^/]{1,100})");

    private final LoginApi login;
    private final RoomsApi rooms;
    private final HostsApi hostAccounts;
    private final RoomRecordingsApi recordings;
    private final Metrics.Counter refused;
    private final Metrics.Counter storageErrors;
    private final SampledLog storageLog = new SampledLog(LOG, 10_000);

    public ApiHandler(HostAuth auth, HostAccounts accounts, RoomRepository roomRepository, HostRepository hosts,
            RoomDirectory directory, DialIn dialIn, Metrics metrics, Clock clock, long sessionLifetimeSeconds) {
        Authenticator authenticator = new Authenticator(auth);
        this.login = new LoginApi(auth, authenticator, sessionLifetimeSeconds);
        this.rooms = new RoomsApi(authenticator, roomRepository, hosts, directory, dialIn, clock);
        this.hostAccounts = new HostsApi(authenticator, accounts);
        this.recordings = new RoomRecordingsApi(authenticator, roomRepository, directory);
        this.refused = metrics.counter("confero_api_refused_total", "API calls refused (4xx)");
        this.storageErrors = metrics.counter("confero_api_storage_errors_total", "API calls failed by the database");
    }

    /** Serves the rooms' recordings under {@code /api/rooms/{slug}/recordings} (none until this is called). */
    public void recordings(Recordings files) {
        recordings.use(files);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        if (!isApi(path)) {
            return super.handle(request, response, callback);
        }
        try {
            route(path, method, request, response, callback);
        } catch (ApiException e) {
            refused.increment();
            JsonBody.drainUnread(request);
            ApiResponses.error(response, callback, e);
        } catch (StorageException e) {
            storageErrors.increment();
            storageLog.warn(System.currentTimeMillis(), "API {} {}: {}", method, path, e.getMessage());
            ApiResponses.error(response, callback, new ApiException(503, "storage-unavailable",
                    "the database is not available; try again shortly", null, 5));
        }
        return true;
    }

    private static boolean isApi(String path) {
        return path.equals("/api/login") || path.equals("/api/logout") || path.equals("/api/me")
                || path.equals("/api/tokens") || path.startsWith("/api/tokens/") || path.equals("/api/rooms")
                || path.startsWith("/api/rooms/") || path.equals("/api/hosts") || path.startsWith("/api/hosts/");
    }

    private void route(String path, String method, Request request, Response response, Callback callback) {
        switch (path) {
            case "/api/login" -> only(method, "POST", () -> login.login(request, response, callback), response);
            case "/api/logout" -> only(method, "POST", () -> login.logout(request, response, callback), response);
            case "/api/me" -> only(method, "GET", () -> login.me(request, response, callback), response);
            case "/api/tokens" -> {
                if (method.equals("GET")) {
                    login.listTokens(request, response, callback);
                } else {
                    only(method, "POST", () -> login.createToken(request, response, callback), response, "GET, POST");
                }
            }
            case "/api/rooms" -> {
                if (method.equals("GET")) {
                    rooms.list(request, response, callback);
                } else {
                    only(method, "POST", () -> rooms.create(request, response, callback), response, "GET, POST");
                }
            }
            case "/api/hosts" -> {
                if (method.equals("GET")) {
                    hostAccounts.list(request, response, callback);
                } else {
                    only(method, "POST", () -> hostAccounts.add(request, response, callback), response, "GET, POST");
                }
            }
            default -> routeItem(path, method, request, response, callback);
        }
    }

    private void routeItem(String path, String method, Request request, Response response, Callback callback) {
        Matcher invite = INVITE.matcher(path);
        if (invite.matches()) {
            only(method, "GET", () -> rooms.invite(request, response, callback, invite.group(1)), response);
            return;
        }
        Matcher list = RECORDINGS.matcher(path);
        if (list.matches()) {
            only(method, "GET", () -> recordings.list(request, response, callback, list.group(1)), response);
            return;
        }
        Matcher recording = RECORDING.matcher(path);
        if (recording.matches()) {
            String slug = recording.group(1);
            String name = recording.group(2);
            switch (method) {
                case "GET", "HEAD" -> recordings.download(request, response, callback, slug, name);
                case "DELETE" -> recordings.delete(request, response, callback, slug, name);
                default -> refuseMethod(response, "GET, HEAD, DELETE");
            }
            return;
        }
        Matcher room = ROOM.matcher(path);
        if (room.matches()) {
            String slug = room.group(1);
            switch (method) {
                case "GET" -> rooms.read(request, response, callback, slug);
                case "PATCH" -> rooms.update(request, response, callback, slug);
                case "DELETE" -> rooms.delete(request, response, callback, slug);
                default -> refuseMethod(response, "GET, PATCH, DELETE");
            }
            return;
        }
        Matcher token = TOKEN.matcher(path);
        if (token.matches()) {
            only(method, "DELETE", () -> login.deleteToken(request, response, callback, token.group(1)), response);
            return;
        }
        Matcher host = HOST.matcher(path);
        if (host.matches()) {
            only(method, "DELETE", () -> hostAccounts.remove(request, response, callback, host.group(1)), response);
            return;
        }
        throw ApiException.notFound("no such API");
    }

    private static void only(String method, String allowed, Runnable action, Response response) {
        only(method, allowed, action, response, allowed);
    }

    private static void only(String method, String allowed, Runnable action, Response response, String allowHeader) {
        if (!method.equals(allowed)) {
            refuseMethod(response, allowHeader);
        }
        action.run();
    }

    private static void refuseMethod(Response response, String allow) {
        response.getHeaders().put(HttpHeader.ALLOW, allow);
        throw new ApiException(405, "method-not-allowed", "use " + allow);
    }
}
