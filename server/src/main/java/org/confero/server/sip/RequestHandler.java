package org.confero.server.sip;

import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;

/** Handles one SIP method. Runs on a stack thread: must not block for long and must not throw. */
interface RequestHandler {
    /**
     * @param transaction the server transaction (already created), or null for ACK
     */
    void handle(RequestEvent event, ServerTransaction transaction) throws Exception;
}
