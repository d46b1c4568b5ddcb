package dev.sluice.core.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How a deletion API's answer is read: the usual statuses, and the vendor's own words on a refusal. */
class DeletionApiTest {
  static final DeletionApi API = new DeletionApi() {
    @Override
    public int maxIds() {
      return 1;
    }

    @Override
    public VendorRequest request(List<String> ids) {
      throw new UnsupportedOperationException();
    }

    @Override
    public String describe() {
      return "test";
    }
  };

  static DeliveryOutcome answer(int status, String body) {
    return API.interpret(new VendorResponse(status, Optional.empty(), body.getBytes(StandardCharsets.UTF_8)), Instant.EPOCH);
  }

  @Test
  void aRefusalCarriesTheVendorsMessage() {
    assertThat(answer(401, "{\"status\":\"error\",\"error\":\"Invalid or missing OAuth token\"}"))
        .isEqualTo(new DeliveryOutcome.Rejected("HTTP 401: Invalid or missing OAuth token"));
    assertThat(answer(400, "{\"type\":\"validation_error\",\"code\":\"invalid_input\",\"detail\":\"bad project\",\"attr\":null}"))
        .isEqualTo(new DeliveryOutcome.Rejected("HTTP 400: bad project"));
    assertThat(answer(403, "Forbidden\n  by policy")).isEqualTo(new DeliveryOutcome.Rejected("HTTP 403: Forbidden by policy"));
    assertThat(answer(404, "")).isEqualTo(new DeliveryOutcome.Rejected("HTTP 404"));
    assertThat(((DeliveryOutcome.Rejected) answer(400, "x".repeat(5000))).reason()).hasSize("HTTP 400: ".length() + DeletionApi.MAX_MESSAGE_CHARS);
  }

  @Test
  void successAndTransientFailuresReadAsUsual() {
    assertThat(answer(202, "{\"persons_found\":1}")).isEqualTo(DeliveryOutcome.DELIVERED);
    assertThat(answer(429, "{\"error\":\"rate limited\"}")).isInstanceOf(DeliveryOutcome.Retry.class);
    assertThat(answer(503, "")).isInstanceOf(DeliveryOutcome.Retry.class);
  }
}
