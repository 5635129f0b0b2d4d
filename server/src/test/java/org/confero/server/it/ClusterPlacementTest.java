package org.confero.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.confero.server.peers.BaresipConfig.PhoneCodec;
import org.confero.server.peers.BaresipEvent;
import org.confero.server.peers.BaresipPhone;
import org.confero.server.peers.BaresipPhones;
import org.confero.server.peers.SippRunner;
import org.confero.server.peers.ToneAnalysis;
import org.confero.server.peers.Wav;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three Confero nodes, Redis and Kamailio on loopback: rooms called through Kamailio are placed on the least loaded
 * node and every call for a room lands there; a browser opening a room's link on another node is sent to the room;
 * a node's death frees its rooms for placement again while the other nodes' rooms go on. The node's death is the
 * last test.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterPlacementTest {
    private static final List<String> SPREAD_ROOMS = IntStream.rangeClosed(1, 12)
            .mapToObj(i -> String.format("r%02d", i)).toList();
    private static final List<String> OTHER_ROOMS = List.of("lecture", "k1", "k2", "k3", "k4", "k5", "k6");
    private static final Duration CALL_SETUP = Duration.ofSeconds(10);
    private static final Duration SKIP_START = Duration.ofMillis(1500);
    private static ThreeNodeCluster cluster;

    @BeforeAll
    static void startCluster() {
        List<String> rooms = new ArrayList<>(SPREAD_ROOMS);
        rooms.addAll(OTHER_ROOMS);
        cluster = ThreeNodeCluster.start(rooms);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void twelveRoomsCalledThroughKamailioSpreadOverTheNodesAndEveryCallForARoomLandsOnOneNode() throws Exception {
        Path inf = Files.createTempFile(Path.of("target"), "cluster-rooms-", ".csv");
        List<String> lines = new ArrayList<>(List.of("SEQUENTIAL"));
        for (int pass = 0; pass < 2; pass++) {
            SPREAD_ROOMS.forEach(room -> lines.add(room + ";"));
        }
        Files.write(inf, lines);
        int calls = lines.size() - 1;
        long start = System.nanoTime();
        try (SippRunner.Running sipp = SippRunner.resourceScenario("sipp/cluster-room-call.xml",
                        Map.of("holdMs", "20000"))
                .target(cluster.kamailio().port()).timeout(Duration.ofSeconds(60))
                // Kamailio relays responses from several UDP workers, so under load a 180 can arrive after its
                // 200; a UA discards such a late provisional (RFC 6026 §8.4), SIPp would abort the call for it
                .args("-inf", inf.toAbsolutePath().toString(), "-m", Integer.toString(calls), "-r", "100", "-l",
                        Integer.toString(calls), "-default_behaviors", "all,-abortunexp")
                .start()) {
            assertThat(Await.until(() -> cluster.totalParticipants() == calls, Duration.ofSeconds(20)))
                    .as("all %d calls are in rooms; %s", calls, cluster.diagnostics()).isTrue();
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("cluster placement: %d participants in %d rooms placed in %.2f s = %.1f participants/s"
                    + " (SIPp offering 100 calls/s through Kamailio)%n", calls, SPREAD_ROOMS.size(), seconds,
                    calls / seconds);

            Map<String, Integer> roomsPerNode = new TreeMap<>();
            for (String room : SPREAD_ROOMS) {
                Map<String, Integer> perNode = cluster.participantsPerNode(room);
                String owner = cluster.storedOwner(room).orElseThrow();
                assertThat(perNode).as("both calls for %s on its owner %s only", room, owner)
                        .containsEntry(owner, 2).allSatisfy((node, n) -> {
                            if (!node.equals(owner)) {
                                assertThat(n).as("%s on %s", room, node).isZero();
                            }
                        });
                roomsPerNode.merge(owner, 1, Integer::sum);
            }
            System.out.println("cluster placement: rooms per node " + roomsPerNode);
            assertThat(roomsPerNode).as("placed by load over all three nodes").hasSize(3)
                    .allSatisfy((node, n) -> assertThat(n).as(node).isBetween(3, 5));

            String talk = SPREAD_ROOMS.get(0);
            String owner = cluster.storedOwner(talk).orElseThrow();
            try (BaresipPhones phones = new BaresipPhones()) {
                BaresipPhone low = phones.add(BaresipPhone.builder("low").tone(500).codecs(PhoneCodec.PCMU));
                BaresipPhone high = phones.add(BaresipPhone.builder("high").tone(1100).codecs(PhoneCodec.PCMU));
                for (BaresipPhone phone : List.of(low, high)) {
                    phone.dial(cluster.kamailio().roomUri(talk));
                    phone.waitForEvent("CALL_ESTABLISHED", CALL_SETUP);
                }
                assertThat(Await.until(() -> cluster.participantsPerNode(talk).get(owner) == 4, Duration.ofSeconds(5)))
                        .as("the phones joined %s on its node %s: %s", talk, owner, cluster.participantsPerNode(talk))
                        .isTrue();
                Thread.sleep(SKIP_START.toMillis() + 3000);
                assertHearEachOther(low, 500, high, 1100);
                hangUp(List.of(low, high));
            }
            SippRunner.Result result = sipp.awaitResult(Duration.ofSeconds(40));
            assertThat(result.successfulCalls()).as(result.outputTail()).isEqualTo(calls);
        }
    }

    @Test
    @Order(2)
    void aBrowserOpeningTheLinkOnANodeThatDoesNotHoldTheRoomJoinsItAndHearsItsPhone() throws Exception {
        try (BaresipPhone phone = BaresipPhone.builder("desk").tone(700).codecs(PhoneCodec.PCMU).start();
                ChromiumPage page = ChromiumPage.start()) {
            phone.dial(cluster.kamailio().roomUri("lecture"));
            phone.waitForEvent("CALL_ESTABLISHED", CALL_SETUP);
            String owner = cluster.storedOwner("lecture").orElseThrow();
            RunningServer holder = cluster.node(owner);
            RunningServer other = cluster.nodes().stream().filter(n -> n != holder).findFirst().orElseThrow();
            page.join("http://127.0.0.1:" + other.httpPort(), "lecture", "Ada");
            assertThat(page.driver().getCurrentUrl()).as("the page moved to the node holding the room")
                    .startsWith("http://127.0.0.1:" + holder.httpPort() + "/r/lecture");
            assertThat(Await.until(() -> holder.server().media().participantCount("lecture") == 2,
                    Duration.ofSeconds(10))).as("phone and browser in one room on %s", owner).isTrue();
            assertThat(other.server().media().participantCount("lecture")).isZero();
            page.awaitConnected(Duration.ofSeconds(20));
            Thread.sleep(1000);
            double before = page.inboundAudioEnergy();
            Thread.sleep(3000);
            double heard = page.inboundAudioEnergy() - before;
            assertThat(heard).as("the browser hears the phone's tone").isGreaterThan(0.1);
            phone.hangup();
        }
    }

    @Test
    @Order(3)
    void aDeadNodesRoomsArePlacedAgainAndRedialingPhonesHearEachOtherWhileOtherRoomsGoOn() throws Exception {
        try (BaresipPhones phones = new BaresipPhones()) {
            BaresipPhone a = phones.add(BaresipPhone.builder("a").tone(500).codecs(PhoneCodec.PCMU));
            BaresipPhone b = phones.add(BaresipPhone.builder("b").tone(1100).codecs(PhoneCodec.PCMU));
            BaresipPhone c = phones.add(BaresipPhone.builder("c").tone(600).codecs(PhoneCodec.PCMU));
            BaresipPhone d = phones.add(BaresipPhone.builder("d").tone(1300).codecs(PhoneCodec.PCMU));
            for (BaresipPhone phone : List.of(a, b)) {
                phone.dial(cluster.kamailio().roomUri("k1"));
                phone.waitForEvent("CALL_ESTABLISHED", CALL_SETUP);
            }
            String victim = cluster.storedOwner("k1").orElseThrow();
            String survivorRoom = null;
            String cCall = null;
            for (String room : OTHER_ROOMS.subList(2, OTHER_ROOMS.size())) {
                c.markEventsSeen();
                c.dial(cluster.kamailio().roomUri(room));
                cCall = c.waitForEvent("CALL_ESTABLISHED", CALL_SETUP).callId();
                if (!cluster.storedOwner(room).orElseThrow().equals(victim)) {
                    survivorRoom = room;
                    break;
                }
                c.hangup();
                c.waitForEvent("CALL_CLOSED", Duration.ofSeconds(5));
            }
            assertThat(survivorRoom).as("a room placed on another node than %s", victim).isNotNull();
            String survivorNode = cluster.storedOwner(survivorRoom).orElseThrow();
            d.dial(cluster.kamailio().roomUri(survivorRoom));
            String dCall = d.waitForEvent("CALL_ESTABLISHED", CALL_SETUP).callId();
            String other = survivorRoom;
            assertThat(Await.until(() -> cluster.participantsPerNode(other).get(survivorNode) == 2,
                    Duration.ofSeconds(5))).isTrue();
            c.markEventsSeen();
            d.markEventsSeen();

            RunningServer dying = cluster.node(victim);
            long killed = System.nanoTime();
            dying.server().cluster().orElseThrow().halt(); // no goodbye to Redis: what kill -9 leaves behind
            dying.close();

            long replacedAt = redialUntilInRoom(List.of(a, b), "k1", Duration.ofSeconds(15));
            double replaceSeconds = (replacedAt - killed) / 1e9;
            String newOwner = cluster.storedOwner("k1").orElseThrow();
            System.out.printf("cluster failover: %s died; room k1 placed again on %s and both phones back in it"
                    + " %.2f s after the death%n", victim, newOwner, replaceSeconds);
            assertThat(newOwner).isNotEqualTo(victim);
            assertThat(replaceSeconds).as("re-placed within 10 s").isLessThanOrEqualTo(10.0);
            assertThat(cluster.participantsPerNode("k1").get(newOwner)).isEqualTo(2);
            Thread.sleep(SKIP_START.toMillis() + 2000);
            assertHearEachOther(a, 500, b, 1100);

            // c hung up its own calls to rooms on the dying node above: only the calls into survivorRoom count
            assertThat(closedCalls(c)).as("c's call to the room on %s was not disturbed", survivorNode)
                    .doesNotContain(cCall);
            assertThat(closedCalls(d)).as("d's call to the room on %s was not disturbed", survivorNode)
                    .doesNotContain(dCall);
            assertThat(cluster.participantsPerNode(survivorRoom).get(survivorNode)).isEqualTo(2);
            assertThat(cluster.storedOwner(survivorRoom)).contains(survivorNode);
            assertLastSecondHeard(c, 1300);
            assertLastSecondHeard(d, 600);
            hangUp(List.of(a, b, c, d));
        }
    }

    private static List<String> closedCalls(BaresipPhone phone) {
        return phone.events().stream().filter(e -> e.type().equals("CALL_CLOSED")).map(BaresipEvent::callId)
                .toList();
    }

    /** Hangs up what is left of each phone's call and dials again until both are in the room on a live node. */
    private static long redialUntilInRoom(List<BaresipPhone> phones, String room, Duration limit)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        for (BaresipPhone phone : phones) {
            boolean in = false;
            while (!in && System.nanoTime() < deadline) {
                hangUpQuietly(phone);
                int seen = phone.events().size();
                phone.dial(cluster.kamailio().roomUri(room));
                Await.until(() -> has(phone, seen, "CALL_ESTABLISHED") || has(phone, seen, "CALL_CLOSED"), CALL_SETUP);
                in = has(phone, seen, "CALL_ESTABLISHED") && !has(phone, seen, "CALL_CLOSED");
                if (!in) {
                    Thread.sleep(500);
                }
            }
            assertThat(in).as("%s back in %s; %s", phone.name(), room, cluster.diagnostics()).isTrue();
        }
        return System.nanoTime();
    }

    private static void assertHearEachOther(BaresipPhone one, int oneTone, BaresipPhone two, int twoTone) {
        double[] byOne = ToneAnalysis.steadyPart(Wav.read(one.recordingOfWhatItHeard()), SKIP_START,
                Duration.ofMillis(300));
        double[] byTwo = ToneAnalysis.steadyPart(Wav.read(two.recordingOfWhatItHeard()), SKIP_START,
                Duration.ofMillis(300));
        assertThat(ToneAnalysis.levelDbfs(byOne, 8000, twoTone)).as("%s hears %s", one.name(), two.name())
                .isGreaterThan(-20);
        assertThat(ToneAnalysis.levelDbfs(byTwo, 8000, oneTone)).as("%s hears %s", two.name(), one.name())
                .isGreaterThan(-20);
        assertThat(ToneAnalysis.levelDbfs(byOne, 8000, oneTone)).as("%s does not hear itself", one.name())
                .isLessThan(-50);
    }

    private static void assertLastSecondHeard(BaresipPhone phone, int tone) {
        Wav sofar = Wav.read(phone.recordingOfWhatItHeard());
        double[] lastSecond = ToneAnalysis.steadyPart(sofar,
                Duration.ofMillis((long) (sofar.durationSeconds() * 1000) - 1000), Duration.ofMillis(100));
        assertThat(ToneAnalysis.levelDbfs(lastSecond, 8000, tone)).as("%s still hears %d Hz", phone.name(), tone)
                .isGreaterThan(-20);
    }

    private static void hangUp(List<BaresipPhone> phones) {
        for (BaresipPhone phone : phones) {
            phone.hangup();
        }
    }

    /** Hangs up a call that may already have ended (the node holding it died): baresip refuses then, harmlessly. */
    private static void hangUpQuietly(BaresipPhone phone) {
        phone.command("hangup", null);
    }

    private static boolean has(BaresipPhone phone, int after, String type) {
        List<org.confero.server.peers.BaresipEvent> events = phone.events();
        return events.subList(Math.min(after, events.size()), events.size()).stream()
                .anyMatch(e -> e.type().equals(type));
    }
}
