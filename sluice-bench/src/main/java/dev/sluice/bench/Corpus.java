package dev.sluice.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.event.EventType;
import dev.sluice.core.event.Json;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * A deterministic corpus of Segment Spec events for benchmarks: what analytics.js and the mobile
 * SDKs send, made up from a seeded {@link Random}, so every run and every machine measures the
 * same bytes. Nothing is read from disk or the network.
 *
 * <p>Mix (by type): track ~60%, identify ~15%, page ~15%, screen ~5%, group ~3%, alias ~2%. About
 * a fifth of events come from a mobile SDK (device/os/app/network context, no page), an eighth
 * from a server library (userId, lean context), the rest from a browser (user agent, page with a
 * query string, sometimes a UTM campaign). Users come from a fixed pool, so identifiers repeat
 * like real traffic; about a quarter of events carry no userId.
 * Properties/traits hold 5-20 fields, with nested objects (address, company, experiment) and
 * arrays (products, tags), and personal data where real apps put it (emails, names, phones, URLs
 * with an email in the query string, IPs).
 *
 * <p>Each event exists in two forms: a single-event body (as POSTed to {@code /v1/track},
 * {@code /v1/identify}, ..., with {@code writeKey} and {@code sentAt} inside, like analytics.js),
 * and an item of a {@code /v1/batch} body of {@link #BATCH_SIZE} events ({@code writeKey} and
 * {@code sentAt} at the batch level, like the server-side libraries). Event {@code i} is item
 * {@code i % BATCH_SIZE} of batch {@code i / BATCH_SIZE}.
 *
 * <p>{@code java -cp sluice-bench/target/benchmarks.jar dev.sluice.bench.Corpus [events] [seed]}
 * prints the corpus statistics.
 */
public final class Corpus {
  public static final long DEFAULT_SEED = 20261125L;
  public static final int DEFAULT_EVENTS = 2_000;
  public static final int BATCH_SIZE = 100;
  public static final String WRITE_KEY = "wk_bench_3f9a1c0d7e";

  private final EventType[] types;
  private final byte[][] singles;
  private final byte[][] batches;

  private Corpus(EventType[] types, byte[][] singles, byte[][] batches) {
    this.types = types;
    this.singles = singles;
    this.batches = batches;
  }

  /** {@code events} events (a positive multiple of {@link #BATCH_SIZE}) made from {@code seed}. */
  public static Corpus generate(long seed, int events) {
    if (events < BATCH_SIZE || events % BATCH_SIZE != 0) {
      throw new IllegalArgumentException("events must be a positive multiple of " + BATCH_SIZE);
    }
    Generator g = new Generator(new Random(seed));
    EventType[] types = new EventType[events];
    byte[][] singles = new byte[events][];
    byte[][] batches = new byte[events / BATCH_SIZE][];
    for (int b = 0; b < batches.length; b++) {
      ArrayNode items = NODES.arrayNode(BATCH_SIZE);
      Instant batchSentAt = null;
      for (int k = 0; k < BATCH_SIZE; k++) {
        int i = b * BATCH_SIZE + k;
        ObjectNode e = g.event();
        types[i] = EventType.fromWire(e.get("type").textValue());
        Instant sentAt = Instant.parse(e.get("timestamp").textValue()).plusMillis(5 + g.r.nextInt(900));
        batchSentAt = sentAt;
        ObjectNode single = e.deepCopy();
        single.put("sentAt", sentAt.toString());
        single.put("writeKey", WRITE_KEY);
        singles[i] = Json.bytes(single);
        items.add(e);
      }
      ObjectNode body = NODES.objectNode();
      body.set("batch", items);
      body.put("sentAt", batchSentAt.toString());
      body.put("writeKey", WRITE_KEY);
      batches[b] = Json.bytes(body);
    }
    return new Corpus(types, singles, batches);
  }

  public static Corpus standard() {
    return generate(DEFAULT_SEED, DEFAULT_EVENTS);
  }

