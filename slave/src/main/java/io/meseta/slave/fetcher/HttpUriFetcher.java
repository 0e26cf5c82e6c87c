package io.meseta.slave.fetcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Set;

/** Downloads {@code http://} and {@code https://} URIs, following redirects; a non-2xx answer fails. */
public final class HttpUriFetcher implements UriFetcher {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);

  private final HttpClient client = HttpClient.newBuilder()
      .followRedirects(HttpClient.Redirect.NORMAL)
      .connectTimeout(CONNECT_TIMEOUT)
      .build();

  @Override
  public Set<String> schemes() {
    return Set.of("http", "https");
  }

  @Override
  public void fetch(URI uri, Path target) throws FetchException {
    HttpRequest request = HttpRequest.newBuilder(uri).GET().timeout(RESPONSE_TIMEOUT).build();
    HttpResponse<Path> response;
    try {
      response = client.send(request, info -> info.statusCode() / 100 == 2
          ? HttpResponse.BodySubscribers.ofFile(target, StandardOpenOption.CREATE,
              StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)
          : HttpResponse.BodySubscribers.replacing(null));
    } catch (IOException e) {
      throw new FetchException("GET failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FetchException("interrupted while downloading", e);
    }
    if (response.statusCode() / 100 != 2) {
      try {
        Files.deleteIfExists(target);
      } catch (IOException ignored) {
        // nothing was written for a non-2xx answer; a leftover file is harmless
      }
      throw new FetchException("GET returned HTTP status " + response.statusCode());
    }
  }
}
