package org.confero.server.recording;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.confero.server.rooms.Room;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.content.PathContentSource;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /api/rooms/{room}/recordings} (the finished recordings, JSON) and
 * {@code GET /api/rooms/{room}/recordings/{file}} (one of them, {@code audio/ogg} or {@code video/webm}). A file
 * is found only by a name the listing gives, inside the room's own directory. Until host accounts exist, a room with a PIN asks for it in
 * the {@code X-Room-Pin} header; a host login replaces that.
 */
public final class RecordingsApi extends Handler.Wrapper {
    private static final Pattern LIST = Pattern.compile("/api/rooms/([^/]+)/recordings/?");
    private static final Pattern FILE = Pattern.compile("/api/rooms/([^/]+)/recordings/([^/]+)");
    static final String PIN_HEADER = "X-Room-Pin";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Recordings recordings;
    private final Function<String, Optional<Room>> rooms;

    public RecordingsApi(Recordings recordings, Function<String, Optional<Room>> rooms) {
        this.recordings = recordings;
        this.rooms = rooms;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        Matcher list = LIST.matcher(path);
        Matcher file = FILE.matcher(path);
        boolean isList = list.matches();
        if (!isList && !file.matches()) {
            return super.handle(request, response, callback);
        }
        if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
            error(response, callback, 405, "method-not-allowed", "only GET");
            return true;
        }
        String roomId = isList ? list.group(1) : file.group(1);
        Optional<Room> room = Room.isValidId(roomId) ? rooms.apply(roomId) : Optional.empty();
        if (room.isEmpty()) {
            error(response, callback, 404, "room-not-found", "room does not exist");
            return true;
        }
        if (!pinMatches(room.get(), request.getHeaders().get(PIN_HEADER))) {
            error(response, callback, 403, "wrong-pin", "the room's PIN is needed in " + PIN_HEADER);
            return true;
        }
        if (isList) {
            json(response, callback, 200, Map.of("room", roomId, "recordings", recordings.list(roomId)));
            return true;
        }
        Optional<Path> found = recordings.find(roomId, file.group(2));
        if (found.isEmpty()) {
            error(response, callback, 404, "recording-not-found", "no such recording");
            return true;
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE,
                found.get().getFileName().toString().endsWith(".webm") ? "video/webm" : "audio/ogg");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, Files.size(found.get()));
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put(HttpHeader.CONTENT_DISPOSITION,
                "attachment; filename=\"" + found.get().getFileName() + "\"");
        if ("HEAD".equals(request.getMethod())) {
            callback.succeeded();
        } else {
            Content.copy(new PathContentSource(found.get()), response, callback);
        }
        return true;
    }

    private static boolean pinMatches(Room room, String given) {
        if (room.pin().isEmpty()) {
            return true;
        }
        return given != null && MessageDigest.isEqual(room.pin().get().getBytes(StandardCharsets.UTF_8),
                given.strip().getBytes(StandardCharsets.UTF_8));
    }

    private static void error(Response response, Callback callback, int status, String code, String message)
            throws Exception {
        json(response, callback, status, Map.of("error", code, "message", message));
    }

    private static void json(Response response, Callback callback, int status, Object value) throws Exception {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        Content.Sink.write(response, true, JSON.writeValueAsString(value), callback);
    }
}
