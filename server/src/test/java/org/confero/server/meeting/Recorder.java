package org.confero.server.meeting;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Records what a meeting tells one participant (present or waiting), with the thread that told it. */
final class Recorder implements MemberControl, LobbyListener {
    final LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
    final List<String> threads = new CopyOnWriteArrayList<>();
    volatile MeetingView lastView;

    private void record(String event) {
        threads.add(Thread.currentThread().getName());
        events.add(event);
    }

    @Override
    public void hostMute(boolean muted) {
        record(muted ? "muted" : "may-unmute");
    }

    @Override
    public void depart(Departure why) {
        record("depart-" + why);
    }

    @Override
    public void meetingChanged(MeetingView view) {
        lastView = view;
        record("view");
    }

    @Override
    public void admitted() {
        record("admitted");
    }

    @Override
    public void denied() {
        record("denied");
    }

    /** The next event other than a view update, waiting at most two seconds. */
    String next() throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            String e = events.poll(2, TimeUnit.SECONDS);
            if (e == null) {
                return "none";
            }
            if (!e.equals("view")) {
                return e;
            }
        }
        return "too many views";
    }

    /** Nothing but view updates arrives within {@code millis}. */
    boolean quiet(long millis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (long left; (left = end - System.nanoTime()) > 0; ) {
            String e = events.poll(left, TimeUnit.NANOSECONDS);
            if (e != null && !e.equals("view")) {
                return false;
            }
        }
        return true;
    }
}
