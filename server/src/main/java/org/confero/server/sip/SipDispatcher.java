package org.confero.server.sip;

import gov.nist.javax.sip.DialogTimeoutEvent;
import gov.nist.javax.sip.SipListenerExt;
import java.util.Map;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.TransactionUnavailableException;
import javax.sip.header.CSeqHeader;
import javax.sip.header.RequireHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.confero.server.guard.SourceGuard;
import org.confero.server.metrics.LabelledCounter;
import org.confero.server.metrics.Metrics;
import org.confero.server.sip.events.ConferenceEvents;
import org.confero.server.sip.focus.CallRegistry;
import org.confero.server.sip.focus.FocusCall;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stack's single listener: gives each request its server transaction and hands it to the handler of its
 * method. Nothing thrown by a handler escapes into the stack.
 */
final class SipDispatcher implements SipListenerExt {
    private static final Logger LOG = LoggerFactory.getLogger(SipDispatcher.class);

    private static final java.util.Set<String> SUPPORTED_EXTENSIONS = java.util.Set.of("timer");

    private final SipContext sip;
    private final Responder responder;
    private final Map<String, RequestHandler> handlers;
    private final RequestHandler otherwise;
    private final CallRegistry calls;
    private final CallTerminator terminator;
    private final SessionRefresher refresher;
    private final ConferenceEvents events;
    private final Metrics.Counter requests;
    private final Metrics.Counter handlerErrors;
    private final LabelledCounter requestsByMethod;
    private final LabelledCounter responsesReceived;
    private final Metrics.Counter refusedDraining;
    private final UserRequestRouter users;

    SipDispatcher(SipContext sip, Responder responder, Map<String, RequestHandler> handlers, RequestHandler otherwise,
            CallRegistry calls, CallTerminator terminator, SessionRefresher refresher, ConferenceEvents events,
            UserRequestRouter users) {
        this.events = events;
        this.users = users;
        this.sip = sip;
        this.responder = responder;
        this.handlers = Map.copyOf(handlers);
        this.otherwise = otherwise;
        this.calls = calls;
        this.terminator = terminator;
        this.refresher = refresher;
        this.requests = sip.metrics().counter("sip_requests_total", "SIP requests received");
        this.handlerErrors = sip.metrics().counter("sip_handler_errors_total", "SIP requests whose handling failed");
        this.requestsByMethod = sip.metrics().labelledCounter("sip_requests_received_total",
                "SIP requests received, by method", "method");
        this.responsesReceived = sip.metrics().labelledCounter("sip_responses_received_total",
                "SIP responses received (to our requests), by method and status code", "method", "code");
        this.refusedDraining = sip.metrics().counter("sip_invites_refused_draining_total",
                "new calls refused with 503 while the server drained");
    }

    /** Seconds a phone refused during a drain waits before trying again (another node, usually). */
    private static final int DRAIN_RETRY_AFTER_SECONDS = 30;

    /** An INVITE outside any dialog (no To tag): a new call, which a draining server refuses. */
    private static boolean isNewCall(Request request) {
        if (!Request.INVITE.equals(request.getMethod())) {
            return false;
        }
        javax.sip.header.ToHeader to = (javax.sip.header.ToHeader) request.getHeader("To");
        return to == null || to.getTag() == null;
    }

