package cn.futian.jufu.checkin;

import static cn.futian.jufu.testing.OrgUnits.idOf;
import static cn.futian.jufu.testing.Tokens.ADMIN;
import static cn.futian.jufu.testing.Tokens.COMMUNITY_CADRE;
import static cn.futian.jufu.testing.Tokens.NEIGHBOUR_CADRE;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import cn.futian.jufu.testing.Events;
import cn.futian.jufu.testing.QrImages;
import cn.futian.jufu.testing.SignUps;
import cn.futian.jufu.testing.TestUsers;
import cn.futian.jufu.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.VerificationJwkSelector;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.Test;

/** Check-in end to end: codes verified offline, scans, offline batches, self check-in, keys. */
@QuarkusTest
class CheckinFlowTest {

  static String cadre() {
    return Tokens.of(COMMUNITY_CADRE);
  }

  /** A session starting in an hour, so check-in is open now. */
  static long sessionSoon() {
    OffsetDateTime start = OffsetDateTime.now(ZoneOffset.ofHours(8)).plusHours(1).withNano(0);
    Map<String, Object> s = new HashMap<>(Events.session("FIRST_COME", 10));
    s.put("startsAt", start.toString());
    s.put("endsAt", start.plusHours(2).toString());
    return Events.publish(cadre(), idOf("FT-01-01"), "PARENT_SCHOOL", s).sessionId();
  }

  static List<String> users(String prefix, int n) {
    return TestUsers.tokens(prefix + "-" + UUID.randomUUID().toString().substring(0, 6), n);
  }

  @Test
  void aCadresPhoneVerifiesACodeOfflineWithOnlyThePublishedKeys() throws Exception {
    String member = users("offline", 1).get(0);
    long session = sessionSoon();
    long reg = SignUps.signUp(member, session);
    String code = SignUps.checkinCode(member, reg);

    // What the phone downloaded earlier, without a login.
    String jwks =
        given()
            .get("/checkin/keys")
            .then()
            .statusCode(200)
            .header("Cache-Control", org.hamcrest.Matchers.containsString("max-age"))
            .extract()
            .asString();
    JsonWebSignature jws = new JsonWebSignature();
    jws.setCompactSerialization(code);
    var key = new VerificationJwkSelector().select(jws, new JsonWebKeySet(jwks).getJsonWebKeys());
    jws.setKey(key.getKey());
    assertThat(jws.verifySignature()).isTrue();
    var claims = org.jose4j.jwt.JwtClaims.parse(jws.getPayload());
    assertThat(claims.getSubject()).isEqualTo(String.valueOf(reg));
    assertThat(((Number) claims.getClaimValue("sid")).longValue()).isEqualTo(session);

    // The QR image carries exactly that code.
    byte[] png =
        given()
            .auth()
            .oauth2(member)
            .get("/registrations/{id}/checkin-code/qr", reg)
            .then()
            .statusCode(200)
            .contentType("image/png")
            .extract()
            .asByteArray();
    String read = QrImages.text(QrImages.image(png));
    assertThat(read.split("\\.")[1]).isEqualTo(code.split("\\.")[1]);

    // Only the member gets their code; waitlisted or other people's registrations give none.
    String stranger = users("stranger", 1).get(0);
    given()
        .auth()
        .oauth2(stranger)
        .get("/registrations/{id}/checkin-code", reg)
        .then()
        .statusCode(404);
    given().get("/registrations/{id}/checkin-code", reg).then().statusCode(401);
  }

