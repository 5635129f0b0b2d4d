package org.confero.server.load;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load tool's only receiving thread: one selector over every participant's socket and the SIP socket.
 * Each datagram goes to the {@link Receiver} attached to its channel, in a buffer reused for every packet.
 */
final class MediaLoop implements AutoCloseable {
    interface Receiver {
        void onDatagram(byte[] buf, int off, int len, long arrivalNanos);
    }

    private record Registration(DatagramChannel channel, Receiver receiver) {}

    /** A busy socket gets at most this many reads per wake-up, so no socket starves the others. */
    private static final int READS_PER_KEY = 32;
    private final Selector selector;
    private final Queue<Registration> pending = new ConcurrentLinkedQueue<>();
    private final ByteBuffer buffer = ByteBuffer.allocate(2_048);
    private final Thread thread;
    private final AtomicLong datagrams = new AtomicLong();
    private volatile boolean running = true;

    MediaLoop() throws IOException {
        selector = Selector.open();
        thread = new Thread(this::run, "load-rx");
        thread.setDaemon(true);
        thread.start();
    }

    /** Attaches a non-blocking channel; from any thread. */
    void register(DatagramChannel channel, Receiver receiver) throws IOException {
        channel.configureBlocking(false);
        pending.add(new Registration(channel, receiver));
        selector.wakeup();
    }

    long threadId() {
        return thread.getId();
    }

    long datagrams() {
        return datagrams.get();
    }

    private void run() {
        byte[] array = buffer.array();
        while (running) {
            try {
                selector.select(100);
            } catch (IOException e) {
                return;
            }
            for (Registration r; (r = pending.poll()) != null; ) {
                try {
                    r.channel().register(selector, SelectionKey.OP_READ, r.receiver());
                } catch (ClosedChannelException e) {
                    // the participant left before its channel was attached
                }
            }
            Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
            while (keys.hasNext()) {
                SelectionKey key = keys.next();
                keys.remove();
                if (!key.isValid()) {
                    continue;
                }
                DatagramChannel ch = (DatagramChannel) key.channel();
                Receiver receiver = (Receiver) key.attachment();
                for (int i = 0; i < READS_PER_KEY; i++) {
                    buffer.clear();
                    try {
                        if (ch.receive(buffer) == null) {
                            break;
                        }
                    } catch (IOException e) {
                        break; // ICMP unreachable from a closed port, or the channel closed meanwhile
                    }
                    long now = System.nanoTime();
                    datagrams.incrementAndGet();
                    try {
                        receiver.onDatagram(array, 0, buffer.position(), now);
                    } catch (RuntimeException e) {
                        // one malformed packet must not stop every participant's measurements
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            selector.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
