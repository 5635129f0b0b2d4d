package org.confero.server.webrtc.dtls;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.DatagramTransport;

/**
 * Feeds DTLS records that the session's reader demultiplexed (RFC 7983) to Bouncy Castle, and sends its
 * records through the session's socket. The reader never blocks on it: a full queue drops the record (DTLS
 * retransmits, RFC 6347 §4.2.4).
 */
public final class PacketQueueTransport implements DatagramTransport {
    /** Sends one datagram to the peer. */
    @FunctionalInterface
    public interface Sender {
        void send(byte[] buf, int off, int len) throws IOException;
    }

    private static final int QUEUE_CAPACITY = 64;
    private static final int RECEIVE_LIMIT = 1500;
    /** Below typical path MTUs after IP/UDP headers, so that certificate flights fragment instead of dropping. */
    private static final int SEND_LIMIT = 1200;

    private final ArrayBlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final Sender sender;
    private volatile boolean closed;

    public PacketQueueTransport(Sender sender) {
        this.sender = sender;
    }

    /** Called by the reader thread with a record it received; false when the queue was full (dropped). */
    public boolean offer(byte[] buf, int off, int len) {
        byte[] copy = new byte[len];
        System.arraycopy(buf, off, copy, 0, len);
        return queue.offer(copy);
    }

    @Override
    public int getReceiveLimit() {
        return RECEIVE_LIMIT;
    }

    @Override
    public int getSendLimit() {
        return SEND_LIMIT;
    }

    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
        if (closed) {
            throw new IOException("transport closed");
        }
        byte[] record;
        try {
            record = queue.poll(Math.max(0, waitMillis), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for DTLS");
        }
        if (record == null) {
            if (closed) {
                throw new IOException("transport closed");
            }
            return -1;
        }
        int n = Math.min(len, record.length);
        System.arraycopy(record, 0, buf, off, n);
        return n;
    }

    @Override
    public void send(byte[] buf, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("transport closed");
        }
        sender.send(buf, off, len);
    }

    @Override
    public void close() {
        closed = true;
        queue.clear();
    }
}
