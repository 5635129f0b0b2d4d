package org.confero.server.sip.proxy;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.sip.ClientTransaction;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.TimeoutEvent;
import javax.sip.address.URI;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.confero.server.config.ProxyConfig;
import org.confero.server.metrics.Metrics;
import org.confero.server.sip.registrar.Binding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stateful proxy of RFC 3261 §16 for requests between registered users: every request goes on in a client
 * transaction paired with the caller's server transaction; an initial request forks in parallel to every contact
 * (the first 2xx wins, the other branches are cancelled, a 6xx ends the search); in-dialog requests follow the
 * Route set our Record-Route built. Bodies are never touched: media flows between the phones.
 */
public final class StatefulProxy {
    private static final Logger LOG = LoggerFactory.getLogger(StatefulProxy.class);
    private static final Object CANCEL_SENT = new Object();
    /** Open forks beyond this get 503: each holds transactions and a timer. */
    static final int MAX_OPEN_FORKS = 10_000;

    /** An in-dialog request relayed 1:1. */
    private record Relay(ServerTransaction server, Request request) {}

    private final ProxyStack stack;
    private final RequestCopies copies;
    private final ProxiedCalls calls;
    private final ProxyConfig config;
    private final java.util.function.Predicate<String> roomExists;
    private final Map<String, Fork> openForks = new ConcurrentHashMap<>();
    private final Metrics.Counter forked;
    private final Metrics.Counter relayed;
    private final Metrics.Counter noAnswers;

    public StatefulProxy(ProxyStack stack, String realm, ProxiedCalls calls, ProxyConfig config,
            java.util.function.Predicate<String> roomExists) {
        this.stack = stack;
        this.copies = new RequestCopies(stack, realm);
        this.calls = calls;
        this.config = config;
        this.roomExists = roomExists;
        this.forked = stack.metrics().counter("sip_proxy_requests_total", "initial requests proxied to registered users");
        this.relayed = stack.metrics().counter("sip_proxy_in_dialog_total", "in-dialog requests relayed by the proxy");
        this.noAnswers = stack.metrics().counter("sip_proxy_no_answer_total", "proxied calls nobody answered in time");
    }

    public RequestCopies copies() {
        return copies;
    }

    /** RFC 3261 §16.3 step 4: the request already passed us with the same target. */
    public boolean looped(Request request) {
        return LoopGuard.looped(request, stack);
    }

    public int openForks() {
        return openForks.size();
    }

    /**
     * Forks {@code request} to every binding, highest q first (all at once: parallel search).
     *
     * @return false when too many forks are open (the caller answers 503)
     */
    public boolean fork(ServerTransaction server, Request request, String caller, String callee,
            List<Binding> bindings) throws Exception {
        if (openForks.size() >= MAX_OPEN_FORKS) {
            return false;
        }
        Fork fork = new Fork(server, request, caller, callee);
        if (fork.isInvite()) {
            server.sendResponse(stack.messages().createResponse(Response.TRYING, request));
        }
        openForks.put(key(request), fork);
        forked.increment();
        synchronized (fork) {
            for (Binding b : bindings.stream().sorted(Comparator.comparingDouble((Binding x) -> -x.q())).toList()) {
                startBranch(fork, stack.addresses().createURI(b.contact()), b.path());
            }
            if (fork.isInvite()) {
                fork.noAnswer = stack.scheduler().schedule(() -> noAnswer(fork), config.noAnswerSeconds(),
                        TimeUnit.SECONDS);
            }
            if (fork.branches.isEmpty()) {
                fork.best = stack.messages().createResponse(Response.TEMPORARILY_UNAVAILABLE, request);
                finish(fork);
            }
        }
        return true;
    }

    private void startBranch(Fork fork, URI target, List<String> path) {
        try {
            Request copy = copies.forward(fork.request, target, fork.isInvite(), path);
            ClientTransaction tx = stack.provider().getNewClientTransaction(copy);
            Fork.Branch branch = new Fork.Branch(fork, tx);
            tx.setApplicationData(branch);
            fork.branches.add(branch);
            tx.sendRequest();
        } catch (Exception e) {
            LOG.info("proxy branch to {} failed call={}: {}", target, callId(fork.request), e.toString());
        }
    }

