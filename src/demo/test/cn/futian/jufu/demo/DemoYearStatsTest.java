package cn.futian.jufu.demo;

import static cn.futian.jufu.testing.OrgUnits.idOf;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import cn.futian.jufu.demo.DemoYearPlan.Figures;
import cn.futian.jufu.events.EventKind;
import cn.futian.jufu.testing.Db;
import cn.futian.jufu.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Generates the demo year (once per test run: the test database is cleaned at start) and reads it
 * back through {@code /stats}: the API must report what the generator wrote, and that must look
 * like the 2019 work summary.
 */
@QuarkusTest
class DemoYearStatsTest {

  private static DemoYear.Report report;

  @Inject DemoYear demo;

  @BeforeEach
  void generateOnce() throws Throwable {
    if (report == null) {
      DemoYear.Report first = demo.generateAndWait();
      assertThat(first.created()).as("the first run in a clean database writes the year").isTrue();
      report = first;
    }
  }

  private static String from() {
    return report.year() + "-01-01";
  }

  private static String to() {
    return report.year() + "-12-31";
  }

  private static JsonPath stats(String user, String groupBy, Long unitId) {
    var request =
        given()
            .auth()
            .oauth2(Tokens.of(user))
            .queryParam("from", from())
            .queryParam("to", to())
            .queryParam("groupBy", groupBy);
    if (unitId != null) {
      request.queryParam("unitId", unitId);
    }
    return request.get("/stats").then().statusCode(200).extract().jsonPath();
  }

  private static Map<String, Object> group(JsonPath json, String key) {
    return json.getMap("groups.find { it.key == '" + key + "' }");
  }

  private static void assertFigures(Map<String, Object> actual, Figures expected) {
    assertThat(actual).as("group present").isNotNull();
    assertThat(((Number) actual.get("events")).longValue())
        .as("events")
        .isEqualTo(expected.events());
    assertThat(((Number) actual.get("sessions")).longValue())
        .as("sessions")
        .isEqualTo(expected.sessions());
    assertThat(((Number) actual.get("signUps")).longValue())
        .as("signUps")
        .isEqualTo(expected.signUps());
    assertThat(((Number) actual.get("personTimes")).longValue())
        .as("personTimes")
        .isEqualTo(expected.personTimes());
    assertThat(((Number) actual.get("distinctPeople")).longValue())
        .as("distinctPeople")
        .isEqualTo(expected.distinctPeople());
  }

