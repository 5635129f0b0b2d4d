package org.confero.server.api;

/**
 * An API call refused with a status, a stable error code and a message; {@code field} names the JSON field at fault
 * (validation errors) or is null.
 */
final class ApiException extends RuntimeException {
    final int status;
    final String code;
    final String field;
    final long retryAfterSeconds;

    ApiException(int status, String code, String message) {
        this(status, code, message, null, 0);
    }

    ApiException(int status, String code, String message, String field, long retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.field = field;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    static ApiException badField(String field, String message) {
        return new ApiException(400, "invalid-field", message, field, 0);
    }

    static ApiException unauthenticated() {
        return new ApiException(401, "unauthenticated", "log in or send an API token (Authorization: Bearer)");
    }

    static ApiException forbidden(String message) {
        return new ApiException(403, "forbidden", message);
    }

    static ApiException notFound(String message) {
        return new ApiException(404, "not-found", message);
    }
}
