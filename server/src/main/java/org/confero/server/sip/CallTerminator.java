package org.confero.server.sip;

import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.DialogState;
import javax.sip.TransactionState;
import javax.sip.header.Header;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.confero.server.metrics.Metrics;
import org.confero.server.sip.focus.CallRegistry;
import org.confero.server.sip.focus.FocusCall;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Ends focus calls in one place: leaves the room, frees the sockets, and sends BYE when we end it. */
final class CallTerminator {
    private static final Logger LOG = LoggerFactory.getLogger(CallTerminator.class);
    /** Threads sending BYEs at shutdown: the stack's send path is cheap, a few threads saturate it. */
    private static final int SHUTDOWN_THREADS = 8;
    /**
     * How long a shutdown waits for its BYEs' answers: a BYE lost on UDP (a peer's socket overflowing under
     * thousands of them) is retransmitted by the stack (Timer E: 0.5 s, then 1 s) only while the stack runs.
     */
    static final Duration BYE_ANSWER_WAIT = Duration.ofMillis(2500);
    /** After the answers, how much longer a shutdown lets calls leave their rooms before the media closes them. */
    private static final Duration SHUTDOWN_CLEANUP_WAIT = Duration.ofSeconds(1);

    private final SipContext sip;
    private final CallRegistry calls;
    private final Responder responder;
    private final Metrics.Counter ended;
    private final Metrics.Counter byesSent;
    /** The BYEs of a shutdown in progress, to wait for their answers; null otherwise. */
    private volatile Queue<ClientTransaction> shutdownByes;

    CallTerminator(SipContext sip, CallRegistry calls, Responder responder) {
        this.sip = sip;
        this.calls = calls;
        this.responder = responder;
        this.ended = sip.metrics().counter("sip_calls_ended_total", "SIP focus calls that ended");
        this.byesSent = sip.metrics().counter("sip_byes_sent_total", "BYE requests the focus sent to end calls");
    }

    /** The peer ended the call (BYE, CANCEL) or the dialog is gone: clean up without signalling. */
    void released(FocusCall call, String reason) {
        if (call.end()) {
            cleanUp(call, reason);
        }
    }

    /** A CANCEL arrived while the call still rang: 487 to the INVITE (RFC 3261 §9.2). */
    void cancelled(FocusCall call) {
        if (!call.moveTo(FocusCall.State.RINGING, FocusCall.State.ENDED)) {
            return;
        }
        try {
            responder.send(call.inviteTransaction(), responder.create(call.invite(), Response.REQUEST_TERMINATED, call.toTag()));
        } catch (Exception e) {
            LOG.info("could not send 487 room={} call={}: {}", call.roomId(), call.callId(), e.toString());
        }
        cleanUp(call, "cancelled");
    }

    /** We end the call: BYE on a confirmed dialog, a final error on one still ringing (RFC 3261 §15). */
    void hangUp(FocusCall call, String reason) {
        hangUp(call, reason, Optional.empty());
    }

    /** As {@link #hangUp(FocusCall, String)}, telling the peer why in a Reason header (RFC 3326). */
    void hangUp(FocusCall call, String reason, Optional<Header> why) {
        if (signalEnd(call, why)) {
            cleanUp(call, reason);
        }
    }

    /** Marks the call ended and tells the peer (BYE, or 480 while ringing); false if it had already ended. */
    private boolean signalEnd(FocusCall call, Optional<Header> why) {
        FocusCall.State before = call.state();
        if (!call.end()) {
            return false;
        }
        try {
            if (before == FocusCall.State.RINGING) {
                Response response = responder.create(call.invite(), Response.TEMPORARILY_UNAVAILABLE, call.toTag());
                why.ifPresent(response::addHeader);
                responder.send(call.inviteTransaction(), response);
            } else {
                sendBye(call.dialog(), why);
            }
        } catch (Exception e) {
            LOG.info("could not signal the end of room={} call={}: {}", call.roomId(), call.callId(), e.toString());
        }
        return true;
    }

