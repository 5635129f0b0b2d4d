package org.confero.server.sip.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import javax.sip.ClientTransaction;
import javax.sip.ServerTransaction;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * One proxied request and its branches (RFC 3261 §16.7): which are still open, the best final response so far,
 * and whether the caller already has its final answer. Guarded by its own monitor.
 */
final class Fork {
    /** One branch: the client transaction towards one contact. */
    static final class Branch {
        final Fork fork;
        final ClientTransaction tx;
        boolean provisional;
        boolean cancelWhenProvisional;
        boolean done;

        Branch(Fork fork, ClientTransaction tx) {
            this.fork = fork;
            this.tx = tx;
        }
    }

    final ServerTransaction server;
    final Request request;
    final String caller;
    final String callee;
    final List<Branch> branches = new ArrayList<>();
    Response best;
    boolean answered;
    boolean finished;
    boolean fallbackTried;
    ScheduledFuture<?> noAnswer;

    Fork(ServerTransaction server, Request request, String caller, String callee) {
        this.server = server;
        this.request = request;
        this.caller = caller;
        this.callee = callee;
    }

    boolean isInvite() {
        return Request.INVITE.equals(request.getMethod());
    }

    boolean allBranchesDone() {
        return branches.stream().allMatch(b -> b.done);
    }

    /** RFC 3261 §16.7 step 6: a 6xx wins, then the lowest class; 503 counts as 500. */
    void consider(Response response) {
        int status = response.getStatusCode();
        if (best == null) {
            best = response;
            return;
        }
        int current = best.getStatusCode();
        if (current >= 600) {
            return;
        }
        if (status >= 600 || rank(status) < rank(current)) {
            best = response;
        }
    }

    private static int rank(int status) {
        // 4xx is more useful to the caller than 5xx or 3xx from a forked branch
        int cls = status / 100;
        return switch (cls) {
            case 4 -> 1;
            case 5 -> 2;
            case 3 -> 3;
            default -> 4;
        };
    }
}
