package cn.futian.jufu.console;

import cn.futian.jufu.common.security.Roles;
import java.util.Set;

/**
 * The console's pages and who may open them: the one place the navigation and the role checks come
 * from. A new page is a constant here, a resource in this package and a template in {@code
 * templates/console/}.
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
  CAMPAIGNS("/console/campaigns", "nav.campaigns", Roles.ADMIN, Roles.CADRE);

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
