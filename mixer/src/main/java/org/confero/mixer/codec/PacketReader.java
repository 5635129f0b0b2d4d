package org.confero.mixer.codec;

import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * Copies an encoded packet's bytes into a Java array without creating a Java object per packet.
 * JavaCPP's {@code packet.data()} wraps the payload address in a new {@code BytePointer} on every call; here
 * the address is read as a plain 64-bit word from the packet struct (at the offset JavaCPP reports for
 * {@code AVPacket.data}) and the bytes are read through one reusable pointer positioned at that address.
 */
final class PacketReader implements AutoCloseable {
    private static final int DATA_OFFSET = Pointer.offsetof(AVPacket.class, "data");

    private final LongPointer packetWords;
    private final BytePointer anchor = new BytePointer(1);

    PacketReader(AVPacket packet) {
        if (DATA_OFFSET < 0 || DATA_OFFSET % Long.BYTES != 0 || Pointer.sizeof(BytePointer.class) != 1) {
            throw new IllegalStateException("unexpected AVPacket layout: data at offset " + DATA_OFFSET);
        }
        packetWords = new LongPointer(packet);
    }

    /** Copies {@code length} payload bytes of the packet into {@code out}. */
    void copy(int length, byte[] out, int outOffset) {
        long dataAddress = packetWords.get(DATA_OFFSET / Long.BYTES);
        anchor.position(dataAddress - anchor.address()).get(out, outOffset, length);
        anchor.position(0);
    }

    @Override
    public void close() {
        anchor.close();
    }
}
