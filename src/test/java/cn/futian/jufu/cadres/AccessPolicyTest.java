package cn.futian.jufu.cadres;

import static org.assertj.core.api.Assertions.assertThat;

import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.common.security.Roles;
import cn.futian.jufu.orgunits.OrgUnitService;
import cn.futian.jufu.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.vertx.RunOnVertxContext;
import io.quarkus.test.vertx.UniAsserter;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The role × unit matrix: who manages which unit of the seeded tree. One row per caller, one column
 * per unit; the appointments come from seeds/cadre-assignments.csv.
 */
@QuarkusTest
class AccessPolicyTest {

  // Units, in column order.
  static final List<String> UNITS =
      List.of(
          "FT", "FT-01", "FT-01-01", "FT-01-01-G01", "FT-01-02", "FT-02", "FT-02-01", "FT-TN-01");

  // Y = manages, . = does not.                        FT  01  0101 G01  0102 02  0201 TN01
  static final Map<String, String> MATRIX =
      Map.of(
          "admin", /*                                */ "Y   Y   Y    Y    Y    Y   Y    Y",
          "street-cadre", /*                         */ ".   Y   Y    Y    Y    .   .    .",
          "community-cadre", /*                      */ ".   .   Y    Y    .    .   .    .",
          "neighbour-cadre", /*                      */ ".   .   .    .    Y    .   .    .",
          "resident-a", /*                           */ ".   .   .    .    .    .   .    .",
          "cadre-role-no-appointment", /*            */ ".   .   .    .    .    .   .    .");

  @Inject AccessPolicy policy;
  @Inject OrgUnitService orgUnits;

  @Test
  @RunOnVertxContext
  void whoManagesWhat(UniAsserter asserter) {
    asserter.assertThat(() -> orgUnits.idsOf(UNITS), ids -> assertThat(ids).hasSize(UNITS.size()));
    List<String> mismatches = new ArrayList<>();
    for (var row : MATRIX.entrySet()) {
      CurrentUser user = user(row.getKey());
      String[] expected = row.getValue().trim().split("\\s+");
      for (int i = 0; i < UNITS.size(); i++) {
        String unit = UNITS.get(i);
        boolean shouldManage = "Y".equals(expected[i]);
        asserter.execute(
            () ->
                orgUnits
                    .idsOf(List.of(unit))
                    .chain(ids -> policy.canManage(user, ids.get(0)))
                    .invoke(
                        actual -> {
                          if (actual != shouldManage) {
                            mismatches.add(user.name() + " on " + unit + ": " + actual);
                          }
                        }));
      }
    }
    asserter.execute(() -> assertThat(mismatches).isEmpty());
  }

  @Test
  @RunOnVertxContext
  void requireManageRefusesWithForbidden(UniAsserter asserter) {
    asserter.assertFailedWith(
        () ->
            orgUnits
                .idsOf(List.of("FT-01-02"))
                .chain(ids -> policy.requireManage(user("community-cadre"), ids.get(0))),
        e ->
            assertThat(e)
                .isInstanceOf(cn.futian.jufu.common.error.DomainException.class)
                .extracting(x -> ((cn.futian.jufu.common.error.DomainException) x).code())
                .isEqualTo(cn.futian.jufu.common.error.ProblemCode.FORBIDDEN));
    asserter.assertThat(
        () ->
            orgUnits
                .idsOf(List.of("FT-01-01"))
                .chain(ids -> policy.requireManage(user("street-cadre"), ids.get(0)))
                .replaceWith(true),
        ok -> assertThat(ok).isTrue());
  }

  private static CurrentUser user(String name) {
    return switch (name) {
      case "admin" -> new CurrentUser(Tokens.SUBJECTS.get("admin"), name, Set.of(Roles.ADMIN));
      case "resident-a" ->
          new CurrentUser(Tokens.SUBJECTS.get("resident-a"), name, Set.of(Roles.RESIDENT));
      case "cadre-role-no-appointment" ->
          new CurrentUser(
              "0a000000-0000-4000-8000-0000000000ff", name, Set.of(Roles.CADRE, Roles.RESIDENT));
      default -> new CurrentUser(Tokens.SUBJECTS.get(name), name, Set.of(Roles.CADRE));
    };
  }
}
