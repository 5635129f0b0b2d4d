package org.confero.server.sip;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import javax.sip.ServerTransaction;
import javax.sip.header.Header;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.confero.server.guard.SampledLog;
import org.confero.server.metrics.LabelledCounter;
import org.confero.server.metrics.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds and sends responses; every error answer is counted and logged once with its room and call id. */
final class Responder {
    private static final Logger LOG = LoggerFactory.getLogger(Responder.class);

    private final SipContext sip;
    private final Metrics.Counter errors;
    private final Metrics.Counter unsent;
    /** One sampler per status code, so a flood of 403s does not hide the one 488 worth reading; codes are few. */
    private final ConcurrentHashMap<Integer, SampledLog> refusalLogs =
            new ConcurrentHashMap<>();
    private final LabelledCounter responsesSent;

    Responder(SipContext sip) {
        this.sip = sip;
        this.responsesSent = sip.metrics().labelledCounter("sip_responses_sent_total",
                "SIP responses sent, by request method and status code", "method", "code");
        this.errors = sip.metrics().counter("sip_error_responses_total", "SIP requests answered with an error status");
        this.unsent = sip.metrics().counter("sip_responses_unsent_total", "SIP responses whose connection was gone");
    }

    Response create(Request request, int status) throws Exception {
        return create(request, status, Tags.next());
    }

    /** A response whose To tag is {@code toTag} unless the request already had one (in-dialog requests). */
    Response create(Request request, int status, String toTag) throws Exception {
        Response response = sip.messages().createResponse(status, request);
        ToHeader to = (ToHeader) response.getHeader(ToHeader.NAME);
        if (status > 100 && to != null && to.getTag() == null) {
            to.setTag(toTag);
        }
        return response;
    }

    void send(ServerTransaction transaction, Response response) throws Exception {
        javax.sip.header.CSeqHeader cseq = (javax.sip.header.CSeqHeader) response.getHeader("CSeq");
        responsesSent.increment(SipMethods.label(cseq == null ? null : cseq.getMethod()),
                Integer.toString(response.getStatusCode()));
        try {
            if (transaction != null) {
                transaction.sendResponse(response);
            } else {
                sip.provider().sendResponse(response);
            }
        } catch (javax.sip.SipException e) {
            if (!(e.getCause() instanceof java.io.IOException)) {
                throw e;
            }
            // the peer closed its TCP connection before our answer: its loss, not a fault of ours to log loudly
            unsent.increment();
            LOG.debug("{} not sent, connection gone: {}", response.getStatusCode(), e.getCause().toString());
        }
    }

    void ok(ServerTransaction transaction, Request request, Header... extra) throws Exception {
        Response response = create(request, Response.OK);
        for (Header h : extra) {
            response.addHeader(h);
        }
        send(transaction, response);
    }

    /**
     * Sends an error response and counts it under its status code. The log line is sampled per status code: a
     * flood of refused requests costs a few lines a second, not one each.
     */
    void reject(ServerTransaction transaction, Request request, int status, String room, String why, Header... extra) {
        errors.increment();
        sip.metrics().counter("sip_error_responses_" + status + "_total", "SIP requests answered " + status).increment();
        String callId = CallIds.of(request);
        refusalLog(status).info(System.currentTimeMillis(), "{} {} rejected {}: {} room={} call={}",
                request.getMethod(), source(request), status, why, room == null ? "-" : room, callId);
        try {
            Response response = create(request, status);
            for (Header h : extra) {
                response.addHeader(h);
            }
            send(transaction, response);
        } catch (Exception e) {
            LOG.warn("could not send {} for call={}: {}", status, callId, e.toString());
        }
    }

    private SampledLog refusalLog(int status) {
        return refusalLogs.computeIfAbsent(status, code -> new SampledLog(LOG, 1_000));
    }

    private static String source(Request request) {
        if (request instanceof gov.nist.javax.sip.message.SIPMessage m && m.getRemoteAddress() != null) {
            return "from " + m.getRemoteAddress().getHostAddress().toLowerCase(Locale.ROOT) + ":" + m.getRemotePort();
        }
        return "from ?";
    }
}