  @Test
  void scansAreIdempotentAndRefuseWrongSessionsAndForgeries() {
    List<String> u = users("scan", 2);
    long session = sessionSoon();
    long other = sessionSoon();
    long reg = SignUps.signUp(u.get(0), session);
    long otherReg = SignUps.signUp(u.get(1), other);
    String code = SignUps.checkinCode(u.get(0), reg);
    String otherCode = SignUps.checkinCode(u.get(1), otherReg);

    given()
        .auth()
        .oauth2(Tokens.of(NEIGHBOUR_CADRE))
        .contentType(ContentType.JSON)
        .body(Map.of("code", code))
        .post("/sessions/{id}/checkins", session)
        .then()
        .statusCode(403);
    given()
        .auth()
        .oauth2(cadre())
        .contentType(ContentType.JSON)
        .body(Map.of("code", code))
        .post("/sessions/{id}/checkins", session)
        .then()
        .statusCode(200)
        .body("outcome", equalTo("CHECKED_IN"))
        .body("registrationId", equalTo((int) reg));
    given()
        .auth()
        .oauth2(cadre())
        .contentType(ContentType.JSON)
        .body(Map.of("code", code))
        .post("/sessions/{id}/checkins", session)
        .then()
        .statusCode(200)
        .body("outcome", equalTo("ALREADY_CHECKED_IN"));
    given()
        .auth()
        .oauth2(cadre())
        .header("Accept-Language", "en")
        .contentType(ContentType.JSON)
        .body(Map.of("code", otherCode))
        .post("/sessions/{id}/checkins", session)
        .then()
        .statusCode(422)
        .body("errors[0].code", equalTo("WRONG_SESSION"))
        .body("errors[0].message", equalTo("This code is for another session."));
    String forged =
        code.substring(0, code.lastIndexOf('.') + 1)
            + "AAAA"
            + code.substring(code.lastIndexOf('.') + 5);
    given()
        .auth()
        .oauth2(cadre())
        .contentType(ContentType.JSON)
        .body(Map.of("code", forged))
        .post("/sessions/{id}/checkins", session)
        .then()
        .statusCode(422)
        .body("errors[0].code", equalTo("INVALID"));

    given()
        .auth()
        .oauth2(cadre())
        .get("/sessions/{id}/attendance", session)
        .then()
        .statusCode(200)
        .body("registrationId", contains((int) reg))
        .body("method", contains("SCAN"))
        .body("checkedInBy", contains(Tokens.SUBJECTS.get(COMMUNITY_CADRE)));
  }

  @Test
  void anOfflineBatchIsReportedItemByItem() {
    List<String> u = users("batch", 3);
    long session = sessionSoon();
    long other = sessionSoon();
    long r0 = SignUps.signUp(u.get(0), session);
    long r1 = SignUps.signUp(u.get(1), session);
    long r2 = SignUps.signUp(u.get(2), other);
    String c0 = SignUps.checkinCode(u.get(0), r0);
    String c1 = SignUps.checkinCode(u.get(1), r1);
    String c2 = SignUps.checkinCode(u.get(2), r2);
    // The second member cancels after getting the code.
    given().auth().oauth2(u.get(1)).post("/registrations/{id}/cancel", r1).then().statusCode(200);
    String scannedAt = OffsetDateTime.now(ZoneOffset.ofHours(8)).minusMinutes(5).toString();
    List<Map<String, Object>> items =
        List.of(
            Map.of("code", c0, "scannedAt", scannedAt),
            Map.of("code", c0, "scannedAt", scannedAt),
            Map.of("code", "not-a-code"),
            Map.of("code", c2),
            Map.of("code", c1),
            Map.of("code", c0, "scannedAt", "2020-01-01T00:00:00+08:00"));
    given()
        .auth()
        .oauth2(cadre())
        .contentType(ContentType.JSON)
        .body(Map.of("items", items))
        .post("/sessions/{id}/checkins/batch", session)
        .then()
        .statusCode(200)
        .body("checkedIn", equalTo(1))
        .body("alreadyCheckedIn", equalTo(1))
        .body("refused", equalTo(4))
        .body(
            "items.outcome",
            contains(
                "CHECKED_IN",
                "ALREADY_CHECKED_IN",
                "INVALID",
                "WRONG_SESSION",
                "NOT_CONFIRMED",
                "NOT_YET_VALID"));
    // Uploading the same batch again changes nothing.
    given()
        .auth()
        .oauth2(cadre())
        .contentType(ContentType.JSON)
        .body(Map.of("items", List.of(Map.of("code", c0))))
        .post("/sessions/{id}/checkins/batch", session)
        .then()
        .body("items[0].outcome", equalTo("ALREADY_CHECKED_IN"));
    given()
        .auth()
        .oauth2(cadre())
        .get("/sessions/{id}/attendance", session)
        .then()
        .body("size()", equalTo(1))
        .body("[0].method", equalTo("BATCH"));
    // Bad batches are refused whole, before anything happens.
    given()
        .auth()
        .oauth2(cadre())
        .contentType(ContentType.JSON)
        .body(Map.of("items", List.of()))
        .post("/sessions/{id}/checkins/batch", session)
        .then()
        .statusCode(400);
    given()
        .auth()
        .oauth2(cadre())
        .contentType(ContentType.JSON)
        .body(Map.of("items", java.util.Collections.nCopies(501, Map.of("code", c0))))
        .post("/sessions/{id}/checkins/batch", session)
        .then()
        .statusCode(400);
  }