    @Override
    public void processRequest(RequestEvent event) {
        requests.increment();
        Request request = event.getRequest();
        String method = request.getMethod();
        requestsByMethod.increment(SipMethods.label(method));
        if (!admitted(request, method)) {
            // Banned or over its rate: dropped silently, before any transaction or response exists. A 403/503
            // per packet would cost us and reflect traffic; UDP senders retransmit into the same drop (STYLE 13).
            return;
        }
        ServerTransaction tx = event.getServerTransaction();
        if (tx == null && !Request.ACK.equals(method)) {
            try {
                tx = sip.provider().getNewServerTransaction(request);
            } catch (TransactionAlreadyExistsException e) {
                return; // a retransmission the stack already handles
            } catch (TransactionUnavailableException e) {
                LOG.debug("no server transaction for {} call={}: {}", method, CallIds.of(request), e.toString());
                tx = null; // answer statelessly
            }
        }
        try {
            if (!Request.ACK.equals(method) && unsupportedScheme(tx, request)) {
                return;
            }
            if (!Request.ACK.equals(method) && !Request.CANCEL.equals(method) && unsupportedRequire(tx, request)) {
                return;
            }
            if (isNewCall(request) && !sip.acceptingCalls().getAsBoolean()) {
                refusedDraining.increment();
                responder.reject(tx, request, Response.SERVICE_UNAVAILABLE, null, "server draining",
                        sip.headers().createRetryAfterHeader(DRAIN_RETRY_AFTER_SECONDS));
                return;
            }
            if (users.route(event, tx)) {
                return; // a registered user's request or a proxied dialog's: the proxy or presence has it
            }
            focusDialog(event, tx);
            handlers.getOrDefault(method, otherwise).handle(event, tx);
        } catch (Exception | LinkageError e) {
            handlerErrors.increment();
            LOG.warn("{} handling failed call={}", method, CallIds.of(request), e);
            if (tx != null && !Request.ACK.equals(method)) {
                try {
                    tx.sendResponse(sip.messages().createResponse(Response.SERVER_INTERNAL_ERROR, request));
                } catch (Exception ignored) {
                    // the transaction may have answered already
                }
            }
        }
    }

    /**
     * The per-source guard: ACK, BYE and CANCEL end or confirm work already admitted, so only a ban stops them;
     * every other request also spends from its source's rate for its kind (in-dialog INVITEs as "other").
     */
    private boolean admitted(Request request, String method) {
        String source = SourceAddress.of(request);
        if (Request.ACK.equals(method) || Request.BYE.equals(method) || Request.CANCEL.equals(method)) {
            return !sip.guards().sources().isBanned(source);
        }
        SourceGuard.Kind kind = switch (method) {
            case Request.INVITE -> request.getHeader(ToHeader.NAME) instanceof ToHeader to && to.getTag() != null
                    ? SourceGuard.Kind.OTHER : SourceGuard.Kind.INVITE;
            case Request.REGISTER -> SourceGuard.Kind.REGISTER;
            default -> SourceGuard.Kind.OTHER;
        };
        return sip.guards().sources().check(source, kind) == SourceGuard.Verdict.PASS;
    }

    /** RFC 3261 §8.2.2.1: a Request-URI whose scheme we do not serve gets 416 (RFC 4475 §3.3.2, §3.3.3). */
    private boolean unsupportedScheme(ServerTransaction tx, Request request) {
        javax.sip.address.URI uri = request.getRequestURI();
        String scheme = uri == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (scheme.equals("sip") || scheme.equals("sips")) {
            return false;
        }
        responder.reject(tx, request, Response.UNSUPPORTED_URI_SCHEME, null, "Request-URI scheme not served");
        return true;
    }

    /**
     * The stack creates no dialogs by itself (a proxy must not be a party to the dialogs it relays): a request
     * that starts a dialog with the focus gets its dialog here, before any response.
     */
    private void focusDialog(RequestEvent event, ServerTransaction tx) {
        Request request = event.getRequest();
        if (tx == null || tx.getDialog() != null || !Request.INVITE.equals(request.getMethod())
                || ((ToHeader) request.getHeader(ToHeader.NAME)).getTag() != null) {
            return;
        }
        try {
            sip.provider().getNewDialog(tx);
        } catch (javax.sip.SipException e) {
            LOG.debug("no dialog for call={}: {}", CallIds.of(request), e.toString());
        }
    }

