package org.confero.server.sip;

import gov.nist.javax.sip.SipStackImpl;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sip.ListeningPoint;
import javax.sip.SipFactory;
import javax.sip.SipProvider;
import javax.sip.message.Request;
import org.confero.server.conference.ConferenceMedia;
import org.confero.server.config.MediaConfig;
import org.confero.server.config.SipConfig;
import org.confero.server.config.UserConfig;
import org.confero.server.chat.ChatHub;
import org.confero.server.guard.Guards;
import org.confero.server.guard.SourceRateLimit;
import org.confero.server.metrics.Metrics;
import org.confero.server.sip.auth.AuthGuard;
import org.confero.server.sip.auth.DigestAuthenticator;
import org.confero.server.sip.auth.NonceService;
import org.confero.server.sip.events.ConferenceEvents;
import org.confero.server.sip.focus.CallRegistry;
import org.confero.server.sip.focus.FocusCall;
import org.confero.server.sip.focus.SessionTimerPolicy;
import org.confero.server.sip.overload.AdmissionControl;
import org.confero.server.config.ProxyConfig;
import org.confero.server.sip.location.BindingStore;
import org.confero.server.sip.presence.PresenceService;
import org.confero.server.sip.presence.PresenceStatus;
import org.confero.server.sip.proxy.ProxyStack;
import org.confero.server.sip.proxy.StatefulProxy;
import org.confero.server.sip.registrar.LocationService;
import org.confero.server.sip.stack.CountingMessageParserFactory;
import org.confero.server.sip.stack.SipStackProperties;
import org.confero.server.transport.UdpMediaTransport;
import org.confero.server.sip.auth.DigestAlgorithm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Confero's SIP side: one JAIN-SIP stack listening on UDP and TCP, acting as registrar (digest auth) and as the
 * focus of every room ({@code sip:<room>@<domain>}), with the rooms' audio reached through {@link ConferenceMedia}.
 */
