package io.meseta.protocol.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process's HTTP port: a few read-only {@code GET} endpoints on the JDK's built-in server
 * ({@code com.sun.net.httpserver}, no servlet container). An endpoint answers with an
 * {@link HttpReply}, or refuses with an {@link HttpError} (sent as {@code {"error": "..."}} with
 * its status). Another method gets 405, an unknown path 404 naming the known ones, and an
 * endpoint that fails unexpectedly 500 (logged) without taking the server down.
 */
public final class HttpEndpoints implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HttpEndpoints.class);
  private static final int THREADS = 4;

  /** One endpoint. */
  @FunctionalInterface
  public interface Route {
    HttpReply handle(HttpQuery query) throws HttpError;
  }

  private final String name;
  private final HttpServer server;
  private final ExecutorService executor;
  private final Map<String, Route> routes;

  private HttpEndpoints(String name, HttpServer server, ExecutorService executor, Map<String, Route> routes) {
    this.name = name;
    this.server = server;
    this.executor = executor;
    this.routes = routes;
  }

  /** The endpoints to serve, by exact path. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** Collects the routes; {@link #start} binds the port. */
  public static final class Builder {
    private final String name;
    private final Map<String, Route> routes = new TreeMap<>();

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    public Builder get(String path, Route route) {
      if (!path.startsWith("/")) {
        throw new IllegalArgumentException("a path starts with /: " + path);
      }
      routes.put(path, Objects.requireNonNull(route, "route"));
      return this;
    }

    /**
     * Binds {@code bindHost:port} (0: any free port) and serves.
     *
     * @throws IOException naming the address if it cannot be bound
     */
    public HttpEndpoints start(String bindHost, int port) throws IOException {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("HTTP port must be between 0 and 65535, got " + port);
      }
      HttpServer server;
      try {
        server = HttpServer.create(new InetSocketAddress(bindHost, port), 0);
      } catch (IOException e) {
        throw new IOException("cannot serve HTTP on " + bindHost + ":" + port + ": " + e.getMessage(), e);
      }
      AtomicInteger n = new AtomicInteger();
      ExecutorService executor = Executors.newFixedThreadPool(THREADS, r -> {
        Thread t = new Thread(r, name + "-http-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
      HttpEndpoints endpoints = new HttpEndpoints(name, server, executor, Map.copyOf(routes));
      server.createContext("/", endpoints::serve);
      server.setExecutor(executor);
      server.start();
      LOG.info("{} serving HTTP on {}:{} ({})", name, bindHost, endpoints.port(), String.join(", ", routes.keySet()));
      return endpoints;
    }
  }

  /** The port bound (the one picked, for port 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Answers one request; the one place that turns refusals and failures into replies. */
  HttpReply answer(String method, java.net.URI uri) {
    try {
      if (!method.equals("GET") && !method.equals("HEAD")) {
        throw new HttpError(405, "only GET is served here, not " + method);
      }
      HttpQuery query = HttpQuery.parse(uri);
      Route route = routes.get(query.path());
      if (route == null) {
        throw HttpError.notFound("no endpoint " + query.path() + "; this " + name + " serves "
            + String.join(", ", routes.keySet()));
      }
      return route.handle(query);
    } catch (HttpError e) {
      return HttpReply.json(e.status(), Map.of("error", e.getMessage()));
    } catch (RuntimeException e) {
      LOG.error("HTTP {} {} failed", method, uri, e);
      return HttpReply.json(500, Map.of("error", "the " + name + " failed to answer: " + e));
    }
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      HttpReply reply = answer(exchange.getRequestMethod(), exchange.getRequestURI());
      byte[] body = reply.body();
      exchange.getResponseHeaders().set("Content-Type", reply.contentType());
      reply.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
      boolean head = exchange.getRequestMethod().equals("HEAD");
      exchange.sendResponseHeaders(reply.status(), head ? -1 : body.length == 0 ? -1 : body.length);
      if (!head && body.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }

  /** Stops serving at once. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
