package org.confero.server.sip;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.TimeoutEvent;
import javax.sip.address.SipURI;
import javax.sip.header.ContactHeader;
import javax.sip.header.EventHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.Header;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.confero.server.config.ProxyConfig;
import org.confero.server.config.UserConfig;
import org.confero.server.guard.SampledLog;
import org.confero.server.metrics.Metrics;
import org.confero.server.sip.auth.AuthGuard;
import org.confero.server.sip.auth.DigestAuthenticator;
import org.confero.server.sip.presence.PresenceService;
import org.confero.server.sip.proxy.StatefulProxy;
import org.confero.server.sip.registrar.Binding;
import org.confero.server.sip.registrar.LocationService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that sends a request by its target: requests for registered users (INVITE and MESSAGE proxied or
 * redirected, SUBSCRIBE to presence, PUBLISH) and requests of dialogs we record-routed go to the proxy and presence;
 * requests for rooms, and everything else, fall through to the focus's method handlers. Requests for other domains
 * or telephone numbers are refused here unless the caller's dial rule allows them (toll-fraud guard).
 */
final class UserRequestRouter {
    private static final Logger LOG = LoggerFactory.getLogger(UserRequestRouter.class);

    private final SipContext sip;
    private final Responder responder;
    private final RequestTargets targets;
    private final DigestAuthenticator authenticator;
    private final AuthGuard guard;
    private final LocationService locations;
    private final StatefulProxy proxy;
    private final PresenceService presence;
    private final ProxyConfig config;
    private final Map<String, UserConfig> users;
    private final java.time.Clock clock;
    private final boolean anyDialRule;
    private final SampledLog outsideLog = new SampledLog(LOG, 5_000);
    private final SampledLog authLog = new SampledLog(LOG, 5_000);
    private final Metrics.Counter outsideRefused;
    private final Metrics.Counter spoofed;
    private final Metrics.Counter redirected;
    private final Metrics.Counter forgedRoutes;

    UserRequestRouter(SipContext sip, Responder responder, RequestTargets targets, DigestAuthenticator authenticator,
            AuthGuard guard, LocationService locations, StatefulProxy proxy, PresenceService presence,
            ProxyConfig config, List<UserConfig> users, java.time.Clock clock) {
        this.sip = sip;
        this.responder = responder;
        this.targets = targets;
        this.authenticator = authenticator;
        this.guard = guard;
        this.locations = locations;
        this.proxy = proxy;
        this.presence = presence;
        this.config = config;
        this.users = users.stream().collect(Collectors.toUnmodifiableMap(UserConfig::username, Function.identity(),
                (a, b) -> b));
        this.clock = clock;
        this.anyDialRule = users.stream().anyMatch(u -> u.dialOutside().isPresent());
        this.outsideRefused = sip.metrics().counter("sip_dialplan_refused_total",
                "requests for other domains or telephone numbers refused (toll-fraud guard)");
        this.spoofed = sip.metrics().counter("sip_proxy_spoofed_from_total", "proxied requests whose From was not the caller");
        this.redirected = sip.metrics().counter("sip_redirects_total", "requests answered 302 with registered contacts");
        this.forgedRoutes = sip.metrics().counter("sip_proxy_forged_routes_total",
                "in-dialog requests routed through us without our Record-Route token (refused, not relayed)");
    }

