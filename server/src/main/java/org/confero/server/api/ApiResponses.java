package org.confero.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Finishing API responses: JSON bodies, the one error shape, and other content types. */
final class ApiResponses {
    static final ObjectMapper JSON = new ObjectMapper();

    private ApiResponses() {}

    static void json(Response response, Callback callback, int status, Object value) {
        String body;
        try {
            body = JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
        body(response, callback, status, "application/json; charset=utf-8", body);
    }

    static void noContent(Response response, Callback callback) {
        response.setStatus(204);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        callback.succeeded();
    }

    /** {@code {"error": code, "message": text[, "field": name]}}, with Retry-After when there is one. */
    static void error(Response response, Callback callback, ApiException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.code);
        body.put("message", e.getMessage());
        if (e.field != null) {
            body.put("field", e.field);
        }
        if (e.retryAfterSeconds > 0) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, e.retryAfterSeconds);
        }
        if (e.status == 401) {
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"confero\"");
        }
        json(response, callback, e.status, body);
    }

    static void body(Response response, Callback callback, int status, String contentType, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        Content.Sink.write(response, true, body, callback);
    }
}
