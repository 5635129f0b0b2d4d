package org.confero.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.confero.server.metrics.Metrics;
import org.confero.server.rooms.Room;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The application's routes: pages, {@code /api/join/<id>} (what the join page may know), {@code /healthz}, {@code /metrics}; everything else
 * goes to the wrapped static-file handler (the web client's assets).
 */
final class AppRouter extends Handler.Wrapper {
    private static final Pattern ROOM_PAGE = Pattern.compile("/r/[^/]+/?");
    private static final Pattern ROOM_API = Pattern.compile("/api/join/([^/]+)");
    private static final String HTML = "text/html; charset=utf-8";
    static final String DRAIN = "/admin/drain";

    private final Metrics metrics;
    private final ServerControl control;
    private final RoomLookup rooms;
    private final IntSupplier httpsPort;
    private final byte[] homePage;
    private final byte[] roomPage;
    private final byte[] loginPage;
    private final byte[] hostPage;
    private final byte[] hostsPage;

    AppRouter(Handler staticFiles, Metrics metrics, RoomLookup rooms, IntSupplier httpsPort, ServerControl control) {
        super(staticFiles);
        this.control = control;
        this.metrics = metrics;
        this.rooms = rooms;
        this.httpsPort = httpsPort;
        this.homePage = classpathBytes("/web/index.html");
        this.roomPage = classpathBytes("/web/room.html");
        this.loginPage = classpathBytes("/web/login.html");
        this.hostPage = classpathBytes("/web/host.html");
        this.hostsPage = classpathBytes("/web/hosts.html");
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        if (path.equals(DRAIN)) {
            drain(request, response, callback);
            return true;
        }
        boolean read = HttpMethod.GET.is(request.getMethod()) || HttpMethod.HEAD.is(request.getMethod());
        if (!read) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            Responses.text(response, callback, 405, "text/plain; charset=utf-8", "method not allowed\n");
            return true;
        }
        if (path.equals("/healthz")) {
            Responses.text(response, callback, 200, "text/plain; charset=utf-8", "ok\n");
            return true;
        }
        if (path.equals("/readyz")) {
            boolean ready = control.ready();
            Responses.text(response, callback, ready ? 200 : 503, "text/plain; charset=utf-8",
                    ready ? "ready\n" : "draining\n");
            return true;
        }
        if (path.equals("/metrics")) {
            Responses.text(response, callback, 200, Metrics.contentType(), metrics.render());
            return true;
        }
        if (path.startsWith("/api/")) {
            roomApi(path, response, callback);
            return true;
        }
        boolean isPage = path.equals("/") || path.equals("/index.html") || ROOM_PAGE.matcher(path).matches()
                || path.equals("/login") || path.equals("/host") || path.equals("/hosts");
        if (isPage && redirectToHttps(request, response, callback)) {
            return true;
        }
        if (path.equals("/") || path.equals("/index.html")) {
            return page(homePage, response, callback);
        }
        if (path.equals("/login")) {
            return page(loginPage, response, callback);
        }
        if (path.equals("/host")) {
            return page(hostPage, response, callback);
        }
        if (path.equals("/hosts")) {
            return page(hostsPage, response, callback); // the page asks /api/hosts, which only the admin may
        }
        if (ROOM_PAGE.matcher(path).matches()) {
            // The same page for every room id: the page asks the API whether the room exists.
            return page(roomPage, response, callback);
        }
        return super.handle(request, response, callback);
    }

    /**
     * Browsers give camera and microphone only to secure contexts (https, or http on loopback): a page fetched over
     * plain HTTP by name from another machine is sent to the HTTPS port.
     */
    private boolean redirectToHttps(Request request, Response response, Callback callback) {
        int port = httpsPort.getAsInt();
        String host = Request.getServerName(request);
        if (request.isSecure() || port <= 0 || isLoopback(host)) {
            return false;
        }
        HttpURI uri = request.getHttpURI();
        String target = HttpURI.build(uri).scheme("https").host(host).port(port).asString();
        Response.sendRedirect(request, response, callback, HttpStatus.FOUND_302, target, false);
        return true;
    }

    /**
     * {@code POST /admin/drain}: only from a loopback address and with the admin token that only the server's
     * user can read (in the data directory), so neither the network nor other local users can stop calls.
     */
    private void drain(Request request, Response response, Callback callback) {
        if (!HttpMethod.POST.is(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "POST");
            Responses.jsonError(response, callback, 405, "method-not-allowed", "POST only");
            return;
        }
        String remote = Request.getRemoteAddr(request);
        if (!fromThisMachine(remote)) {
            Responses.jsonError(response, callback, 403, "forbidden", "only from this machine");
            return;
        }
        String auth = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (auth == null || !auth.startsWith("Bearer ") || !control.checkAdminToken(auth.substring(7).strip())) {
            Responses.jsonError(response, callback, 401, "unauthorized", "admin token required");
            return;
        }
        int participants = control.startDrain();
        Responses.json(response, callback, 202, java.util.Map.of("draining", true, "participants", participants));
    }

    /** The connection's source is one of our own addresses: a process on this machine, not the network. */
    private static boolean fromThisMachine(String remote) {
        if (remote == null || remote.isEmpty()) {
            return false;
        }
        try {
            java.net.InetAddress address = java.net.InetAddress.getByName(remote); // an IP literal: no DNS lookup
            return address.isLoopbackAddress() || java.net.NetworkInterface.getByInetAddress(address) != null;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1");
    }

    private void roomApi(String path, Response response, Callback callback) {
        Matcher m = ROOM_API.matcher(path);
        if (!m.matches()) {
            Responses.jsonError(response, callback, 404, "not-found", "no such API");
            return;
        }
        String id = m.group(1);
        Optional<RoomInfo> room = Room.isValidId(id) ? rooms.find(id) : Optional.empty();
        if (room.isPresent()) {
            Responses.json(response, callback, 200, room.get());
        } else {
            Responses.jsonError(response, callback, 404, "room-not-found", "room does not exist");
        }
    }

    private static boolean page(byte[] html, Response response, Callback callback) {
        if (html == null) {
            return false;
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, HTML);
        // Pages are tiny and refer to assets by fixed names: revalidate on every load.
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, html.length);
        response.write(true, java.nio.ByteBuffer.wrap(html), callback);
        return true;
    }

    private static byte[] classpathBytes(String name) {
        try (InputStream in = AppRouter.class.getResourceAsStream(name)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
    }
}
