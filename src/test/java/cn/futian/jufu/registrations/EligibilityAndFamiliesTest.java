package cn.futian.jufu.registrations;

import static cn.futian.jufu.registrations.RegistrationFlowTest.cadre;
import static cn.futian.jufu.registrations.RegistrationFlowTest.signUp;
import static cn.futian.jufu.registrations.RegistrationFlowTest.users;
import static cn.futian.jufu.testing.OrgUnits.idOf;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import cn.futian.jufu.testing.Events;
import cn.futian.jufu.testing.Profiles;
import cn.futian.jufu.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Year;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every eligibility rule, family entries (all seats or none) and gender-balanced sessions. */
@QuarkusTest
class EligibilityAndFamiliesTest {

  static final int THIS_YEAR = Year.now(java.time.ZoneId.of("Asia/Shanghai")).getValue();

  private static long sessionWith(String kind, Map<String, Object> eligibility, int capacity) {
    Map<String, Object> event =
        Events.event(
            idOf("FT-01-01"),
            kind,
            List.of(idOf("FT-01-01")),
            List.of(Events.session("FIRST_COME", capacity)));
    event.put("eligibility", eligibility);
    return Events.publish(cadre(), event).sessionId();
  }

  private static List<String> signUpCodes(String token, long session) {
    return given()
        .auth()
        .oauth2(token)
        .contentType("application/json")
        .body("{}")
        .post("/sessions/{id}/registrations", session)
        .then()
        .statusCode(422)
        .body("code", equalTo("not-eligible"))
        .extract()
        .jsonPath()
        .getList("errors.code", String.class);
  }

  @Test
  void gender() {
    List<String> u = users("el-gender", 2);
    Profiles.set(u.get(0), "FEMALE", 1990, null, null);
    Profiles.set(u.get(1), "MALE", 1990, null, null);
    long s = sessionWith("MARCH_8TH", Map.of("gender", "FEMALE"), 5);
    signUp(u.get(0), s, 201);
    assertThat(signUpCodes(u.get(1), s)).containsExactly("gender");
  }

  @Test
  void ageRangeFromTheBirthYear() {
    List<String> u = users("el-age", 3);
    Profiles.set(u.get(0), "FEMALE", THIS_YEAR - 30, null, null);
    Profiles.set(u.get(1), "FEMALE", THIS_YEAR - 50, null, null);
    long s = sessionWith("JOB_FAIR", Map.of("minAge", 18, "maxAge", 45), 5);
    signUp(u.get(0), s, 201);
    assertThat(signUpCodes(u.get(1), s)).containsExactly("age");
    assertThat(signUpCodes(u.get(2), s)).containsExactly("age-unknown");
  }

