package dev.sluice.cli.bom;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.event.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Reads a running server's admin API ({@code GET /admin/bom}). Failures become one sentence naming
 * the server and what went wrong (an IllegalStateException, which the CLI prints as is); the token
 * is sent and never printed.
 */
final class AdminClient {
  private final URI base;
  private final String token;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();

  AdminClient(String server, String token) {
    URI u;
    try {
      u = URI.create(server.endsWith("/") ? server.substring(0, server.length() - 1) : server);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--server '" + server + "' is not a URL");
    }
    if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
      throw new IllegalArgumentException(
          "--server '" + server + "' is not an http(s) URL such as http://127.0.0.1:8081");
    }
    this.base = u;
    this.token = token;
  }

  /** {@code GET /admin/bom?since=...} as JSON. */
  JsonNode bom(String since) {
    String query = since == null ? "" : "?since=" + URLEncoder.encode(since, StandardCharsets.UTF_8);
    URI uri = URI.create(base + "/admin/bom" + query);
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", "Bearer " + token)
            .header("Accept", "application/json")
            .GET()
            .build();
    HttpResponse<byte[]> r;
    try {
      r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (ConnectException | HttpConnectTimeoutException e) {
      throw new IllegalStateException("cannot reach the Sluice admin API at " + base + " (connection refused or timed out); is the server running, and is this its admin port?");
    } catch (HttpTimeoutException e) {
      throw new IllegalStateException("the Sluice admin API at " + base + " did not answer within 60 s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading " + uri);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + base + "/admin/bom: " + e.getMessage());
    }
    JsonNode body = parse(r.body());
    if (r.statusCode() == 200 && body != null) {
      return body;
    }
    String message = body == null ? null : body.path("message").asText(null);
    String code = body == null ? null : body.path("code").asText(null);
    String why =
        switch (r.statusCode()) {
          case 401 -> "the server refused the admin token";
          case 403 -> "the admin token lacks the 'read' scope";
          case 404 -> "no admin API there (is this the admin port, not the ingest port?)";
          default -> "HTTP " + r.statusCode();
        };
    throw new IllegalStateException(
        base + "/admin/bom: " + why + (message == null ? "" : " (" + (code == null ? "" : code + ": ") + message + ")"));
  }

  private static JsonNode parse(byte[] body) {
    try {
      return Json.MAPPER.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }
}
