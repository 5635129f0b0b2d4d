package org.confero.server.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.confero.server.peers.BaresipConfig.AudioSource;
import org.confero.server.peers.BaresipConfig.PhoneCodec;
import org.confero.server.peers.BaresipConfig.Registration;
import org.junit.jupiter.api.Test;

class BaresipConfigTest {
    private static final Path REC = Path.of("/tmp/rec");

    @Test
    void aPhoneIsPinnedToLoopbackWithAToneAndARecorder() {
        BaresipConfig config = new BaresipConfig("b", 5082, 4444, new AudioSource.Tone(1100), List.of(PhoneCodec.OPUS),
                Optional.empty(), true, REC, List.of("rtp_ports 30000-30100"), "");

        assertThat(config.configFile()).contains(
                "sip_listen 127.0.0.1:5082\n", "net_interface 127.0.0.1\n", "dns_server 127.0.0.1:53\n",
                "ctrl_tcp_listen 127.0.0.1:4444\n", "audio_source ausine,1100\n", "ausrc_srate 48000\n",
                "module sndfile.so\n", "snd_path /tmp/rec\n", "rtp_ports 30000-30100\n");
        assertThat(config.accountsFile())
                .isEqualTo("<sip:b@127.0.0.1:5082>;regint=0;answermode=auto;audio_codecs=opus/48000/2\n");
        assertThat(config.directUri()).isEqualTo("sip:b@127.0.0.1:5082");
    }

    @Test
    void aRegisteringPhoneNamesItsRegistrarAsDomainButNeverPrintsItsPassword() {
        Registration registration = new Registration("alice", "s3cret", 5060);
        BaresipConfig config = new BaresipConfig("alice", 5082, 4444,
                new AudioSource.WavFile(Path.of("/tmp/speech.wav"), 8000, 1), List.of(PhoneCodec.PCMU, PhoneCodec.G722),
                Optional.of(registration), false, REC, List.of(), ";ptime=20");

        assertThat(config.accountLine()).isEqualTo("<sip:alice@127.0.0.1:5060>;auth_user=alice;auth_pass=s3cret"
                + ";regint=600;audio_codecs=PCMU,G722/16000/1;ptime=20");
        assertThat(config.accountsFile()).as("created over ctrl_tcp once the harness listens").isEmpty();
        assertThat(config.configFile()).contains("audio_source aufile,/tmp/speech.wav\n", "ausrc_srate 8000\n",
                "ausrc_channels 1\n");
        assertThat(registration.toString()).doesNotContain("s3cret");
        assertThat(config.toString()).doesNotContain("s3cret");
    }

    @Test
    void namesThatAreNotSipUserPartsAndPhonesWithoutCodecsAreRefused() {
        assertThatThrownBy(() -> new BaresipConfig("a b", 1, 2, new AudioSource.Tone(400), List.of(PhoneCodec.PCMU),
                Optional.empty(), false, REC, List.of(), "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BaresipConfig("a", 1, 2, new AudioSource.Tone(400), List.of(),
                Optional.empty(), false, REC, List.of(), "")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aVideoPhoneLoadsFakevideoAndTheVideoCodecsAndNamesThemOnItsAccount() {
        BaresipConfig vp8 = new BaresipConfig("v", 5082, 4444, new AudioSource.Tone(700), List.of(PhoneCodec.PCMU),
                Optional.empty(), true, REC, List.of(), "", Optional.of(new BaresipConfig.Video(
                        List.of(org.confero.mixer.video.VideoCodec.VP8), 640, 360, 25)));
        BaresipConfig any = new BaresipConfig("v", 5082, 4444, new AudioSource.Tone(700), List.of(PhoneCodec.PCMU),
                Optional.empty(), false, REC, List.of(), "", Optional.of(new BaresipConfig.Video(List.of(), 320, 180,
                        15)));
        BaresipConfig audioOnly = new BaresipConfig("v", 5082, 4444, new AudioSource.Tone(700),
                List.of(PhoneCodec.PCMU), Optional.empty(), false, REC, List.of(), "");

        assertThat(vp8.configFile()).contains("video_source fakevideo,nil\n", "video_display fakevideo,nil\n",
                "video_size 640x360\n", "video_fps 25.00\n", "module fakevideo.so\n", "module vp8.so\n",
                "module avcodec.so\n", "module snapshot.so\n");
        assertThat(vp8.accountLine()).endsWith(";answermode=auto;audio_codecs=PCMU;video_codecs=vp8");
        assertThat(any.configFile()).contains("video_size 320x180\n", "video_fps 15.00\n");
        assertThat(any.accountLine()).as("no list offers every codec").doesNotContain("video_codecs");
        assertThat(audioOnly.configFile()).doesNotContain("video", "fakevideo");
        assertThat(BaresipConfig.Video.accountName(org.confero.mixer.video.VideoCodec.H264)).isEqualTo("H264");
    }
}
