package dev.sluice.cli.bom;

import dev.sluice.core.bom.Bom;
import dev.sluice.core.bom.Bom.CategoryFlow;
import dev.sluice.core.bom.Bom.DestinationFlows;
import dev.sluice.core.bom.Protection;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import org.cyclonedx.Version;
import org.cyclonedx.exception.GeneratorException;
import org.cyclonedx.generators.BomGeneratorFactory;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Metadata;
import org.cyclonedx.model.Property;
import org.cyclonedx.model.Service;
import org.cyclonedx.model.ServiceData;
import org.cyclonedx.model.metadata.ToolInformation;

/**
 * The BOM as CycloneDX 1.6 JSON ({@code --format cyclonedx}), for tools that read SBOMs. Each
 * destination is a {@code service}: its endpoint, a {@code trustZone}, and {@code data[]} with
 * one {@code flow: outbound} entry per data category it receives (the category code as {@code
 * classification}). How each category is protected, raw flows, subjects and declared-but-unseen
 * rules are {@code properties} in the {@code sluice:} namespace (docs/bom.md).
 */
final class BomCycloneDx {
  static final String THIRD_PARTY = "third-party";
  static final String INTERNAL = "internal";

  private BomCycloneDx() {}

  static void write(Bom bom, PrintWriter out) {
    org.cyclonedx.model.Bom cdx = new org.cyclonedx.model.Bom();
    cdx.setVersion(1);
    Metadata meta = new Metadata();
    meta.setTimestamp(Date.from(bom.generatedAt()));
    Component tool = new Component();
    tool.setType(Component.Type.APPLICATION);
    tool.setName("sluice");
    ToolInformation tools = new ToolInformation();
    tools.setComponents(List.of(tool));
    meta.setToolChoice(tools);
    List<Property> window = new ArrayList<>();
    window.add(property("sluice:window:since", bom.since() == null ? "all" : bom.since().toString()));
    window.add(property("sluice:window:until", bom.until().toString()));
    meta.setProperties(window);
    cdx.setMetadata(meta);

    List<Service> services = new ArrayList<>();
    for (DestinationFlows d : bom.destinations()) {
      services.add(service(d));
    }
    cdx.setServices(services);
    try {
      out.println(BomGeneratorFactory.createJson(Version.VERSION_16, cdx).toJsonString());
    } catch (GeneratorException e) {
      throw new IllegalStateException("could not write CycloneDX: " + e.getMessage(), e);
    }
  }

  private static Service service(DestinationFlows d) {
    Service s = new Service();
    s.setBomRef("sluice-destination:" + d.name());
    s.setName(d.name());
    s.setDescription(
        (d.type() == null ? "Sluice destination" : "Sluice " + d.type() + " destination")
            + (d.declared() ? "" : " (no longer in the config)"));
    if (d.endpoint() != null) {
      s.setEndpoints(List.of(d.endpoint()));
    }
    String zone = trustZone(d.endpoint());
    s.setTrustZone(zone);
    s.setxTrustBoundary(THIRD_PARTY.equals(zone));
    List<ServiceData> data = new ArrayList<>();
    List<Property> props = new ArrayList<>();
    for (CategoryFlow c : d.categories()) {
      StringJoiner how = new StringJoiner(",");
      c.protections().forEach(p -> how.add(p.code()));
      if (c.delivered()) {
        data.add(new ServiceData(ServiceData.Flow.OUTBOUND, c.category()));
        props.add(property("sluice:protection:" + c.category(), how.toString()));
      } else {
        props.add(property("sluice:withheld:" + c.category(), how.toString()));
      }
    }
    if (!data.isEmpty()) {
      s.setData(data);
    }
    if (!d.rawCategories().isEmpty()) {
      props.add(property("sluice:raw", String.join(",", d.rawCategories())));
    }
    props.add(property("sluice:eventsSent", Long.toString(d.eventsSent())));
    if (d.subjects() != null) {
      props.add(property("sluice:subjects", Long.toString(d.subjects())));
    }
    d.unseenRules().forEach(u -> props.add(property("sluice:declaredNotSeen", u.pattern() + " (" + u.action() + ")")));
    long rawFields = d.fields().stream().filter(f -> f.protection() == Protection.RAW && !f.category().equals("none")).count();
    props.add(property("sluice:rawPersonalFields", Long.toString(rawFields)));
    s.setProperties(props);
    return s;
  }

  /**
   * {@code internal} for an endpoint on a loopback, private or link-local address literal (or
   * {@code localhost}, {@code *.internal}, {@code *.local}); {@code third-party} otherwise,
   * including an unknown endpoint. No DNS lookup is made.
   */
  static String trustZone(String endpoint) {
    if (endpoint == null) {
      return THIRD_PARTY;
    }
    String host = URI.create(endpoint).getHost();
    if (host == null) {
      return THIRD_PARTY;
    }
    String h = host.toLowerCase(Locale.ROOT);
    if (h.equals("localhost") || h.endsWith(".internal") || h.endsWith(".local")) {
      return INTERNAL;
    }
    if (h.matches("[0-9.]+") || h.startsWith("[")) {
      try {
        InetAddress a = InetAddress.getByName(h.replace("[", "").replace("]", "")); // a literal: no lookup
        if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress()) {
          return INTERNAL;
        }
      } catch (UnknownHostException e) {
        return THIRD_PARTY;
      }
    }
    return THIRD_PARTY;
  }

  private static Property property(String name, String value) {
    return new Property(name, value);
  }
}
