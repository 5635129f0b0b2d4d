package org.confero.server.sip;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.header.ContactHeader;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.Header;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.confero.server.guard.SampledLog;
import org.confero.server.metrics.Metrics;
import org.confero.server.sip.auth.AuthGuard;
import org.confero.server.sip.auth.DigestAuthenticator;
import org.confero.server.sip.registrar.Binding;
import org.confero.server.sip.registrar.LocationService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The registrar (RFC 3261 §10.3) behind digest authentication and a lock-out guard. */
final class RegisterHandler implements RequestHandler {
    private static final Logger LOG = LoggerFactory.getLogger(RegisterHandler.class);
    static final int MIN_EXPIRES = 60;
    private static final int DEFAULT_EXPIRES = 3600;

    private final SipContext sip;
    private final Responder responder;
    private final DigestAuthenticator authenticator;
    private final AuthGuard guard;
    private final LocationService locations;
    private final Clock clock;
    private final Metrics.Counter authFailures;
    private final Metrics.Counter lockouts;
    private final Metrics.Counter registrations;
    private final Metrics.Counter userLockouts;
    private final SampledLog failureLog = new SampledLog(LOG, 5_000);
    private final SampledLog refusedLog = new SampledLog(LOG, 5_000);

    RegisterHandler(SipContext sip, Responder responder, DigestAuthenticator authenticator, AuthGuard guard,
            LocationService locations, Clock clock) {
        this.sip = sip;
        this.responder = responder;
        this.authenticator = authenticator;
        this.guard = guard;
        this.locations = locations;
        this.clock = clock;
        this.authFailures = sip.metrics().counter("sip_auth_failures_total", "digest authentications that failed");
        this.lockouts = sip.metrics().counter("sip_auth_lockouts_total", "sources locked out after repeated failures");
        this.registrations = sip.metrics().counter("sip_registrations_total", "successful REGISTER requests");
        this.userLockouts = sip.metrics().counter("sip_auth_user_lockouts_total",
                "users locked after failed logins from several addresses");
    }

    @Override
    public void handle(RequestEvent event, ServerTransaction tx) throws Exception {
        Request request = event.getRequest();
        String source = SourceAddress.of(request);
        if (guard.isLockedOut(source)) {
            refused(tx, request, "source locked out after failed logins");
            return;
        }
        if (!(request.getRequestURI() instanceof SipURI uri) || !sip.isLocalHost(uri.getHost())) {
            responder.reject(tx, request, Response.FORBIDDEN, null, "REGISTER for a foreign domain");
            return;
        }
        DigestAuthenticator.Result auth = authenticator.verify(request, source);
        if (auth instanceof DigestAuthenticator.Result.Authenticated a) {
            if (guard.isUserLockedOut(a.username())) {
                refused(tx, request, "user locked out after failed logins");
                return;
            }
            guard.recordSuccess(source, a.username());
            register(tx, request, a.username());
        } else if (auth instanceof DigestAuthenticator.Result.Failed f) {
            fail(tx, request, source, f);
        } else {
            challenge(tx, request, auth instanceof DigestAuthenticator.Result.Stale, source);
        }
    }

    /** A cheap 403 with a sampled log line: a locked-out guesser must not turn into one log line per try. */
    private void refused(ServerTransaction tx, Request request, String why) throws Exception {
        refusedLog.warn(clock.millis(), "REGISTER refused 403 from {}: {}", SourceAddress.of(request), why);
        responder.send(tx, responder.create(request, Response.FORBIDDEN));
    }

    private void challenge(ServerTransaction tx, Request request, boolean stale, String source) throws Exception {
        Response response = responder.create(request, Response.UNAUTHORIZED);
        for (Header h : authenticator.challenge(sip.headers(), stale, source)) {
            response.addHeader(h);
        }
        responder.send(tx, response);
    }

    private void fail(ServerTransaction tx, Request request, String source, DigestAuthenticator.Result.Failed f)
            throws Exception {
        authFailures.increment();
        // Never log the password, nonce or digest response; the user name is not secret. Sampled: guessable.
        failureLog.warn(clock.millis(), "REGISTER authentication failed for user={} from {}: {}", f.username(),
                source, f.reason());
        AuthGuard.Outcome outcome = guard.recordFailure(source, f.username());
        if (outcome == AuthGuard.Outcome.SOURCE_LOCKED) {
            lockouts.increment();
            // The lock-out is also a ban: the source's further SIP requests are dropped unanswered.
            sip.guards().sources().ban(source, "repeated authentication failures", guard.lockoutMillis());
            refused(tx, request, "too many authentication failures");
            return;
        }
        if (outcome == AuthGuard.Outcome.USER_LOCKED) {
            userLockouts.increment();
            refused(tx, request, "user " + f.username() + " locked after failures from several addresses");
            return;
        }
        challenge(tx, request, false, source);
    }

