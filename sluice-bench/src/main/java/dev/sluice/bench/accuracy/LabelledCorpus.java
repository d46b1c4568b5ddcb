package dev.sluice.bench.accuracy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sluice.core.event.Event;
import dev.sluice.core.event.EventType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * A labelled corpus of Segment Spec events: realistic web, mobile and server events (the same
 * shapes as {@link dev.sluice.bench.Corpus}) whose background holds no personal data, into which
 * personal data ({@link Kind}) and look-alike non-personal values ({@link Distractor}) are planted
 * at random places ({@link Placement}): fields with unrelated names, URL path segments, query
 * parameters and fragments, referrers, free text, event names and array elements. Every planted
 * value is recorded with its leaf (by node identity) and offsets, so detection can be scored per
 * leaf.
 *
 * <p>Deterministic: the same seed and size give the same events and labels on every machine.
 */
public final class LabelledCorpus {
  public static final long DEFAULT_SEED = 20261126L;
  public static final int DEFAULT_EVENTS = 3_000;

  /** One event and the labels of its leaves (keyed by the leaf node's identity). */
  public record LabelledEvent(Event event, Map<JsonNode, List<Label>> labels) {}

  private final long seed;
  private final List<LabelledEvent> events;

  private LabelledCorpus(long seed, List<LabelledEvent> events) {
    this.seed = seed;
    this.events = events;
  }

