package org.confero.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.confero.server.peers.SippRunner;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The conference event package (RFC 4575): SIPp subscribes to the room URI and answers NOTIFYs while a browser
 * (headless Chromium, Confero's page) joins and leaves; the NOTIFY bodies SIPp received, read back from its message
 * log and parsed as XML, show the room empty, then the browser's user, then it muted (its audio recvonly), then that
 * user deleted; SIPp then
 * refreshes (and gets the whole room again), unsubscribes and gets the terminating NOTIFY. A subscriber answering 481 loses its subscription.
 */
class ConferenceEventsTest {
    private static final String NS = "urn:ietf:params:xml:ns:conference-info";
    /** A name a browser may type; the XML must carry it escaped and give it back intact. */
    private static final String NAME = "Ada <&> \"Lovelace\"";

    private record Notify(String subscriptionState, Document body) {}

    @Test
    void subscriberSeesABrowserJoinAndLeave() throws Exception {
        try (RunningServer server = RunningServer.start(Map.of())) {
            String base = "http://127.0.0.1:" + server.httpPort();
            try (SippRunner.Running watcher = SippRunner.resourceScenario("sipp/subscribe-conference.xml")
                    .target(server.sipPort()).args("-s", "demo", "-m", "1", "-trace_msg", "-timeout", "90s")
                    .timeout(Duration.ofSeconds(90)).start()) {
                assertThat(Await.until(() -> server.server().sip().conferenceSubscriptions() == 1,
                        Duration.ofSeconds(10))).as("subscription taken").isTrue();
                try (ChromiumPage ada = ChromiumPage.start()) {
                    ada.join(base, "demo", NAME);
                    ada.awaitConnected(Duration.ofSeconds(20));
                    assertThat(Await.until(() -> server.server().media().participantCount("demo") == 1,
                            Duration.ofSeconds(5))).isTrue();
                    String sent = "confero_conference_notify_sent_total";
                    var metrics = server.server().metrics();
                    assertThat(Await.until(() -> metrics.counterValue(sent) >= 2, Duration.ofSeconds(5)))
                            .as("the join's NOTIFY went out").isTrue();
                    long beforeMute = metrics.counterValue(sent);
                    ada.byTestId("mute-button").click();
                    assertThat(Await.until(() -> metrics.counterValue(sent) > beforeMute, Duration.ofSeconds(5)))
                            .as("the mute's NOTIFY went out before the browser leaves").isTrue();
                }
                SippRunner.Result result = watcher.awaitResult(Duration.ofSeconds(40));
                assertThat(result.exitCode()).as("SIPp subscriber; output:%n%s", result.outputTail()).isZero();

                List<Notify> notifies = notifies(watcher.directory());
                System.out.println("NOTIFYs received by SIPp: " + notifies.size());
                for (Notify n : notifies) {
                    System.out.println("  " + n.subscriptionState() + " version=" + root(n).getAttribute("version")
                            + " state=" + root(n).getAttribute("state") + " users=" + users(n));
                }
                assertThat(notifies.size()).isGreaterThanOrEqualTo(5);
                Notify first = notifies.get(0);
                assertThat(root(first).getAttribute("state")).isEqualTo("full");
                assertThat(first.subscriptionState()).startsWith("active");
                assertThat(users(first)).as("the room is empty at first").isEmpty();
                for (int i = 0; i < notifies.size(); i++) {
                    assertThat(root(notifies.get(i)).getAttribute("version")).as("version of NOTIFY %d", i)
                            .isEqualTo(Integer.toString(i + 1));
                    assertThat(root(notifies.get(i)).getAttribute("entity")).startsWith("sip:demo@");
                }
                Notify joined = notifies.stream().filter(n -> users(n).contains(NAME + ":full")).findFirst()
                        .orElseThrow(() -> new AssertionError("no NOTIFY shows the browser"));
                assertThat(root(joined).getAttribute("state")).isEqualTo("partial");
                String entity = userElements(joined).get(0).getAttribute("entity");
                Notify muted = notifies.stream().filter(n -> "recvonly".equals(audioStatus(n))).findFirst()
                        .orElseThrow(() -> new AssertionError("no NOTIFY shows the browser muted"));
                assertThat(root(muted).getAttribute("state")).isEqualTo("partial");
                assertThat(users(muted)).containsExactly(NAME + ":full");
                assertThat(audioStatus(joined)).isEqualTo("sendrecv");
                Notify left = notifies.get(notifies.size() - 3);
                assertThat(root(left).getAttribute("state")).isEqualTo("partial");
                assertThat(userElements(left)).singleElement()
                        .satisfies(u -> assertThat(u.getAttribute("state")).isEqualTo("deleted"))
                        .satisfies(u -> assertThat(u.getAttribute("entity")).isEqualTo(entity));
                Notify refreshed = notifies.get(notifies.size() - 2);
                assertThat(root(refreshed).getAttribute("state")).as("a refresh gets the whole room").isEqualTo("full");
                assertThat(refreshed.subscriptionState()).matches("active;expires=(29\\d|300)");
                assertThat(users(refreshed)).isEmpty();
                Notify last = notifies.get(notifies.size() - 1);
                assertThat(last.subscriptionState()).startsWith("terminated");
                assertThat(root(last).getAttribute("state")).isEqualTo("full");
                assertThat(users(last)).isEmpty();
                String raw = Files.readString(messageLog(watcher.directory()));
                assertThat(raw).contains("Ada &lt;&amp;&gt;");
            }
            assertThat(Await.until(() -> server.server().sip().conferenceSubscriptions() == 0,
                    Duration.ofSeconds(5))).as("subscription gone after unsubscribe").isTrue();
        }
    }

    @Test
    void aNotifyAnswered481EndsTheSubscription() throws Exception {
        try (RunningServer server = RunningServer.start(Map.of())) {
            SippRunner.Result result = SippRunner.resourceScenario("sipp/subscribe-then-481.xml")
                    .target(server.sipPort()).args("-s", "demo", "-m", "1").timeout(Duration.ofSeconds(20)).run();
            assertThat(result.exitCode()).as("SIPp; output:%n%s", result.outputTail()).isZero();
            assertThat(Await.until(() -> server.server().sip().conferenceSubscriptions() == 0,
                    Duration.ofSeconds(5))).as("the 481 ended the subscription").isTrue();
            assertThat(server.server().metrics().counterValue("confero_conference_notify_failed_total")).isEqualTo(1);
        }
    }

    @Test
    void aPinRoomsEventsAreRefusedToOutsidersAndOtherPackagesGet489() throws Exception {
        try (RunningServer server = RunningServer.start(Map.of("CONFERO_ROOM_BOARD_PIN", "4711"))) {
            for (Map<String, String> c : List.of(Map.of("room", "board", "event", "conference", "status", "403"),
                    Map.of("room", "demo", "event", "presence", "status", "489"))) {
                SippRunner.Result result = SippRunner.resourceScenario("sipp/subscribe-refused.xml",
                        Map.of("event", c.get("event"), "status", c.get("status")))
                        .target(server.sipPort()).args("-s", c.get("room"), "-m", "1").timeout(Duration.ofSeconds(20))
                        .run();
                assertThat(result.exitCode()).as("%s; output:%n%s", c, result.outputTail()).isZero();
            }
            assertThat(server.server().sip().conferenceSubscriptions()).isZero();
        }
    }

    /** The audio media status of the first user in the NOTIFY, or null. */
    private static String audioStatus(Notify n) {
        List<Element> users = userElements(n);
        if (users.isEmpty()) {
            return null;
        }
        NodeList media = users.get(0).getElementsByTagNameNS(NS, "media");
        if (media.getLength() == 0) {
            return null;
        }
        return ((Element) media.item(0)).getElementsByTagNameNS(NS, "status").item(0).getTextContent();
    }

    private static Element root(Notify n) {
        return n.body().getDocumentElement();
    }

    private static List<Element> userElements(Notify n) {
        NodeList list = n.body().getElementsByTagNameNS(NS, "user");
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < list.getLength(); i++) {
            out.add((Element) list.item(i));
        }
        return out;
    }

    /** Each user as {@code display-text:state} ({@code :deleted} users have no name). */
    private static List<String> users(Notify n) {
        List<String> out = new ArrayList<>();
        for (Element u : userElements(n)) {
            NodeList text = u.getElementsByTagNameNS(NS, "display-text");
            String name = text.getLength() == 0 ? "" : text.item(0).getTextContent();
            out.add(name + ":" + u.getAttribute("state"));
        }
        return out;
    }

    private static Path messageLog(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith("_messages.log")).findFirst()
                    .orElseThrow(() -> new AssertionError("SIPp wrote no message log in " + dir));
        }
    }

    /** The NOTIFYs in SIPp's {@code -trace_msg} log, in the order received, with their parsed bodies. */
    private static List<Notify> notifies(Path dir) throws Exception {
        String log = Files.readString(messageLog(dir));
        List<Notify> out = new ArrayList<>();
        Pattern received = Pattern.compile("message received \\[\\d+\\] bytes :\\s*\\n\\s*\\n(NOTIFY .*?)(?=\\n-{10,}|\\z)",
                Pattern.DOTALL);
        Matcher m = received.matcher(log);
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        while (m.find()) {
            String message = m.group(1).replace("\r\n", "\n");
            int blank = message.indexOf("\n\n");
            String headers = message.substring(0, blank);
            String body = message.substring(blank + 2).strip();
            Matcher state = Pattern.compile("(?im)^Subscription-State:\\s*(.+)$").matcher(headers);
            assertThat(state.find()).as("Subscription-State in%n%s", headers).isTrue();
            assertThat(headers).containsIgnoringCase("Content-Type: application/conference-info+xml");
            Document doc = factory.newDocumentBuilder()
                    .parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
            out.add(new Notify(state.group(1).strip(), doc));
        }
        return out;
    }
}