  @Test
  void theStatisticsReportWhatWasGeneratedAndItLooksLike2019() {
    JsonPath json = stats(Tokens.ADMIN, "kind", null);
    assertThat(json.getString("unit.code")).isEqualTo("FT");
    assertFigures(json.getMap("totals"), report.totals());
    for (var entry : report.byKind().entrySet()) {
      assertFigures(group(json, entry.getKey().name()), entry.getValue());
    }
    assertThat(json.getList("groups.key"))
        .containsExactlyElementsOf(report.byKind().keySet().stream().map(Enum::name).toList());
    assertThat(group(json, "MATCHMAKING").get("label")).isEqualTo("鹊巢交友");

    // The figures of the 2019 work summary (DOMAIN.md).
    Figures matchmaking = report.byKind().get(EventKind.MATCHMAKING);
    assertThat(matchmaking.events()).isEqualTo(31);
    assertThat(matchmaking.personTimes()).isBetween(6650L, 7350L); // 7,000 ± 5%
    Figures family = report.byKind().get(EventKind.FAMILY_HAPPINESS_COURSE);
    assertThat(family.sessions()).isGreaterThanOrEqualTo(40);
    assertThat(family.personTimes()).isBetween(5700L, 6300L); // 6,000 ± 5%
    Figures jobFairs = report.byKind().get(EventKind.JOB_FAIR);
    assertThat(jobFairs.events()).isEqualTo(9);
    assertThat(jobFairs.distinctPeople()).isBetween(285L, 315L); // about 300 women
    assertThat(report.byKind().get(EventKind.MARCH_8TH).events()).isEqualTo(97);
    assertThat(report.byKind().get(EventKind.CHILDRENS_COUNCIL).sessions()).isEqualTo(156);
    assertThat(report.byKind().get(EventKind.PARENT_SCHOOL).sessions()).isGreaterThanOrEqualTo(40);
    // 172 grassroots women cadres trained, in three classes.
    Figures training = report.byKind().get(EventKind.CADRE_TRAINING);
    assertThat(training.events()).isEqualTo(3);
    assertThat(training.distinctPeople()).isEqualTo(172);
    // The summer course and the tenth anniversary (each on its own below).
    assertThat(report.byKind().get(EventKind.MIGRANT_CHILDREN).events()).isEqualTo(2);
    // The 最美家庭 lecture team's 43 stops, 108 family-motto and patriotic family activities.
    assertThat(report.byKind().get(EventKind.MODEL_FAMILY_TOUR).events()).isEqualTo(43);
    assertThat(report.byKind().get(EventKind.FAMILY_TRADITION).events()).isEqualTo(108);
    // 守望幸福: 9 harmonious-family publicity events, 1,100+ services.
    Figures harmonious = report.byKind().get(EventKind.HARMONIOUS_FAMILY);
    assertThat(harmonious.events()).isEqualTo(9);
    assertThat(harmonious.personTimes()).isEqualTo(1128);
    // The district's 20 research visits.
    assertThat(report.byKind().get(EventKind.RESEARCH_VISIT).events()).isEqualTo(20);
    assertThat(group(json, "CADRE_TRAINING").get("label")).isEqualTo("女干部培训");
    assertThat(group(json, "MIGRANT_CHILDREN").get("label")).isEqualTo("来深建设者子女关爱");
    assertThat(group(json, "MODEL_FAMILY_TOUR").get("label")).isEqualTo("最美家庭巡讲");
    assertThat(group(json, "FAMILY_TRADITION").get("label")).isEqualTo("好家风好家训");
    assertThat(group(json, "HARMONIOUS_FAMILY").get("label")).isEqualTo("和谐家庭宣传");
    assertThat(group(json, "RESEARCH_VISIT").get("label")).isEqualTo("调研走访");
  }

  @Test
  void theSummerCourseAndTheAnniversaryReadBackOnTheirOwn() {
    // The summer course is all of July and August's MIGRANT_CHILDREN sessions.
    JsonPath summer =
        statsOfKind("MIGRANT_CHILDREN", report.year() + "-07-01", report.year() + "-08-31");
    Figures course = report.byPart().get(DemoYearPlan.SUMMER_COURSE);
    assertFigures(summer.getMap("totals"), course);
    assertThat(course.events()).isEqualTo(1);
    assertThat(course.sessions()).isEqualTo(8);
    // 126 children: each came with the guardian who signed them up (a member, one child each).
    assertThat(course.distinctPeople()).isEqualTo(126);
    assertThat(
            Db.count(
                "select count(distinct rd.dependant_id) from registration_dependant rd"
                    + " join attendance a on a.registration_id = rd.registration_id"
                    + " join session s on s.id = a.session_id join event e on e.id = s.event_id"
                    + " where e.created_by = 'demo-year' and e.kind = 'MIGRANT_CHILDREN'"
                    + " and extract(month from s.starts_at at time zone 'Asia/Shanghai') in (7, 8)"))
        .isEqualTo(126);
    JsonPath november =
        statsOfKind("MIGRANT_CHILDREN", report.year() + "-11-01", report.year() + "-11-30");
    Figures anniversary = report.byPart().get(DemoYearPlan.TENTH_ANNIVERSARY);
    assertFigures(november.getMap("totals"), anniversary);
    assertThat(anniversary.events()).isEqualTo(1);
    assertThat(anniversary.personTimes()).isEqualTo(180);
  }

