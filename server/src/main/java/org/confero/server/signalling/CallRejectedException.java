package org.confero.server.signalling;

import java.util.Objects;

/** The media side refused a request; the code goes to the browser as an {@code error} message. */
public final class CallRejectedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient ErrorCode code;

    public CallRejectedException(ErrorCode code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    public ErrorCode code() {
        return code;
    }
}
