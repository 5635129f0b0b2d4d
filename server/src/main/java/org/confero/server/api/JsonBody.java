package org.confero.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/** Reads a request's JSON object body, bounded in size; anything else is a 4xx naming what is wrong. */
final class JsonBody {
    static final int MAX_BYTES = 16 * 1024;
    /** An oversized body up to this size is read and dropped, so the client gets its 413 on an intact connection. */
    static final int DRAIN_BYTES = 1024 * 1024;

    private JsonBody() {}

    static JsonNode read(Request request) {
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        // A JSON content type cannot be sent cross-site without a CORS preflight: part of the CSRF defence.
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new ApiException(415, "unsupported-media-type", "send the body as application/json");
        }
        ApiException tooLarge = new ApiException(413, "too-large", "the body must be at most " + MAX_BYTES + " bytes");
        if (request.getLength() > DRAIN_BYTES) {
            throw tooLarge;
        }
        byte[] bytes;
        try (InputStream in = Content.Source.asInputStream(request)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                in.readNBytes(DRAIN_BYTES);
                throw tooLarge;
            }
        } catch (IOException e) {
            throw new ApiException(400, "malformed-json", "the body could not be read");
        }
        JsonNode node;
        try {
            node = ApiResponses.JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new ApiException(400, "malformed-json", "the body is not valid JSON" + where);
        }
        if (node == null || !node.isObject()) {
            throw new ApiException(400, "malformed-json", "the body must be a JSON object");
        }
        return node;
    }

    /**
     * Reads and drops what is left of a small request body before an error is answered. A refusal that comes before
     * the body was read (403 on a PATCH, say) would otherwise make the server close a connection the client may
     * already be sending its next request on, and that request would fail with no answer at all. Bodies of
     * unknown or large size are left alone: the connection is then closed, as it must be.
     */
    static void drainUnread(Request request) {
        long length = request.getLength();
        if (length <= 0 || length > DRAIN_BYTES) {
            return;
        }
        try (InputStream in = Content.Source.asInputStream(request)) {
            in.readNBytes(DRAIN_BYTES);
        } catch (IOException | RuntimeException e) {
            // the connection is closed instead, which is all that draining avoids
        }
    }

    /** A required string field. */
    static String text(JsonNode body, String field, int maxLength) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            throw ApiException.badField(field, field + " is required");
        }
        if (!value.isTextual()) {
            throw ApiException.badField(field, field + " must be a string");
        }
        if (value.textValue().length() > maxLength) {
            throw ApiException.badField(field, field + " must be at most " + maxLength + " characters");
        }
        return value.textValue();
    }
}
