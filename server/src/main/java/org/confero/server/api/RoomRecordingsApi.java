package org.confero.server.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.confero.server.recording.Recordings;
import org.confero.server.rooms.HostedRoom;
import org.confero.server.rooms.RoomDirectory;
import org.confero.server.store.RoomRepository;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.content.PathContentSource;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/rooms/{slug}/recordings[/{name}]}: the room's host (its owner, or the admin host) lists, downloads
 * and deletes its finished recordings. Rooms from the configuration file have no owner: only the admin host reaches
 * their recordings. A file is found only by a name the listing gives, inside the room's own directory.
 */
final class RoomRecordingsApi {
    private static final Logger LOG = LoggerFactory.getLogger(RoomRecordingsApi.class);

    private final Authenticator authenticator;
    private final RoomRepository rooms;
    private final RoomDirectory directory;
    private volatile Recordings recordings;

    RoomRecordingsApi(Authenticator authenticator, RoomRepository rooms, RoomDirectory directory) {
        this.authenticator = authenticator;
        this.rooms = rooms;
        this.directory = directory;
    }

    void use(Recordings recordings) {
        this.recordings = recordings;
    }

    void list(Request request, Response response, Callback callback, String slug) {
        Caller caller = authenticator.require(request, false);
        requireHost(caller, slug);
        Recordings files = recordings;
        ApiResponses.json(response, callback, 200,
                Map.of("room", slug, "recordings", files == null ? java.util.List.of() : files.list(slug)));
    }

    void download(Request request, Response response, Callback callback, String slug, String name) {
        Caller caller = authenticator.require(request, false);
        requireHost(caller, slug);
        Path file = file(slug, name);
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new ApiException(404, "recording-not-found", "no such recording");
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE,
                file.getFileName().toString().endsWith(".webm") ? "video/webm" : "audio/ogg");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, size);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put(HttpHeader.CONTENT_DISPOSITION,
                "attachment; filename=\"" + file.getFileName() + "\"");
        if ("HEAD".equals(request.getMethod())) {
            callback.succeeded();
        } else {
            Content.copy(new PathContentSource(file), response, callback);
        }
    }

    void delete(Request request, Response response, Callback callback, String slug, String name) {
        Caller caller = authenticator.require(request, true);
        requireHost(caller, slug);
        Path file = file(slug, name);
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("deleting recording of room={} file={} failed: {}", slug, name, e.toString());
            throw new ApiException(500, "delete-failed", "the recording could not be deleted");
        }
        LOG.info("recording deleted by host {}: room={} file={}", caller.host().name(), slug, name);
        ApiResponses.noContent(response, callback);
    }

    private Path file(String slug, String name) {
        Recordings files = recordings;
        if (files == null) {
            throw new ApiException(404, "recording-not-found", "no such recording");
        }
        return files.find(slug, name)
                .orElseThrow(() -> new ApiException(404, "recording-not-found", "no such recording"));
    }

    /** 404 for no such room, 403 unless the caller hosts it (owner or admin; configured rooms: admin only). */
    private void requireHost(Caller caller, String slug) {
        if (directory.isConfigured(slug)) {
            if (!caller.host().admin()) {
                throw ApiException.forbidden("recordings of configured room " + slug + " are for the admin host");
            }
            return;
        }
        HostedRoom room = rooms.find(slug).orElseThrow(() -> ApiException.notFound("room " + slug + " does not exist"));
        if (!caller.mayManage(room.ownerId())) {
            throw ApiException.forbidden("room " + slug + " belongs to another host");
        }
    }
}
