package dev.sluice.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.sluice.core.event.Json;
import dev.sluice.server.audit.AuditLog;
import dev.sluice.server.config.ConfigLoader;
import dev.sluice.server.config.SluiceConfig;
import dev.sluice.server.incident.Erasure;
import dev.sluice.server.keys.KeyStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "forget",
    description = "Erasure on request: the pseudonyms each vendor holds for a user (every epoch), as deletion"
        + " requests to send; audit-logged without the user id. See docs/incident.md.",
    mixinStandardHelpOptions = true)
final class ForgetCommand implements Callable<Integer> {
  @Option(names = {"-c", "--config"}, required = true, description = "Path to sluice.yaml")
  Path config;

  @Parameters(index = "0", paramLabel = "USER_ID", description = "The userId (or anonymousId) the app sends")
  String userId;

  @Option(names = "--json", description = "Print the requests as JSON")
  boolean json;

  @Override
  public Integer call() throws Exception {
    SluiceConfig cfg = ConfigLoader.load(config, System.getenv());
    Path data = cfg.storage().dataDir();
    KeyStore keys = CanaryCommand.keys(cfg);
    List<Erasure.Request> requests = Erasure.forget(cfg, keys, new AuditLog(data, Clock.systemUTC()), userId);
    if (json) {
      ArrayNode a = Json.MAPPER.createArrayNode();
      for (Erasure.Request r : requests) {
        var o = a.addObject().put("vendor", r.vendor()).put("destination", r.destination()).put("rawIdSent", r.rawIdSent());
        r.pseudonyms().forEach(o.putArray("identifiers")::add);
      }
      System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(a));
      return 0;
    }
    for (Erasure.Request r : requests) {
      System.out.println("vendor " + r.vendor() + " (destination " + r.destination() + "): delete the user with "
          + (r.pseudonyms().isEmpty() ? "no pseudonym (nothing sent yet)" : "id " + String.join(" or ", r.pseudonyms()))
          + (r.rawIdSent() ? ", and the raw id (the contract sends it as is)" : ""));
    }
    System.out.println("(no destination type has a deletion API yet: send these requests to each vendor;"
        + " recorded in " + data.resolve(AuditLog.FILE) + ")");
    return 0;
  }
}