  @Test
  void maritalStatusOnlyWithConsentAndOnlyForMatchmaking() {
    List<String> u = users("el-marital", 3);
    Profiles.set(u.get(0), "FEMALE", 1995, null, "SINGLE");
    Profiles.set(u.get(1), "MALE", 1995, null, "MARRIED");
    Profiles.set(u.get(2), "MALE", 1995, null, null);
    Map<String, Object> event =
        Events.event(
            idOf("FT-01-01"),
            "MATCHMAKING",
            List.of(idOf("FT-01-01")),
            List.of(Events.session("FIRST_COME", 5)));
    event.put("eligibility", Map.of("maritalStatus", "SINGLE"));
    var created = Events.create(cadre(), event);
    // Matchmaking needs the street's approval before it is published.
    Events.transition(cadre(), created.getLong("id"), "SUBMIT");
    Events.transition(
        cn.futian.jufu.testing.Tokens.of(cn.futian.jufu.testing.Tokens.STREET_CADRE),
        created.getLong("id"),
        "APPROVE");
    long s = created.getLong("sessions[0].id");
    signUp(u.get(0), s, 201);
    assertThat(signUpCodes(u.get(1), s)).containsExactly("marital-status");
    assertThat(signUpCodes(u.get(2), s)).containsExactly("marital-status-unknown");
    // Withdrawing the consent hides the status again.
    given().auth().oauth2(u.get(1)).delete("/me/consents/MARITAL_STATUS").then().statusCode(200);
    assertThat(signUpCodes(u.get(1), s)).containsExactly("marital-status-unknown");
    // Other kinds may not ask for it.
    Map<String, Object> wrong =
        Events.event(
            idOf("FT-01-01"),
            "JOB_FAIR",
            List.of(idOf("FT-01-01")),
            List.of(Events.session("FIRST_COME", 5)));
    wrong.put("eligibility", Map.of("maritalStatus", "SINGLE"));
    given()
        .auth()
        .oauth2(cadre())
        .contentType("application/json")
        .body(wrong)
        .post("/events")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("eligibility.maritalStatus"));
  }

  @Test
  void residencyWithinTheAudience() {
    List<String> u = users("el-res", 3);
    Profiles.set(u.get(0), "FEMALE", 1990, idOf("FT-01-01"), null);
    Profiles.set(u.get(1), "FEMALE", 1990, idOf("FT-01-02"), null);
    long s = sessionWith("PARENT_SCHOOL", Map.of("residency", true), 5);
    signUp(u.get(0), s, 201);
    assertThat(signUpCodes(u.get(1), s)).containsExactly("residency");
    assertThat(signUpCodes(u.get(2), s)).containsExactly("residency");
  }

  @Test
  void cadresOnlyEventsRefuseResidentsAndFollowTheAppointment() {
    List<String> u = users("el-cadre", 2);
    String resident = u.get(0);
    String appointee = u.get(1);
    long training = sessionWith("CADRE_TRAINING", Map.of("cadresOnly", true), 10);
    // A resident gets a problem that says why, in the caller's language.
    given()
        .auth()
        .oauth2(resident)
        .contentType("application/json")
        .body("{}")
        .post("/sessions/{id}/registrations", training)
        .then()
        .statusCode(422)
        .contentType("application/problem+json")
        .body("code", equalTo("not-eligible"))
        .body("title", equalTo("不符合报名条件"))
        .body("errors.code", contains("cadres-only"))
        .body("errors[0].message", equalTo("这个活动只面向妇联干部（须有在任的干部任命），居民不能报名。"));
    given()
        .auth()
        .oauth2(resident)
        .header("Accept-Language", "en")
        .contentType("application/json")
        .body("{}")
        .post("/sessions/{id}/registrations", training)
        .then()
        .statusCode(422)
        .body(
            "errors[0].message",
            equalTo(
                "This event is for federation cadres only (an active appointment to a unit);"
                    + " residents cannot sign up."));
    // Cadres with an appointment and district staff may sign up.
    signUp(Tokens.of(Tokens.STREET_CADRE), training, 201);
    signUp(Tokens.of(Tokens.ADMIN), training, 201);
    // The appointment decides, not the token: appointed, a resident may join; revoked, no longer.
    String admin = Tokens.of(Tokens.ADMIN);
    long appointment =
        given()
            .auth()
            .oauth2(admin)
            .contentType("application/json")
            .body(Map.of("subject", Tokens.subjectOf(appointee), "orgUnitId", idOf("FT-01-02")))
            .post("/cadre-assignments")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath()
            .getLong("id");
    signUp(appointee, training, 201);
    given()
        .auth()
        .oauth2(admin)
        .delete("/cadre-assignments/{id}", appointment)
        .then()
        .statusCode(200);
    long next = sessionWith("CADRE_TRAINING", Map.of("cadresOnly", true), 10);
    assertThat(signUpCodes(appointee, next)).containsExactly("cadres-only");
    // Without the rule, the same kind is open to residents (the rule, not the kind, decides).
    signUp(resident, sessionWith("CADRE_TRAINING", Map.of(), 10), 201);
  }

  @Test
  void maximumSignUpsPerPeriod() {
    String u = users("el-max", 1).get(0);
    Map<String, Object> rule = Map.of("maxSignups", 2, "periodDays", 30);
    signUp(u, sessionWith("FAMILY_HAPPINESS_COURSE", rule, 5), 201);
    signUp(u, sessionWith("FAMILY_HAPPINESS_COURSE", rule, 5), 201);
    assertThat(signUpCodes(u, sessionWith("FAMILY_HAPPINESS_COURSE", rule, 5)))
        .containsExactly("max-signups");
  }

  @Test
  void familyEntriesTakeAllTheirSeatsOrNone() {
    List<String> u = users("family", 3);
    long a1 = Profiles.child(u.get(0), "小明", THIS_YEAR - 6);
    long a2 = Profiles.child(u.get(0), "小红", THIS_YEAR - 8);
    long b1 = Profiles.child(u.get(1), "小刚", THIS_YEAR - 7);
    long old = Profiles.child(u.get(2), "大伟", THIS_YEAR - 16);
    Map<String, Object> rule = Map.of("childMinAge", 3, "childMaxAge", 12);
    long s = sessionWith("PARENT_SCHOOL", rule, 4);

    // A parent without a child may not come to a parent-child event; a 16-year-old is too old.
    assertThat(signUpCodes(u.get(1), s)).containsExactly("children-required");
    given()
        .auth()
        .oauth2(u.get(2))
        .contentType("application/json")
        .body(Map.of("dependantIds", List.of(old)))
        .post("/sessions/{id}/registrations", s)
        .then()
        .statusCode(422)
        .body("errors[0].code", equalTo("children-age"));
    // Someone else's child cannot be brought along.
    signUp(u.get(1), s, Map.of("dependantIds", List.of(a1)), 400);

    var family = signUp(u.get(0), s, Map.of("dependantIds", List.of(a1, a2)), 201);
    assertThat(family.getString("status")).isEqualTo("CONFIRMED");
    assertThat(family.getInt("seats")).isEqualTo(3);
    // One seat left, two needed: the whole entry waits.
    var waiting = signUp(u.get(1), s, Map.of("dependantIds", List.of(b1)), 201);
    assertThat(waiting.getString("status")).isEqualTo("WAITLISTED");
    // The family cancels: three seats free, the waiting entry of two is promoted.
    given()
        .auth()
        .oauth2(u.get(0))
        .post("/registrations/{id}/cancel", family.getLong("id"))
        .then()
        .statusCode(200);
    given()
        .auth()
        .oauth2(u.get(1))
        .get("/registrations/{id}", waiting.getLong("id"))
        .then()
        .body("status", equalTo("CONFIRMED"))
        .body("dependantIds", org.hamcrest.Matchers.contains((int) b1));
  }

  @Test
  void genderBalancedSessionsKeepSeparatePoolsAndWaitlists() {
    List<String> women = users("pool-f", 3);
    List<String> men = users("pool-m", 3);
    women.forEach(t -> Profiles.set(t, "FEMALE", 1994, null, null));
    men.forEach(t -> Profiles.set(t, "MALE", 1993, null, null));
    String nobody = users("pool-x", 1).get(0);
    Map<String, Object> session = Events.session("FIRST_COME", 4);
    session.put("capacityFemale", 2);
    session.put("capacityMale", 2);
    Map<String, Object> event =
        Events.event(idOf("FT-01-01"), "JOB_FAIR", List.of(idOf("FT-01-01")), List.of(session));
    long s = Events.publish(cadre(), event).sessionId();

    long w1 = signUp(women.get(0), s, 201).getLong("id");
    signUp(women.get(1), s, 201);
    var w3 = signUp(women.get(2), s, 201);
    signUp(men.get(0), s, 201);
    var m2 = signUp(men.get(1), s, 201);
    var m3 = signUp(men.get(2), s, 201);
    assertThat(w3.getString("status")).isEqualTo("WAITLISTED");
    assertThat(w3.getInt("waitlistPosition")).isEqualTo(1);
    assertThat(m2.getString("status")).isEqualTo("CONFIRMED");
    assertThat(m3.getString("pool")).isEqualTo("MALE");
    assertThat(m3.getInt("waitlistPosition")).isEqualTo(1);
    assertThat(signUpCodes(nobody, s)).containsExactly("gender-unknown");

    // A woman cancels: the waiting woman gets the seat, not the waiting man.
    given()
        .auth()
        .oauth2(women.get(0))
        .post("/registrations/{id}/cancel", w1)
        .then()
        .statusCode(200);
    given()
        .auth()
        .oauth2(women.get(2))
        .get("/registrations/{id}", w3.getLong("id"))
        .then()
        .body("status", equalTo("CONFIRMED"));
    given()
        .auth()
        .oauth2(men.get(2))
        .get("/registrations/{id}", m3.getLong("id"))
        .then()
        .body("status", equalTo("WAITLISTED"));
  }
}
