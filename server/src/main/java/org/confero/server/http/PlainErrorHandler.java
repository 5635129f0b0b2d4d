package org.confero.server.http;

import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/** Errors Jetty itself produces (bad URIs, forbidden directories) as one plain line, without server details. */
final class PlainErrorHandler extends ErrorHandler {
    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) {
        Responses.text(response, callback, code, "text/plain; charset=utf-8",
                code + " " + HttpStatus.getMessage(code) + "\n");
    }
}
