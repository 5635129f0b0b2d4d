package org.confero.server.cascade;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Optional;
import org.confero.server.config.CascadeConfig;
import org.confero.server.guard.SampledLog;
import org.confero.server.metrics.Metrics;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The home node's internal endpoint: {@code POST /internal/cascade/link} and {@code /unlink}. A request is served
 * only when it comes from the IP that {@code cluster.cascade.peers} gives its node id (403 otherwise), carries a valid
 * HMAC of its body under the shared secret, a time within 30 s and a new nonce (401 otherwise), and names as its RTP
 * address that same IP (400): the home node never sends media anywhere a configured peer did not ask from. With
 * cascading off the paths do not exist. Refusals are counted and logged sampled.
 */
public final class CascadeApi extends Handler.Wrapper {
    private static final Logger LOG = LoggerFactory.getLogger(CascadeApi.class);

    private final CascadeConfig config;
    private final CascadeHome home;
    private final LinkSignature signature;
    private final ReplayGuard replay;
    private final Metrics.Counter refused;
    private final SampledLog refusals = new SampledLog(LOG, 10_000);

    CascadeApi(CascadeConfig config, CascadeHome home, LinkSignature signature, ReplayGuard replay, Metrics metrics) {
        this.config = config;
        this.home = home;
        this.signature = signature;
        this.replay = replay;
        this.refused = metrics.counter("confero_cascade_requests_refused_total",
                "cascade link requests refused (unknown peer, bad signature, stale or replayed, bad address)");
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        boolean link = path.equals(LinkClient.LINK_PATH);
        if (!config.enabled() || (!link && !path.equals(LinkClient.UNLINK_PATH))) {
            return super.handle(request, response, callback);
        }
        if (!"POST".equals(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "POST");
            refuse(response, callback, 405, "POST only", Request.getRemoteAddr(request));
            return true;
        }
        String source = Request.getRemoteAddr(request);
        byte[] body = body(request);
        Optional<LinkMessage> parsed = body == null ? Optional.empty() : LinkMessage.parse(body);
        if (parsed.isEmpty()) {
            refuse(response, callback, 400, "malformed link message", source);
            return true;
        }
        LinkMessage m = parsed.get();
        URI peer = config.peers().get(m.node());
        if (peer == null || !sameIp(peer.getHost(), source)) {
            refuse(response, callback, 403, "unknown peer node '" + m.node() + "'", source);
            return true;
        }
        if (!signature.verify(body, request.getHeaders().get(LinkSignature.HEADER))
                || !replay.accept(m.nonce(), m.time(), System.currentTimeMillis())) {
            refuse(response, callback, 401, "bad signature, stale or replayed", source);
            return true;
        }
        if (!config.isHomeOf(m.room())) {
            refuse(response, callback, 409, "this node is not the home of room " + m.room(), source);
            return true;
        }
        if (!link) {
            boolean closed = home.close(m.room(), m.node());
            answer(response, callback, closed ? 200 : 404, m, "");
            return true;
        }
        Optional<InetSocketAddress> rtp = m.rtpAddress();
        if (rtp.isEmpty() || !sameIp(rtp.get().getAddress().getHostAddress(), source)) {
            refuse(response, callback, 400, "the link's RTP address must be the requesting peer's own", source);
            return true;
        }
        String answerNonce = LinkMessage.newNonce();
        CascadeHome.Opened opened = home.open(m.room(), m.node(), rtp.get(), () -> LinkKeys.forHome(config.secret(),
                m.room(), config.nodeId(), m.node(), m.nonce(), answerNonce));
        if (opened.link() == null) {
            int status = opened.refusal() == CascadeHome.Refusal.NO_ROOM ? 404 : 503;
            refuse(response, callback, status, "link not opened: " + opened.refusal(), source);
            return true;
        }
        answer(response, callback, 200, new LinkMessage(m.room(), config.nodeId(),
                LinkMessage.format(config.linkAddress(), opened.link().localPort()), System.currentTimeMillis(),
                answerNonce));
        return true;
    }

    private void answer(Response response, Callback callback, int status, LinkMessage request, String rtp) {
        answer(response, callback, status, LinkMessage.of(request.room(), config.nodeId(), rtp));
    }

    private void answer(Response response, Callback callback, int status, LinkMessage message) {
        byte[] body = message.toJson();
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put(LinkSignature.HEADER, signature.sign(body));
        response.write(true, java.nio.ByteBuffer.wrap(body), callback);
    }

    private void refuse(Response response, Callback callback, int status, String why, String source) {
        refused.increment();
        refusals.warn(System.currentTimeMillis(), "cascade request from {} refused ({}): {}", source, status, why);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        Content.Sink.write(response, true, toJson(Map.of("error", why)), callback);
    }

    private static String toJson(Map<String, String> map) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(map);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return "{}";
        }
    }

    /** The body, or null when it is larger than a link message can be. */
    private static byte[] body(Request request) {
        if (request.getLength() > LinkMessage.MAX_BYTES) {
            return null;
        }
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] bytes = in.readNBytes(LinkMessage.MAX_BYTES + 1);
            return bytes.length > LinkMessage.MAX_BYTES ? null : bytes;
        } catch (IOException e) {
            return null;
        }
    }

    /** Both are IP literals (configuration and the socket's peer): compared as addresses, no DNS lookup. */
    private static boolean sameIp(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        try {
            return InetAddress.getByName(a.replace("[", "").replace("]", ""))
                    .equals(InetAddress.getByName(b.replace("[", "").replace("]", "")));
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
