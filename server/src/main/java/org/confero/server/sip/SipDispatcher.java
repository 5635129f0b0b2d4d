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
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.confero.server.metrics.Metrics;
import org.confero.server.sip.focus.CallRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stack's single listener: gives each request its server transaction and hands it to the handler of its
 * method. Nothing thrown by a handler escapes into the stack.
 */
final class SipDispatcher implements SipListenerExt {
    private static final Logger LOG = LoggerFactory.getLogger(SipDispatcher.class);

    private final SipContext sip;
    private final Map<String, RequestHandler> handlers;
    private final RequestHandler otherwise;
    private final CallRegistry calls;
    private final CallTerminator terminator;
    private final SessionRefresher refresher;
    private final Metrics.Counter requests;
    private final Metrics.Counter handlerErrors;

    SipDispatcher(SipContext sip, Map<String, RequestHandler> handlers, RequestHandler otherwise, CallRegistry calls,
            CallTerminator terminator, SessionRefresher refresher) {
        this.sip = sip;
        this.handlers = Map.copyOf(handlers);
        this.otherwise = otherwise;
        this.calls = calls;
        this.terminator = terminator;
        this.refresher = refresher;
        this.requests = sip.metrics().counter("sip_requests_total", "SIP requests received");
        this.handlerErrors = sip.metrics().counter("sip_handler_errors_total", "SIP requests whose handling failed");
    }

    @Override
    public void processRequest(RequestEvent event) {
        requests.increment();
        Request request = event.getRequest();
        String method = request.getMethod();
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

    @Override
    public void processResponse(ResponseEvent event) {
        try {
            refresher.onResponse(event);
        } catch (RuntimeException e) {
            handlerErrors.increment();
            LOG.warn("response handling failed call={}", CallIds.of(event.getResponse()), e);
        }
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        LOG.debug("transaction timeout {}", event.getTimeout());
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        LOG.debug("SIP I/O error towards {}:{} {}", event.getHost(), event.getPort(), event.getTransport());
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
        // transactions end on their own; calls are tracked by dialog
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
