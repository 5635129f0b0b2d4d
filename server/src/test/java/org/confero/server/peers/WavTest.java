package org.confero.server.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavTest {

    @Test
    void aWrittenStereoFileReadsBackSampleForSample(@TempDir Path dir) throws Exception {
        short[] frames = {100, -100, 32767, -32768, 0, 5};
        Path file = dir.resolve("stereo.wav");
        new Wav(48000, 2, frames).write(file);

        Wav read = Wav.read(file);
        assertThat(read.sampleRate()).isEqualTo(48000);
        assertThat(read.channels()).isEqualTo(2);
        assertThat(read.interleaved()).containsExactly(frames);
        assertThat(read.frames()).isEqualTo(3);
        assertThat(read.channel(1)).containsExactly(-100 / 32768.0, -1.0, 5 / 32768.0);
        assertThat(read.mono()[0]).isCloseTo(0.0, within(1e-12));
        assertThat(Files.size(file)).isEqualTo(44 + 12);
    }

    @Test
    void aFileStillBeingWrittenReadsUpToItsLastWholeFrame(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("growing.wav");
        new Wav(8000, 1, new short[] {1, 2, 3, 4}).write(file);
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(40, 0); // data size not yet known
        byte[] withHalfFrame = Arrays.copyOf(bytes, bytes.length + 1);

        assertThat(Wav.parse(withHalfFrame, "growing").interleaved()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void unknownChunksBeforeTheDataAreSkipped() {
        ByteBuffer buf = ByteBuffer.allocate(12 + 24 + 8 + 3 + 1 + 8 + 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.put("RIFF".getBytes()).putInt(0).put("WAVE".getBytes());
        buf.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(16000)
                .putInt(32000).putShort((short) 2).putShort((short) 16);
        buf.put("LIST".getBytes()).putInt(3).put(new byte[] {1, 2, 3}).put((byte) 0); // odd size, padded
        buf.put("data".getBytes()).putInt(4).putShort((short) 7).putShort((short) -7);

        Wav wav = Wav.parse(buf.array(), "listed");
        assertThat(wav.sampleRate()).isEqualTo(16000);
        assertThat(wav.interleaved()).containsExactly(7, -7);
    }

    @Test
    void notAWavFileIsRefusedWithItsName() {
        assertThatThrownBy(() -> Wav.parse("hello, world".getBytes(), "greeting.txt"))
                .hasMessageContaining("greeting.txt");
    }
}
