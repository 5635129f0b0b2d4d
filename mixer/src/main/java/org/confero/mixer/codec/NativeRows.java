package org.confero.mixer.codec;

import org.bytedeco.javacpp.BytePointer;

/**
 * Copies rows between Java arrays and native picture memory at absolute addresses through one reusable pointer
 * (positioned relative to its own address, as {@link PacketReader} does), so drawing allocates nothing per row.
 * Callers check every address against the bounds of a picture they own or hold a reference to.
 */
final class NativeRows implements AutoCloseable {
    private final BytePointer anchor = new BytePointer(1);

    void write(long address, byte[] source, int offset, int length) {
        anchor.position(address - anchor.address()).put(source, offset, length);
        anchor.position(0);
    }

    void read(long address, byte[] target, int offset, int length) {
        anchor.position(address - anchor.address()).get(target, offset, length);
        anchor.position(0);
    }

    @Override
    public void close() {
        anchor.close();
    }
}