    /** RFC 3261 §8.2.2.3: an extension the request requires and we lack gets 420 with Unsupported. */
    private boolean unsupportedRequire(ServerTransaction tx, Request request) throws Exception {
        java.util.List<String> missing = new java.util.ArrayList<>();
        for (java.util.ListIterator<?> it = request.getHeaders(RequireHeader.NAME); it != null && it.hasNext();) {
            String tag = ((RequireHeader) it.next()).getOptionTag();
            if (tag != null && !SUPPORTED_EXTENSIONS.contains(tag.trim().toLowerCase(java.util.Locale.ROOT))) {
                missing.add(tag.trim());
            }
        }
        if (missing.isEmpty()) {
            return false;
        }
        javax.sip.header.Header[] unsupported = new javax.sip.header.Header[missing.size()];
        for (int i = 0; i < missing.size(); i++) {
            unsupported[i] = sip.headers().createUnsupportedHeader(missing.get(i));
        }
        responder.reject(tx, request, Response.BAD_EXTENSION, null, "requires " + String.join(",", missing),
                unsupported);
        return true;
    }

    @Override
    public void processResponse(ResponseEvent event) {
        CSeqHeader cseq = (CSeqHeader) event.getResponse().getHeader(CSeqHeader.NAME);
        responsesReceived.increment(SipMethods.label(cseq == null ? null : cseq.getMethod()),
                Integer.toString(event.getResponse().getStatusCode()));
        try {
            if (users.onResponse(event)) {
                return;
            }
            if (cseq != null && Request.NOTIFY.equals(cseq.getMethod())) {
                events.notifyAnswered(event.getClientTransaction(), event.getResponse().getStatusCode());
                return;
            }
            refresher.onResponse(event);
        } catch (RuntimeException e) {
            handlerErrors.increment();
            LOG.warn("response handling failed call={}", CallIds.of(event.getResponse()), e);
        }
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        LOG.debug("transaction timeout {}", event.getTimeout());
        if (users.onTimeout(event)) {
            return;
        }
        if (event.isServerTransaction()) {
            endUnconfirmed(event.getServerTransaction(), "INVITE transaction timed out");
        } else if (event.getClientTransaction() != null
                && Request.NOTIFY.equals(event.getClientTransaction().getRequest().getMethod())) {
            events.notifyTimedOut(event.getClientTransaction());
        }
    }

    /**
     * A new call whose INVITE transaction failed never becomes a call: its leg is removed now rather than by the
     * supervisor's sweep much later (RFC 3261 §17.2.1: a 2xx ends the transaction; it failing first does not).
     */
    private void endUnconfirmed(ServerTransaction tx, String reason) {
        if (tx == null || tx.getRequest() == null || !Request.INVITE.equals(tx.getRequest().getMethod())) {
            return;
        }
        calls.find(CallIds.of(tx.getRequest()))
                .filter(call -> call.inviteTransaction() == tx && call.state() == FocusCall.State.RINGING)
                .ifPresent(call -> terminator.released(call, reason));
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        LOG.debug("SIP I/O error towards {}:{} {}", event.getHost(), event.getPort(), event.getTransport());
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
        // Calls are tracked by dialog, except one whose INVITE transaction ended before any final response.
        if (event.isServerTransaction()) {
            endUnconfirmed(event.getServerTransaction(), "INVITE transaction ended without an answer");
        }
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
        String callId = event.getDialog().getCallId().getCallId();
        calls.find(callId).ifPresent(call -> terminator.released(call, "dialog terminated"));
    }

    @Override
    public void processDialogTimeout(DialogTimeoutEvent event) {
        // RFC 3261 §13.3.1.4: no ACK arrived for our 200 OK; the call vanished.
        String callId = event.getDialog().getCallId().getCallId();
        calls.find(callId).ifPresent(call -> terminator.hangUp(call, "no ACK for the 200 OK (" + event.getReason() + ")"));
        try {
            event.getDialog().delete();
        } catch (RuntimeException e) {
            LOG.debug("dialog delete failed: {}", e.toString());
        }
    }
}
