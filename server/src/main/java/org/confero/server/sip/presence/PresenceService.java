package org.confero.server.sip.presence;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.address.SipURI;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.SubscriptionStateHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.confero.server.metrics.Metrics;
import org.confero.server.sip.proxy.ProxyStack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The presence agent of RFC 3856 for registered users: SUBSCRIBE (Event: presence) creates a subscription and its
 * NOTIFYs carry PIDF (RFC 3863) whenever the user's status changes (registered, on a proxied call, in a room,
 * offline); PUBLISH (RFC 3903) adds the user's own note. Subscriptions are bounded per watcher and per user and
 * lapse at their expiry with a final NOTIFY.
 */
public final class PresenceService {
    private static final Logger LOG = LoggerFactory.getLogger(PresenceService.class);
    public static final int MIN_EXPIRES = 60;
    public static final int MAX_EXPIRES = 3600;
    static final int MAX_PER_WATCHER = 50;
    static final int MAX_PER_PRESENTITY = 100;
    static final int MAX_TOTAL = 10_000;
    private static final Object NOTIFY_SENT = new Object();

    private final ProxyStack stack;
    private final Function<String, PresenceStatus> status;
    private final Publications publications = new Publications();
    private final Map<String, Subscription> byCallId = new ConcurrentHashMap<>();
    private final Metrics.Counter notifies;
    private final Metrics.Counter refused;

    /** @param status the current status of a user name of our domain */
    public PresenceService(ProxyStack stack, Function<String, PresenceStatus> status) {
        this.stack = stack;
        this.status = status;
        this.notifies = stack.metrics().counter("sip_presence_notify_total", "presence NOTIFYs sent");
        this.refused = stack.metrics().counter("sip_presence_refused_total", "SUBSCRIBEs refused by a bound");
        stack.metrics().gauge("sip_presence_subscriptions", "presence subscriptions", byCallId::size);
        stack.scheduler().scheduleWithFixedDelay(this::sweep, 2, 2, TimeUnit.SECONDS);
    }

    /** Whether an in-dialog request belongs to one of our subscriptions. */
    public boolean owns(Request request) {
        return byCallId.containsKey(callId(request));
    }

    /** Answers a SUBSCRIBE (new, refresh, or Expires 0 to end) from an authenticated watcher and NOTIFYs. */
    public void subscribe(ServerTransaction tx, Request request, String watcher, String presentity) throws Exception {
        int expires = expires(request);
        if (expires > 0 && expires < MIN_EXPIRES) {
            Response r = stack.messages().createResponse(Response.INTERVAL_TOO_BRIEF, request);
            r.addHeader(stack.headers().createMinExpiresHeader(MIN_EXPIRES));
            tx.sendResponse(r);
            return;
        }
        expires = Math.min(expires, MAX_EXPIRES);
        Subscription existing = byCallId.get(callId(request));
        boolean inDialog = ((ToHeader) request.getHeader(ToHeader.NAME)).getTag() != null;
        if (inDialog && existing == null) {
            tx.sendResponse(stack.messages().createResponse(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, request));
            return;
        }
        Subscription sub = existing;
        if (sub == null) {
            if (!withinBounds(watcher, presentity)) {
                refused.increment();
                LOG.info("SUBSCRIBE presence of {} by {} refused: too many subscriptions", presentity, watcher);
                Response r = stack.messages().createResponse(Response.SERVICE_UNAVAILABLE, request);
                r.addHeader(stack.headers().createRetryAfterHeader(60));
                tx.sendResponse(r);
                return;
            }
            Dialog dialog = stack.provider().getNewDialog(tx);
            sub = new Subscription(dialog, watcher, presentity, aor(presentity));
            byCallId.put(callId(request), sub);
            LOG.info("SUBSCRIBE presence of {} by {} for {} s", presentity, watcher, expires);
        } else if (!sub.watcher.equals(watcher)) {
            tx.sendResponse(stack.messages().createResponse(Response.FORBIDDEN, request));
            return;
        }
        long now = stack.clock().millis();
        synchronized (sub) {
            sub.expiresAtMillis = now + expires * 1000L;
            Response ok = stack.messages().createResponse(Response.OK, request);
            ToHeader to = (ToHeader) ok.getHeader(ToHeader.NAME);
            if (to.getTag() == null) {
                to.setTag(sub.localTag);
            }
            ok.addHeader(contact());
            ok.addHeader(stack.headers().createExpiresHeader(expires));
            tx.sendResponse(ok);
            // RFC 6665 §4.2.1.2: a NOTIFY at once, refresh or not; a zero expiry ends the subscription with it
            sub.lastSent = null;
            notify(sub, expires == 0);
        }
    }

    /** PUBLISH by the user for their own address-of-record (RFC 3903). */
    public void publish(ServerTransaction tx, Request request, String user) throws Exception {
        javax.sip.header.EventHeader event = (javax.sip.header.EventHeader) request.getHeader("Event");
        if (event == null || !"presence".equalsIgnoreCase(event.getEventType())) {
            tx.sendResponse(stack.messages().createResponse(489, request)); // Bad Event (RFC 6665)
            return;
        }
        int expires = expires(request);
        if (expires > 0 && expires < MIN_EXPIRES) {
            Response r = stack.messages().createResponse(Response.INTERVAL_TOO_BRIEF, request);
            r.addHeader(stack.headers().createMinExpiresHeader(MIN_EXPIRES));
            tx.sendResponse(r);
            return;
        }
        expires = Math.min(expires, MAX_EXPIRES);
        javax.sip.header.Header ifMatch = request.getHeader("SIP-If-Match");
        String tag = ifMatch == null ? null : ((javax.sip.header.ExtensionHeader) ifMatch).getValue().trim();
        Publications.Outcome outcome = publications.publish(user, tag, request.getRawContent(), expires,
                stack.clock().millis());
        if (outcome instanceof Publications.Outcome.UnknownTag) {
            tx.sendResponse(stack.messages().createResponse(Response.CONDITIONAL_REQUEST_FAILED, request));
            return;
        }
        Response ok = stack.messages().createResponse(Response.OK, request);
        ok.addHeader(stack.headers().createExpiresHeader(expires));
        if (outcome instanceof Publications.Outcome.Stored stored) {
            ok.addHeader(stack.headers().createHeader("SIP-ETag", stored.etag()));
        }
        tx.sendResponse(ok);
        changed(user);
    }

