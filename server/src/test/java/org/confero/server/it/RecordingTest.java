package org.confero.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.confero.server.api.ApiClient;
import org.confero.server.peers.BaresipConfig.PhoneCodec;
import org.confero.server.peers.BaresipPhone;
import org.confero.server.peers.BaresipPhones;
import org.confero.server.peers.FfmpegTools;
import org.confero.server.peers.ToneAnalysis;
import org.confero.server.peers.Wav;
import org.confero.server.signalling.WsClient;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recording. A meeting of two baresip phones sending different tones: a participant on the WebSocket starts and
 * stops the recording (refused in a room that does not allow it), the phones hear the recording tone, and the file
 * listed and downloaded through the API decodes with ffmpeg and holds both phones' tones (Goertzel). A meeting
 * with a room system sending red video is recorded as WebM whose decoded picture shows the red tile.
 */
class RecordingTest {
    private static final int LOW = 500;
    private static final int HIGH = 1300;
    private static final int RECORDING_TONE = 1400;

    @TempDir
    Path work;

    @Test
    void aTwoPhoneMeetingIsRecordedWithBothTones() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        WebSocketClient wsClient = new WebSocketClient();
        wsClient.start();
        try (RunningServer server = RunningServer.start(Map.of("CONFERO_RECORDING_ENABLED", "true",
                "CONFERO_ROOM_REC_NAME", "Recorded", "CONFERO_ROOM_REC_RECORDING", "true"));
             BaresipPhones phones = new BaresipPhones()) {
            String api = "http://127.0.0.1:" + server.httpPort() + "/api/rooms/";
            ApiClient admin = admin(server);

            WsClient outsider = WsClient.connect(wsClient, server.httpPort());
            outsider.send("{\"type\":\"join\",\"room\":\"demo\",\"name\":\"Eve\"}");
            outsider.expect("joined");
            outsider.send("{\"type\":\"record\",\"action\":\"start\"}");
            assertThat(outsider.expect("error").path("code").asText()).as("demo does not allow recording")
                    .isEqualTo("not-allowed");

            BaresipPhone low = phones.add(BaresipPhone.builder("low").tone(LOW).codecs(PhoneCodec.PCMU));
            BaresipPhone high = phones.add(BaresipPhone.builder("high").tone(HIGH).codecs(PhoneCodec.PCMU));
            for (BaresipPhone phone : List.of(low, high)) {
                phone.dial(server.roomUri("rec"));
                phone.waitForEvent("CALL_ESTABLISHED", Duration.ofSeconds(10));
            }
            assertThat(Await.until(() -> server.server().media().participantCount("rec") == 2,
                    Duration.ofSeconds(5))).isTrue();

            WsClient host = WsClient.connect(wsClient, server.httpPort());
            host.send("{\"type\":\"join\",\"room\":\"rec\",\"name\":\"Host\"}");
            host.expect("joined");
            host.send("{\"type\":\"record\",\"action\":\"start\"}");
            assertThat(host.expect("recording").path("on").asBoolean()).isTrue();
            Thread.sleep(4000);
            host.send("{\"type\":\"record\",\"action\":\"stop\"}");
            assertThat(host.expect("recording").path("on").asBoolean()).isFalse();

            assertThat(http.send(HttpRequest.newBuilder(URI.create(api + "rec/recordings")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).as("recordings need a host login")
                    .isEqualTo(401);
            JsonNode listing = await(admin, "/api/rooms/rec/recordings");
            JsonNode file = listing.path("recordings").path(0);
            String name = file.path("name").asText();
            System.out.println("recording listed: " + file);
            assertThat(name).matches("rec-\\d{8}-\\d{6}\\.ogg");
            HttpResponse<byte[]> download = http.send(HttpRequest.newBuilder(URI.create(api + "rec/recordings/" + name))
                    .header("Authorization", "Bearer " + token(admin)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(download.statusCode()).isEqualTo(200);
            assertThat(download.headers().firstValue("content-type")).hasValue("audio/ogg");
            Path ogg = Files.write(work.resolve(name), download.body());
            Wav wav = Wav.read(FfmpegTools.decodeToWav(ogg, null, work.resolve("rec.wav"), 48000));
            System.out.printf("recording: %d bytes, %.2f s%n", download.body().length, wav.durationSeconds());
            assertThat(wav.durationSeconds()).as("about the 4 s recorded").isBetween(3.5, 6.0);
            double[] steady = ToneAnalysis.steadyPart(wav, Duration.ofMillis(1000), Duration.ofMillis(300));
            double lowDb = ToneAnalysis.levelDbfs(steady, 48000, LOW);
            double highDb = ToneAnalysis.levelDbfs(steady, 48000, HIGH);
            double offDb = ToneAnalysis.levelDbfs(steady, 48000, 900);
            System.out.printf("recording levels: %d Hz %.1f dBFS, %d Hz %.1f dBFS, 900 Hz (no phone) %.1f dBFS%n",
                    LOW, lowDb, HIGH, highDb, offDb);
            assertThat(lowDb).as("the %d Hz phone is in the recording", LOW).isGreaterThan(-30);
            assertThat(highDb).as("the %d Hz phone is in the recording", HIGH).isGreaterThan(-30);
            assertThat(offDb).as("no tone where no phone sends").isLessThan(lowDb - 30);

            // Only listed names inside the room's own directory are served.
            for (String bad : List.of("rec/recordings/..%2F..%2Fconfero.properties", "rec/recordings/" + name + ".part",
                    "rec/recordings/rec-20200101-000000.ogg", "demo/recordings/" + name, "..%2Frec/recordings/" + name)) {
                assertThat(admin.get("/api/rooms/" + bad).status()).as("GET %s", bad).isIn(400, 404);
            }

            for (BaresipPhone phone : List.of(low, high)) {
                phone.hangup();
                phone.waitForEvent("CALL_CLOSED", Duration.ofSeconds(5));
            }
            Wav heard = Wav.read(low.recordingOfWhatItHeard());
            double loudestBeep = ToneAnalysis.FLOOR_DBFS;
            int block = heard.sampleRate() / 10;
            double[] samples = heard.mono();
            for (int from = 0; from + block <= samples.length; from += block) {
                loudestBeep = Math.max(loudestBeep,
                        ToneAnalysis.levelDbfs(samples, heard.sampleRate(), RECORDING_TONE, from, block));
            }
            System.out.printf("recording tone heard by a phone: %.1f dBFS at its loudest 100 ms%n", loudestBeep);
            assertThat(loudestBeep).as("the phone heard the recording tone").isGreaterThan(-30);
            assertThat(server.server().metrics().render()).contains("confero_recording_frames_dropped 0");
        } finally {
            wsClient.stop();
        }
    }

    @Test
    void aMeetingWithVideoIsRecordedAsWebmWithTheComposite() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        WebSocketClient wsClient = new WebSocketClient();
        wsClient.start();
        Duration hold = Duration.ofSeconds(20);
        List<AutoCloseable> open = new java.util.ArrayList<>();
        try (RunningServer server = RunningServer.start(Map.of("CONFERO_RECORDING_ENABLED", "true",
                "CONFERO_ROOM_REC_RECORDING", "true"))) {
            String api = "http://127.0.0.1:" + server.httpPort() + "/api/rooms/";
            ApiClient admin = admin(server);
            int local = org.confero.server.peers.FreePorts.udpPair();
            org.confero.server.peers.SippVideoCall call = org.confero.server.peers.SippVideoCall.start(
                    server.sipPort(), "rec", "red", org.confero.mixer.video.VideoCodec.VP8,
                    org.confero.server.peers.FreePorts.udpPair(), local,
                    org.confero.server.peers.SippVideoCall.Direction.SENDONLY, hold);
            open.add(call);
            org.confero.server.peers.SippVideoCall.Ports ports = call.awaitPorts(Duration.ofSeconds(10));
            open.add(org.confero.server.peers.FfmpegVideoSender.builder(org.confero.mixer.video.VideoCodec.VP8,
                    ports.video()).colour("red").localRtpPort(local).payloadType(96).duration(hold).start());
            assertThat(Await.until(() -> server.server().media().hasVideo("rec"), Duration.ofSeconds(10)))
                    .as("the room composes video").isTrue();

            WsClient host = WsClient.connect(wsClient, server.httpPort());
            host.send("{\"type\":\"join\",\"room\":\"rec\",\"name\":\"Host\"}");
            host.expect("joined");
            host.send("{\"type\":\"record\",\"action\":\"start\"}");
            assertThat(host.expect("recording").path("on").asBoolean()).isTrue();
            Thread.sleep(4000);
            host.send("{\"type\":\"record\",\"action\":\"stop\"}");
            assertThat(host.expect("recording").path("on").asBoolean()).isFalse();

            String name = await(admin, "/api/rooms/rec/recordings").path("recordings").path(0).path("name").asText();
            assertThat(name).matches("rec-\\d{8}-\\d{6}\\.webm");
            HttpResponse<byte[]> download = http.send(HttpRequest.newBuilder(URI.create(api + "rec/recordings/" + name))
                    .header("Authorization", "Bearer " + token(admin)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(download.headers().firstValue("content-type")).hasValue("video/webm");
            Path webm = Files.write(work.resolve(name), download.body());
            Process probe = new ProcessBuilder("ffprobe", "-v", "error", "-show_entries", "stream=codec_name,width,height",
                    "-of", "csv=p=0", webm.toString()).redirectErrorStream(true).start();
            String streams = new String(probe.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(probe.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            System.out.println("WebM recording streams: " + streams.lines().toList() + ", " + download.body().length
                    + " bytes");
            assertThat(streams).contains("opus").contains("vp8,640,360");
            Process frame = new ProcessBuilder("ffmpeg", "-v", "error", "-ss", "2", "-i", webm.toString(), "-frames:v",
                    "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "-").redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            byte[] rgb = frame.getInputStream().readAllBytes();
            assertThat(frame.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(rgb.length).isEqualTo(640 * 360 * 3);
            int red = 0;
            for (int p = 0; p < rgb.length; p += 3) {
                if ((rgb[p] & 0xff) > 200 && (rgb[p + 1] & 0xff) < 60 && (rgb[p + 2] & 0xff) < 60) {
                    red++;
                }
            }
            double share = red / (640.0 * 360.0);
            System.out.printf("WebM recording at 2 s: %.0f%% of the picture is the red sender's tile%n", share * 100);
            assertThat(share).as("the red room system's tile in the recorded composite").isGreaterThan(0.15);
        } finally {
            for (int i = open.size() - 1; i >= 0; i--) {
                open.get(i).close();
            }
            wsClient.stop();
        }
    }

    /** The admin host, logged in: configured rooms' recordings are the admin's to reach. */
    private static ApiClient admin(RunningServer server) throws Exception {
        server.server().hostAccounts().add("admin", "tidal-compass-58");
        return ApiClient.loggedIn("http://127.0.0.1:" + server.httpPort(), "admin", "tidal-compass-58");
    }

    /** An API token of the host, for a download by a plain HTTP client. */
    private static String token(ApiClient host) throws Exception {
        ApiClient.Reply created = host.post("/api/tokens", Map.of("name", "download"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("token").asText();
    }

    /** The listing once it shows a finished file (the writer renames it when done). */
    private static JsonNode await(ApiClient host, String path) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            ApiClient.Reply r = host.get(path);
            assertThat(r.status()).isEqualTo(200);
            JsonNode body = r.json();
            if (body.path("recordings").size() > 0 || System.nanoTime() > deadline) {
                return body;
            }
            Thread.sleep(100);
        }
    }
}