    /** Relays a request of a dialog we record-routed (BYE, re-INVITE, INFO, ...; ACK without a transaction). */
    public void forwardInDialog(ServerTransaction server, Request request) throws Exception {
        Request copy = copies.forward(request, null, false, List.of());
        relayed.increment();
        if (Request.ACK.equals(request.getMethod())) {
            stack.provider().sendRequest(copy);
            return;
        }
        ClientTransaction tx = stack.provider().getNewClientTransaction(copy);
        tx.setApplicationData(new Relay(server, request));
        tx.sendRequest();
        if (Request.BYE.equals(request.getMethod())) {
            calls.ended(callId(request));
        }
    }

    /** CANCEL from the caller for one of our forks: 200 for the CANCEL, CANCEL to every branch, 487 to the INVITE. */
    public boolean cancel(ServerTransaction cancelTx, Request cancel) throws Exception {
        Fork fork = openForks.get(key(cancel));
        if (fork == null) {
            return false;
        }
        cancelTx.sendResponse(stack.messages().createResponse(Response.OK, cancel));
        synchronized (fork) {
            if (!fork.finished) {
                cancelOpenBranches(fork);
                fork.best = stack.messages().createResponse(Response.REQUEST_TERMINATED, fork.request);
                finish(fork);
            }
        }
        return true;
    }

    /** @return true when the response belonged to the proxy */
    public boolean onResponse(ResponseEvent event) {
        Response response = event.getResponse();
        ClientTransaction tx = event.getClientTransaction();
        if (tx == null) {
            return forwardStray(response);
        }
        Object data = tx.getApplicationData();
        if (data == CANCEL_SENT) {
            return true;
        }
        if (data instanceof Relay relay) {
            sendUp(relay.server(), stripped(response));
            return true;
        }
        if (data instanceof Fork.Branch branch) {
            onBranchResponse(branch, response);
            return true;
        }
        return false;
    }

    /** A client transaction of ours timed out: the branch's answer is 408. */
    public boolean onTimeout(TimeoutEvent event) {
        if (event.isServerTransaction()) {
            return false;
        }
        Object data = event.getClientTransaction().getApplicationData();
        if (data instanceof Relay relay) {
            try {
                sendUp(relay.server(), stack.messages().createResponse(Response.REQUEST_TIMEOUT, relay.request()));
            } catch (Exception e) {
                LOG.debug("408 not sent: {}", e.toString());
            }
            return true;
        }
        if (data instanceof Fork.Branch branch) {
            Fork fork = branch.fork;
            synchronized (fork) {
                branch.done = true;
                if (!fork.finished && fork.allBranchesDone()) {
                    finishOrFallBack(fork);
                }
            }
            return true;
        }
        return data == CANCEL_SENT;
    }

    private void onBranchResponse(Fork.Branch branch, Response response) {
        Fork fork = branch.fork;
        int status = response.getStatusCode();
        synchronized (fork) {
            if (status < 200) {
                branch.provisional = true;
                if (branch.cancelWhenProvisional) {
                    sendCancel(branch);
                } else if (status > 100 && !fork.finished) {
                    sendUp(fork.server, stripped(response));
                }
                return;
            }
            branch.done = true;
            if (status < 300) {
                // RFC 3261 §16.7 step 5: every 2xx goes upstream, even after another branch won
                sendUp(fork.server, stripped(response));
                if (!fork.answered) {
                    fork.answered = true;
                    fork.finished = true;
                    cancelTimer(fork);
                    cancelOpenBranches(fork);
                    openForks.remove(key(fork.request));
                    if (fork.isInvite()) {
                        calls.answered(callId(fork.request), fork.caller, fork.callee, stack.clock().millis());
                    }
                    LOG.info("proxied {} {} -> {} answered {} call={}", fork.request.getMethod(), fork.caller,
                            fork.callee, status, callId(fork.request));
                }
                return;
            }
            if (fork.finished) {
                return;
            }
            fork.consider(stripped(response));
            if (status >= 600) {
                cancelOpenBranches(fork);
                finish(fork);
            } else if (fork.allBranchesDone()) {
                finishOrFallBack(fork);
            }
        }
    }

    private void noAnswer(Fork fork) {
        synchronized (fork) {
            if (fork.finished || fork.fallbackTried) {
                return;
            }
            noAnswers.increment();
            LOG.info("proxied call {} -> {} not answered in {} s call={}", fork.caller, fork.callee,
                    config.noAnswerSeconds(), callId(fork.request));
            cancelOpenBranches(fork);
            try {
                fork.best = stack.messages().createResponse(Response.TEMPORARILY_UNAVAILABLE, fork.request);
            } catch (Exception e) {
                LOG.debug("480 not built: {}", e.toString());
            }
            finishOrFallBack(fork);
        }
    }

