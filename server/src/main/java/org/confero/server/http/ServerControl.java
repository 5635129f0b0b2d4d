package org.confero.server.http;

/** What the operations endpoints ask of the running server: readiness and the drain. */
public interface ServerControl {
    /** A server that is always ready and cannot be drained over HTTP (tests of the HTTP layer alone). */
    ServerControl NONE = new ServerControl() {
        @Override
        public boolean ready() {
            return true;
        }

        @Override
        public boolean checkAdminToken(String presented) {
            return false;
        }

        @Override
        public int startDrain() {
            throw new IllegalStateException("no drain here");
        }
    };

    /** Accepting new calls: started and not draining. */
    boolean ready();

    /** Whether {@code presented} is the admin token (compared in constant time). */
    boolean checkAdminToken(String presented);

    /** Starts draining (idempotent); returns the participants still in rooms. */
    int startDrain();
}