    /**
     * Ends every call at once (server shutdown): the BYEs go out from a few threads in parallel and the whole
     * is bounded by {@code timeout}, so thousands of legs do not keep a SIGTERM waiting. Returns the calls that
     * were not ended in time (still cleaned up by the media's own close).
     */
    int hangUpAll(Collection<FocusCall> live, String reason, Duration timeout) {
        if (live.isEmpty()) {
            return 0;
        }
        int threads = Math.min(SHUTDOWN_THREADS, live.size());
        AtomicInteger done = new AtomicInteger();
        Queue<ClientTransaction> byes = new ConcurrentLinkedQueue<>();
        Queue<FocusCall> signalled = new ConcurrentLinkedQueue<>();
        shutdownByes = byes;
        try {
            // Every BYE first: leaving a large room costs more than signalling, and must not hold BYEs back.
            runBounded(threads, live, call -> {
                if (signalEnd(call, Optional.empty())) {
                    signalled.add(call);
                }
                done.incrementAndGet();
            }, timeout, "signalled");
        } finally {
            shutdownByes = null;
        }
        ExecutorService cleaners = start(threads);
        for (FocusCall call : signalled) {
            cleaners.execute(() -> cleanUp(call, reason));
        }
        cleaners.shutdown();
        awaitAnswers(byes, BYE_ANSWER_WAIT); // while the calls leave their rooms
        try {
            if (!cleaners.awaitTermination(SHUTDOWN_CLEANUP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("shutdown: calls still leaving their rooms after the BYEs; the media's close ends them");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            cleaners.shutdownNow();
        }
        return live.size() - done.get();
    }

    private static void runBounded(int threads, Collection<FocusCall> calls,
            java.util.function.Consumer<FocusCall> task, Duration timeout, String what) {
        ExecutorService pool = start(threads);
        try {
            for (FocusCall call : calls) {
                pool.execute(() -> task.accept(call));
            }
            pool.shutdown();
            if (!pool.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("shutdown: not every one of {} calls {} within {} ms", calls.size(), what,
                        timeout.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            pool.shutdownNow();
        }
    }

    private static ExecutorService start(int threads) {
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "confero-sip-shutdown");
            t.setDaemon(true);
            return t;
        });
    }

    /** Waits, bounded, until every BYE was answered (or its transaction ended), so retransmissions can go out. */
    private static void awaitAnswers(Queue<ClientTransaction> byes, Duration wait) {
        int sent = byes.size();
        long started = System.nanoTime();
        long deadline = started + wait.toNanos();
        while (true) {
            byes.removeIf(tx -> tx.getState() == null || tx.getState() == TransactionState.COMPLETED
                    || tx.getState() == TransactionState.TERMINATED);
            if (byes.isEmpty() || System.nanoTime() >= deadline) {
                break;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        LOG.info("shutdown: {} of {} BYEs answered in {} ms", sent - byes.size(), sent,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    private void sendBye(Dialog dialog, Optional<Header> why) throws Exception {
        if (dialog == null || dialog.getState() == DialogState.TERMINATED) {
            return;
        }
        Request bye = dialog.createRequest(Request.BYE);
        why.ifPresent(bye::addHeader);
        ClientTransaction tx = sip.provider().getNewClientTransaction(bye);
        dialog.sendRequest(tx);
        byesSent.increment();
        Queue<ClientTransaction> shutdown = shutdownByes;
        if (shutdown != null) {
            shutdown.add(tx);
        }
    }

    private void cleanUp(FocusCall call, String reason) {
        try {
            if (call.leg() != null) {
                call.leg().close();
            }
        } catch (RuntimeException e) {
            LOG.warn("leaving room={} failed for call={}: {}", call.roomId(), call.callId(), e.toString());
        }
        call.leavePlace();
        call.closeMedia();
        calls.remove(call); // last, so that a call that is no longer listed holds nothing
        ended.increment();
        LOG.info("call ended room={} participant={} call={}: {}", call.roomId(), call.participantId(), call.callId(),
                reason);
    }
}