    private void register(ServerTransaction tx, Request request, String username) throws Exception {
        ToHeader to = (ToHeader) request.getHeader(ToHeader.NAME);
        if (!(to.getAddress().getURI() instanceof SipURI toUri) || !username.equals(toUri.getUser())) {
            responder.reject(tx, request, Response.FORBIDDEN, null, "credentials do not match the To user");
            return;
        }
        String aor = "sip:" + toUri.getUser() + "@" + sip.config().domain();
        List<ContactHeader> contacts = contacts(request);
        ExpiresHeader expiresHeader = request.getExpires();
        String callId = CallIds.of(request);
        long cseq = ((CSeqHeader) request.getHeader(CSeqHeader.NAME)).getSeqNumber();
        if (contacts.stream().anyMatch(ContactHeader::isWildCard)) {
            // RFC 3261 §10.3 step 6: "*" only alone and only with Expires: 0.
            if (contacts.size() != 1 || expiresHeader == null || expiresHeader.getExpires() != 0) {
                responder.reject(tx, request, Response.BAD_REQUEST, null, "Contact * needs Expires: 0 and no other contact");
                return;
            }
            locations.removeAll(aor);
            LOG.info("REGISTER {} removed all bindings call={}", aor, callId);
            answer(tx, request, aor);
            return;
        }
        int max = sip.config().registrationMaxExpiresSeconds();
        for (ContactHeader c : contacts) {
            int expires = c.getExpires() >= 0 ? c.getExpires()
                    : expiresHeader != null ? expiresHeader.getExpires() : DEFAULT_EXPIRES;
            if (expires > 0 && expires < MIN_EXPIRES) {
                // RFC 3261 §10.3 step 7: 423 with Min-Expires.
                responder.reject(tx, request, Response.INTERVAL_TOO_BRIEF, null, "expires " + expires + " too brief",
                        sip.headers().createMinExpiresHeader(MIN_EXPIRES));
                return;
            }
        }
        boolean changed = false;
        try {
            for (ContactHeader c : contacts) {
                int expires = c.getExpires() >= 0 ? c.getExpires()
                        : expiresHeader != null ? expiresHeader.getExpires() : DEFAULT_EXPIRES;
                float q = c.getQValue() < 0 ? 1.0f : c.getQValue();
                changed |= locations.update(aor, c.getAddress().getURI().toString(), callId, cseq, Math.min(expires, max), q,
                        RegistrationFlow.received(request), RegistrationFlow.path(request));
            }
        } catch (LocationService.OutOfOrderException e) {
            responder.reject(tx, request, Response.SERVER_INTERNAL_ERROR, null, e.getMessage());
            return;
        } catch (LocationService.TableFullException e) {
            responder.reject(tx, request, Response.SERVICE_UNAVAILABLE, null, e.getMessage());
            return;
        }
        registrations.increment();
        if (changed) {
            LOG.info("REGISTER {} contacts={} call={}", aor, contacts.size(), callId);
        } else {
            // a phone refreshes every few minutes: thousands of lines a second on a busy registrar say nothing new
            LOG.debug("REGISTER {} refreshed contacts={} call={}", aor, contacts.size(), callId);
        }
        answer(tx, request, aor);
    }

    /** 200 OK listing every current binding with its remaining time (RFC 3261 §10.3 step 8). */
    private void answer(ServerTransaction tx, Request request, String aor) throws Exception {
        Response response = responder.create(request, Response.OK);
        long now = clock.millis();
        for (Binding b : locations.bindings(aor)) {
            Address address = sip.addresses().createAddress(b.contact());
            ContactHeader contact = sip.headers().createContactHeader(address);
            contact.setExpires(b.secondsLeft(now));
            response.addHeader(contact);
        }
        response.addHeader(sip.headers().createDateHeader(java.util.Calendar.getInstance()));
        RegistrationFlow.echoPath(request, response);
        responder.send(tx, response);
    }

    private static List<ContactHeader> contacts(Request request) {
        List<ContactHeader> out = new ArrayList<>();
        ListIterator<?> it = request.getHeaders(ContactHeader.NAME);
        while (it != null && it.hasNext()) {
            out.add((ContactHeader) it.next());
        }
        return out;
    }
}
