package cn.futian.jufu.console;

import cn.futian.jufu.cadres.AccessPolicy;
import cn.futian.jufu.cadres.CadreService;
import cn.futian.jufu.common.error.Messages;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.orgunits.OrgUnitService;
import cn.futian.jufu.orgunits.OrgUnitView;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The frame of every console page and its role check. The page's data comes from the same services
 * as the API, called with the same {@link CurrentUser}, so a page shows exactly what the API would
 * answer that person.
 */
@ApplicationScoped
public class ConsoleView {

  private final ConsoleCsrf csrf;
  private final CadreService cadres;
  private final OrgUnitService orgUnits;
  private final AccessPolicy policy;

  ConsoleView(ConsoleCsrf csrf, CadreService cadres, OrgUnitService orgUnits, AccessPolicy policy) {
    this.csrf = csrf;
    this.cadres = cadres;
    this.orgUnits = orgUnits;
    this.policy = policy;
  }

  /** Fails (403) unless the user manages the unit, as the API's services check it. */
  public Uni<Void> requireManages(CurrentUser user, long unitId) {
    return policy.requireManage(user, unitId);
  }

  /**
   * The units a page offers to choose from: my cadre seats, or the district for district staff. The
   * services still check every unit asked for.
   */
  public Uni<List<OrgUnitView>> units(CurrentUser user) {
    Uni<List<Long>> ids =
        user.isAdmin() ? orgUnits.rootIds() : cadres.activeUnitIds(user.subject());
    return ids.chain(orgUnits::byIds);
  }

  /** The unit asked for when it is among {@code units}, else the first. */
  public static OrgUnitView pick(List<OrgUnitView> units, Long unitId) {
    return units.stream()
        .filter(u -> unitId != null && u.id() == unitId)
        .findFirst()
        .orElse(units.get(0));
  }

  /**
   * A page about one of my units: {@code page} gets my units and the one asked for (or the first);
   * someone without a unit gets {@code none} (an empty page that says so).
   */
  public <T> Uni<T> inUnit(
      CurrentUser user,
      Long unitId,
      Function<List<OrgUnitView>, T> none,
      BiFunction<List<OrgUnitView>, OrgUnitView, Uni<T>> page) {
    return units(user)
        .chain(
            units ->
                units.isEmpty()
                    ? Uni.createFrom().item(none.apply(units))
                    : page.apply(units, pick(units, unitId)));
  }

  /** Refuses (403) someone whose roles do not open {@code page}. */
  public CurrentUser require(SecurityIdentity identity, ConsolePage page) {
    CurrentUser user = CurrentUser.of(identity);
    if (identity.isAnonymous() || !page.openTo(user.roles())) {
      throw new ForbiddenException();
    }
    return user;
  }

  /** The frame of {@code page} for this reader. */
  public Chrome chrome(SecurityIdentity identity, HttpHeaders headers, ConsolePage page) {
    CurrentUser user = require(identity, page);
    ConsoleText t = text(headers);
    var nav =
        Arrays.stream(ConsolePage.values())
            .filter(p -> p.openTo(user.roles()))
            .map(p -> new Chrome.NavItem(p.path(), t.get(p.label()), p == page))
            .toList();
    return new Chrome(t, user.name(), nav, page, csrf.tokenFor(identity));
  }

  public static ConsoleText text(HttpHeaders headers) {
    return new ConsoleText(locale(headers));
  }

  public static Locale locale(HttpHeaders headers) {
    return Messages.negotiate(headers == null ? null : headers.getHeaderString("Accept-Language"));
  }
}
