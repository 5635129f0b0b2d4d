package org.confero.server.sip;

import gov.nist.javax.sip.message.SIPMessage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import javax.sip.ServerTransaction;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.confero.server.metrics.Metrics;
import org.confero.server.sip.overload.AdmissionControl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The door of the INVITE path: a new call beyond the server's capacity is answered 503 with Retry-After
 * (RFC 3261 §21.5.4) before any SDP is parsed or socket opened, and a client that offers RFC 7339 overload
 * control ({@code oc} in its Via) is told what share of its calls to drop. Every refusal is counted; the log
 * gets one line per second at most, never one per refused INVITE.
 */
final class OverloadGate {
    private static final Logger LOG = LoggerFactory.getLogger(OverloadGate.class);
    private static final long LOG_INTERVAL_NANOS = 1_000_000_000L;
    /** RFC 7339 §5.2: how long the client applies our oc value, in ms. */
    private static final int OC_VALIDITY_MILLIS = 2_000;

    private final SipContext sip;
    private final Responder responder;
    private final AdmissionControl admission;
    private final Metrics.Counter refused;
    private final Metrics.Counter refusedRate;
    private final Metrics.Counter refusedMedia;
    private final Metrics.Counter refusedBacklog;
    private final Metrics.Counter refusedUnconfirmed;
    private final java.util.function.BooleanSupplier setupBacklogFull;
    private final Metrics.Counter errors;
    private final Metrics.Counter errors503;
    private final AtomicLong lastLogNanos = new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS);
    private final AtomicLong refusedSinceLog = new AtomicLong();

    /** @param setupBacklogFull true while no more call setups can be queued ({@link CallSetupPool#full()}) */
    OverloadGate(SipContext sip, Responder responder, AdmissionControl admission,
            java.util.function.BooleanSupplier setupBacklogFull) {
        this.sip = sip;
        this.setupBacklogFull = setupBacklogFull;
        this.responder = responder;
        this.admission = admission;
        Metrics metrics = sip.metrics();
        this.refused = metrics.counter("sip_invites_refused_overload_total",
                "new calls refused with 503 because the server was at capacity");
        this.refusedRate = metrics.counter("sip_invites_refused_rate_total",
                "new calls refused with 503 beyond sip.max-call-setup-rate");
        this.refusedMedia = metrics.counter("sip_invites_refused_media_total",
                "new calls refused with 503 while the mix clock overran its ticks");
        this.refusedBacklog = metrics.counter("sip_invites_refused_backlog_total",
                "new calls refused with 503 because the call-setup queue was full");
        this.refusedUnconfirmed = metrics.counter("sip_invites_refused_unconfirmed_total",
                "new calls refused with 503 while too many answered calls waited for their ACK");
        this.errors = metrics.counter("sip_error_responses_total", "SIP requests answered with an error status");
        this.errors503 = metrics.counter("sip_error_responses_503_total", "SIP requests answered 503");
        metrics.gauge("sip_max_call_setup_rate", "new calls admitted per second at most", admission::callsPerSecond);
        metrics.gauge("sip_max_unconfirmed_calls", "answered calls awaiting their ACK above which new calls are"
                + " refused", admission::maxUnconfirmed);
        metrics.gauge("sip_overload_refused_percent", "share of new calls refused over the last second",
                admission::refusedPercent);
    }

    /** True when the INVITE was refused (and answered); the caller then does nothing more with it. */
    boolean refused(ServerTransaction tx, Request request) {
        if (setupBacklogFull.getAsBoolean()) {
            refuseBacklog(tx, request);
            return true;
        }
        AdmissionControl.Decision decision = admission.decide(source(request), System.nanoTime());
        if (decision.admitted()) {
            return false;
        }
        switch (decision) {
            case REFUSE_MEDIA -> {
                refusedMedia.increment();
                refuse(tx, request, "mix clock over budget");
            }
            case REFUSE_UNCONFIRMED -> {
                refusedUnconfirmed.increment();
                refuse(tx, request, "answered calls awaiting their ACK");
            }
            default -> {
                refusedRate.increment();
                refuse(tx, request, "call-setup rate");
            }
        }
        return true;
    }

    /** 503 for an INVITE whose setup could not be queued: the setup pool is behind (or shutting down). */
    void refuseBacklog(ServerTransaction tx, Request request) {
        refusedBacklog.increment();
        refuse(tx, request, "call-setup queue full");
    }

    private void refuse(ServerTransaction tx, Request request, String why) {
        refused.increment();
        errors.increment();
        errors503.increment();
        try {
            Response response = responder.create(request, Response.SERVICE_UNAVAILABLE);
            response.addHeader(sip.headers().createRetryAfterHeader(retryAfterSeconds()));
            offerOverloadControl(response);
            responder.send(tx, response);
        } catch (Exception e) {
            LOG.debug("503 could not be sent: {}", e.toString());
        }
        logSampled(why);
    }

    /**
     * Retry-After grows with the share refused and is spread at random so that refused clients do not all come
     * back in the same second (RFC 6357 §5.1 on synchronised retries).
     */
    private int retryAfterSeconds() {
        int base = 1 + admission.refusedPercent() / 25;
        return base + ThreadLocalRandom.current().nextInt(base + 1);
    }

    /** RFC 7339 §5.2: a client that put {@code oc} in its Via gets the loss percentage in our response's Via. */
    private void offerOverloadControl(Response response) throws Exception {
        ViaHeader via = (ViaHeader) response.getHeader(ViaHeader.NAME);
        if (via == null || !offersOverloadControl(via)) {
            return;
        }
        long now = System.currentTimeMillis();
        via.removeParameter("oc"); // the client's valueless flag; ours carries the value
        via.setParameter("oc", Integer.toString(Math.max(1, admission.refusedPercent())));
        via.setParameter("oc-algo", "\"loss\"");
        via.setParameter("oc-validity", Integer.toString(OC_VALIDITY_MILLIS));
        via.setParameter("oc-seq", (now / 1000) + "." + String.format("%03d", now % 1000));
    }

    /** The client's {@code oc} is a flag parameter (no value), so its presence is checked by name. */
    private static boolean offersOverloadControl(ViaHeader via) {
        for (java.util.Iterator<?> names = via.getParameterNames(); names.hasNext();) {
            if ("oc".equalsIgnoreCase(String.valueOf(names.next()))) {
                return true;
            }
        }
        return false;
    }

    private void logSampled(String why) {
        long n = refusedSinceLog.incrementAndGet();
        long last = lastLogNanos.get();
        long now = System.nanoTime();
        if (now - last >= LOG_INTERVAL_NANOS && lastLogNanos.compareAndSet(last, now)) {
            refusedSinceLog.addAndGet(-n);
            LOG.warn("overload: refused {} new calls with 503 in the last {} ms (latest: {}; capacity {} calls/s, "
                    + "{} % refused)", n, (now - last) / 1_000_000, why, admission.callsPerSecond(),
                    admission.refusedPercent());
        }
    }

    private static String source(Request request) {
        if (request instanceof SIPMessage m && m.getRemoteAddress() != null) {
            return m.getRemoteAddress().getHostAddress() + ":" + m.getRemotePort();
        }
        return "?";
    }
}
