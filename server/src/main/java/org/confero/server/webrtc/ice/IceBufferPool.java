package org.confero.server.webrtc.ice;

import java.util.concurrent.ArrayBlockingQueue;
import org.ice4j.util.Buffer;
import org.ice4j.util.BufferPool;

/**
 * Recycles the buffers ice4j's push API receives into, so that the shared port allocates nothing per packet in
 * steady state. A buffer that is never returned is simply garbage; an empty pool allocates.
 */
public final class IceBufferPool {
    private static final int SIZE = 1500;
    private static final ArrayBlockingQueue<Buffer> POOL = new ArrayBlockingQueue<>(2048);
    private static volatile boolean installed;

    private IceBufferPool() {}

    /** Makes ice4j take its receive buffers from here. Idempotent. */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        BufferPool.getBuffer = size -> {
            Buffer b = size <= SIZE ? POOL.poll() : null;
            if (b == null) {
                return new Buffer(new byte[Math.max(size, SIZE)], 0, size);
            }
            b.setOffset(0);
            b.setLength(size);
            return b;
        };
        BufferPool.returnBuffer = b -> {
            if (b.getBuffer().length >= SIZE) {
                POOL.offer(b);
            }
            return kotlin.Unit.INSTANCE;
        };
        installed = true;
    }
}