  public int size() {
    return singles.length;
  }

  public int batchCount() {
    return batches.length;
  }

  public EventType type(int event) {
    return types[event];
  }

  /** Event {@code event} as a single-event body (for the path its {@link #type} names). */
  public byte[] single(int event) {
    return singles[event];
  }

  /** Batch {@code batch}: {@code {"batch":[...100 events...],"sentAt":...,"writeKey":...}}. */
  public byte[] batch(int batch) {
    return batches[batch];
  }

  public double meanSingleBytes() {
    long sum = 0;
    for (byte[] s : singles) {
      sum += s.length;
    }
    return (double) sum / singles.length;
  }

  /** Human-readable statistics, as quoted in docs/performance.md. */
  public String describe() {
    int[] sizes = Arrays.stream(singles).mapToInt(s -> s.length).sorted().toArray();
    long batchBytes = Arrays.stream(batches).mapToLong(b -> b.length).sum();
    Map<EventType, Integer> mix = new EnumMap<>(EventType.class);
    for (EventType t : types) {
      mix.merge(t, 1, Integer::sum);
    }
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "events: %d (%d batches of %d)%n", size(), batchCount(), BATCH_SIZE));
    sb.append(String.format(Locale.ROOT,
        "single-event body bytes: mean %.0f, min %d, p10 %d, median %d, p90 %d, max %d%n",
        meanSingleBytes(), sizes[0], sizes[sizes.length / 10], sizes[sizes.length / 2],
        sizes[sizes.length * 9 / 10], sizes[sizes.length - 1]));
    sb.append(String.format(Locale.ROOT, "batch body bytes: mean %.0f (%.0f per event)%n",
        (double) batchBytes / batchCount(), (double) batchBytes / size()));
    sb.append("mix:");
    for (var e : mix.entrySet()) {
      sb.append(String.format(Locale.ROOT, " %s %.1f%%", e.getKey().wireName(), 100.0 * e.getValue() / size()));
    }
    return sb.append('\n').toString();
  }

  public static void main(String[] args) {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_EVENTS;
    long seed = args.length > 1 ? Long.parseLong(args[1]) : DEFAULT_SEED;
    Corpus c = generate(seed, events);
    System.out.print(c.describe());
    if (args.length > 2) {
      System.out.println(new String(c.single(Integer.parseInt(args[2])), java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  // ------------------------------------------------------------------ generator

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static final String[] FIRST = {
    "Jane", "John", "Maria", "Wei", "Aisha", "Lukas", "Sofia", "Mateo", "Yuki", "Olivia", "Noah",
    "Emma", "Liam", "Chloé", "Hiroshi", "Fatima", "Ivan", "Priya", "Lars", "Ana", "Kwame", "Zoë",
    "Mohammed", "Elena", "Tomás", "Ingrid", "Raj", "Nina", "Oskar", "Leila"
  };
  private static final String[] LAST = {
    "Doe", "Smith", "García", "Chen", "Khan", "Müller", "Rossi", "Silva", "Tanaka", "Johnson",
    "Brown", "Dubois", "Kowalski", "Nakamura", "Okafor", "Petrov", "Sharma", "Andersen", "Costa",
    "Mensah", "O'Brien", "Fischer", "Haddad", "Novak", "Ivanova", "Jensen", "Lopez", "Moreau",
    "Schmidt", "Yilmaz"
  };
  private static final String[] MAIL_DOMAINS = {
    "gmail.com", "yahoo.com", "outlook.com", "icloud.com", "hotmail.co.uk", "gmx.de", "proton.me",
    "acme-corp.com", "initech.io", "globex.net"
  };
  private static final String[] USER_AGENTS = {
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.81 Mobile Safari/537.36",
    "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.2849.80",
    "Mozilla/5.0 (Linux; Android 13; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (iPad; CPU OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1"
  };
  private static final String[] LOCALES = {
    "en-US", "en-US", "en-US", "en-GB", "de-DE", "fr-FR", "es-ES", "ja-JP", "pt-BR", "nl-NL"
  };
  private static final String[] TIMEZONES = {
    "America/New_York", "America/Los_Angeles", "Europe/London", "Europe/Berlin", "Europe/Paris",
    "Asia/Tokyo", "America/Sao_Paulo", "Australia/Sydney"
  };
  private static final String[][] CITIES = {
    {"San Francisco", "CA", "94107", "US"}, {"New York", "NY", "10013", "US"},
    {"London", "", "EC1A 1BB", "GB"}, {"Berlin", "", "10115", "DE"}, {"Paris", "", "75002", "FR"},
    {"Madrid", "", "28013", "ES"}, {"Tokyo", "", "150-0002", "JP"}, {"São Paulo", "SP", "01310-100", "BR"}
  };
  private static final String[] PATHS = {
    "/", "/pricing", "/products/trail-runner-2", "/products/merino-hoodie", "/cart", "/checkout",
    "/blog/how-we-ship-faster", "/docs/getting-started", "/account/settings", "/search",
    "/collections/new-arrivals", "/signup", "/login", "/features/analytics"
  };
  private static final String[] TITLES = {
    "Acme Outfitters — Home", "Pricing | Acme", "Trail Runner 2 | Acme Outfitters",
    "Merino Hoodie | Acme Outfitters", "Your cart", "Checkout", "How we ship faster — Acme blog",
    "Getting started — Acme Docs", "Account settings", "Search results", "New arrivals",
    "Create your account", "Log in", "Analytics features"
  };
  private static final String[] REFERRERS = {
    "https://www.google.com/", "https://www.bing.com/search?q=acme+outfitters",
    "https://t.co/xY7abC12", "https://www.facebook.com/", "", "https://news.ycombinator.com/item?id=42012345",
    "https://duckduckgo.com/"
  };
  private static final String[] PRODUCTS = {
    "Trail Runner 2", "Merino Hoodie", "Canvas Tote", "Rain Shell Jacket", "Wool Socks (3-pack)",
    "Insulated Bottle 750ml", "Packable Down Vest", "Everyday Backpack 24L", "Linen Shirt",
    "Thermal Leggings"
  };
  private static final String[] CATEGORIES = {"Footwear", "Apparel", "Accessories", "Outerwear", "Bags"};
  private static final String[] PLANS = {"free", "starter", "pro", "business", "enterprise"};
  private static final String[] INDUSTRIES = {"Retail", "Software", "Finance", "Healthcare", "Media", "Education"};
  private static final String[] COMPANIES = {
    "Acme Corp", "Initech", "Globex", "Umbrella Health", "Stark Logistics", "Wayne Media", "Hooli"
  };
  private static final String[] SEARCHES = {
    "waterproof jacket", "running shoes size 42", "gift card", "merino", "return policy", "backpack"
  };
  private static final String[] BUTTONS = {"Start free trial", "Add to cart", "Contact sales", "Subscribe", "Watch demo"};
  private static final String[] FEATURES = {"dashboards", "exports", "alerts", "sso", "api-keys", "segments"};
  private static final String[] SCREENS = {"Home", "Product Detail", "Cart", "Checkout", "Profile", "Settings", "Search", "Order History"};
  private static final String[] DEVICES = {"iPhone15,3", "iPhone14,5", "Pixel 8", "SM-S918B", "iPad13,1"};
  private static final String[] CARRIERS = {"Verizon", "T-Mobile", "Vodafone", "O2", "Orange", ""};

  private static final class User {
    final String userId;
    final String anonymousId;
    final String first;
    final String last;
    final String email;
    final String phone;
    final String[] city;
    final String locale;
    final String timezone;
    final String userAgent;
    final String ip;
    final boolean mobile;
    final String plan;
    final String company;

    User(Random r, int n) {
      userId = r.nextInt(4) == 0 ? Integer.toString(100_000 + n * 7) : "usr_" + Long.toString(r.nextLong() & 0xffffffffffL, 36);
      anonymousId = new UUID(r.nextLong(), r.nextLong()).toString();
      first = pick(r, FIRST);
      last = pick(r, LAST);
      email = (first.charAt(0) + "." + last).toLowerCase(Locale.ROOT).replace("'", "") + (r.nextInt(3) == 0 ? Integer.toString(r.nextInt(99)) : "") + "@" + pick(r, MAIL_DOMAINS);
      phone = switch (r.nextInt(3)) {
        case 0 -> String.format(Locale.ROOT, "+1 415-555-%04d", r.nextInt(10_000));
        case 1 -> String.format(Locale.ROOT, "+44 20 7946 %04d", r.nextInt(10_000));
        default -> String.format(Locale.ROOT, "+49 30 %08d", r.nextInt(100_000_000));
      };
      city = CITIES[r.nextInt(CITIES.length)];
      locale = pick(r, LOCALES);
      timezone = pick(r, TIMEZONES);
      mobile = r.nextInt(5) == 0;
      userAgent = pick(r, USER_AGENTS);
      ip = r.nextInt(8) == 0
          ? String.format(Locale.ROOT, "2001:db8:%x:%x::%x", r.nextInt(0xffff), r.nextInt(0xffff), r.nextInt(0xffff))
          : (1 + r.nextInt(222)) + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254));
      plan = pick(r, PLANS);
      company = pick(r, COMPANIES);
    }
  }

  private static final class Generator {
    final Random r;
    final User[] users;
    long clock = Instant.parse("2026-11-25T09:00:00Z").toEpochMilli();

    Generator(Random r) {
      this.r = r;
      this.users = new User[400];
      for (int n = 0; n < users.length; n++) {
        users[n] = new User(r, n);
      }
    }

    ObjectNode event() {
      User u = users[r.nextInt(users.length)];
      boolean known = r.nextInt(3) != 0;
      int roll = r.nextInt(100);
      EventType type =
          roll < 60 ? EventType.TRACK
              : roll < 75 ? EventType.IDENTIFY
              : roll < 90 ? EventType.PAGE
              : roll < 95 ? EventType.SCREEN
              : roll < 98 ? EventType.GROUP
              : EventType.ALIAS;
      boolean mobile = type == EventType.SCREEN || (type != EventType.PAGE && u.mobile);
      // Server-side libraries (analytics-node, ...) send lean events: a userId, no browser context.
      boolean server = !mobile && type != EventType.PAGE && r.nextInt(100) < 18;
      clock += 1 + r.nextInt(3_000);

      ObjectNode e = NODES.objectNode();
      e.put("type", type.wireName());
      e.put("messageId", mobile ? new UUID(r.nextLong(), r.nextLong()).toString().toUpperCase(Locale.ROOT)
          : server ? "node-" + new UUID(r.nextLong(), r.nextLong())
          : "ajs-next-" + Long.toHexString(r.nextLong()) + Long.toHexString(r.nextLong()));
      e.put("timestamp", Instant.ofEpochMilli(clock).toString());
      if (!server) {
        e.put("anonymousId", u.anonymousId);
      }
      if (server || known || type == EventType.IDENTIFY || type == EventType.ALIAS || type == EventType.GROUP) {
        e.put("userId", u.userId);
      }
      switch (type) {
        case TRACK -> track(e, u, mobile);
        case IDENTIFY -> e.set("traits", traits(u));
        case PAGE -> {
          int p = r.nextInt(PATHS.length);
          e.put("name", TITLES[p].split(" [|—] ")[0]);
          if (r.nextBoolean()) {
            e.put("category", pick(r, CATEGORIES));
          }
          ObjectNode props = e.putObject("properties");
          page(props, u, p);
          if (r.nextInt(3) == 0) {
            props.putArray("keywords").add("outdoor").add("sale").add(pick(r, CATEGORIES).toLowerCase(Locale.ROOT));
          }
        }
        case SCREEN -> {
          e.put("name", pick(r, SCREENS));
          ObjectNode props = e.putObject("properties");
          props.put("from_screen", pick(r, SCREENS));
          props.put("load_ms", 40 + r.nextInt(900));
          props.put("session_id", 1_700_000_000L + r.nextInt(90_000_000));
          props.put("tab", r.nextInt(5));
          props.put("dark_mode", r.nextBoolean());
          filler(props, r.nextInt(6));
        }
        case GROUP -> {
          e.put("groupId", "grp_" + Integer.toString(Math.abs(u.company.hashCode()), 36));
          ObjectNode t = e.putObject("traits");
          t.put("name", u.company);
          t.put("industry", pick(r, INDUSTRIES));
          t.put("employees", 10 + r.nextInt(20_000));
          t.put("plan", u.plan);
          t.put("website", "https://www." + u.company.toLowerCase(Locale.ROOT).replace(' ', '-') + ".example");
          t.set("address", address(u));
          t.put("created_at", Instant.ofEpochMilli(clock - r.nextInt(Integer.MAX_VALUE) * 100L).toString());
          filler(t, r.nextInt(5));
        }
        case ALIAS -> e.put("previousId", u.anonymousId);
      }
      if (server) {
        ObjectNode c = e.putObject("context");
        c.putObject("library").put("name", "analytics-node").put("version", "2.2.0");
        if (r.nextBoolean()) {
          c.put("ip", u.ip);
        }
        return e;
      }
      e.set("context", mobile ? mobileContext(u) : webContext(u));
      if (r.nextInt(4) == 0) {
        ObjectNode integrations = e.putObject("integrations");
        integrations.put("All", true);
        integrations.put("Mixpanel", r.nextBoolean());
      }
      return e;
    }

    void track(ObjectNode e, User u, boolean mobile) {
      ObjectNode p = NODES.objectNode();
      int kind = r.nextInt(100);
      if (kind < 18) {
        e.put("event", "Product Viewed");
        product(p, 0);
        p.put("currency", "USD");
        p.put("url", "https://www.acme-shop.example/products/" + slug(p.get("name").textValue()) + "?variant=" + r.nextInt(50_000));
        filler(p, r.nextInt(4));
      } else if (kind < 30) {
        e.put("event", "Product Added");
        p.put("cart_id", "c_" + Long.toHexString(r.nextLong()));
        product(p, 0);
        filler(p, r.nextInt(3));
      } else if (kind < 38) {
        e.put("event", r.nextBoolean() ? "Order Completed" : "Checkout Started");
        p.put("order_id", "ORD-" + (500_000 + r.nextInt(500_000)));
        p.put("affiliation", "Online Store");
        ArrayNode products = p.putArray("products");
        int n = 1 + r.nextInt(6);
        double subtotal = 0;
        for (int k = 0; k < n; k++) {
          ObjectNode item = products.addObject();
          product(item, k + 1);
          subtotal += item.get("price").doubleValue() * item.get("quantity").intValue();
        }
        double shipping = r.nextBoolean() ? 0 : 4.99;
        double tax = Math.round(subtotal * 8.5) / 100.0;
        p.put("subtotal", Math.round(subtotal * 100) / 100.0);
        p.put("shipping", shipping);
        p.put("tax", tax);
        p.put("total", Math.round((subtotal + shipping + tax) * 100) / 100.0);
        p.put("revenue", Math.round(subtotal * 100) / 100.0);
        p.put("currency", "USD");
        if (r.nextInt(3) == 0) {
          p.put("coupon", "BLACKFRIDAY" + (10 + r.nextInt(40)));
          p.put("discount", 5 + r.nextInt(30));
        }
        p.put("payment_method", r.nextBoolean() ? "card" : "paypal");
        p.put("email", u.email);
      } else if (kind < 45) {
        e.put("event", "Products Searched");
        String q = pick(r, SEARCHES);
        p.put("query", q);
        p.put("results", r.nextInt(120));
        p.put("url", "https://www.acme-shop.example/search?q=" + q.replace(' ', '+') + "&page=" + (1 + r.nextInt(3)));
        filler(p, 2 + r.nextInt(4));
      } else if (kind < 52) {
        e.put("event", "Signed Up");
        p.put("email", u.email);
        p.put("first_name", u.first);
        p.put("last_name", u.last);
        p.put("plan", u.plan);
        p.put("method", r.nextBoolean() ? "email" : "google");
        p.put("referrer", pick(r, REFERRERS));
        p.put("newsletter", r.nextBoolean());
        if (r.nextBoolean()) {
          p.put("phone", u.phone);
        }
      } else if (kind < 68) {
        e.put("event", "Button Clicked");
        p.put("label", pick(r, BUTTONS));
        p.put("location", pick(r, new String[] {"hero", "navbar", "footer", "pricing-table", "modal"}));
        p.put("page", pick(r, PATHS));
        ObjectNode exp = p.putObject("experiment");
        exp.put("id", "exp_" + (100 + r.nextInt(40)));
        exp.put("variation", r.nextBoolean() ? "control" : "treatment");
        exp.put("name", "Hero copy test " + (1 + r.nextInt(5)));
        filler(p, 2 + r.nextInt(6));
      } else if (kind < 78) {
        e.put("event", "Video Playback Started");
        p.put("session_id", Long.toHexString(r.nextLong()));
        p.put("content_asset_id", "vid_" + r.nextInt(9_000));
        p.put("position", r.nextInt(600));
        p.put("total_length", 600 + r.nextInt(3_000));
        p.put("bitrate", 1_500 + r.nextInt(6_000));
        p.put("video_player", mobile ? "AVPlayer" : "html5");
        p.put("sound", r.nextInt(101));
        p.put("full_screen", r.nextBoolean());
        p.put("ad_enabled", r.nextBoolean());
        p.put("quality", pick(r, new String[] {"480p", "720p", "1080p", "4k"}));
        p.put("livestream", false);
      } else if (kind < 88) {
        e.put("event", "Form Submitted");
        p.put("form_id", "form_" + r.nextInt(40));
        p.put("form_name", pick(r, new String[] {"Contact sales", "Newsletter", "Demo request", "Support"}));
        p.put("email", u.email);
        p.put("name", u.first + " " + u.last);
        if (r.nextBoolean()) {
          p.put("phone", u.phone);
        }
        p.put("company", u.company);
        p.put("message", "Hi, I'm " + u.first + " from " + u.company + ". Please call me back at " + u.phone + " about pricing for " + (5 + r.nextInt(200)) + " seats.");
        ArrayNode fields = p.putArray("fields");
        fields.add("email").add("name").add("company").add("message");
      } else {
        e.put("event", "Feature Used");
        p.put("feature", pick(r, FEATURES));
        p.put("plan", u.plan);
        p.put("workspace_id", "ws_" + Integer.toString(r.nextInt(1 << 24), 36));
        p.put("seats", 1 + r.nextInt(250));
        p.put("trial", r.nextInt(4) == 0);
        ArrayNode tags = p.putArray("tags");
        for (int k = r.nextInt(4); k >= 0; k--) {
          tags.add(pick(r, FEATURES));
        }
        filler(p, r.nextInt(8));
      }
      e.set("properties", p);
    }

    void product(ObjectNode p, int position) {
      int k = r.nextInt(PRODUCTS.length);
      p.put("product_id", "prod_" + (1000 + k * 37));
      p.put("sku", String.format(Locale.ROOT, "AC-%03d-%s", k, pick(r, new String[] {"S", "M", "L", "XL", "42", "44"})));
      p.put("name", PRODUCTS[k]);
      p.put("category", CATEGORIES[k % CATEGORIES.length]);
      p.put("brand", "Acme");
      p.put("variant", pick(r, new String[] {"Black", "Olive", "Navy", "Sand", "Red"}));
      p.put("price", (999 + r.nextInt(24_000)) / 100.0);
      p.put("quantity", 1 + (r.nextInt(5) == 0 ? r.nextInt(3) : 0));
      if (position > 0) {
        p.put("position", position);
      }
      p.put("image_url", "https://cdn.acme-shop.example/img/" + slug(PRODUCTS[k]) + "-" + r.nextInt(9) + ".jpg");
    }

    ObjectNode traits(User u) {
      ObjectNode t = NODES.objectNode();
      t.put("email", u.email);
      t.put("name", u.first + " " + u.last);
      t.put("firstName", u.first);
      t.put("lastName", u.last);
      if (r.nextBoolean()) {
        t.put("phone", u.phone);
      }
      t.put("plan", u.plan);
      t.put("createdAt", Instant.ofEpochMilli(clock - r.nextInt(Integer.MAX_VALUE) * 50L).toString());
      t.put("logins", 1 + r.nextInt(400));
      if (r.nextBoolean()) {
        t.set("address", address(u));
      }
      if (r.nextBoolean()) {
        ObjectNode c = t.putObject("company");
        c.put("name", u.company);
        c.put("id", "cmp_" + Integer.toString(Math.abs(u.company.hashCode()), 36));
        c.put("industry", pick(r, INDUSTRIES));
        c.put("employee_count", 10 + r.nextInt(20_000));
        c.put("plan", u.plan);
      }
      if (r.nextInt(3) == 0) {
        t.put("avatar", "https://cdn.acme-shop.example/avatars/" + u.userId + ".png?s=128");
        t.put("title", pick(r, new String[] {"Engineer", "Head of Growth", "CTO", "Analyst", "Designer"}));
      }
      if (r.nextInt(4) == 0) {
        t.put("birthday", (1960 + r.nextInt(45)) + "-0" + (1 + r.nextInt(9)) + "-1" + r.nextInt(10));
      }
      filler(t, r.nextInt(4));
      return t;
    }

    ObjectNode address(User u) {
      ObjectNode a = NODES.objectNode();
      a.put("street", (1 + r.nextInt(900)) + " " + pick(r, new String[] {"Market St", "High Street", "Hauptstraße", "Rue de Rivoli", "Calle Mayor"}));
      a.put("city", u.city[0]);
      if (!u.city[1].isEmpty()) {
        a.put("state", u.city[1]);
      }
      a.put("postalCode", u.city[2]);
      a.put("country", u.city[3]);
      return a;
    }

    /** Campaign-style extra fields that real tracking plans accumulate. */
    void filler(ObjectNode p, int n) {
      for (int k = 0; k < n; k++) {
        switch (r.nextInt(8)) {
          case 0 -> p.put("ab_bucket", r.nextInt(100));
          case 1 -> p.put("source", pick(r, new String[] {"web", "email", "push", "ads", "organic"}));
          case 2 -> p.put("build", "2026.11." + r.nextInt(30) + "-" + Integer.toHexString(r.nextInt()));
          case 3 -> p.put("score", Math.round(r.nextDouble() * 1000) / 10.0);
          case 4 -> p.put("is_returning", r.nextBoolean());
          case 5 -> p.put("feature_flags", "new-nav,fast-checkout" + (r.nextBoolean() ? ",dark-mode" : ""));
          case 6 -> p.put("referrer_domain", pick(r, new String[] {"google.com", "bing.com", "t.co", "facebook.com"}));
          default -> p.put("ts_client_ms", clock + r.nextInt(50));
        }
      }
    }

    void page(ObjectNode pg, User u, int p) {
      String path = PATHS[p];
      String search = query(u);
      pg.put("path", path);
      pg.put("referrer", pick(r, REFERRERS));
      pg.put("search", search);
      pg.put("title", TITLES[p]);
      pg.put("url", "https://www.acme-shop.example" + path + search);
    }

    String query(User u) {
      return switch (r.nextInt(6)) {
        case 0, 1 -> "";
        case 2 -> "?utm_source=newsletter&utm_medium=email&utm_campaign=bf-2026&email=" + u.email.replace("@", "%40");
        case 3 -> "?gclid=" + Long.toString(r.nextLong() & Long.MAX_VALUE, 36) + "&utm_source=google&utm_medium=cpc";
        case 4 -> "?q=" + pick(r, SEARCHES).replace(' ', '+') + "&sort=relevance";
        default -> "?ref=" + Integer.toString(r.nextInt(1 << 20), 36);
      };
    }

    ObjectNode webContext(User u) {
      ObjectNode c = NODES.objectNode();
      c.put("ip", u.ip);
      c.put("locale", u.locale);
      ObjectNode lib = c.putObject("library");
      lib.put("name", "analytics.js");
      lib.put("version", "next-1.7" + r.nextInt(3) + ".0");
      ObjectNode page = c.putObject("page");
      page(page, u, r.nextInt(PATHS.length));
      c.put("timezone", u.timezone);
      c.put("userAgent", u.userAgent);
      if (r.nextBoolean()) {
        ObjectNode uad = c.putObject("userAgentData");
        uad.put("mobile", u.userAgent.contains("Mobile"));
        uad.put("platform", u.userAgent.contains("Windows") ? "Windows" : u.userAgent.contains("Android") ? "Android" : "macOS");
        ArrayNode brands = uad.putArray("brands");
        brands.addObject().put("brand", "Chromium").put("version", "131");
        brands.addObject().put("brand", "Not_A Brand").put("version", "24");
      }
      if (r.nextInt(4) == 0) {
        ObjectNode camp = c.putObject("campaign");
        camp.put("name", "bf-2026");
        camp.put("source", pick(r, new String[] {"newsletter", "google", "facebook"}));
        camp.put("medium", pick(r, new String[] {"email", "cpc", "social"}));
        camp.put("content", "hero-banner");
      }
      return c;
    }

    ObjectNode mobileContext(User u) {
      boolean ios = u.userAgent.contains("iP") || r.nextBoolean();
      ObjectNode c = NODES.objectNode();
      ObjectNode app = c.putObject("app");
      app.put("name", "Acme");
      app.put("version", "5." + r.nextInt(12) + "." + r.nextInt(5));
      app.put("build", Integer.toString(5000 + r.nextInt(900)));
      app.put("namespace", "com.acme.shop");
      ObjectNode dev = c.putObject("device");
      dev.put("id", new UUID(r.nextLong(), r.nextLong()).toString());
      dev.put("manufacturer", ios ? "Apple" : "Google");
      dev.put("model", pick(r, DEVICES));
      dev.put("type", ios ? "ios" : "android");
      if (r.nextInt(3) == 0) {
        dev.put("advertisingId", new UUID(r.nextLong(), r.nextLong()).toString());
        dev.put("adTrackingEnabled", true);
      }
      ObjectNode lib = c.putObject("library");
      lib.put("name", ios ? "analytics-ios" : "analytics-android");
      lib.put("version", "4.1." + r.nextInt(9));
      c.put("locale", u.locale);
      ObjectNode net = c.putObject("network");
      net.put("wifi", r.nextBoolean());
      net.put("cellular", r.nextBoolean());
      net.put("carrier", pick(r, CARRIERS));
      ObjectNode os = c.putObject("os");
      os.put("name", ios ? "iOS" : "Android");
      os.put("version", ios ? "18." + r.nextInt(2) : Integer.toString(13 + r.nextInt(2)));
      ObjectNode screen = c.putObject("screen");
      screen.put("width", 390 + r.nextInt(40));
      screen.put("height", 844 + r.nextInt(90));
      screen.put("density", 3);
      c.put("timezone", u.timezone);
      c.put("ip", u.ip);
      if (r.nextInt(4) == 0) {
        c.putObject("traits").put("email", u.email);
      }
      return c;
    }

    static String slug(String s) {
      return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }
  }

  private static String pick(Random r, String[] from) {
    return from[r.nextInt(from.length)];
  }
}
