package dev.sluice.server.receive;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The configured sources as the receivers need them: who a write key is, which origins it serves. */
public final class Sources {
  /** One source: its name and the browser origins allowed to send with its keys. */
  public record Source(String name, Set<String> allowedOrigins) {
    public boolean allowsOrigin(String origin) {
      return allowedOrigins.contains("*") || allowedOrigins.contains(origin);
    }
  }

  private final Map<String, Source> byWriteKey = new HashMap<>();
  private final Set<String> anyOrigins = new HashSet<>();
  private boolean wildcard;

  /** {@code writeKeys}: per source, its keys. */
  public Sources(List<Source> sources, Map<String, Set<String>> writeKeys) {
    for (Source s : sources) {
      for (String k : writeKeys.getOrDefault(s.name(), Set.of())) {
        byWriteKey.put(k, s);
      }
      anyOrigins.addAll(s.allowedOrigins());
      wildcard |= s.allowedOrigins().contains("*");
    }
  }

  /** The source owning a write key, or null. */
  public Source byWriteKey(String writeKey) {
    return writeKey == null ? null : byWriteKey.get(writeKey);
  }

  /** Whether some source serves {@code origin}: preflights carry no key, so this is all we know. */
  public boolean someSourceAllows(String origin) {
    return wildcard || anyOrigins.contains(origin);
  }
}