  public static LabelledCorpus generate(long seed, int count) {
    Gen g = new Gen(new Random(seed));
    List<LabelledEvent> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(g.event(i));
    }
    return new LabelledCorpus(seed, Collections.unmodifiableList(out));
  }

  public static LabelledCorpus standard() {
    return generate(DEFAULT_SEED, DEFAULT_EVENTS);
  }

  public long seed() {
    return seed;
  }

  public List<LabelledEvent> events() {
    return events;
  }

  /** Every string leaf of every event, in document order, with its labels. */
  public List<LabelledString> strings() {
    List<LabelledString> out = new ArrayList<>();
    for (LabelledEvent e : events) {
      strings(e, out);
    }
    return out;
  }

  public static void strings(LabelledEvent e, List<LabelledString> out) {
    ObjectNode root = e.event().json();
    String region = region(root);
    walk(root, "", e.labels(), region, out);
  }

  private static void walk(JsonNode n, String path, Map<JsonNode, List<Label>> labels, String region,
      List<LabelledString> out) {
    if (n.isObject()) {
      for (Map.Entry<String, JsonNode> f : n.properties()) {
        walk(f.getValue(), path.isEmpty() ? f.getKey() : path + "." + f.getKey(), labels, region, out);
      }
    } else if (n.isArray()) {
      for (JsonNode el : n) {
        walk(el, path, labels, region, out);
      }
    } else if (n.isTextual()) {
      out.add(new LabelledString(n.textValue(), region, path, labels.getOrDefault(n, List.of())));
    }
  }

  /** The phone region Sluice's event scanner derives: the region of {@code context.locale}. */
  public static String region(ObjectNode root) {
    JsonNode locale = root.path("context").path("locale");
    if (!locale.isTextual()) {
      return null;
    }
    String l = locale.asText();
    int sep = Math.max(l.indexOf('-'), l.indexOf('_'));
    return sep > 0 && l.length() - sep - 1 == 2 ? l.substring(sep + 1).toUpperCase(Locale.ROOT) : null;
  }

  // ------------------------------------------------------------------ text with labels

  /** Builds one string leaf, recording the offsets of what is planted in it. */
  static final class Text {
    final StringBuilder sb = new StringBuilder();
    final List<Label> labels = new ArrayList<>();

    Text add(String s) {
      sb.append(s);
      return this;
    }

    Text pii(Kind k, String v, Placement p, String detail) {
      int s = sb.length();
      sb.append(v);
      labels.add(new Label(s, sb.length(), k, null, p, detail));
      return this;
    }

    Text distractor(Distractor d, String v, Placement p) {
      int s = sb.length();
      sb.append(v);
      labels.add(new Label(s, sb.length(), null, d, p, null));
      return this;
    }
  }

  // ------------------------------------------------------------------ the generator

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static final String[] LOCALES = {
    "en-US", "en-US", "en-US", "en-GB", "de-DE", "fr-FR", "es-ES", "pt-BR", "ja-JP", "en-IN", "nl-NL",
    "en-AU", "it-IT", "en-CA"
  };
  private static final String[] TIMEZONES = {
    "America/New_York", "Europe/London", "Europe/Berlin", "Europe/Paris", "Asia/Tokyo", "Asia/Kolkata",
    "America/Sao_Paulo", "Australia/Sydney", "Europe/Madrid", "America/Los_Angeles"
  };
  private static final String[] USER_AGENTS = {
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.81 Mobile Safari/537.36",
    "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.2849.68"
  };
  private static final String[] PATHS = {
    "/", "/pricing", "/products", "/products/trail-runner-2", "/cart", "/checkout", "/blog/how-we-ship",
    "/docs/getting-started", "/account", "/search", "/support", "/careers"
  };
  private static final String[] TITLES = {
    "Acme - Home", "Pricing | Acme", "All products | Acme", "Trail Runner 2 | Acme", "Your cart", "Checkout",
    "How we ship | Acme blog", "Getting started - Acme Docs", "Account settings", "Search results", "Support",
    "Careers at Acme"
  };
  private static final String[] PRODUCTS = {
    "Trail Runner 2", "Canvas Tote", "Merino Crew Socks", "Rain Shell Jacket", "Bamboo Cutting Board",
    "Espresso Grinder", "Wool Beanie", "Desk Lamp Pro", "Yoga Mat Grip", "Cold Brew Kit"
  };
  private static final String[] CATEGORIES = {"Shoes", "Bags", "Apparel", "Kitchen", "Home", "Fitness"};
  private static final String[] BUTTONS = {"Sign up", "Start free trial", "Add to cart", "Checkout", "Learn more", "Contact sales"};
  private static final String[] FEATURES = {"export_csv", "dark_mode", "shared_dashboards", "sso", "api_tokens", "alerts"};
  private static final String[] SEARCHES = {"running shoes", "tote bag", "gift card", "socks wool", "rain jacket men", "lamp"};
  private static final String[] DEVICES = {"iPhone16,2", "iPhone15,3", "Pixel 8", "SM-S918B", "iPad14,1"};
  private static final String[] CARRIERS = {"T-Mobile", "Vodafone", "Orange", "Verizon", "NTT DOCOMO"};
  private static final String[] HOSTS = {"www.acme-shop.example", "app.acme.example", "help.acme.example"};
  private static final String[] PLANS = {"free", "starter", "pro", "enterprise"};
  private static final String[] INDUSTRIES = {"Retail", "Software", "Healthcare", "Logistics", "Education"};
  private static final String[] COMPANIES = {"Initech", "Globex", "Umbrella Logistics", "Hooli", "Vandelay Industries", "Acme Corp"};

  /** Field names that say nothing about their content. */
  private static final String[] NEUTRAL_KEYS = {
    "ref", "value", "input", "label", "data", "x", "meta", "attr_3", "custom_1", "target", "s", "payload",
    "field_7", "answer", "val", "extra", "info", "detail", "text1", "prop"
  };
  private static final String[] FREE_TEXT_KEYS = {
    "message", "comment", "notes", "feedback", "description", "review", "subject", "reason", "body", "summary"
  };
  private static final String[] NEUTRAL_PARAMS = {"u", "ref", "q", "to", "id", "value", "s", "target", "data", "v", "p", "arg"};

  private static final class Gen {
    final Random r;
    final Fakes f;
    long clock = Instant.parse("2026-11-20T00:00:00Z").toEpochMilli();

    Gen(Random r) {
      this.r = r;
      this.f = new Fakes(r);
    }

    // per-event state
    IdentityHashMap<JsonNode, List<Label>> labels;
    ObjectNode e;
    ObjectNode props;
    ObjectNode page; // web events only
    boolean web;
    EventType type;

    <T> T pick(T[] a) {
      return a[r.nextInt(a.length)];
    }

    TextNode put(ObjectNode parent, String key, Text t) {
      String k = key;
      for (int n = 2; parent.has(k); n++) {
        k = key + "_" + n;
      }
      TextNode node = new TextNode(t.sb.toString()); // a fresh node: leaves are told apart by identity
      parent.set(k, node);
      if (!t.labels.isEmpty()) {
        labels.put(node, List.copyOf(t.labels));
      }
      return node;
    }

    void add(ArrayNode parent, Text t) {
      TextNode node = new TextNode(t.sb.toString());
      parent.add(node);
      if (!t.labels.isEmpty()) {
        labels.put(node, List.copyOf(t.labels));
      }
    }

    /** A planned personal-data value. */
    record Plan(Kind kind, Placement placement, String value, String detail, String region) {}

    LabelledEvent event(int index) {
      labels = new IdentityHashMap<>();
      clock += 200 + r.nextInt(4_000);
      // what to plant first: the locale follows a nationally written phone number
      List<Plan> plans = new ArrayList<>();
      int n = r.nextInt(100) < 12 ? 0 : r.nextInt(100) < 70 ? 1 : r.nextInt(100) < 75 ? 2 : 3;
      String region = null;
      for (int k = 0; k < n; k++) {
        Plan p = plan();
        if (p.region != null) {
          if (region != null && !region.equals(p.region)) {
            k--;
            continue; // one national phone region per event
          }
          region = p.region;
        }
        plans.add(p);
      }
      int t = r.nextInt(100);
      type = t < 60 ? EventType.TRACK : t < 75 ? EventType.IDENTIFY : t < 90 ? EventType.PAGE : t < 95
          ? EventType.SCREEN : t < 98 ? EventType.GROUP : EventType.ALIAS;
      int platform = r.nextInt(100);
      web = type == EventType.PAGE || (type != EventType.SCREEN && platform < 70);
      boolean mobile = type == EventType.SCREEN || (!web && platform < 90);
      e = NODES.objectNode();
      e.put("type", type.wireName());
      String messageId = "msg-" + f.uuid();
      String locale = region != null ? localeFor(region) : pick(LOCALES);
      if (type == EventType.ALIAS || r.nextInt(4) != 0) {
        e.put("userId", "usr_" + Integer.toString(r.nextInt(1 << 30), 36)); // a quarter are anonymous
      }
      e.put("anonymousId", f.uuid());
      props = NODES.objectNode();
      page = null;
      ObjectNode ctx = NODES.objectNode();
      if (web) {
        webContext(ctx, locale);
      } else if (mobile) {
        mobileContext(ctx, locale);
      } else {
        ctx.putObject("library").put("name", "analytics-node").put("version", "2.1." + r.nextInt(4));
        ctx.put("locale", locale);
      }
      switch (type) {
        case TRACK -> e.put("event", trackProperties());
        case IDENTIFY -> traits();
        case PAGE -> {
          e.put("name", pick(TITLES).replace(" | Acme", ""));
          props.put("path", page.get("path").textValue());
          props.put("title", page.get("title").textValue());
        }
        case SCREEN -> e.put("name", pick(new String[] {"Home", "Product Detail", "Cart", "Settings", "Orders"}));
        case GROUP -> {
          e.put("groupId", "grp_" + Integer.toString(r.nextInt(1 << 20), 36));
          props.put("name", pick(COMPANIES));
          props.put("industry", pick(INDUSTRIES));
          props.put("employees", 10 + r.nextInt(5000));
          props.put("plan", pick(PLANS));
        }
        case ALIAS -> e.put("previousId", f.uuid());
      }
      for (Plan p : plans) {
        place(p);
      }
      int d = 1 + r.nextInt(3);
      for (int k = 0; k < d; k++) {
        distractor();
      }
      if (type == EventType.IDENTIFY || type == EventType.GROUP) {
        e.set("traits", props);
      } else if (type != EventType.ALIAS) {
        e.set("properties", props);
      } else if (!props.isEmpty()) {
        e.set("properties", props); // aliases rarely carry any; planted values still need a home
      }
      e.set("context", ctx);
      e.put("messageId", messageId);
      e.put("timestamp", Instant.ofEpochMilli(clock).toString());
      return new LabelledEvent(new Event(type, messageId, e), Collections.unmodifiableMap(labels));
    }

    String localeFor(String region) {
      return switch (region) {
        case "US", "GB", "AU", "CA", "IN" -> "en-" + region;
        case "DE" -> "de-DE";
        case "FR" -> "fr-FR";
        case "BR" -> "pt-BR";
        case "JP" -> "ja-JP";
        case "ES" -> "es-ES";
        case "NL" -> "nl-NL";
        case "IT" -> "it-IT";
        default -> "en-" + region;
      };
    }

    // -------------------------------------------------------------- background

    void webContext(ObjectNode c, String locale) {
      c.put("locale", locale);
      c.putObject("library").put("name", "analytics.js").put("version", "next-1.7" + r.nextInt(3) + ".0");
      page = c.putObject("page");
      int p = r.nextInt(PATHS.length);
      String search = switch (r.nextInt(4)) {
        case 0 -> "";
        case 1 -> "?utm_source=newsletter&utm_medium=email&utm_campaign=bf-2026";
        case 2 -> "?gclid=" + Long.toString(r.nextLong() & Long.MAX_VALUE, 36) + "&utm_source=google";
        default -> "?q=" + pick(SEARCHES).replace(' ', '+') + "&sort=relevance";
      };
      page.put("path", PATHS[p]);
      page.put("referrer", pick(new String[] {"https://www.google.com/", "https://t.co/", "", "https://news.ycombinator.com/"}));
      page.put("search", search);
      page.put("title", TITLES[p]);
      page.put("url", "https://" + HOSTS[0] + PATHS[p] + search);
      c.put("timezone", pick(TIMEZONES));
      c.put("userAgent", pick(USER_AGENTS));
    }

    void mobileContext(ObjectNode c, String locale) {
      boolean ios = r.nextBoolean();
      c.putObject("app").put("name", "Acme").put("version", "5." + r.nextInt(12) + "." + r.nextInt(5))
          .put("build", Integer.toString(5000 + r.nextInt(900))).put("namespace", "com.acme.shop");
      ObjectNode dev = c.putObject("device");
      dev.put("id", f.uuid());
      dev.put("manufacturer", ios ? "Apple" : "Google");
      dev.put("model", pick(DEVICES));
      dev.put("type", ios ? "ios" : "android");
      c.putObject("library").put("name", ios ? "analytics-ios" : "analytics-android").put("version", "4.1." + r.nextInt(9));
      c.put("locale", locale);
      c.putObject("network").put("wifi", r.nextBoolean()).put("carrier", pick(CARRIERS));
      c.putObject("os").put("name", ios ? "iOS" : "Android").put("version", ios ? "18." + r.nextInt(2) : "14");
      c.putObject("screen").put("width", 390 + r.nextInt(40)).put("height", 844 + r.nextInt(90));
      c.put("timezone", pick(TIMEZONES));
    }

    String trackProperties() {
      int kind = r.nextInt(7);
      switch (kind) {
        case 0 -> {
          int k = r.nextInt(PRODUCTS.length);
          props.put("product_id", "prod_" + (1000 + k * 37));
          props.put("name", PRODUCTS[k]);
          props.put("category", CATEGORIES[k % CATEGORIES.length]);
          props.put("brand", "Acme");
          props.put("currency", "USD");
          props.put("url", "https://" + HOSTS[0] + "/products/" + slug(PRODUCTS[k]) + "?variant=" + r.nextInt(50_000));
          props.put("image_url", "https://cdn.acme-shop.example/img/" + slug(PRODUCTS[k]) + "-" + r.nextInt(9) + ".jpg");
          return "Product Viewed";
        }
        case 1 -> {
          ArrayNode items = props.putArray("products");
          for (int j = 1 + r.nextInt(3); j > 0; j--) {
            int k = r.nextInt(PRODUCTS.length);
            ObjectNode it = items.addObject();
            it.put("product_id", "prod_" + (1000 + k * 37));
            it.put("name", PRODUCTS[k]);
            it.put("quantity", 1 + r.nextInt(3));
            it.put("price", (999 + r.nextInt(24_000)) / 100.0);
          }
          props.put("revenue", (999 + r.nextInt(60_000)) / 100.0);
          props.put("currency", "USD");
          props.put("payment_method", r.nextBoolean() ? "card" : "paypal");
          return r.nextBoolean() ? "Order Completed" : "Checkout Started";
        }
        case 2 -> {
          props.put("label", pick(BUTTONS));
          props.put("location", pick(new String[] {"hero", "navbar", "footer", "pricing-table", "modal"}));
          props.putObject("experiment").put("id", "exp_" + (100 + r.nextInt(40))).put("variation", r.nextBoolean() ? "control" : "treatment");
          return "Button Clicked";
        }
        case 3 -> {
          props.put("query", pick(SEARCHES));
          props.put("results", r.nextInt(120));
          return "Products Searched";
        }
        case 4 -> {
          props.put("form_id", "form_" + r.nextInt(40));
          props.put("form_name", pick(new String[] {"Contact sales", "Newsletter", "Demo request", "Support"}));
          ArrayNode fields = props.putArray("fields");
          fields.add("email").add("name").add("company").add("message");
          return "Form Submitted";
        }
        case 5 -> {
          props.put("feature", pick(FEATURES));
          props.put("plan", pick(PLANS));
          props.put("seats", 1 + r.nextInt(250));
          return "Feature Used";
        }
        default -> {
          props.put("content_asset_id", "vid_" + r.nextInt(9_000));
          props.put("position", r.nextInt(600));
          props.put("quality", pick(new String[] {"480p", "720p", "1080p", "4k"}));
          return "Video Playback Started";
        }
      }
    }

    void traits() {
      props.put("plan", pick(PLANS));
      props.put("createdAt", Instant.ofEpochMilli(clock - r.nextInt(Integer.MAX_VALUE) * 20L).toString());
      props.put("logins", 1 + r.nextInt(400));
      if (r.nextBoolean()) {
        props.putObject("company").put("name", pick(COMPANIES)).put("industry", pick(INDUSTRIES));
      }
    }

    // -------------------------------------------------------------- planting

    Plan plan() {
      int k = r.nextInt(100);
      Kind kind = k < 12 ? Kind.EMAIL : k < 24 ? Kind.PHONE : k < 38 ? Kind.NAME : k < 46 ? Kind.CARD
          : k < 53 ? Kind.IBAN : k < 60 ? Kind.IPV4 : k < 65 ? Kind.IPV6 : k < 71 ? Kind.SSN : k < 77
          ? Kind.JWT : k < 88 ? Kind.SECRET : k < 94 ? Kind.MAC : Kind.GEO;
      Placement placement = placement(kind);
      String detail = null;
      String region = null;
      String value;
      switch (kind) {
        case EMAIL -> value = f.email();
        case PHONE -> {
          Fakes.Phone p = f.phone();
          value = p.text();
          detail = p.region() + (p.national() ? " national" : " international");
          region = p.national() ? p.region() : null;
        }
        case NAME -> {
          boolean single = placement == Placement.FREE_TEXT && r.nextInt(100) < 15;
          value = single ? f.given() : f.fullName();
          detail = single ? "given name only" : "full name";
        }
        case CARD -> value = f.card();
        case IBAN -> value = f.iban();
        case IPV4 -> value = f.ipv4();
        case IPV6 -> value = f.ipv6();
        case SSN -> value = f.ssn();
        case JWT -> value = f.jwt();
        case SECRET -> {
          Fakes.Secret s = f.secret();
          value = s.value();
          detail = s.kind();
        }
        case MAC -> value = f.mac();
        case GEO -> value = f.geo();
        default -> throw new IllegalStateException();
      }
      return new Plan(kind, placement, value, detail, region);
    }

    Placement placement(Kind kind) {
      int p = r.nextInt(100);
      if (kind == Kind.NAME) {
        return p < 60 ? Placement.FREE_TEXT : p < 70 ? Placement.FIELD : p < 78 ? Placement.EVENT_NAME : p < 86
            ? Placement.ARRAY : p < 94 ? Placement.URL_QUERY : Placement.REFERRER;
      }
      return p < 28 ? Placement.FREE_TEXT : p < 43 ? Placement.FIELD : p < 58 ? Placement.URL_QUERY : p < 68
          ? Placement.URL_PATH : p < 75 ? Placement.URL_FRAGMENT : p < 83 ? Placement.REFERRER : p < 91
          ? Placement.EVENT_NAME : Placement.ARRAY;
    }

    void place(Plan p) {
      switch (p.placement) {
        case FIELD -> put(props, pick(NEUTRAL_KEYS), new Text().pii(p.kind, p.value, p.placement, p.detail));
        case FREE_TEXT -> freeText(p);
        case EVENT_NAME -> eventName(p);
        case ARRAY -> array(p);
        case URL_PATH, URL_QUERY, URL_FRAGMENT -> url(p);
        case REFERRER -> referrer(p);
      }
    }

    Text sentence(String template, Plan p) {
      int at = template.indexOf("{}");
      Text t = new Text().add(template.substring(0, at)).pii(p.kind, p.value, p.placement, p.detail)
          .add(template.substring(at + 2));
      return t;
    }

    void freeText(Plan p) {
      String[] templates = switch (p.kind) {
        case EMAIL -> new String[] {"Contact me at {}", "Please send the invoice to {} asap",
          "{} asked for a refund on order 4471", "Reply to {} before Friday", "cc {} on the ticket please",
          "Newsletter signup failed for {}", "Customer wrote from {}: the app crashes on login", "my email is {}",
          "Forwarded by {}"};
        case PHONE -> new String[] {"Call {} tomorrow", "Please call me back on {} after 5pm", "My number is {}",
          "WhatsApp: {}", "Tel. {}", "SMS with the code sent to {}", "Reach the driver at {}",
          "Can't reach {} - voicemail full"};
        case CARD -> new String[] {"Card {} was declined", "paid with {} but got charged twice",
          "Payment failed for card number {}", "please use card {} for the renewal", "Customer read out {} over chat"};
        case IBAN -> new String[] {"Please refund to IBAN {}", "Bank transfer from {} received",
          "My account is {}, please pay out there", "Payout to {} failed", "New IBAN: {}"};
        case IPV4, IPV6 -> new String[] {"Login from {} blocked", "Request came from {} via VPN", "please allowlist {}",
          "Suspicious signup from {}", "Server at {} not reachable"};
        case SSN -> new String[] {"SSN {} on file", "my social is {}", "Verify {} for the credit check",
          "Applicant SSN: {}", "Tax form lists {}"};
        case JWT -> new String[] {"session {} expired", "Authorization: Bearer {}", "debug: jwt {} rejected by API",
          "copy this token into the app: {}", "id token {}"};
        case SECRET -> new String[] {"key {} leaked in the repo", "use {} for the staging env", "export API_KEY={}",
          "Here is my key: {}", "Integration configured with {}", "rotated {} yesterday"};
        case NAME -> p.detail.equals("given name only")
            ? new String[] {"Hi, I'm {}", "Thanks {}!", "Meeting with {}", "Call from {} about the renewal",
              "Please ask {} to approve the quote"}
            : new String[] {"Meeting with {}", "Call from {} about the renewal", "{} left a 5-star review",
              "Assigned to {}", "Ship to {}, 2nd floor", "Thanks {}!", "Hi, I'm {}", "Referred by {}",
              "Dinner with {} and the team", "{} will join the demo on Friday", "Invited {} to the workspace",
              "Spoke to {} from the finance team", "Order picked up by {}", "Please ask {} to approve the quote",
              "Feedback from {}: love the new dashboard"};
        case MAC -> new String[] {"device {} connected", "BSSID {}", "wifi mac {} seen twice", "Router {} rebooted",
          "paired with {}"};
        case GEO -> new String[] {"I'm at {}", "pickup location {}", "pin dropped at {}", "Delivered to {}",
          "last seen near {}"};
      };
      Text t = sentence(pick(templates), p);
      put(props, pick(FREE_TEXT_KEYS), t);
    }

    void eventName(Plan p) {
      String[] templates = switch (p.kind) {
        case EMAIL -> new String[] {"Invite Sent to {}", "Password Reset {}", "Email Verified: {}"};
        case PHONE -> new String[] {"Called {}", "SMS Sent {}", "OTP Sent to {}"};
        case CARD -> new String[] {"Card {} Added", "Payment Failed {}"};
        case IBAN -> new String[] {"Payout to {}", "Bank Account {} Linked"};
        case IPV4, IPV6 -> new String[] {"Login From {}", "Blocked IP {}"};
        case SSN -> new String[] {"SSN {} Verified", "Identity Check {}"};
        case JWT -> new String[] {"Token Refreshed {}", "Session {}"};
        case SECRET -> new String[] {"API Key Created {}", "Webhook Configured {}"};
        case NAME -> new String[] {"Meeting with {}", "Profile Viewed: {}", "Message Sent to {}", "Followed {}"};
        case MAC -> new String[] {"Device {} Paired", "Beacon {} Seen"};
        case GEO -> new String[] {"Check-in at {}", "Location {} Saved"};
      };
      Text t = sentence(pick(templates), p);
      if (type == EventType.TRACK && !labels.containsKey(e.get("event"))) {
        TextNode node = new TextNode(t.sb.toString());
        e.set("event", node);
        labels.put(node, List.copyOf(t.labels));
      } else if ((type == EventType.PAGE || type == EventType.SCREEN) && !labels.containsKey(e.get("name"))) {
        TextNode node = new TextNode(t.sb.toString());
        e.set("name", node);
        labels.put(node, List.copyOf(t.labels));
      } else {
        put(props, "action", t); // other types have no name: the value goes where apps log the action
      }
    }

    void array(Plan p) {
      if (p.kind == Kind.NAME && r.nextBoolean()) {
        ArrayNode a = props.putArray(props.has("attendees") ? "participants" : "attendees");
        add(a, new Text().pii(Kind.NAME, f.fullName(), p.placement, "full name"));
        add(a, new Text().pii(p.kind, p.value, p.placement, p.detail));
        return;
      }
      if (r.nextBoolean()) {
        ArrayNode items = props.has("items") ? (ArrayNode) props.get("items") : props.putArray("items");
        ObjectNode it = items.addObject();
        it.put("sku", "AC-" + (100 + r.nextInt(900)) + "-" + pick(new String[] {"S", "M", "L", "XL"}));
        it.put("qty", 1 + r.nextInt(4));
        put(it, pick(new String[] {"note", "label", "meta"}), new Text().pii(p.kind, p.value, p.placement, p.detail));
      } else {
        ArrayNode tags = props.has("tags") ? (ArrayNode) props.get("tags") : props.putArray("tags");
        tags.add(pick(new String[] {"vip", "beta", "newsletter", "q4"}));
        add(tags, new Text().pii(p.kind, p.value, p.placement, p.detail));
        tags.add(pick(new String[] {"trial", "churn-risk", "annual"}));
      }
    }

    /**
     * The value as it appears inside a URL: in a query, form-encoded ({@code URLEncoder}, space as
     * {@code +}) the way HTML forms submit it; in a path or fragment, either raw where the
     * characters are allowed or encoded like {@code encodeURIComponent} (space as {@code %20}).
     */
    String urlForm(Plan p, boolean query) {
      String v = p.value;
      boolean encode = r.nextBoolean();
      return switch (p.kind) {
        case EMAIL -> encode ? enc(v, query) : v;
        case PHONE -> query || encode ? enc(v, query) : v.replace(" ", "");
        case CARD, IBAN -> v.replace(" ", "").replace("-", "");
        case NAME -> enc(v, query);
        case GEO -> encode ? enc(v, query) : v.replace(" ", "");
        case SSN -> encode ? enc(v, query) : v.replace(' ', '-');
        case IPV6, MAC -> encode ? enc(v, query) : v;
        case IPV4, JWT, SECRET -> v; // URL-safe as they are
      };
    }

    /** A single-page-app route that would carry such a value. */
    String route(Kind k) {
      return switch (k) {
        case EMAIL -> pick(new String[] {"invite", "users", "unsubscribe"});
        case PHONE -> pick(new String[] {"invite", "contacts", "call"});
        case CARD -> "wallet";
        case IBAN -> "payouts";
        case IPV4, IPV6 -> "hosts";
        case SSN -> "applicants";
        case JWT -> pick(new String[] {"magic", "confirm"});
        case SECRET -> "keys";
        case NAME -> "people";
        case MAC -> "devices";
        case GEO -> "map";
      };
    }

    String semanticParam(Kind k) {
      return switch (k) {
        case EMAIL -> pick(new String[] {"email", "user_email"});
        case PHONE -> pick(new String[] {"phone", "tel"});
        case CARD -> "card_number";
        case IBAN -> "iban";
        case IPV4, IPV6 -> pick(new String[] {"ip", "client_ip"});
        case SSN -> "ssn";
        case JWT -> pick(new String[] {"id_token", "jwt"});
        case SECRET -> pick(new String[] {"api_key", "key", "access_token"});
        case NAME -> pick(new String[] {"customer_name", "full_name"});
        case MAC -> "mac";
        case GEO -> pick(new String[] {"ll", "latlng", "coords"});
      };
    }

    void url(Plan p) {
      String host = pick(HOSTS);
      Text t = new Text();
      boolean pathOnly = false;
      switch (p.placement) {
        case URL_PATH -> {
          String v = urlForm(p, false);
          if ((p.kind == Kind.IPV4 || p.kind == Kind.IPV6) && r.nextBoolean()) {
            // an IP-literal host is never percent-encoded
            t.add("http://").add(p.kind == Kind.IPV6 ? "[" : "").pii(p.kind, p.value, p.placement, "URL host")
                .add(p.kind == Kind.IPV6 ? "]" : "").add(":8080/admin/login");
            break;
          }
          String[] tpl = switch (p.kind) {
            case EMAIL -> new String[] {"/users/{}/profile", "/u/{}", "/invite/{}/accept", "/account/{}/settings", "/unsubscribe/{}"};
            case PHONE -> new String[] {"/call/{}", "/contacts/{}/edit", "/verify/{}"};
            case CARD -> new String[] {"/cards/{}/details", "/wallet/{}"};
            case IBAN -> new String[] {"/payouts/{}", "/accounts/{}/statements"};
            case IPV4, IPV6 -> new String[] {"/hosts/{}/status", "/geo/{}"};
            case SSN -> new String[] {"/verify/{}", "/applicants/{}"};
            case JWT -> new String[] {"/auth/magic/{}", "/confirm/{}"};
            case SECRET -> new String[] {"/integrations/{}/test", "/keys/{}"};
            case NAME -> new String[] {"/people/{}"};
            case MAC -> new String[] {"/devices/{}/config"};
            case GEO -> new String[] {"/maps/@{},15z", "/map/{}"};
          };
          String tp = pick(tpl);
          pathOnly = web && r.nextInt(4) == 0;
          if (!pathOnly) {
            t.add("https://" + host);
          }
          int at = tp.indexOf("{}");
          t.add(tp.substring(0, at)).pii(p.kind, v, p.placement, null).add(tp.substring(at + 2));
          if (!pathOnly && r.nextBoolean()) {
            t.add("?utm_source=email&utm_medium=transactional");
          }
        }
        case URL_QUERY -> {
          boolean named = r.nextBoolean();
          String param = named ? semanticParam(p.kind) : pick(NEUTRAL_PARAMS);
          String v = urlForm(p, true);
          boolean searchOnly = web && r.nextInt(4) == 0;
          if (!searchOnly) {
            t.add("https://" + host + pick(PATHS));
          }
          t.add("?");
          if (r.nextBoolean()) {
            t.add("utm_source=newsletter&");
          }
          t.add(param + "=").pii(p.kind, v, p.placement, named ? "named parameter" : "neutral parameter");
          if (r.nextBoolean()) {
            t.add("&page=" + (1 + r.nextInt(4)));
          }
          if (searchOnly) {
            setPage("search", t);
            return;
          }
        }
        case URL_FRAGMENT -> {
          String v = urlForm(p, false);
          t.add("https://" + host + pick(new String[] {"/app", "/", "/auth/callback", "/settings"}));
          switch (r.nextInt(3)) {
            case 0 -> t.add("#/" + route(p.kind) + "/").pii(p.kind, v, p.placement, "route");
            case 1 -> {
              boolean named = r.nextBoolean();
              String param = named ? semanticParam(p.kind) : pick(NEUTRAL_PARAMS);
              t.add("#" + param + "=").pii(p.kind, v, p.placement, named ? "named parameter" : "neutral parameter")
                  .add("&tab=" + pick(new String[] {"overview", "details", "history", "2"}));
            }
            default -> t.add("#").pii(p.kind, v, p.placement, "bare");
          }
        }
        default -> throw new IllegalStateException();
      }
      if (pathOnly) {
        setPage("path", t);
      } else if (web && page != null && !labels.containsKey(page.get("url")) && r.nextBoolean()) {
        setPage("url", t);
      } else {
        put(props, pick(new String[] {"link", "deep_link", "url", "redirect", "target_url"}), t);
      }
    }

    void setPage(String key, Text t) {
      if (page == null || labels.containsKey(page.get(key))) {
        put(props, key.equals("search") ? "query_string" : "link", t);
        return;
      }
      TextNode node = new TextNode(t.sb.toString());
      page.set(key, node);
      labels.put(node, List.copyOf(t.labels));
    }

    void referrer(Plan p) {
      Text t = new Text();
      String v = urlForm(p, true);
      switch (r.nextInt(3)) {
        case 0 -> t.add("https://www.google.com/search?q=").pii(p.kind, v, p.placement, "search query").add("&hl=en");
        case 1 -> t.add("https://mail.example.com/compose?to=").pii(p.kind, v, p.placement, "webmail");
        default -> {
          boolean named = r.nextBoolean();
          t.add("https://crm.example.com/contacts?" + (named ? semanticParam(p.kind) : pick(NEUTRAL_PARAMS)) + "=")
              .pii(p.kind, v, p.placement, named ? "named parameter" : "neutral parameter");
        }
      }
      if (page != null && !labels.containsKey(page.get("referrer"))) {
        TextNode node = new TextNode(t.sb.toString());
        page.set("referrer", node);
        labels.put(node, List.copyOf(t.labels));
      } else {
        put(props, pick(new String[] {"referrer", "referring_url", "source_url"}), t);
      }
    }

    // -------------------------------------------------------------- distractors

    String distractorValue(Distractor d) {
      return switch (d) {
        case ORDER_ID -> switch (r.nextInt(4)) {
          case 0 -> "ORD-2026-" + f.digits(6);
          case 1 -> f.digits(9);
          case 2 -> "order_" + f.digits(7);
          default -> "A" + f.digits(8) + "-" + (1 + r.nextInt(9));
        };
        case NUMERIC_ID_12 -> f.digits(12);
        case UUID -> f.uuid();
        case TIMESTAMP -> switch (r.nextInt(4)) {
          case 0 -> Instant.ofEpochMilli(clock - r.nextInt(1_000_000_000)).toString();
          case 1 -> Long.toString(clock - r.nextInt(1_000_000_000));
          case 2 -> Long.toString((clock - r.nextInt(1_000_000_000)) / 1000);
          default -> Instant.ofEpochMilli(clock - r.nextInt(1_000_000_000)).toString().replace('T', ' ').substring(0, 19);
        };
        case VERSION -> pick(new String[] {"5." + r.nextInt(20) + "." + r.nextInt(10), "131.0.6778." + (10 + r.nextInt(200)),
          "10.0.19045." + (1000 + r.nextInt(4000)), "v2." + r.nextInt(10) + "." + r.nextInt(10),
          "1.0.0-beta." + r.nextInt(9), "17.4.1 (21E" + (100 + r.nextInt(800)) + ")", "2026.11." + r.nextInt(30)});
        case PRICE -> pick(new String[] {(1 + r.nextInt(2000)) + "." + (10 + r.nextInt(90)),
          "$" + (1 + r.nextInt(9)) + "," + (100 + r.nextInt(900)) + ".99", "€" + (10 + r.nextInt(90)) + ",90",
          (10 + r.nextInt(990)) + ".99 USD", (1 + r.nextInt(9)) + "." + (100 + r.nextInt(900)) + ",00 €"});
        case HEX_COLOUR -> pick(new String[] {"#" + f.hex(6), "#" + f.hex(3).toUpperCase(Locale.ROOT), "#" + f.hex(8)});
        case SKU -> pick(new String[] {"AC-" + (100 + r.nextInt(900)) + "-XL", "SKU-" + f.digits(6),
          "TSHIRT-RED-M", "B0" + f.rand("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789", 8)});
        case GIT_SHA -> r.nextBoolean() ? f.hex(40) : f.hex(7);
        case JORDAN_COUNTRY -> "Jordan";
        // Brands named after a real person ("Jack Daniel's", "Michael Kors") are a known limit of
        // name detection (docs/taxonomy.md), so they are not in this must-never-flag list.
        case NAME_LIKE_WORDS -> pick(new String[] {"Mark as read", "Grace period", "Rose Gold", "Will Call",
          "Georgia", "Austin", "Chelsea Boots", "Victoria Station", "Amazon Prime",
          "Florence", "Virginia Beach", "Ruby Red", "Summer Sale"});
      };
    }

    static final String[][] DISTRACTOR_KEYS = {
      {"order_id", "orderNumber"}, {"external_id", "account_ref", "ticket_id"}, {"request_id", "cart_id", "uuid"},
      {"created_at", "updated", "ts"}, {"app_version", "build", "browser_version"}, {"price", "total", "amount"},
      {"color", "theme_color", "background"}, {"sku", "variant_sku"}, {"commit", "git_sha", "release"},
      {"country", "destination", "ship_to_country"}, {"button", "collection", "category", "theme"}
    };

    void distractor() {
      Distractor d = Distractor.values()[r.nextInt(Distractor.values().length)];
      String v = distractorValue(d);
      int where = r.nextInt(100);
      if (where < 55) {
        put(props, pick(DISTRACTOR_KEYS[d.ordinal()]), new Text().distractor(d, v, Placement.FIELD));
      } else if (where < 85) {
        String[] tpl = switch (d) {
          case ORDER_ID -> new String[] {"Order {} shipped", "Where is my order {}?", "Refund requested for {}"};
          case NUMERIC_ID_12 -> new String[] {"Ticket {} reopened", "Account {} upgraded", "Ref {}"};
          case UUID -> new String[] {"Job {} finished", "trace {}", "request {} timed out"};
          case TIMESTAMP -> new String[] {"Last sync at {}", "expires {}", "created {}"};
          case VERSION -> new String[] {"Upgraded to {}", "Crash in version {}", "Requires {} or later"};
          case PRICE -> new String[] {"Total {}", "Price dropped to {}", "Paid {} incl. VAT"};
          case HEX_COLOUR -> new String[] {"Brand colour {}", "set background to {}"};
          case SKU -> new String[] {"Out of stock: {}", "Added {} to wishlist"};
          case GIT_SHA -> new String[] {"Fixed in {}", "deployed {} to prod"};
          case JORDAN_COUNTRY -> new String[] {"We ship to {} and Egypt", "Flights to Amman, {}", "Visiting {} next week"};
          case NAME_LIKE_WORDS -> new String[] {"Clicked {}", "{} banner shown", "Browsing {} collection"};
        };
        String tp = pick(tpl);
        int at = tp.indexOf("{}");
        put(props, pick(FREE_TEXT_KEYS), new Text().add(tp.substring(0, at)).distractor(d, v, Placement.FREE_TEXT)
            .add(tp.substring(at + 2)));
      } else {
        Text t = new Text().add("https://" + HOSTS[0]);
        if (r.nextBoolean()) {
          t.add(pick(new String[] {"/orders/", "/p/", "/item/", "/r/"})).distractor(d, enc(v, false), Placement.URL_PATH);
        } else {
          t.add(pick(PATHS)).add("?" + pick(new String[] {"id", "sku", "v", "ref", "ts"}) + "=")
              .distractor(d, enc(v, true), Placement.URL_QUERY);
        }
        put(props, pick(new String[] {"link", "url", "next"}), t);
      }
    }

    static String slug(String s) {
      return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }
  }

  static String enc(String v) {
    return URLEncoder.encode(v, StandardCharsets.UTF_8);
  }

  /** Form encoding for a query, {@code encodeURIComponent}-style (space as %20) elsewhere. */
  static String enc(String v, boolean query) {
    String e = enc(v);
    return query ? e : e.replace("+", "%20");
  }
}