public final class SipServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SipServer.class);
    private static final AtomicInteger STACKS = new AtomicInteger();
    /** All BYEs of a shutdown go out within this; a SIGTERM must end the process in seconds at any load. */
    private static final java.time.Duration SHUTDOWN_HANGUP_TIMEOUT = java.time.Duration.ofSeconds(4);

    /** Per source address: a person types far slower; a script posting to a room is held to this. */
    private static final double CHAT_LINES_PER_SECOND = 2;

    private final SipConfig config;
    private final String bindAddress;
    private final ConferenceMedia media;
    private final List<UserConfig> users;
    private final MediaConfig mediaConfig;
    private final Metrics metrics;
    private final SipServerOptions options;
    private final CallRegistry calls = new CallRegistry();
    private LocationService locations;
    private ProxyConfig proxyConfig = ProxyConfig.DEFAULTS;
    private volatile PresenceService presence;
    private final org.confero.server.sip.proxy.ProxiedCalls proxiedCalls = new org.confero.server.sip.proxy.ProxiedCalls();
    private final Guards guards;
    private final ChatHub chat;
    private TlsMaterial tls;
    private SipStackImpl stack;
    private SipProvider provider;
    private UdpMediaTransport transport;
    private ScheduledExecutorService scheduler;
    private CallSetupPool setups;
    private CallTerminator terminator;
    private SessionRefresher refresher;
    private ConferenceEvents conferenceEvents;
    private volatile boolean started;
    private volatile java.util.function.BooleanSupplier acceptingCalls = () -> true;
    private volatile org.confero.server.cluster.RoomHome roomHome = org.confero.server.cluster.RoomHome.SINGLE_NODE;
    private org.confero.server.meeting.MeetingRegistry meetings;
    private boolean ownsMeetings;

    public SipServer(SipConfig config, String bindAddress, ConferenceMedia media, List<UserConfig> users,
            MediaConfig mediaConfig, Metrics metrics) {
        this(config, bindAddress, media, users, mediaConfig, metrics, SipServerOptions.defaults()
                .withDigestAlgorithms(config.digestAlgorithms().stream()
                        .map(token -> DigestAlgorithm.fromToken(token).orElseThrow()).toList()));
    }

    public SipServer(SipConfig config, String bindAddress, ConferenceMedia media, List<UserConfig> users,
            MediaConfig mediaConfig, Metrics metrics, SipServerOptions options) {
        this.config = config;
        this.bindAddress = bindAddress;
        this.media = media;
        this.users = List.copyOf(users);
        this.mediaConfig = mediaConfig;
        this.metrics = metrics;
        this.options = options;
        this.locations = new LocationService(options.clock());
        this.guards = Guards.create(config.guard(), metrics, options.clock());
        this.chat = new ChatHub(metrics, options.clock());
    }

    /** The rooms' chat: SIP MESSAGE posts to it and phones receive it; the WebSocket signalling shares it. */
    public ChatHub chat() {
        return chat;
    }

    /**
     * The server's meetings, shared with the browsers' signalling (one lobby, lock and set of hosts per room); call
     * before {@link #start()}. Without it the SIP server keeps meetings of its own.
     */
    public synchronized SipServer meetings(org.confero.server.meeting.MeetingRegistry registry) {
        if (started) {
            throw new IllegalStateException("already started");
        }
        this.meetings = java.util.Objects.requireNonNull(registry, "registry");
        return this;
    }

    /** The meetings phones join (the shared ones, or the SIP server's own); null before {@link #start()}. */
    public synchronized org.confero.server.meeting.MeetingRegistry meetings() {
        return meetings;
    }

    /** While {@code accepting} is false (a drain), new calls are refused with 503 and Retry-After. */
    public void acceptCallsWhile(java.util.function.BooleanSupplier accepting) {
        this.acceptingCalls = java.util.Objects.requireNonNull(accepting, "accepting");
    }

    /** In cluster mode: requests for a room held by another node are answered 302 with that node's address. */
    public void placeRoomsWith(org.confero.server.cluster.RoomHome home) {
        this.roomHome = java.util.Objects.requireNonNull(home, "home");
    }

    /**
     * Proxy settings and where registrations are kept across restarts; call before {@link #start()}.
     *
     * @param bindings the store of the registrar's bindings ({@link BindingStore#NONE}: memory only)
     */
    public synchronized SipServer proxying(ProxyConfig proxy, BindingStore bindings) {
        if (started) {
            throw new IllegalStateException("already started");
        }
        this.proxyConfig = proxy;
        this.locations = new LocationService(options.clock(), bindings, LocationService.DEFAULT_MAX_PER_AOR,
                LocationService.DEFAULT_MAX_TOTAL);
        return this;
    }

    /** The rate limits, bans and PIN limits; the WebSocket signalling shares them. */
    public Guards guards() {
        return guards;
    }

    /** The keystore SIP over TLS serves with; without it (or with {@code sip.tls-port} 0) there is no TLS. */
    public record TlsMaterial(java.nio.file.Path keystore, String password) {
        @Override
        public String toString() {
            return "TlsMaterial[" + keystore + "]";
        }
    }

    /** Enables SIP over TLS on {@code sip.tls-port}; call before {@link #start()}. */
    public synchronized void useTls(TlsMaterial material) {
        this.tls = material;
    }

    private boolean tlsOn() {
        return tls != null && config.tlsPort() != 0;
    }

    /** Binds UDP and TCP on the configured port (and TLS on its own) and starts answering. */
    public synchronized void start() throws IOException {
        if (started) {
            return;
        }
        try {
            transport = new UdpMediaTransport(bindAddress, mediaConfig.rtpPortMin(), mediaConfig.rtpPortMax(), metrics,
                    config.guard().latchPackets(), config.guard().latchAnySource());
            SipFactory factory = SipFactory.getInstance();
            factory.setPathName("gov.nist");
            String name = "confero-sip-" + config.port() + "-" + STACKS.incrementAndGet();
            java.util.Properties properties = SipStackProperties.forServer(name, options.stackThreads());
            if (tlsOn()) {
                SipStackProperties.withTls(properties, tls.keystore(), tls.password());
            }
            stack = (SipStackImpl) factory.createSipStack(properties);
            stack.setMessageParserFactory(new CountingMessageParserFactory(metrics));
            ListeningPoint udp = stack.createListeningPoint(bindAddress, config.port(), ListeningPoint.UDP);
            ListeningPoint tcp = stack.createListeningPoint(bindAddress, config.port(), ListeningPoint.TCP);
            provider = stack.createSipProvider(udp);
            provider.addListeningPoint(tcp);
            if (tlsOn()) {
                provider.addListeningPoint(stack.createListeningPoint(bindAddress, config.tlsPort(), ListeningPoint.TLS));
            }
            scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "confero-sip-timers");
                t.setDaemon(true);
                return t;
            });
            setups = new CallSetupPool(options.callSetupThreads(), options.callSetupQueue());
            SipContext sip = new SipContext(provider, factory.createMessageFactory(), factory.createHeaderFactory(),
                    factory.createAddressFactory(), config, metrics, localHosts(), bindAddress, config.port(), guards,
                    tlsOn() ? config.tlsPort() : 0, mediaConfig.requireEncryption(),
                    mediaConfig.publicAddress(), () -> acceptingCalls.getAsBoolean(),
                    roomId -> roomHome.elsewhere(roomId));
            locations.restore();
            provider.addSipListener(dispatcher(sip));
            stack.start();
            scheduler.scheduleWithFixedDelay(locations::flush, 1, 1, TimeUnit.SECONDS);
            scheduler.scheduleWithFixedDelay(new CallSupervisor(calls, terminator, refresher, options.clock(),
                    config.rtpTimeoutSeconds(), metrics), 500, 500, TimeUnit.MILLISECONDS);
            metrics.gauge("sip_active_calls", "SIP focus calls in progress", calls::size);
            metrics.gauge("sip_call_setups_backlog", "new calls queued for or in their room join", setups::backlog);
            metrics.gauge("sip_registrations", "registered contacts", locations::size);
            started = true;
            LOG.info("SIP listening on {}:{} (udp, tcp){} for domain {}", bindAddress, config.port(),
                    tlsOn() ? " and " + config.tlsPort() + " (tls)" : "", config.domain());
        } catch (Exception e) {
            close();
            throw new IOException("SIP server could not start on " + bindAddress + ":" + config.port() + ": " + e, e);
        }
    }

    private SipDispatcher dispatcher(SipContext sip) {
        Responder responder = new Responder(sip);
        terminator = new CallTerminator(sip, calls, responder);
        CallAnswerer answerer = new CallAnswerer(sip, responder);
        refresher = new SessionRefresher(sip, answerer, calls, terminator, options.clock());
        SessionTimerPolicy timers = new SessionTimerPolicy(config.sessionExpiresSeconds(), config.minSessionExpiresSeconds());
        DigestAuthenticator auth = new DigestAuthenticator(config.domain(),
                new NonceService(config.nonceLifetimeSeconds(), options.clock()), users, options.digestAlgorithms());
        AuthGuard guard = new AuthGuard(options.authMaxFailures(), config.guard().authUserFailures(),
                options.authLockout().toMillis(), options.authLockout().toMillis(), options.clock());
        CallMedia callMedia = new CallMedia(media, transport);
        KeyframeRequester keyframes = new KeyframeRequester(sip, scheduler, options.clock());
        ReInviteHandler reInvite = new ReInviteHandler(sip, responder, answerer, callMedia, calls, timers,
                options.clock(), terminator);
        PendingInvites pending = new PendingInvites();
        if (meetings == null) {
            meetings = new org.confero.server.meeting.MeetingRegistry();
            ownsMeetings = true;
        }
        MeetingDoor door = new MeetingDoor(sip, responder, meetings, terminator, options.clock());
        Map<String, RequestHandler> handlers = new HashMap<>();
        handlers.put(Request.OPTIONS, new OptionsHandler(sip, responder));
        handlers.put(Request.REGISTER, new RegisterHandler(sip, responder, auth, guard, locations, options.clock()));
        handlers.put(Request.INVITE, new InviteHandler(sip, responder, answerer, media, callMedia, calls, timers,
                reInvite, terminator, scheduler, keyframes, options.answerDelay(), options.clock(),
                new OverloadGate(sip, responder, new AdmissionControl(config.maxCallSetupRate(), media::overloaded,
                        media::unconfirmedLegCount, config.effectiveMaxUnconfirmedCalls(), System.nanoTime()),
                        setups::full), pending, setups, door));
        handlers.put(Request.ACK, new AckHandler(calls, callMedia, answerer, terminator));
        handlers.put(Request.BYE, new ByeHandler(responder, calls, terminator));
        handlers.put(Request.CANCEL, new CancelHandler(responder, calls, terminator, pending));
        handlers.put(Request.INFO, new InfoHandler(sip, responder, calls));
        handlers.put(Request.MESSAGE, new MessageHandler(sip, responder, calls, media, locations, chat,
                new SourceRateLimit(CHAT_LINES_PER_SECOND, CHAT_LINES_PER_SECOND * 2, 4096, options.clock())));
        chat.addRelay(new SipChatRelay(sip, calls, scheduler));
        conferenceEvents = new ConferenceEvents(provider, sip.headers(), media, config.domain(), metrics, scheduler,
                options.clock(), ConferenceEvents.Limits.DEFAULTS);
        handlers.put(Request.SUBSCRIBE, new SubscribeHandler(sip, responder, media, conferenceEvents, answerer,
                new RoomMembers(sip, calls, locations)));
        return new SipDispatcher(sip, responder, handlers, new MethodNotAllowedHandler(sip, responder), calls, terminator,
                refresher, conferenceEvents, userRequests(sip, responder, auth, guard));
    }

    /** The proxy, redirect and presence side for registered users, behind {@link UserRequestRouter}. */
    private UserRequestRouter userRequests(SipContext sip, Responder responder, DigestAuthenticator auth,
            AuthGuard guard) {
        java.util.function.Predicate<String> roomExists = id -> org.confero.server.rooms.Room.isValidId(id)
                && media.findRoom(id).isPresent();
        ProxyStack proxyStack = new ProxyStack(provider, sip.messages(), sip.headers(), sip.addresses(), bindAddress,
                config.port(), config.domain(), sip::isLocalHost, metrics, options.clock(), scheduler);
        StatefulProxy proxy = new StatefulProxy(proxyStack, config.domain(), proxiedCalls, proxyConfig, roomExists);
        PresenceService presence = new PresenceService(proxyStack, this::presenceOf);
        this.presence = presence;
        locations.onChange(aor -> presence.changed(userOf(aor)));
        proxiedCalls.onChange(presence::changed);
        metrics.gauge("sip_proxied_calls", "answered calls between registered users", proxiedCalls::size);
        RequestTargets targets = new RequestTargets(sip::isLocalHost, roomExists,
                users.stream().map(UserConfig::username).collect(java.util.stream.Collectors.toSet()));
        return new UserRequestRouter(sip, responder, targets, auth, guard, locations, proxy, presence, proxyConfig,
                users, options.clock());
    }

    /** Offline without a binding; in a room when a focus call comes from the user; on a call when one was proxied. */
    private PresenceStatus presenceOf(String user) {
        if (locations.bindings("sip:" + user + "@" + config.domain()).isEmpty()) {
            return PresenceStatus.OFFLINE;
        }
        for (FocusCall call : calls.snapshot()) {
            if (call.invite().getHeader(javax.sip.header.FromHeader.NAME) instanceof javax.sip.header.FromHeader from
                    && from.getAddress().getURI() instanceof javax.sip.address.SipURI uri
                    && user.equals(uri.getUser())) {
                return PresenceStatus.IN_ROOM;
            }
        }
        return proxiedCalls.onCall(user, options.clock().millis()) ? PresenceStatus.ON_CALL : PresenceStatus.ONLINE;
    }

    private static String userOf(String aor) {
        int colon = aor.indexOf(':');
        int at = aor.indexOf('@');
        return colon >= 0 && at > colon ? aor.substring(colon + 1, at) : aor;
    }

    /** Names that mean "us" in a Request-URI: the domain, the bind address, and our interface addresses. */
    private Set<String> localHosts() throws SocketException {
        Set<String> hosts = new HashSet<>();
        hosts.add(config.domain().toLowerCase(Locale.ROOT));
        hosts.add(bindAddress.toLowerCase(Locale.ROOT));
        var interfaces = NetworkInterface.getNetworkInterfaces();
        while (interfaces != null && interfaces.hasMoreElements()) {
            for (InetAddress a : java.util.Collections.list(interfaces.nextElement().getInetAddresses())) {
                String host = a.getHostAddress();
                int zone = host.indexOf('%');
                hosts.add((zone >= 0 ? host.substring(0, zone) : host).toLowerCase(Locale.ROOT));
            }
        }
        return Set.copyOf(hosts);
    }

    /** Calls in progress (ringing, answered or confirmed). */
    public int activeCalls() {
        return calls.size();
    }

    /** The registrar's bindings, for proxying and redirecting to registered users. */
    public LocationService registrations() {
        return locations;
    }

    /** Presence subscriptions to registered users now open. */
    public int presenceSubscriptions() {
        PresenceService p = presence;
        return p == null ? 0 : p.size();
    }

    /** A call in progress by its Call-ID (tests reach its listener through this). */
    java.util.Optional<FocusCall> findCall(String callId) {
        return calls.find(callId);
    }

    /** Live conference event subscriptions (RFC 4575). */
    public int conferenceSubscriptions() {
        return conferenceEvents == null ? 0 : conferenceEvents.count();
    }

    /** Open RTP/RTCP sockets of SIP legs and cascade links. */
    /** The RTP sockets' transport (cascade links between nodes use it too); null before {@link #start()}. */
    public synchronized UdpMediaTransport mediaTransport() {
        return transport;
    }

    public int openMediaSockets() {
        return transport == null ? 0 : transport.openSocketCount();
    }

    public int port() {
        return config.port();
    }

    /** The SIP over TLS port, 0 when TLS is off. */
    public int tlsPort() {
        return tlsOn() ? config.tlsPort() : 0;
    }

    /** Sends BYE on every call, then stops the stack and closes every socket. */
    @Override
    public synchronized void close() {
        if (conferenceEvents != null) {
            conferenceEvents.close();
        }
        if (setups != null) {
            setups.close(); // before the hang-ups: a call whose join was running is listed by then
        }
        if (terminator != null) {
            List<FocusCall> live = List.copyOf(calls.snapshot());
            long started = System.nanoTime();
            terminator.hangUpAll(live, "server shutting down", SHUTDOWN_HANGUP_TIMEOUT);
            if (!live.isEmpty()) {
                // the BYEs were answered (or waited for, bounded) before this: the stack may stop now
                LOG.info("shutdown: hung up {} calls in {} ms", live.size(),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            }
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        if (ownsMeetings && meetings != null) {
            meetings.close();
            meetings = null;
            ownsMeetings = false;
        }
        locations.flush();
        if (stack != null) {
            try {
                if (provider != null) {
                    provider.removeSipListener(dispatcherOf(provider));
                    stack.deleteSipProvider(provider);
                }
                List<ListeningPoint> points = new java.util.ArrayList<>();
                for (java.util.Iterator<?> it = stack.getListeningPoints(); it.hasNext();) {
                    points.add((ListeningPoint) it.next());
                }
                for (ListeningPoint p : points) {
                    stack.deleteListeningPoint(p);
                }
            } catch (Exception e) {
                LOG.debug("SIP stack teardown: {}", e.toString());
            }
            try {
                stack.stop();
            } catch (RuntimeException e) {
                // JAIN-SIP may stop a message processor twice (once per deleted listening point, once here) and
                // trip over its own cleared channel list; the processors' threads are stopped by then
                LOG.debug("SIP stack stop: {}", e.toString());
            }
        }
        if (transport != null) {
            transport.close();
        }
        started = false;
        stack = null;
        provider = null;
        LOG.info("SIP server on port {} stopped", config.port());
    }

    private javax.sip.SipListener dispatcherOf(SipProvider p) {
        return ((gov.nist.javax.sip.SipProviderImpl) p).getSipListener();
    }
}