  @Test
  void theLectureTourStoppedInFortyThreeCommunities() {
    JsonPath json =
        given()
            .auth()
            .oauth2(Tokens.of(Tokens.ADMIN))
            .queryParam("from", from())
            .queryParam("to", to())
            .queryParam("groupBy", "community")
            .queryParam("kind", "MODEL_FAMILY_TOUR")
            .get("/stats")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertFigures(json.getMap("totals"), report.byKind().get(EventKind.MODEL_FAMILY_TOUR));
    assertThat(json.getList("groups")).hasSize(43);
    assertThat(json.getList("groups.key", String.class))
        .allMatch(k -> k.matches("FT-\\d{2}-\\d{2}"));
    assertThat(json.getList("groups.events", Long.class)).containsOnly(1L);
  }

  @Test
  void onlyCadresAttendTheCadreOnlyEventsAndNoDemoCadreManagesToday() {
    // Cadre training and research visits carry the cadres-only rule that the sign-up enforces.
    assertThat(
            Db.count(
                "select count(*) from event where created_by = 'demo-year'"
                    + " and kind in ('CADRE_TRAINING', 'RESEARCH_VISIT') and not elig_cadres_only"))
        .isZero();
    assertThat(
            Db.count(
                "select count(*) from event where created_by = 'demo-year' and elig_cadres_only"))
        .isEqualTo(3 + 20);
    // Everyone checked in at one held an appointment when it took place.
    assertThat(
            Db.count(
                "select count(*) from attendance a join session s on s.id = a.session_id"
                    + " join event e on e.id = s.event_id join member m on m.id = a.member_id"
                    + " where e.created_by = 'demo-year' and e.elig_cadres_only and not exists"
                    + " (select 1 from cadre_assignment c where c.subject = m.subject"
                    + " and c.assigned_at <= s.starts_at"
                    + " and (c.revoked_at is null or c.revoked_at > s.starts_at))"))
        .isZero();
    // The demo's appointments ended with its year: no synthetic subject manages a unit today.
    assertThat(
            Db.count(
                "select count(*) from cadre_assignment where assigned_by = 'demo-year'"
                    + " and revoked_at is null"))
        .isZero();
    assertThat(Db.count("select count(*) from cadre_assignment where assigned_by = 'demo-year'"))
        .isEqualTo(172 + DemoYearPlan.DISTRICT_STAFF);
  }

