package org.confero.mixer.codec;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * Reads an AVFrame's plane addresses as plain 64-bit words from the struct (at the offset JavaCPP reports for
 * {@code AVFrame.data}), the same trick {@link PacketReader} plays on packets: no pointer object per read.
 * A view only: it frees nothing, and it is valid while its frame struct is.
 */
final class FrameWords {
    private static final int DATA_WORD = dataWord();

    private final AVFrame frame;
    private final LongPointer words;

    FrameWords(AVFrame frame) {
        this.frame = frame;
        this.words = new LongPointer(frame);
    }

    long plane(int plane) {
        return words.get(DATA_WORD + plane);
    }

    int linesize(int plane) {
        return frame.linesize(plane);
    }

    private static int dataWord() {
        int offset = Pointer.offsetof(AVFrame.class, "data");
        if (offset < 0 || offset % Long.BYTES != 0) {
            throw new IllegalStateException("unexpected AVFrame layout: data at offset " + offset);
        }
        return offset / Long.BYTES;
    }
}
