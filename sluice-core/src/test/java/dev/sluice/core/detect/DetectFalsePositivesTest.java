package dev.sluice.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Values analytics depends on that are not personal data: nothing may be flagged in them. */
class DetectFalsePositivesTest {
  private static final TextScanner SCANNER = new TextScanner();

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "ord_99120",
        "ORD-2024-000123",
        "order ORD-2024-000123 placed",
        "123456789012",
        "id 123456789012",
        "550e8400-e29b-41d4-a716-446655440000",
        "12345678-1234-4234-9234-123456789012",
        "2024-01-15T10:30:00.000Z",
        "2024-01-15 10:30:00",
        "15/01/2024",
        "1700000000000",
        "1700000000",
        "1.2.3",
        "10.0.19045",
        "version 10.0.19045.3693",
        "129.00",
        "1,299.99",
        "$1,299.99",
        "€ 1.299,99",
        "total 4999.99 USD",
        "#ff00aa",
        "#112233",
        "SKU-1001",
        "sku 1001-22",
        "user_8412",
        "3f786850e387550fdab836ed7e6dc57b1fc1b2d4",
        "commit 3f78685 fixed it",
        "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
        "https://shop.example/products/4711?variant=12&utm_source=newsletter",
        "/checkout/step-2",
        "Order Completed",
        "analytics-node 6.2.0",
        "12:30:45",
        "10.000, 20.000",
        "page 2 of 10",
        "qty 3 x 19.99",
      })
  void notPersonalData(String value) {
    assertThat(DetectData.show(value, SCANNER.scan(value, ScanHints.NONE))).isEmpty();
    assertThat(DetectData.show(value, SCANNER.scan(value, new ScanHints("US")))).isEmpty();
  }
}
