package org.confero.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.confero.server.rooms.DialIn;
import org.confero.server.rooms.HostedRoom;
import org.confero.server.rooms.InviteCalendar;
import org.confero.server.rooms.RoomDirectory;
import org.confero.server.store.DuplicateKeyException;
import org.confero.server.store.Host;
import org.confero.server.store.HostRepository;
import org.confero.server.store.RoomRepository;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code /api/rooms}: a host's rooms, created, read, changed, deleted, and their iCalendar invites. */
final class RoomsApi {
    static final int MAX_ROOMS_PER_HOST = 500;
    private static final Logger LOG = LoggerFactory.getLogger(RoomsApi.class);
    private static final String LETTERS = "abcdefghijkmnpqrstuvwxyz";

    private final Authenticator authenticator;
    private final RoomRepository rooms;
    private final HostRepository hosts;
    private final RoomDirectory directory;
    private final DialIn dialIn;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    RoomsApi(Authenticator authenticator, RoomRepository rooms, HostRepository hosts, RoomDirectory directory,
            DialIn dialIn, Clock clock) {
        this.authenticator = authenticator;
        this.rooms = rooms;
        this.hosts = hosts;
        this.directory = directory;
        this.dialIn = dialIn;
        this.clock = clock;
    }

    void list(Request request, Response response, Callback callback) {
        Caller caller = authenticator.require(request, false);
        List<HostedRoom> list = caller.host().admin() ? rooms.listAll() : rooms.listByOwner(caller.host().id());
        List<Map<String, Object>> json = list.stream().map(r -> json(request, r)).toList();
        ApiResponses.json(response, callback, 200, Map.of("rooms", json));
    }

    void create(Request request, Response response, Callback callback) {
        Caller caller = authenticator.require(request, true);
        JsonNode body = JsonBody.read(request);
        if (rooms.countByOwner(caller.host().id()) >= MAX_ROOMS_PER_HOST) {
            throw new ApiException(409, "too-many-rooms", "a host has at most " + MAX_ROOMS_PER_HOST + " rooms");
        }
        long now = clock.millis();
        boolean generated = !body.has("slug");
        String slug = generated ? randomSlug() : null;
        HostedRoom base = RoomJson.defaults(generated ? slug : "placeholder", caller.host().id(), now);
        HostedRoom room = RoomJson.apply(base, body, true, now);
        if (!body.has("title")) {
            room = RoomJson.apply(room, ApiResponses.JSON.createObjectNode().put("title", room.slug()), false, now);
        }
        if (directory.isConfigured(room.slug())) {
            throw new ApiException(409, "slug-taken", "slug " + room.slug() + " is taken", "slug", 0);
        }
        try {
            rooms.insert(room);
        } catch (DuplicateKeyException e) {
            throw new ApiException(409, "slug-taken", "slug " + room.slug() + " is taken", "slug", 0);
        }
        LOG.info("room {} created by host {}", room.slug(), caller.host().name());
        response.getHeaders().put(HttpHeader.LOCATION, "/api/rooms/" + room.slug());
        ApiResponses.json(response, callback, 201, json(request, room));
    }

    void read(Request request, Response response, Callback callback, String slug) {
        Caller caller = authenticator.require(request, false);
        ApiResponses.json(response, callback, 200, json(request, owned(caller, slug)));
    }

    void update(Request request, Response response, Callback callback, String slug) {
        Caller caller = authenticator.require(request, true);
        HostedRoom current = owned(caller, slug);
        JsonNode body = JsonBody.read(request);
        HostedRoom changed = RoomJson.apply(current, body, false, clock.millis());
        if (!rooms.update(changed)) {
            throw ApiException.notFound("room " + slug + " does not exist");
        }
        LOG.info("room {} changed by host {}", slug, caller.host().name());
        ApiResponses.json(response, callback, 200, json(request, changed));
    }

    void delete(Request request, Response response, Callback callback, String slug) {
        Caller caller = authenticator.require(request, true);
        owned(caller, slug);
        rooms.delete(slug);
        LOG.info("room {} deleted by host {}", slug, caller.host().name());
        ApiResponses.noContent(response, callback);
    }

    void invite(Request request, Response response, Callback callback, String slug) {
        Caller caller = authenticator.require(request, false);
        HostedRoom room = owned(caller, slug);
        if (room.startsAt().isEmpty()) {
            throw new ApiException(409, "unscheduled", "room " + slug + " has no start and end; set them for an invite");
        }
        String ics = InviteCalendar.of(room, link(request, slug), dialIn.sipUri(slug), Request.getServerName(request));
        response.getHeaders().put(HttpHeader.CONTENT_DISPOSITION, "attachment; filename=\"" + slug + ".ics\"");
        ApiResponses.body(response, callback, 200, "text/calendar; charset=utf-8", ics);
    }

    /** The room if the caller may manage it: 404 when there is none, 403 when it is another host's. */
    private HostedRoom owned(Caller caller, String slug) {
        if (directory.isConfigured(slug)) {
            throw ApiException.forbidden("room " + slug + " comes from the configuration file and is read-only");
        }
        HostedRoom room = rooms.find(slug).orElseThrow(() -> ApiException.notFound("room " + slug + " does not exist"));
        if (!caller.mayManage(room.ownerId())) {
            throw ApiException.forbidden("room " + slug + " belongs to another host");
        }
        return room;
    }

    private Map<String, Object> json(Request request, HostedRoom room) {
        String owner = hosts.find(room.ownerId()).map(Host::name).orElse("");
        return RoomJson.toJson(room, owner, link(request, room.slug()), dialIn.sipUri(room.slug()));
    }

    /** The browser link on the origin the host is using (the one their guests can reach too). */
    private static String link(Request request, String slug) {
        String scheme = request.getHttpURI().getScheme();
        String authority = request.getHeaders().get(HttpHeader.HOST);
        if (authority == null) {
            authority = Request.getServerName(request) + ":" + Request.getServerPort(request);
        }
        return scheme + "://" + authority + "/r/" + slug;
    }

    /** An instant room's slug: {@code abc-defg-hij}, 24^10 choices. */
    private String randomSlug() {
        StringBuilder slug = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            if (i == 3 || i == 7) {
                slug.append('-');
            }
            slug.append(LETTERS.charAt(random.nextInt(LETTERS.length())));
        }
        return slug.toString();
    }
}