    /** Nobody answered: ring the callee's personal room once if configured, else the caller gets the best answer. */
    private void finishOrFallBack(Fork fork) {
        if (fork.isInvite() && config.fallbackToRoom() && !fork.fallbackTried && fork.callee != null
                && roomExists.test(fork.callee)) {
            fork.fallbackTried = true;
            cancelTimer(fork);
            try {
                javax.sip.address.SipURI room = stack.addresses().createSipURI(fork.callee, stack.host());
                room.setPort(stack.port());
                LOG.info("proxied call {} -> {} falls back to room={} call={}", fork.caller, fork.callee,
                        fork.callee, callId(fork.request));
                startBranch(fork, room, List.of());
                if (!fork.allBranchesDone()) {
                    return;
                }
            } catch (Exception e) {
                LOG.info("fallback to room={} failed: {}", fork.callee, e.toString());
            }
        }
        finish(fork);
    }

    /** Sends the best final answer (408 when no branch answered at all) and forgets the fork. */
    private void finish(Fork fork) {
        fork.finished = true;
        cancelTimer(fork);
        openForks.remove(key(fork.request));
        try {
            Response answer = fork.best != null ? fork.best
                    : stack.messages().createResponse(Response.REQUEST_TIMEOUT, fork.request);
            sendUp(fork.server, answer);
        } catch (Exception e) {
            LOG.debug("final answer not sent call={}: {}", callId(fork.request), e.toString());
        }
    }

    private void cancelOpenBranches(Fork fork) {
        if (!fork.isInvite()) {
            return; // only INVITE can be cancelled (RFC 3261 §9.1); other branches end by themselves
        }
        for (Fork.Branch b : fork.branches) {
            if (!b.done) {
                sendCancel(b);
            }
        }
    }

    private void sendCancel(Fork.Branch branch) {
        if (!branch.provisional) {
            branch.cancelWhenProvisional = true; // RFC 3261 §9.1: not before a provisional response
            return;
        }
        branch.cancelWhenProvisional = false;
        try {
            ClientTransaction cancel = stack.provider().getNewClientTransaction(branch.tx.createCancel());
            cancel.setApplicationData(CANCEL_SENT);
            cancel.sendRequest();
        } catch (Exception e) {
            LOG.debug("CANCEL not sent: {}", e.toString());
        }
    }

    private static void cancelTimer(Fork fork) {
        if (fork.noAnswer != null) {
            fork.noAnswer.cancel(false);
        }
    }

    /** The response without our Via, to go to the previous hop. */
    private static Response stripped(Response response) {
        Response copy = (Response) response.clone();
        copy.removeFirst(ViaHeader.NAME);
        return copy;
    }

    /** Through the server transaction; a 2xx after it ended goes statelessly (RFC 3261 §16.7 step 10). */
    private void sendUp(ServerTransaction server, Response response) {
        try {
            server.sendResponse(response);
        } catch (Exception e) {
            if (response.getStatusCode() / 100 == 2) {
                try {
                    stack.provider().sendResponse(response);
                } catch (Exception again) {
                    LOG.debug("2xx not relayed: {}", again.toString());
                }
            } else {
                LOG.debug("response {} not relayed: {}", response.getStatusCode(), e.toString());
            }
        }
    }

    /** A response with no transaction (a 2xx retransmission): relayed if its top Via is one of ours. */
    private boolean forwardStray(Response response) {
        ViaHeader top = (ViaHeader) response.getHeader(ViaHeader.NAME);
        if (top == null || !LoopGuard.isOurs(top, stack) || !LoopGuard.hasSecondVia(response)) {
            return false;
        }
        try {
            stack.provider().sendResponse(stripped(response));
        } catch (Exception e) {
            LOG.debug("stray response not relayed: {}", e.toString());
        }
        return true;
    }

    private static String key(Request request) {
        ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
        return callId(request) + "|" + (via == null ? "" : via.getBranch());
    }

    static String callId(Request request) {
        CallIdHeader h = (CallIdHeader) request.getHeader(CallIdHeader.NAME);
        return h == null ? "-" : h.getCallId();
    }
}
