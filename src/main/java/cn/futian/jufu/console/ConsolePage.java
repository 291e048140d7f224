package cn.futian.jufu.console;

import cn.futian.jufu.common.security.Roles;
import java.util.Set;

/**
 * The console's pages and who may open them: the one place the navigation and the role checks come
 * from. A new page is a constant here, a resource in this package and a template in {@code
 * templates/console/}. Every resource takes the class path {@code /console} and puts the rest on
 * its methods: JAX-RS picks the class with the longest matching path first, so a class at {@code
 * /console/events} would hide the other classes' {@code /console/events/...} pages.
 */
public enum ConsolePage {
  DASHBOARD(
      "/console",
      "nav.dashboard",
      Roles.ADMIN,
      Roles.CADRE,
      Roles.CASEWORKER,
      Roles.CASE_SUPERVISOR),
  EVENTS("/console/events", "nav.events", Roles.ADMIN, Roles.CADRE),
  CAMPAIGNS("/console/campaigns", "nav.campaigns", Roles.ADMIN, Roles.CADRE),
  NEWS("/console/news", "nav.news", Roles.ADMIN, Roles.CADRE),
  SERVICE_POINTS("/console/service-points", "nav.service-points", Roles.ADMIN, Roles.CADRE),
  FAMILIES("/console/families", "nav.families", Roles.ADMIN, Roles.CADRE),
  ORG("/console/org", "nav.org", Roles.ADMIN),
  AUDIT("/console/audit", "nav.audit", Roles.ADMIN),
  HELP_REQUESTS(
      "/console/help-requests", "nav.help-requests", Roles.CASEWORKER, Roles.CASE_SUPERVISOR),
  CASES("/console/cases", "nav.cases", Roles.CASEWORKER, Roles.CASE_SUPERVISOR),
  REGISTER("/console/register", "nav.register", Roles.CASEWORKER, Roles.CASE_SUPERVISOR);

  private final String path;
  private final String label;
  private final Set<String> roles;

  ConsolePage(String path, String label, String... roles) {
    this.path = path;
    this.label = label;
    this.roles = Set.of(roles);
  }

  public String path() {
    return path;
  }

  /** The key of its name in {@code messages/console.properties}. */
  public String label() {
    return label;
  }

  /** Whether someone with these realm roles may open the page. */
  public boolean openTo(Set<String> held) {
    return held.stream().anyMatch(roles::contains);
  }
}
