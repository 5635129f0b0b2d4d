package org.confero.server.http;

import org.confero.server.metrics.Metrics;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outermost handler: security headers on every response, a JSON/plain 404 for anything unhandled, a 500 instead
 * of an escaped exception, and counters of 4xx and 5xx responses.
 */
final class EdgeHandler extends Handler.Wrapper {
    private static final Logger LOG = LoggerFactory.getLogger(EdgeHandler.class);

    /** Scripts and styles only from us (no inline script), media from the camera, signalling over ws/wss. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; media-src 'self' blob: mediastream:; connect-src 'self' ws: wss:; "
            + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private final Metrics.Counter clientErrors;
    private final Metrics.Counter serverErrors;

    EdgeHandler(Handler inner, Metrics metrics) {
        super(inner);
        this.clientErrors = metrics.counter("confero_http_responses_4xx_total", "HTTP responses with a 4xx status");
        this.serverErrors = metrics.counter("confero_http_responses_5xx_total", "HTTP responses with a 5xx status");
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        HttpFields.Mutable headers = response.getHeaders();
        headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("X-Frame-Options", "DENY");
        headers.put("Permissions-Policy", "camera=(self), microphone=(self), geolocation=()");
        Callback counting = new CountingCallback(callback, response);
        try {
            if (!super.handle(request, response, counting)) {
                Responses.text(response, counting, 404, "text/plain; charset=utf-8", "not found\n");
            }
        } catch (Exception e) {
            LOG.warn("HTTP {} {} failed", request.getMethod(), request.getHttpURI().getPath(), e);
            if (!response.isCommitted()) {
                Responses.text(response, counting, 500, "text/plain; charset=utf-8", "internal error\n");
            } else {
                counting.failed(e);
            }
        }
        return true;
    }

    private void count(int status) {
        if (status >= 500) {
            serverErrors.increment();
        } else if (status >= 400) {
            clientErrors.increment();
        }
    }

    private final class CountingCallback extends Callback.Nested {
        private final Response response;

        CountingCallback(Callback callback, Response response) {
            super(callback);
            this.response = response;
        }

        @Override
        public void succeeded() {
            count(response.getStatus());
            super.succeeded();
        }

        @Override
        public void failed(Throwable cause) {
            count(500);
            super.failed(cause);
        }
    }
}
