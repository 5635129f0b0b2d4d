package org.confero.server.cascade;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Sends a signed {@link LinkMessage} to a peer node's internal endpoint and checks the signed answer. Blocking,
 * bounded in time; called only on the cascade's own thread, never on a media or SIP thread.
 */
final class LinkClient {
    static final String LINK_PATH = "/internal/cascade/link";
    static final String UNLINK_PATH = "/internal/cascade/unlink";
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final HttpClient http;
    private final LinkSignature signature;
    private final ReplayGuard replay;

    LinkClient(LinkSignature signature, ReplayGuard replay, Executor executor) {
        this.signature = signature;
        this.replay = replay;
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).executor(executor)
                .followRedirects(HttpClient.Redirect.NEVER).proxy(java.net.ProxySelector.of(null)).build();
    }

    /** The outcome of one request: the peer's signed answer on 200, else its status and why. */
    record Result(int status, Optional<LinkMessage> answer, String problem) {}

    Result post(URI peer, String path, LinkMessage message) throws InterruptedException {
        byte[] body = message.toJson();
        HttpRequest request = HttpRequest.newBuilder(peer.resolve(path)).timeout(TIMEOUT)
                .header("Content-Type", "application/json").header(LinkSignature.HEADER, signature.sign(body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            return new Result(0, Optional.empty(), e.toString());
        }
        if (response.statusCode() != 200) {
            return new Result(response.statusCode(), Optional.empty(), "refused");
        }
        byte[] answer = response.body();
        String signed = response.headers().firstValue(LinkSignature.HEADER).orElse(null);
        if (!signature.verify(answer, signed)) {
            return new Result(response.statusCode(), Optional.empty(), "answer not signed with our secret");
        }
        Optional<LinkMessage> parsed = LinkMessage.parse(answer);
        if (parsed.isEmpty() || !parsed.get().room().equals(message.room())
                || !replay.accept(parsed.get().nonce(), parsed.get().time(), System.currentTimeMillis())) {
            return new Result(response.statusCode(), Optional.empty(), "answer malformed, stale or replayed");
        }
        return new Result(200, parsed, "");
    }
}
