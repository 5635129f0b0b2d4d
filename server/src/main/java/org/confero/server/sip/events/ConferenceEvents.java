package org.confero.server.sip.events;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.SipProvider;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.EventHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.SubscriptionStateHeader;
import javax.sip.message.Request;
import org.confero.server.conference.ConferenceMedia;
import org.confero.server.conference.RoomListener;
import org.confero.server.conference.RosterMember;
import org.confero.server.metrics.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The conference event package (RFC 4575) for every room: subscriptions made by SUBSCRIBE to the room URI get a
 * full NOTIFY at once and partial ones when people join, leave or mute, until they expire, are withdrawn
 * (Expires: 0), or a NOTIFY fails (481, timeout). Bounded per room, per source and in all; every change of state
 * and every NOTIFY happens on one worker thread, so the documents of a subscription go out in version order.
 */
public final class ConferenceEvents implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConferenceEvents.class);
    public static final String EVENT = "conference";
    public static final int MIN_EXPIRES = 60;
    public static final int MAX_EXPIRES = 3600;

    /** Why a new subscription was not taken. */
    public enum Admission { ACCEPTED, ROOM_FULL, SOURCE_FULL, SERVER_FULL }

    /** How many subscriptions there may be. */
    public record Limits(int perRoom, int perSource, int total) {
        public static final Limits DEFAULTS = new Limits(32, 8, 1024);
    }

    private final SipProvider provider;
    private final HeaderFactory headers;
    private final ConferenceMedia media;
    private final String domain;
    private final ScheduledExecutorService worker;
    private final Clock clock;
    private final Limits limits;
    private final Map<String, ConferenceSubscription> byCallId = new ConcurrentHashMap<>();
    /** Rooms watched for roster changes while they have subscribers; worker thread only. */
    private final Map<String, ConferenceMedia.Subscription> watches = new HashMap<>();
    private final Metrics.Counter notifies;
    private final Metrics.Counter failures;

    public ConferenceEvents(SipProvider provider, HeaderFactory headers, ConferenceMedia media, String domain,
            Metrics metrics, ScheduledExecutorService worker, Clock clock, Limits limits) {
        this.provider = provider;
        this.headers = headers;
        this.media = media;
        this.domain = domain;
        this.worker = worker;
        this.clock = clock;
        this.limits = limits;
        this.notifies = metrics.counter("confero_conference_notify_sent_total", "conference event NOTIFYs sent");
        this.failures = metrics.counter("confero_conference_notify_failed_total",
                "conference event NOTIFYs answered with an error or timed out (the subscription ends)");
        metrics.gauge("confero_conference_subscriptions", "conference event subscriptions", byCallId::size);
        worker.scheduleWithFixedDelay(this::expire, 1, 1, TimeUnit.SECONDS);
    }

    /**
     * Takes a new subscription; its first NOTIFY goes out at {@link #start}, once the 200 was sent.
     * {@code expiresSeconds} 0 is a one-time fetch (one full NOTIFY, terminated).
     */
    public synchronized Admission subscribe(String callId, String roomId, String source, Dialog dialog,
            int expiresSeconds) {
        if (byCallId.size() >= limits.total()) {
            return Admission.SERVER_FULL;
        }
        int inRoom = 0;
        int fromSource = 0;
        for (ConferenceSubscription s : byCallId.values()) {
            inRoom += s.roomId().equals(roomId) ? 1 : 0;
            fromSource += s.source().equals(source) ? 1 : 0;
        }
        if (fromSource >= limits.perSource()) {
            return Admission.SOURCE_FULL;
        }
        if (inRoom >= limits.perRoom()) {
            return Admission.ROOM_FULL;
        }
        ConferenceSubscription sub = new ConferenceSubscription(callId, roomId, source, dialog,
                clock.millis() + expiresSeconds * 1000L);
        byCallId.put(callId, sub);
        LOG.info("conference subscription room={} call={} from={} expires={}", roomId, callId, source, expiresSeconds);
        return Admission.ACCEPTED;
    }

    /** Sends the first NOTIFY of a subscription whose 200 has gone out (RFC 6665 §4.2.1.2). */
    public void start(String callId) {
        ConferenceSubscription sub = byCallId.get(callId);
        if (sub != null) {
            boolean fetchOnly = sub.expiresAtMillis() <= clock.millis();
            run(() -> started(sub, fetchOnly));
        }
    }

    /** The 200 could not be sent: the subscription never began. */
    public void abandon(String callId) {
        ConferenceSubscription sub = byCallId.get(callId);
        if (sub != null) {
            run(() -> end(sub, "200 not sent"));
        }
    }

    /** True when {@code callId} is a live subscription. */
    public boolean has(String callId) {
        return byCallId.containsKey(callId);
    }

    /**
     * A SUBSCRIBE inside the dialog: a new expiry and the whole room again (RFC 6665 §4.2.1.2: every accepted
     * refresh gets a NOTIFY), or with 0 the end of the subscription (a final NOTIFY).
     */
    public void refresh(String callId, int expiresSeconds) {
        ConferenceSubscription sub = byCallId.get(callId);
        if (sub == null) {
            return;
        }
        if (expiresSeconds == 0) {
            run(() -> {
                if (sub.begun()) {
                    terminate(sub, null, "unsubscribed");
                }
            });
        } else {
            sub.expiresAtMillis(clock.millis() + expiresSeconds * 1000L);
            run(() -> {
                if (sub.begun() && !sub.terminated()) {
                    send(sub, true, null);
                }
            });
        }
    }

    /** The answer to one of our NOTIFYs: an error ends the subscription (RFC 6665 §4.2.2). */
    public void notifyAnswered(ClientTransaction tx, int status) {
        if (tx != null && tx.getApplicationData() instanceof ConferenceSubscription sub && status >= 300) {
            failures.increment();
            run(() -> end(sub, "NOTIFY answered " + status));
        }
    }

    public void notifyTimedOut(ClientTransaction tx) {
        if (tx != null && tx.getApplicationData() instanceof ConferenceSubscription sub) {
            failures.increment();
            run(() -> end(sub, "NOTIFY timed out"));
        }
    }

    public int count() {
        return byCallId.size();
    }

    private void started(ConferenceSubscription sub, boolean fetchOnly) {
        if (sub.terminated()) {
            return;
        }
        sub.begin();
        if (fetchOnly) {
            terminate(sub, "timeout", "fetch");
            return;
        }
        watches.computeIfAbsent(sub.roomId(), room -> media.watch(room, new RoomListener() {
            @Override
            public void rosterChanged(List<RosterMember> roster) {
                run(() -> roomChanged(room));
            }

            @Override
            public void activeSpeakerChanged(String participantId) {}
        }));
        send(sub, true, null);
    }

    /** The roster is read here, on the worker, so a late event never shows an older room than the last one. */
    private void roomChanged(String roomId) {
        for (ConferenceSubscription sub : byCallId.values()) {
            if (sub.roomId().equals(roomId) && sub.begun() && !sub.terminated()) {
                send(sub, false, null);
            }
        }
    }

    private void expire() {
        long now = clock.millis();
        for (ConferenceSubscription sub : byCallId.values()) {
            if (sub.begun() && !sub.terminated() && sub.expiresAtMillis() <= now) {
                terminate(sub, "timeout", "expired");
            }
        }
    }

    private void terminate(ConferenceSubscription sub, String reason, String why) {
        if (sub.terminated()) {
            return;
        }
        send(sub, true, reason == null ? "" : reason);
        end(sub, why);
    }

    private void end(ConferenceSubscription sub, String why) {
        sub.terminate();
        if (byCallId.remove(sub.callId(), sub)) {
            LOG.info("conference subscription ended room={} call={}: {}", sub.roomId(), sub.callId(), why);
        }
        boolean roomStillWatched = byCallId.values().stream().anyMatch(s -> s.roomId().equals(sub.roomId()));
        if (!roomStillWatched) {
            ConferenceMedia.Subscription watch = watches.remove(sub.roomId());
            if (watch != null) {
                watch.close();
            }
        }
    }

    /**
     * Sends the room as it is now: the whole of it ({@code full}), or only the users that changed since the last
     * document (nothing is sent when none did). {@code terminatedReason} non-null makes it the final NOTIFY.
     */
    private void send(ConferenceSubscription sub, boolean full, String terminatedReason) {
        List<RosterMember> roster = media.roster(sub.roomId());
        Map<String, ConferenceSubscription.Shown> now = new HashMap<>();
        List<ConferenceInfo.User> users = new ArrayList<>();
        for (RosterMember m : roster) {
            ConferenceSubscription.Shown shown = new ConferenceSubscription.Shown(m.displayName(),
                    m.kind().name().toLowerCase(java.util.Locale.ROOT), m.audioMuted());
            now.put(m.id(), shown);
            if (full || !shown.equals(sub.shown().get(m.id()))) {
                users.add(new ConferenceInfo.User(entity(m.id()), shown.displayText(), shown.kind(),
                        shown.audioMuted(), false));
            }
        }
        if (!full) {
            for (String gone : sub.shown().keySet()) {
                if (!now.containsKey(gone)) {
                    users.add(new ConferenceInfo.User(entity(gone), "", "", false, true));
                }
            }
            if (users.isEmpty()) {
                return;
            }
        }
        sub.shown().clear();
        sub.shown().putAll(now);
        String body = ConferenceInfo.document("sip:" + sub.roomId() + "@" + domain,
                media.findRoom(sub.roomId()).map(r -> r.displayName()).orElse(sub.roomId()), sub.nextVersion(), full,
                roster.size(), users);
        try {
            Dialog dialog = sub.dialog();
            Request notify = dialog.createRequest(Request.NOTIFY);
            EventHeader event = headers.createEventHeader(EVENT);
            notify.setHeader(event);
            SubscriptionStateHeader state;
            if (terminatedReason == null) {
                state = headers.createSubscriptionStateHeader(SubscriptionStateHeader.ACTIVE);
                state.setExpires((int) Math.max(1, (sub.expiresAtMillis() - clock.millis()) / 1000));
            } else {
                state = headers.createSubscriptionStateHeader(SubscriptionStateHeader.TERMINATED);
                if (!terminatedReason.isEmpty()) {
                    state.setReasonCode(terminatedReason);
                }
            }
            notify.setHeader(state);
            ContentTypeHeader type = headers.createContentTypeHeader(ConferenceInfo.CONTENT_TYPE,
                    ConferenceInfo.CONTENT_SUB_TYPE);
            notify.setContent(body.getBytes(StandardCharsets.UTF_8), type);
            ClientTransaction tx = provider.getNewClientTransaction(notify);
            tx.setApplicationData(sub);
            dialog.sendRequest(tx);
            notifies.increment();
        } catch (Exception e) {
            failures.increment();
            LOG.info("conference NOTIFY failed room={} call={}: {}", sub.roomId(), sub.callId(), e.toString());
            end(sub, "NOTIFY could not be sent");
        }
    }

    private String entity(String participantId) {
        return "urn:confero:participant:" + participantId;
    }

    private void run(Runnable task) {
        try {
            worker.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.warn("conference event task failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("conference event task after shutdown");
        }
    }

    /** Ends every subscription with a final NOTIFY (reason noresource: the server goes away). */
    @Override
    public void close() {
        try {
            worker.submit(() -> {
                for (ConferenceSubscription sub : List.copyOf(byCallId.values())) {
                    if (sub.begun()) {
                        terminate(sub, "noresource", "server shutting down");
                    } else {
                        end(sub, "server shutting down");
                    }
                }
            }).get(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.info("final conference NOTIFYs not all sent: {}", e.toString());
        }
    }

    /** The subscription behind a Call-ID, for the SUBSCRIBE handler. */
    public Optional<String> roomOf(String callId) {
        return Optional.ofNullable(byCallId.get(callId)).map(ConferenceSubscription::roomId);
    }
}