  @Test
  void selfCheckInWithAVenueCodeOnlyWhileOpenAndOnlyIfConfirmed() {
    List<String> u = users("self", 2);
    long session = sessionSoon();
    long reg = SignUps.signUp(u.get(0), session);
    given()
        .auth()
        .oauth2(u.get(0))
        .contentType(ContentType.JSON)
        .body(Map.of("minutes", 15))
        .post("/sessions/{id}/venue-codes", session)
        .then()
        .statusCode(403);
    String venue =
        given()
            .auth()
            .oauth2(cadre())
            .contentType(ContentType.JSON)
            .body(Map.of("minutes", 15))
            .post("/sessions/{id}/venue-codes", session)
            .then()
            .statusCode(200)
            .extract()
            .path("code");
    given()
        .auth()
        .oauth2(u.get(0))
        .contentType(ContentType.JSON)
        .body(Map.of("venueCode", venue))
        .post("/me/checkins")
        .then()
        .statusCode(200)
        .body("outcome", equalTo("CHECKED_IN"))
        .body("registrationId", equalTo((int) reg));
    given()
        .auth()
        .oauth2(u.get(1))
        .contentType(ContentType.JSON)
        .body(Map.of("venueCode", venue))
        .post("/me/checkins")
        .then()
        .statusCode(422);
    given()
        .auth()
        .oauth2(u.get(0))
        .contentType(ContentType.JSON)
        .body(Map.of("venueCode", "ZZZZZZZZ"))
        .post("/me/checkins")
        .then()
        .statusCode(422)
        .body("code", equalTo("rule-violation"));
    given()
        .auth()
        .oauth2(u.get(0))
        .contentType(ContentType.JSON)
        .body(Map.of("venueCode", "<script>"))
        .post("/me/checkins")
        .then()
        .statusCode(400);
    given()
        .auth()
        .oauth2(cadre())
        .contentType(ContentType.JSON)
        .body(Map.of("minutes", 1))
        .post("/sessions/{id}/venue-codes", session)
        .then()
        .statusCode(400);
    given()
        .auth()
        .oauth2(cadre())
        .get("/sessions/{id}/attendance", session)
        .then()
        .body("[0].method", equalTo("SELF"));
  }

  @Test
  void keysRotateWithoutBreakingIssuedCodesAndRetiredKeysStopWorking() {
    String member = users("rotate", 1).get(0);
    long session = sessionSoon();
    long reg = SignUps.signUp(member, session);
    String before = SignUps.checkinCode(member, reg);
    String oldKid =
        given().auth().oauth2(member).get("/registrations/{id}/checkin-code", reg).path("kid");

    given().auth().oauth2(cadre()).post("/checkin/keys/rotate").then().statusCode(403);
    String newKid =
        given()
            .auth()
            .oauth2(Tokens.of(ADMIN))
            .post("/checkin/keys/rotate")
            .then()
            .statusCode(200)
            .extract()
            .path("kid");
    assertThat(newKid).isNotEqualTo(oldKid);
    String after =
        given().auth().oauth2(member).get("/registrations/{id}/checkin-code", reg).path("kid");
    assertThat(after).isEqualTo(newKid);
    List<String> kids =
        given().get("/checkin/keys").then().extract().jsonPath().getList("keys.kid");
    assertThat(kids).contains(oldKid, newKid);

    // Retire the old key: the code issued before the rotation is refused from now on.
    given()
        .auth()
        .oauth2(Tokens.of(ADMIN))
        .post("/checkin/keys/{kid}/retire", oldKid)
        .then()
        .statusCode(204);
    given()
        .auth()
        .oauth2(Tokens.of(ADMIN))
        .post("/checkin/keys/{kid}/retire", oldKid)
        .then()
        .statusCode(404);
    given()
        .auth()
        .oauth2(Tokens.of(ADMIN))
        .post("/checkin/keys/{kid}/retire", "bad kid!")
        .then()
        .statusCode(400);
    given()
        .auth()
        .oauth2(cadre())
        .contentType(ContentType.JSON)
        .body(Map.of("code", before))
        .post("/sessions/{id}/checkins", session)
        .then()
        .statusCode(422)
        .body("errors[0].code", equalTo("UNKNOWN_KEY"));
    given()
        .auth()
        .oauth2(cadre())
        .contentType(ContentType.JSON)
        .body(Map.of("code", SignUps.checkinCode(member, reg)))
        .post("/sessions/{id}/checkins", session)
        .then()
        .statusCode(200)
        .body("outcome", equalTo("CHECKED_IN"));
  }
}