    /** @return true when the request was ours and is handled (answered or forwarded) */
    boolean route(RequestEvent event, ServerTransaction tx) throws Exception {
        Request request = event.getRequest();
        String method = request.getMethod();
        boolean inDialog = ((ToHeader) request.getHeader(ToHeader.NAME)).getTag() != null;
        if (inDialog && proxy.copies().routedThroughUs(request)) {
            if (!proxy.copies().recordRoutedByUs(request)) {
                forgedRoutes.increment();
                if (tx != null) {
                    responder.reject(tx, request, Response.FORBIDDEN, null, "Route names us for a dialog we never saw");
                }
                return true;
            }
            if (exhausted(tx, request)) {
                return true;
            }
            proxy.forwardInDialog(tx, request);
            return true;
        }
        if (Request.CANCEL.equals(method)) {
            return proxy.cancel(tx, request);
        }
        if (Request.ACK.equals(method) || tx == null) {
            return false;
        }
        if (inDialog) {
            if (Request.SUBSCRIBE.equals(method) && presence.owns(request)) {
                Optional<String> watcher = authenticate(tx, request);
                if (watcher.isPresent()) {
                    presence.subscribe(tx, request, watcher.get(), presentity(request));
                }
                return true;
            }
            return false;
        }
        if (!(request.getRequestURI() instanceof SipURI uri)) {
            return false;
        }
        proxy.copies().popOwnRoute(request);
        RequestTargets.Target target = targets.classify(uri);
        switch (method) {
            case Request.INVITE, Request.MESSAGE -> {
                return toTarget(tx, request, uri, target);
            }
            case Request.SUBSCRIBE -> {
                if (!(target instanceof RequestTargets.Target.User user) || !isPresence(request)) {
                    return false;
                }
                Optional<String> watcher = authenticate(tx, request);
                if (watcher.isPresent()) {
                    presence.subscribe(tx, request, watcher.get(), user.name());
                }
                return true;
            }
            case Request.PUBLISH -> {
                if (!(target instanceof RequestTargets.Target.User user)) {
                    return false;
                }
                Optional<String> publisher = authenticate(tx, request);
                if (publisher.isPresent()) {
                    if (!publisher.get().equals(user.name())) {
                        responder.reject(tx, request, Response.FORBIDDEN, null, "PUBLISH for another user");
                    } else {
                        presence.publish(tx, request, user.name());
                    }
                }
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /** INVITE and MESSAGE: users are proxied (or redirected), the outside is the dial plan's, rooms the focus's. */
    private boolean toTarget(ServerTransaction tx, Request request, SipURI uri, RequestTargets.Target target)
            throws Exception {
        if (target instanceof RequestTargets.Target.User user) {
            toUser(tx, request, user.name());
            return true;
        }
        if (target instanceof RequestTargets.Target.Outside outside) {
            toOutside(tx, request, uri, outside.why());
            return true;
        }
        if (target instanceof RequestTargets.Target.Unknown && Request.MESSAGE.equals(request.getMethod())) {
            responder.reject(tx, request, Response.NOT_FOUND, null, "no such user or room");
            return true;
        }
        return false; // a room, or an unknown INVITE target the focus answers 404
    }

    boolean onResponse(ResponseEvent event) {
        return proxy.onResponse(event) || presence.onResponse(event);
    }

    boolean onTimeout(TimeoutEvent event) {
        return proxy.onTimeout(event);
    }

    private void toUser(ServerTransaction tx, Request request, String callee) throws Exception {
        if (exhausted(tx, request) || looped(tx, request)) {
            return;
        }
        Optional<String> caller = authenticate(tx, request);
        if (caller.isEmpty() || !fromMatches(tx, request, caller.get())) {
            return;
        }
        List<Binding> bindings = locations.bindings("sip:" + callee + "@" + sip.config().domain());
        UserConfig calleeConfig = users.get(callee);
        if (config.redirectAll() || (calleeConfig != null && calleeConfig.redirect())) {
            redirect(tx, request, callee, bindings);
            return;
        }
        if (!proxy.fork(tx, request, caller.get(), callee, bindings)) {
            responder.reject(tx, request, Response.SERVICE_UNAVAILABLE, null, "too many proxied requests open",
                    sip.headers().createRetryAfterHeader(5));
        }
    }

    /** RFC 3261 §8.3: 302 with the registered contacts; 480 when there are none. */
    private void redirect(ServerTransaction tx, Request request, String callee, List<Binding> bindings)
            throws Exception {
        if (bindings.isEmpty()) {
            responder.reject(tx, request, Response.TEMPORARILY_UNAVAILABLE, null, callee + " is not registered");
            return;
        }
        Response moved = responder.create(request, Response.MOVED_TEMPORARILY);
        long now = clock.millis();
        for (Binding b : bindings) {
            ContactHeader c = sip.headers().createContactHeader(sip.addresses().createAddress(b.contact()));
            c.setQValue(b.q());
            c.setExpires(b.secondsLeft(now));
            moved.addHeader(c);
        }
        redirected.increment();
        LOG.info("{} for {} redirected to {} contacts call={}", request.getMethod(), callee, bindings.size(),
                CallIds.of(request));
        responder.send(tx, moved);
    }

    private void toOutside(ServerTransaction tx, Request request, SipURI uri, String why) throws Exception {
        if (exhausted(tx, request) || looped(tx, request)) {
            return;
        }
        String dialled = (uri.getUser() == null ? "" : uri.getUser() + "@") + uri.getHost();
        if (!anyDialRule) {
            refuseOutside(tx, request, "-", dialled, why); // nobody may call out: no need to ask who calls
            return;
        }
        Optional<String> caller = authenticate(tx, request);
        if (caller.isEmpty() || !fromMatches(tx, request, caller.get())) {
            return;
        }
        UserConfig user = users.get(caller.get());
        if (user != null && user.dialOutside().map(p -> p.matcher(dialled).matches()).orElse(false)) {
            LOG.info("{} by {} to {} allowed by the user's dial rule call={}", request.getMethod(), caller.get(),
                    dialled, CallIds.of(request));
            Binding target = new Binding(uri.toString(), CallIds.of(request), 0, Long.MAX_VALUE, 1.0f);
            if (!proxy.fork(tx, request, caller.get(), null, List.of(target))) {
                responder.reject(tx, request, Response.SERVICE_UNAVAILABLE, null, "too many proxied requests open");
            }
            return;
        }
        refuseOutside(tx, request, caller.get(), dialled, why);
    }

    private void refuseOutside(ServerTransaction tx, Request request, String caller, String dialled, String why)
            throws Exception {
        outsideRefused.increment();
        outsideLog.warn(clock.millis(), "{} by {} from {} to {} refused 403: {} (toll-fraud guard) call={}",
                request.getMethod(), caller, SourceAddress.of(request), dialled, why, CallIds.of(request));
        responder.send(tx, responder.create(request, Response.FORBIDDEN));
    }

    /** RFC 3261 §16.3 step 3: Max-Forwards 0 gets 483 (OPTIONS would be ours to answer, but is not proxied). */
    private boolean exhausted(ServerTransaction tx, Request request) {
        MaxForwardsHeader mf = (MaxForwardsHeader) request.getHeader(MaxForwardsHeader.NAME);
        if (mf != null && mf.getMaxForwards() <= 0) {
            if (tx != null) {
                responder.reject(tx, request, Response.TOO_MANY_HOPS, null, "Max-Forwards exhausted");
            }
            return true;
        }
        return false;
    }

    private boolean looped(ServerTransaction tx, Request request) {
        if (proxy.looped(request)) {
            responder.reject(tx, request, Response.LOOP_DETECTED, null, "request came back to us unchanged");
            return true;
        }
        return false;
    }

    /** RFC 3261 §22.3: the caller proves who it is with Proxy-Authorization before anything goes on. */
    private Optional<String> authenticate(ServerTransaction tx, Request request) throws Exception {
        String source = SourceAddress.of(request);
        if (guard.isLockedOut(source)) {
            responder.send(tx, responder.create(request, Response.FORBIDDEN));
            return Optional.empty();
        }
        DigestAuthenticator.Result auth = authenticator.verifyProxy(request, source);
        if (auth instanceof DigestAuthenticator.Result.Authenticated a) {
            if (guard.isUserLockedOut(a.username())) {
                responder.send(tx, responder.create(request, Response.FORBIDDEN));
                return Optional.empty();
            }
            guard.recordSuccess(source, a.username());
            return Optional.of(a.username());
        }
        if (auth instanceof DigestAuthenticator.Result.Failed f) {
            authLog.warn(clock.millis(), "{} proxy authentication failed for user={} from {}: {}", request.getMethod(),
                    f.username(), source, f.reason());
            AuthGuard.Outcome outcome = guard.recordFailure(source, f.username());
            if (outcome == AuthGuard.Outcome.SOURCE_LOCKED) {
                sip.guards().sources().ban(source, "repeated authentication failures", guard.lockoutMillis());
            }
            if (outcome != AuthGuard.Outcome.COUNTED) {
                responder.send(tx, responder.create(request, Response.FORBIDDEN));
                return Optional.empty();
            }
        }
        Response challenge = responder.create(request, Response.PROXY_AUTHENTICATION_REQUIRED);
        for (Header h : authenticator.proxyChallenge(sip.headers(), auth instanceof DigestAuthenticator.Result.Stale,
                source)) {
            challenge.addHeader(h);
        }
        responder.send(tx, challenge);
        return Optional.empty();
    }

    /** A caller may only speak as itself: From must be its own address-of-record (else 403, spoofing). */
    private boolean fromMatches(ServerTransaction tx, Request request, String caller) {
        FromHeader from = (FromHeader) request.getHeader(FromHeader.NAME);
        if (from.getAddress().getURI() instanceof SipURI uri && caller.equals(uri.getUser())
                && sip.isLocalHost(uri.getHost())) {
            return true;
        }
        spoofed.increment();
        responder.reject(tx, request, Response.FORBIDDEN, null, "From " + from.getAddress().getURI()
                + " is not the authenticated user " + caller);
        return false;
    }

    private static boolean isPresence(Request request) {
        EventHeader event = (EventHeader) request.getHeader(EventHeader.NAME);
        return event != null && "presence".equalsIgnoreCase(event.getEventType());
    }

    private static String presentity(Request request) {
        ToHeader to = (ToHeader) request.getHeader(ToHeader.NAME);
        return to.getAddress().getURI() instanceof SipURI u ? u.getUser() : "";
    }
}
