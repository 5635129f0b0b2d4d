package org.confero.server.sip;

import java.util.Locale;
import javax.sip.ServerTransaction;
import javax.sip.header.Header;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.confero.server.metrics.LabelledCounter;
import org.confero.server.metrics.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds and sends responses; every error answer is counted and logged once with its room and call id. */
final class Responder {
    private static final Logger LOG = LoggerFactory.getLogger(Responder.class);

    private final SipContext sip;
    private final Metrics.Counter errors;
    private final LabelledCounter responsesSent;

    Responder(SipContext sip) {
        this.sip = sip;
        this.responsesSent = sip.metrics().labelledCounter("sip_responses_sent_total",
                "SIP responses sent, by request method and status code", "method", "code");
        this.errors = sip.metrics().counter("sip_error_responses_total", "SIP requests answered with an error status");
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
        if (transaction != null) {
            transaction.sendResponse(response);
        } else {
            sip.provider().sendResponse(response);
        }
    }

    void ok(ServerTransaction transaction, Request request, Header... extra) throws Exception {
        Response response = create(request, Response.OK);
        for (Header h : extra) {
            response.addHeader(h);
        }
        send(transaction, response);
    }

    /** Sends an error response, counts it under its status code and writes one log line. */
    void reject(ServerTransaction transaction, Request request, int status, String room, String why, Header... extra) {
        errors.increment();
        sip.metrics().counter("sip_error_responses_" + status + "_total", "SIP requests answered " + status).increment();
        String callId = CallIds.of(request);
        LOG.info("{} {} rejected {}: {} room={} call={}", request.getMethod(), source(request), status, why,
                room == null ? "-" : room, callId);
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

    private static String source(Request request) {
        if (request instanceof gov.nist.javax.sip.message.SIPMessage m && m.getRemoteAddress() != null) {
            return "from " + m.getRemoteAddress().getHostAddress().toLowerCase(Locale.ROOT) + ":" + m.getRemotePort();
        }
        return "from ?";
    }
}