  private static JsonPath statsOfKind(String kind, String from, String to) {
    return given()
        .auth()
        .oauth2(Tokens.of(Tokens.ADMIN))
        .queryParam("from", from)
        .queryParam("to", to)
        .queryParam("kind", kind)
        .get("/stats")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  @Test
  void childrenCountInPersonTimesButNotAsPeople() {
    JsonPath json = stats(Tokens.ADMIN, "kind", null);
    Map<String, Object> council = group(json, "CHILDRENS_COUNCIL");
    // A guardian and a child per check-in: twice the people, every time.
    assertThat(((Number) council.get("personTimes")).longValue() % 2).isZero();
    assertThat(((Number) council.get("distinctPeople")).longValue())
        .isLessThan(((Number) council.get("personTimes")).longValue() / 2);
  }

  @Test
  void theCategoriesAndMonthsAddUpToTheTotals() {
    JsonPath byCategory =
        given()
            .auth()
            .oauth2(Tokens.of(Tokens.ADMIN))
            .queryParam("from", from())
            .queryParam("to", to())
            .queryParam("groupBy", "category")
            .queryParam("kind", "FAMILY_HAPPINESS_COURSE")
            .get("/stats")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertFigures(
        byCategory.getMap("totals"), report.byKind().get(EventKind.FAMILY_HAPPINESS_COURSE));
    assertThat(byCategory.getList("groups.key"))
        .containsExactly(
            "PHYSICAL_MENTAL_HEALTH",
            "MARRIAGE_FAMILY",
            "WOMENS_DEVELOPMENT",
            "CHILDRENS_SERVICES",
            "OTHER");
    assertThat(sum(byCategory, "personTimes")).isEqualTo(byCategory.getLong("totals.personTimes"));

    JsonPath byMonth = stats(Tokens.ADMIN, "month", null);
    assertThat(byMonth.getList("groups")).hasSize(12);
    assertThat(byMonth.getString("groups[2].key")).isEqualTo(report.year() + "-03");
    assertThat(byMonth.getString("groups[2].label")).isEqualTo(report.year() + "年3月");
    for (String figure : List.of("sessions", "signUps", "personTimes")) {
      assertThat(sum(byMonth, figure)).as(figure).isEqualTo(byMonth.getLong("totals." + figure));
    }
    // All 97 March 8th events fall in March.
    assertThat(byMonth.getLong("groups[2].events")).isGreaterThanOrEqualTo(97);
  }

  @Test
  void aStreetCadreSeesItsSubtreeOnly() {
    JsonPath district = stats(Tokens.ADMIN, "street", null);
    JsonPath street = stats(Tokens.STREET_CADRE, "community", null);
    assertThat(street.getString("unit.code")).isEqualTo("FT-01");
    assertThat(street.getList("groups.key", String.class)).allMatch(k -> k.startsWith("FT-01"));
    assertThat(street.getLong("totals.sessions")).isPositive();
    // The street's totals are the district's FT-01 group, and no more than the district's.
    Map<String, Object> ft01 = group(district, "FT-01");
    for (String figure :
        List.of("events", "sessions", "signUps", "personTimes", "distinctPeople")) {
      long mine = street.getLong("totals." + figure);
      assertThat(mine).as(figure).isEqualTo(((Number) ft01.get(figure)).longValue());
      assertThat(mine).as(figure).isLessThanOrEqualTo(district.getLong("totals." + figure));
    }
    // ... and the sum over its communities (and its own events); people may attend in several.
    for (String figure : List.of("events", "sessions", "signUps", "personTimes")) {
      assertThat(sum(street, figure)).as(figure).isEqualTo(street.getLong("totals." + figure));
    }
    assertThat(sum(street, "distinctPeople"))
        .isGreaterThanOrEqualTo(street.getLong("totals.distinctPeople"));
    // The same street asked for by an admin gives the same answer.
    JsonPath asAdmin = stats(Tokens.ADMIN, "community", idOf("FT-01"));
    assertThat(asAdmin.getMap("totals")).isEqualTo(street.getMap("totals"));
    assertThat(asAdmin.getList("groups")).isEqualTo(street.getList("groups"));
  }

  @Test
  void aSecondRunWritesNothing() throws Throwable {
    JsonPath before = stats(Tokens.ADMIN, "kind", null);
    DemoYear.Report again = demo.generateAndWait();
    assertThat(again.created()).isFalse();
    assertThat(again.year()).isEqualTo(report.year());
    JsonPath after = stats(Tokens.ADMIN, "kind", null);
    assertThat(after.getMap("totals")).isEqualTo(before.getMap("totals"));
    assertThat(after.getList("groups")).isEqualTo(before.getList("groups"));
  }

  @Test
  void theCsvExportHasTheJsonGroupsThenTheTotals() {
    JsonPath json = stats(Tokens.STREET_CADRE, "community", null);
    byte[] body =
        given()
            .auth()
            .oauth2(Tokens.of(Tokens.STREET_CADRE))
            .queryParam("from", from())
            .queryParam("to", to())
            .queryParam("groupBy", "community")
            .queryParam("format", "csv")
            .get("/stats/export")
            .then()
            .statusCode(200)
            .contentType("text/csv; charset=UTF-8")
            .header("Content-Disposition", org.hamcrest.Matchers.containsString(".csv"))
            .extract()
            .asByteArray();
    String text = new String(body, StandardCharsets.UTF_8);
    assertThat(text).startsWith("\uFEFF");
    List<List<String>> lines = new ArrayList<>();
    for (String line : text.substring(1).split("\r\n")) {
      lines.add(Arrays.asList(line.split(",", -1)));
    }
    assertThat(lines.get(0)).containsExactly("分组代码", "名称", "活动数", "场次数", "报名数", "参与人次", "参与人数");
    List<Map<String, Object>> groups = json.getList("groups");
    assertThat(lines).hasSize(groups.size() + 2);
    for (int i = 0; i < groups.size(); i++) {
      Map<String, Object> g = groups.get(i);
      assertThat(lines.get(i + 1))
          .containsExactly(
              (String) g.get("key"),
              (String) g.get("label"),
              String.valueOf(g.get("events")),
              String.valueOf(g.get("sessions")),
              String.valueOf(g.get("signUps")),
              String.valueOf(g.get("personTimes")),
              String.valueOf(g.get("distinctPeople")));
    }
    assertThat(lines.get(groups.size() + 1))
        .containsExactly(
            "",
            "合计",
            json.getString("totals.events"),
            json.getString("totals.sessions"),
            json.getString("totals.signUps"),
            json.getString("totals.personTimes"),
            json.getString("totals.distinctPeople"));
  }

  @Test
  void theXlsxExportOpensWithPoi() throws Exception {
    JsonPath json = stats(Tokens.ADMIN, "kind", null);
    byte[] body =
        given()
            .auth()
            .oauth2(Tokens.of(Tokens.ADMIN))
            .queryParam("from", from())
            .queryParam("to", to())
            .queryParam("format", "xlsx")
            .get("/stats/export")
            .then()
            .statusCode(200)
            .contentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            .extract()
            .asByteArray();
    try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(body))) {
      Sheet sheet = book.getSheetAt(0);
      List<Map<String, Object>> groups = json.getList("groups");
      assertThat(sheet.getLastRowNum()).isEqualTo(groups.size() + 1);
      assertThat(sheet.getRow(0).getCell(5).getStringCellValue()).isEqualTo("参与人次");
      for (int i = 0; i < groups.size(); i++) {
        Row row = sheet.getRow(i + 1);
        assertThat(row.getCell(0).getStringCellValue()).isEqualTo(groups.get(i).get("key"));
        assertThat((long) row.getCell(5).getNumericCellValue())
            .isEqualTo(((Number) groups.get(i).get("personTimes")).longValue());
      }
      Row total = sheet.getRow(groups.size() + 1);
      assertThat(total.getCell(1).getStringCellValue()).isEqualTo("合计");
      assertThat((long) total.getCell(5).getNumericCellValue())
          .isEqualTo(json.getLong("totals.personTimes"));
    }
  }

  private static JsonPath rights(int year) {
    return given()
        .auth()
        .oauth2(Tokens.of(Tokens.ADMIN))
        .queryParam("from", year + "-01-01")
        .queryParam("to", year + "-12-31")
        .get("/stats/rights")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  @Test
  void theRightsFiguresReadBackAsTheWorkSummaryHasThem() {
    JsonPath y = rights(report.year());
    // 467 calls and visits, +51 % on the 309 of the year before; spam and pranks left out.
    assertThat(y.getLong("contacts")).isEqualTo(467);
    assertThat(rights(report.year() - 1).getLong("contacts")).isEqualTo(309);
    assertThat(Math.round(467 * 100.0 / 309 - 100)).isEqualTo(51);
    assertThat(y.getLong("triagedNothing")).isEqualTo(14);
    // Family disputes 219 (46.9 %), of which domestic violence 80 (17.1 %).
    assertThat(y.getLong("byReportGroup.find { it.group == 'FAMILY' }.count")).isEqualTo(219);
    assertThat(y.getDouble("byReportGroup.find { it.group == 'FAMILY' }.share")).isEqualTo(46.9);
    assertThat(y.getLong("domesticViolence")).isEqualTo(80);
    assertThat(Math.round(80 * 1000.0 / 467) / 10.0).isEqualTo(17.1);
    // Personal rights 43.7 %, labour and social security 9.4 %.
    assertThat(y.getDouble("byReportGroup.find { it.group == 'PERSONAL' }.share")).isEqualTo(43.7);
    assertThat(y.getDouble("byReportGroup.find { it.group == 'LABOUR' }.share")).isEqualTo(9.4);
    // Marriage counselling: 55 consultations, 11 individual cases.
    assertThat(y.getLong("marriageCounselling.consultations")).isEqualTo(55);
    assertThat(y.getLong("marriageCounselling.cases")).isEqualTo(11);
    // 422 mediations, over 64 % settled.
    assertThat(y.getLong("mediationsEnded")).isEqualTo(422);
    assertThat(y.getDouble("settlementRate")).isEqualTo(64.2);
    // The register: 700+ women and children; 120 single-parent women and 160 children visited.
    assertThat(y.getLong("registerWomen") + y.getLong("registerChildren")).isEqualTo(712);
    assertThat(y.getLong("visitedSingleParentWomen")).isEqualTo(120);
    assertThat(y.getLong("visitedChildren")).isEqualTo(160);
    assertThat(y.getLong("visitsByMode.HOME")).isEqualTo(280);
    // The spreads add up to the contacts: every street, every month, every answer.
    List<Map<String, Object>> units = y.getList("byUnit");
    assertThat(units).hasSize(10);
    assertThat(units.stream().mapToLong(u -> ((Number) u.get("count")).longValue()).sum())
        .isEqualTo(467);
    Map<String, Integer> months = y.getMap("byMonth");
    assertThat(months).hasSize(12);
    assertThat(months.values().stream().mapToLong(Integer::longValue).sum()).isEqualTo(467);
    assertThat(y.getLong("response.answeredInTime") + y.getLong("response.answeredLate"))
        .isEqualTo(467);
    assertThat(y.getLong("response.answeredInTime")).isGreaterThan(380);
    assertThat(y.getList("suppressed")).isEmpty();
  }

  @Test
  void theRegisterIsAnalysedByAgeSchoolingIncomeSituationAndStreet() {
    JsonPath r =
        given()
            .auth()
            .oauth2(Tokens.of(Tokens.ADMIN))
            .get("/stats/rights/register")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(r.getLong("women")).isEqualTo(420);
    assertThat(r.getLong("children")).isEqualTo(292);
    assertThat(r.getLong("households")).isEqualTo(150);
    assertThat(r.getLong("bySituation.SINGLE_PARENT")).isEqualTo(150);
    Map<String, Integer> ages = r.getMap("byAgeBand");
    assertThat(ages.values().stream().mapToLong(Integer::longValue).sum()).isEqualTo(712);
    Map<String, Integer> schooling = r.getMap("byEducation");
    assertThat(schooling.values().stream().mapToLong(Integer::longValue).sum()).isEqualTo(712);
    List<Map<String, Object>> streets = r.getList("byUnit");
    assertThat(streets).hasSize(10);
    assertThat(streets.stream().mapToLong(u -> ((Number) u.get("count")).longValue()).sum())
        .isEqualTo(712);
  }

  @Test
  void aStreetSupervisorReadsHerStreetsRightsFiguresWithSmallCellsWithheld() {
    JsonPath district = rights(report.year());
    long street = idOf("FT-01");
    long expected =
        ((Number) district.getMap("byUnit.find { it.unitId == " + street + " }").get("count"))
            .longValue();
    JsonPath mine =
        given()
            .auth()
            .oauth2(Tokens.of(Tokens.CASE_SUPERVISOR))
            .queryParam("from", from())
            .queryParam("to", to())
            .queryParam("unitId", street)
            .get("/stats/rights")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(mine.getLong("contacts")).isEqualTo(expected);
    assertThat(mine.getBoolean("districtLevel")).isFalse();
    // Her communities: each count either shown (5 and more) or withheld and named.
    List<Map<String, Object>> units = mine.getList("byUnit");
    assertThat(units).isNotEmpty();
    for (Map<String, Object> u : units) {
      Object n = u.get("count");
      if (n == null) {
        assertThat(mine.getList("suppressed", String.class)).contains("byUnit." + u.get("unitId"));
      } else {
        assertThat(((Number) n).longValue()).isGreaterThanOrEqualTo(5);
      }
    }
  }

  private static long sum(JsonPath json, String figure) {
    return json.getList("groups." + figure, Long.class).stream().mapToLong(Long::longValue).sum();
  }
}