    /** Re-evaluates the subscriptions to {@code user} now (a registration, call or publication changed). */
    public void changed(String user) {
        for (Subscription sub : new ArrayList<>(byCallId.values())) {
            if (sub.presentity.equals(user)) {
                synchronized (sub) {
                    notify(sub, false);
                }
            }
        }
    }

    /** Responses to our NOTIFYs: a 481 or other failure ends the subscription. */
    public boolean onResponse(ResponseEvent event) {
        ClientTransaction tx = event.getClientTransaction();
        if (tx == null || tx.getApplicationData() != NOTIFY_SENT) {
            return false;
        }
        int status = event.getResponse().getStatusCode();
        if (status >= 300) {
            Subscription sub = byCallId.remove(callId(event.getResponse()));
            if (sub != null) {
                LOG.info("presence subscription of {} to {} ended by NOTIFY answer {}", sub.watcher, sub.presentity,
                        status);
                sub.dialog.delete();
            }
        }
        return true;
    }

    public int size() {
        return byCallId.size();
    }

    private void sweep() {
        long now = stack.clock().millis();
        for (Subscription sub : new ArrayList<>(byCallId.values())) {
            synchronized (sub) {
                notify(sub, now >= sub.expiresAtMillis);
            }
        }
    }

    /** Sends a NOTIFY if the status changed or the subscription ends; must hold the subscription's monitor. */
    private void notify(Subscription sub, boolean terminate) {
        long now = stack.clock().millis();
        PresenceStatus current = status.apply(sub.presentity);
        String note = publications.current(sub.presentity, now).map(Publications.Publication::note).orElse(null);
        String body = current.pidf(sub.aor, note);
        if (!terminate && body.equals(sub.lastSent)) {
            return;
        }
        try {
            Request notify = sub.dialog.createRequest(Request.NOTIFY);
            notify.addHeader(stack.headers().createEventHeader("presence"));
            SubscriptionStateHeader state = stack.headers().createSubscriptionStateHeader(
                    terminate ? SubscriptionStateHeader.TERMINATED : SubscriptionStateHeader.ACTIVE);
            if (terminate) {
                state.setReasonCode(now >= sub.expiresAtMillis ? "timeout" : "noresource");
            } else {
                state.setExpires((int) Math.max(1, (sub.expiresAtMillis - now) / 1000));
            }
            notify.addHeader(state);
            notify.addHeader(contact());
            notify.setContent(body, stack.headers().createContentTypeHeader("application", "pidf+xml"));
            ClientTransaction tx = stack.provider().getNewClientTransaction(notify);
            tx.setApplicationData(NOTIFY_SENT);
            sub.dialog.sendRequest(tx);
            sub.lastSent = body;
            notifies.increment();
            LOG.debug("NOTIFY {} is {} to {}", sub.presentity, current, sub.watcher);
        } catch (Exception e) {
            LOG.info("NOTIFY of {} to {} failed: {}", sub.presentity, sub.watcher, e.toString());
            terminate = true;
        }
        if (terminate && byCallId.remove(sub.dialog.getCallId().getCallId()) != null) {
            // the dialog outlives the final NOTIFY's transaction (64*T1), then goes
            stack.scheduler().schedule(sub.dialog::delete, 32, TimeUnit.SECONDS);
        }
    }

    private boolean withinBounds(String watcher, String presentity) {
        if (byCallId.size() >= MAX_TOTAL) {
            return false;
        }
        int byWatcher = 0;
        int ofPresentity = 0;
        for (Subscription s : byCallId.values()) {
            byWatcher += s.watcher.equals(watcher) ? 1 : 0;
            ofPresentity += s.presentity.equals(presentity) ? 1 : 0;
        }
        return byWatcher < MAX_PER_WATCHER && ofPresentity < MAX_PER_PRESENTITY;
    }

    private ContactHeader contact() throws Exception {
        SipURI uri = stack.addresses().createSipURI(null, stack.host());
        uri.setPort(stack.port());
        return stack.headers().createContactHeader(stack.addresses().createAddress(uri));
    }

    private String aor(String user) {
        return "sip:" + user + "@" + stack.domain();
    }

    private static int expires(Request request) {
        ExpiresHeader h = request.getExpires();
        return h == null ? MAX_EXPIRES : h.getExpires();
    }

    private static String callId(javax.sip.message.Message m) {
        javax.sip.header.CallIdHeader h = (javax.sip.header.CallIdHeader) m.getHeader(javax.sip.header.CallIdHeader.NAME);
        return h == null ? "" : h.getCallId();
    }

    private static final class Subscription {
        final Dialog dialog;
        final String watcher;
        final String presentity;
        final String aor;
        final String localTag = Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong());
        long expiresAtMillis;
        String lastSent;

        Subscription(Dialog dialog, String watcher, String presentity, String aor) {
            this.dialog = dialog;
            this.watcher = watcher;
            this.presentity = presentity;
            this.aor = aor;
        }
    }

    /** For log lines and tests: the watched user names. */
    List<String> presentities() {
        return byCallId.values().stream().map(s -> s.presentity).toList();
    }
}
