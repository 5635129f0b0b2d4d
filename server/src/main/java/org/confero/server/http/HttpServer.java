package org.confero.server.http;

import java.nio.file.Path;
import java.util.Objects;
import org.confero.server.config.HttpConfig;
import org.confero.server.metrics.Metrics;
import org.confero.server.signalling.SignallingEndpoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ResourceHandler;
import org.eclipse.jetty.util.resource.Resource;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Confero's web server (Jetty 12 core handlers, no servlets): the browser app, the room API, {@code /healthz},
 * {@code /metrics} and the {@code /ws} signalling endpoint, over HTTP and HTTPS.
 *
 * <p>Handler chain: {@link EdgeHandler} (headers, counters, 404) → WebSocket upgrade at {@code /ws} → the hosts'
 * REST API when given → {@link AppRouter} (pages, join API, operations) → static files from the classpath
 * {@code /web/}.
 */
public final class HttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);

    private final HttpConfig config;
    private final Listeners listeners;
    private final String bindAddress;
    private final Path dataDir;
    private final Metrics metrics;
    private final RoomLookup rooms;
    private final SignallingEndpoint signalling;
    private final ServerControl control;
    private final Handler.Wrapper api;
    private Server server;
    private final java.util.List<Handler.Wrapper> firstRoutes = new java.util.ArrayList<>();
    private ServerConnector http;
    private ServerConnector https;

    /**
     * @param listeners which ports to open ({@link Listeners#from(HttpConfig)} in production)
     * @param dataDir where a generated certificate is kept ({@code <dataDir>/tls})
     */
    public HttpServer(HttpConfig config, Listeners listeners, String bindAddress, Path dataDir, Metrics metrics,
            RoomLookup rooms, SignallingEndpoint signalling) {
        this(config, listeners, bindAddress, dataDir, metrics, rooms, signalling, ServerControl.NONE, null);
    }

    /**
     * @param control readiness for {@code /readyz} and the drain behind {@code POST /admin/drain}
     * @param api the hosts' REST API in front of the pages, or null for none
     */
    public HttpServer(HttpConfig config, Listeners listeners, String bindAddress, Path dataDir, Metrics metrics,
            RoomLookup rooms, SignallingEndpoint signalling, ServerControl control, Handler.Wrapper api) {
        this.control = Objects.requireNonNull(control, "control");
        this.api = api;
        this.config = Objects.requireNonNull(config, "config");
        this.listeners = Objects.requireNonNull(listeners, "listeners");
        this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
        this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.rooms = Objects.requireNonNull(rooms, "rooms");
        this.signalling = Objects.requireNonNull(signalling, "signalling");
    }

    /**
     * A handler that sees requests before the application's routes (e.g. the recordings API); before start. Several
     * see them in the order they were added.
     */
    public synchronized void routeFirst(Handler.Wrapper route) {
        firstRoutes.add(route);
    }

    public synchronized void start() throws Exception {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("http");
        Server jetty = new Server(threads);
        HttpConfiguration plain = new HttpConfiguration();
        plain.setSendServerVersion(false);
        plain.setSendXPoweredBy(false);
        if (listeners.httpPort() != Listeners.OFF) {
            http = new ServerConnector(jetty, new HttpConnectionFactory(plain));
            http.setHost(bindAddress);
            http.setPort(listeners.httpPort());
            jetty.addConnector(http);
        }
        if (listeners.httpsPort() != Listeners.OFF) {
            https = httpsConnector(jetty, new HttpConfiguration(plain));
            jetty.addConnector(https);
        }
        jetty.setErrorHandler(new PlainErrorHandler());
        jetty.setHandler(new EdgeHandler(webSocketAndApp(jetty), metrics));
        server = jetty;
        jetty.start();
        LOG.info("HTTP listening on {} http={} https={}", bindAddress, httpPort(), httpsPort());
    }

    private Handler webSocketAndApp(Server jetty) {
        WebSocketUpgradeHandler ws = WebSocketUpgradeHandler.from(jetty, signalling::install);
        Handler app = new AppRouter(staticFiles(jetty), metrics, rooms, this::httpsPort, control);
        if (api != null) {
            api.setHandler(app);
            app = api;
        }
        for (int i = firstRoutes.size() - 1; i >= 0; i--) {
            firstRoutes.get(i).setHandler(app);
            app = firstRoutes.get(i);
        }
        ws.setHandler(app);
        return ws;
    }

    /** The web client's assets from the classpath {@code /web/} (the web-client jar), or null when absent. */
    private static Handler staticFiles(Server jetty) {
        Resource webRoot = ResourceFactory.of(jetty).newClassLoaderResource("web/");
        if (webRoot == null || !webRoot.exists()) {
            LOG.warn("web client not on the classpath (/web/): serving the API only");
            return null;
        }
        ResourceHandler staticFiles = new ResourceHandler();
        staticFiles.setBaseResource(webRoot);
        staticFiles.setDirAllowed(false);
        staticFiles.setWelcomeFiles();
        staticFiles.setEtags(true);
        // Asset names carry no version: cache briefly, then revalidate with the ETag.
        staticFiles.setCacheControl("public, max-age=300");
        return staticFiles;
    }

    private ServerConnector httpsConnector(Server jetty, HttpConfiguration secure) throws Exception {
        TlsKeystore keystore = TlsKeystore.resolve(config, dataDir, bindAddress);
        // The certificate may be self-signed for localhost: do not refuse requests whose SNI names another host.
        SecureRequestCustomizer customizer = new SecureRequestCustomizer();
        customizer.setSniHostCheck(false);
        secure.addCustomizer(customizer);
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStorePath(keystore.path().toString());
        tls.setKeyStorePassword(keystore.password());
        tls.setKeyStoreType("PKCS12");
        ServerConnector connector = new ServerConnector(jetty, tls, new HttpConnectionFactory(secure));
        connector.setHost(bindAddress);
        connector.setPort(listeners.httpsPort());
        return connector;
    }

    /** The bound HTTP port, or -1 when HTTP is off or the server is not started. */
    public int httpPort() {
        return http == null ? -1 : http.getLocalPort();
    }

    /** The bound HTTPS port, or -1 when HTTPS is off or the server is not started. */
    public int httpsPort() {
        return https == null ? -1 : https.getLocalPort();
    }

    @Override
    public synchronized void close() throws Exception {
        if (server != null) {
            server.stop();
            server = null;
        }
    }
}
