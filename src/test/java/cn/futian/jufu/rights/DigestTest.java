package cn.futian.jufu.rights;

import static cn.futian.jufu.rights.CaseFlowTest.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import cn.futian.jufu.testing.Db;
import cn.futian.jufu.testing.OrgUnits;
import cn.futian.jufu.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** 以案释法 (issue 20, ADR 0027): de-identified, approved by a second supervisor, then exported. */
@QuarkusTest
class DigestTest {

  static final String WORKER = Tokens.CASEWORKER;
  static final String STREET = Tokens.CASE_SUPERVISOR;
  static final String DISTRICT = Tokens.DISTRICT_CASE_SUPERVISOR;

  /** A resolved case with a settled mediation and an issued protection order. */
  static long resolvedCase(long unit) {
    long caseId = CaseFlowTest.openCase(unit);
    call(
            WORKER,
            "POST",
            "/cases/" + caseId + "/mediation",
            Map.of("venue", "COMMITTEE", "parties", 2, "startedOn", "2026-10-05"))
        .statusCode(201);
    call(
            WORKER,
            "POST",
            "/cases/" + caseId + "/mediation/outcome",
            Map.of("outcome", "SETTLED", "endedOn", "2026-11-05"))
        .statusCode(200);
    Db.update(
        "update help_case set status = 'RESOLVED', resolution = 'DISPUTE_SETTLED',"
            + " resolved_at = opened_at + interval '95 days', domestic_violence = true"
            + " where id = ?",
        caseId);
    return caseId;
  }

  static Map<String, Object> draft(long unit, List<Map<String, Object>> items) {
    return Map.of("orgUnitId", unit, "quarter", "2026-Q4", "title", "第四季度以案释法", "items", items);
  }

  @Test
  void aDigestIsDeIdentifiedApprovedByAnotherSupervisorThenExported() {
    long unit = CaseWorkTest.scratchGroup();
    long resolved = resolvedCase(unit);
    long open = CaseFlowTest.openCase(unit);
    String lesson = "王秀丽女士住在园岭街道百花小区3栋，电话13812345678；《反家庭暴力法》规定可以申请人身安全保护令。";

    // Only resolved cases; not twice; only a supervisor of the unit.
    call(STREET, "POST", "/case-digests", draft(unit, List.of(Map.of("caseId", open))))
        .statusCode(422);
    call(
            STREET,
            "POST",
            "/case-digests",
            draft(unit, List.of(Map.of("caseId", resolved), Map.of("caseId", resolved))))
        .statusCode(400);
    var neighbour = CaseAlertTest.supervisorAt(OrgUnits.idOf("FT-01-02"));
    io.restassured.RestAssured.given()
        .auth()
        .oauth2(neighbour.get("token"))
        .contentType("application/json")
        .body(draft(unit, List.of(Map.of("caseId", resolved))))
        .post("/case-digests")
        .then()
        .statusCode(403);

    var made =
        call(
                STREET,
                "POST",
                "/case-digests",
                draft(unit, List.of(Map.of("caseId", resolved, "lesson", lesson))))
            .statusCode(201)
            .body("status", equalTo("DRAFT"))
            .body("items[0].caseId", equalTo((int) resolved))
            .extract()
            .jsonPath();
    long id = made.getLong("id");
    String summary = made.getString("items[0].summary");
    String scrubbed = made.getString("items[0].lesson");
    assertThat(summary)
        .contains("婚姻家庭纠纷")
        .contains("涉及家庭暴力")
        .contains("经人民调解委员会调解达成协议")
        .contains("纠纷已化解")
        .contains("历时约三个月");
    assertThat(scrubbed)
        .doesNotContain("王秀丽")
        .doesNotContain("园岭街道")
        .doesNotContain("百花小区")
        .doesNotContain("13812345678")
        .doesNotContain("3栋")
        .contains("《反家庭暴力法》");

    // Not exported before approval; not approved by its author.
    call(STREET, "GET", "/case-digests/" + id + "/export", null).statusCode(422);
    call(STREET, "POST", "/case-digests/" + id + "/decision", Map.of("decision", "APPROVED"))
        .statusCode(403);
    call(DISTRICT, "POST", "/case-digests/" + id + "/decision", Map.of("decision", "REJECTED"))
        .statusCode(400);
    call(DISTRICT, "POST", "/case-digests/" + id + "/decision", Map.of("decision", "APPROVED"))
        .statusCode(200)
        .body("status", equalTo("APPROVED"));
    call(DISTRICT, "POST", "/case-digests/" + id + "/decision", Map.of("decision", "APPROVED"))
        .statusCode(409);
    String md =
        call(STREET, "GET", "/case-digests/" + id + "/export", null)
            .statusCode(200)
            .contentType("text/markdown")
            .extract()
            .asString();
    assertThat(md).contains("# 第四季度以案释法").contains("## 案例一").contains(summary);
    assertThat(md).doesNotContain("王秀丽").doesNotContain("13812345678");
    call(STREET, "GET", "/case-digests", null).statusCode(200).body("id", hasItem((int) id));
    assertThat(
            Db.count(
                "select count(*) from audit_log where action = 'case.digest-export'"
                    + " and target_id = ?",
                String.valueOf(id)))
        .isOne();
    // Outside the unit's supervisors: nothing.
    io.restassured.RestAssured.given()
        .auth()
        .oauth2(neighbour.get("token"))
        .get("/case-digests/" + id)
        .then()
        .statusCode(404);
    call(WORKER, "GET", "/case-digests", null).statusCode(403);
  }

  @Test
  void theScrubberTakesOutNumbersPlacesAndFormsOfAddress() {
    assertThat(DigestScrubber.scrub("李女士于2023年5月在福田区某公司工作，月薪8000元。"))
        .doesNotContain("李女士")
        .doesNotContain("2023")
        .doesNotContain("福田区")
        .doesNotContain("8000");
    assertThat(DigestService.numeral(1)).isEqualTo("一");
    assertThat(DigestService.numeral(12)).isEqualTo("十二");
    assertThat(DigestService.numeral(20)).isEqualTo("二十");
  }
}
