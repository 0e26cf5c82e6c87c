package io.meseta.slave.fetcher;

import static io.meseta.slave.fetcher.FetcherTest.assertMentions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import io.meseta.core.task.FetchUri;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** http:// URIs against a JDK HTTP server on a loopback port. */
class HttpFetchTest {
  private static final String BODY = "#!/bin/sh\necho from http\n";

  @TempDir
  Path sandbox;

  private final Fetcher fetcher = Fetcher.standard();
  private HttpServer server;
  private String base;

  @BeforeEach
  void serve() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/files/app.sh", exchange -> {
      byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.createContext("/moved/app.sh", exchange -> {
      exchange.getResponseHeaders().add("Location", base + "/files/app.sh");
      exchange.sendResponseHeaders(302, -1);
      exchange.close();
    });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void downloadsIntoTheSandbox() throws Exception {
    Path fetched = fetcher.fetch(new FetchUri(base + "/files/app.sh", true, false, Optional.empty()), sandbox);

    assertEquals(sandbox.resolve("app.sh"), fetched);
    assertEquals(BODY, Files.readString(fetched));
  }

  @Test
  void followsRedirects() throws Exception {
    Path fetched = fetcher.fetch(new FetchUri(base + "/moved/app.sh", false, false, Optional.of("a.sh")), sandbox);

    assertEquals(BODY, Files.readString(fetched));
  }

  @Test
  void aNotFoundAnswerIsAClearErrorAndLeavesNoFile() {
    String uri = base + "/files/missing.tar.gz";

    FetchException e = assertThrows(FetchException.class, () -> fetcher.fetch(FetchUri.of(uri), sandbox));

    assertMentions(e.getMessage(), uri, "HTTP status 404");
    assertFalse(Files.exists(sandbox.resolve("missing.tar.gz")));
  }
}
