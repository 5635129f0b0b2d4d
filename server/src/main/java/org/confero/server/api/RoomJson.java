package org.confero.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.confero.server.rooms.HostedRoom;

/**
 * A hosted room to and from JSON. Requests may carry any subset of the writable fields (POST fills the rest with
 * defaults, PATCH keeps the stored values); a field of the wrong type, out of range or unknown is a 400 naming it.
 */
final class RoomJson {
    static final Set<String> WRITABLE = Set.of("slug", "title", "start", "end", "timeZone", "weekly", "repeatUntil",
            "pin", "hostPin", "lobby", "maxParticipants", "layout", "recordingAllowed", "locked");
    static final int DEFAULT_MAX_PARTICIPANTS = 50;

    private RoomJson() {}

    /** The defaults a new room starts from before its request's fields apply. */
    static HostedRoom defaults(String slug, long ownerId, long now) {
        return new HostedRoom(slug, slug, ownerId, Optional.empty(), Optional.empty(), ZoneId.of("UTC"), false,
                Optional.empty(), Optional.empty(), Optional.empty(), false, DEFAULT_MAX_PARTICIPANTS, "grid", false,
                false, now, now);
    }

    /** {@code base} with the request's fields applied; the slug only when {@code slugWritable}. */
    static HostedRoom apply(HostedRoom base, JsonNode body, boolean slugWritable, long now) {
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!WRITABLE.contains(name)) {
                throw ApiException.badField(name, name + " is not a room field");
            }
        }
        if (!slugWritable && body.has("slug") && !body.get("slug").asText().equals(base.slug())) {
            throw ApiException.badField("slug", "slug cannot be changed");
        }
        try {
            return new HostedRoom(
                    slugWritable ? string(body, "slug", base.slug()) : base.slug(),
                    string(body, "title", base.title()),
                    base.ownerId(),
                    optional(body, "start", base.startsAt(), RoomJson::dateTime),
                    optional(body, "end", base.endsAt(), RoomJson::dateTime),
                    body.has("timeZone") ? zone(body.get("timeZone")) : base.timeZone(),
                    bool(body, "weekly", base.weekly()),
                    optional(body, "repeatUntil", base.repeatUntil(), RoomJson::date),
                    optional(body, "pin", base.participantPin(), v -> v),
                    optional(body, "hostPin", base.hostPin(), v -> v),
                    bool(body, "lobby", base.lobby()),
                    integer(body, "maxParticipants", base.maxParticipants()),
                    string(body, "layout", base.defaultLayout()),
                    bool(body, "recordingAllowed", base.recordingAllowed()),
                    bool(body, "locked", base.locked()),
                    base.createdAt(), now);
        } catch (IllegalArgumentException e) {
            // HostedRoom's messages start with the field's name.
            String message = String.valueOf(e.getMessage());
            throw ApiException.badField(message.split(" ", 2)[0], message);
        }
    }

    /** The room as the API shows it to a host who may manage it (PINs included: the host hands them out). */
    static Map<String, Object> toJson(HostedRoom room, String ownerName, String link, String sipUri) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("slug", room.slug());
        json.put("title", room.title());
        json.put("owner", ownerName);
        json.put("start", room.startsAt().map(LocalDateTime::toString).orElse(null));
        json.put("end", room.endsAt().map(LocalDateTime::toString).orElse(null));
        json.put("timeZone", room.timeZone().getId());
        json.put("weekly", room.weekly());
        json.put("repeatUntil", room.repeatUntil().map(LocalDate::toString).orElse(null));
        json.put("pin", room.participantPin().orElse(null));
        json.put("hostPin", room.hostPin().orElse(null));
        json.put("lobby", room.lobby());
        json.put("maxParticipants", room.maxParticipants());
        json.put("layout", room.defaultLayout());
        json.put("recordingAllowed", room.recordingAllowed());
        json.put("locked", room.locked());
        json.put("link", link);
        json.put("sipUri", sipUri);
        json.put("invite", "/api/rooms/" + room.slug() + "/invite.ics");
        json.put("createdAt", Instant.ofEpochMilli(room.createdAt()).toString());
        json.put("updatedAt", Instant.ofEpochMilli(room.updatedAt()).toString());
        return json;
    }

    @FunctionalInterface
    private interface Parser<T> {
        T parse(String text);
    }

    private static String string(JsonNode body, String field, String fallback) {
        JsonNode v = body.get(field);
        if (v == null) {
            return fallback;
        }
        if (!v.isTextual()) {
            throw ApiException.badField(field, field + " must be a string");
        }
        if (v.textValue().length() > 1000) {
            throw ApiException.badField(field, field + " is too long");
        }
        return v.textValue();
    }

    /** Absent keeps {@code fallback}; JSON null or "" clears the value. */
    private static <T> Optional<T> optional(JsonNode body, String field, Optional<T> fallback, Parser<T> parser) {
        JsonNode v = body.get(field);
        if (v == null) {
            return fallback;
        }
        if (v.isNull() || (v.isTextual() && v.textValue().isEmpty())) {
            return Optional.empty();
        }
        if (!v.isTextual() || v.textValue().length() > 64) {
            throw ApiException.badField(field, field + " must be a string");
        }
        try {
            return Optional.of(parser.parse(v.textValue()));
        } catch (DateTimeParseException e) {
            throw ApiException.badField(field, field + " must be a date"
                    + (field.equals("repeatUntil") ? " (2027-06-30)" : " and time (2027-01-11T09:00)"));
        }
    }

    private static boolean bool(JsonNode body, String field, boolean fallback) {
        JsonNode v = body.get(field);
        if (v == null) {
            return fallback;
        }
        if (!v.isBoolean()) {
            throw ApiException.badField(field, field + " must be true or false");
        }
        return v.booleanValue();
    }

    private static int integer(JsonNode body, String field, int fallback) {
        JsonNode v = body.get(field);
        if (v == null) {
            return fallback;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw ApiException.badField(field, field + " must be a whole number");
        }
        return v.intValue();
    }

    private static ZoneId zone(JsonNode v) {
        // Region ids only: a bare offset ("+05:00") has no VTIMEZONE for the invite and no daylight-saving rules.
        if (!v.isTextual() || !ZoneId.getAvailableZoneIds().contains(v.textValue())) {
            throw ApiException.badField("timeZone", "timeZone must be an IANA time zone such as Europe/Berlin");
        }
        try {
            return ZoneId.of(v.textValue());
        } catch (DateTimeException e) {
            throw ApiException.badField("timeZone", "timeZone must be an IANA time zone such as Europe/Berlin");
        }
    }

    private static LocalDateTime dateTime(String text) {
        return LocalDateTime.parse(text).withSecond(0).withNano(0);
    }

    private static LocalDate date(String text) {
        return LocalDate.parse(text);
    }
}
