package cn.futian.jufu.registrations;

import static cn.futian.jufu.registrations.RegistrationFlowTest.cadre;
import static cn.futian.jufu.registrations.RegistrationFlowTest.signUp;
import static cn.futian.jufu.registrations.RegistrationFlowTest.users;
import static cn.futian.jufu.testing.OrgUnits.idOf;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import cn.futian.jufu.testing.Db;
import cn.futian.jufu.testing.Events;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A promoted member who does not confirm in time loses the offer to the next in line. */
@QuarkusTest
class OfferExpiryTest {

  @Inject RegistrationService registrations;

  @Test
  void anUnconfirmedOfferPassesToTheNextInLine() throws Throwable {
    List<String> u = users("expiry", 3);
    Map<String, Object> s = Events.session("FIRST_COME", 1);
    s.put("offerWindowMinutes", 30);
    long session = Events.publish(cadre(), idOf("FT-01-01"), "JOB_FAIR", s).sessionId();
    long first = signUp(u.get(0), session, 201).getLong("id");
    long second = signUp(u.get(1), session, 201).getLong("id");
    long third = signUp(u.get(2), session, 201).getLong("id");
    given()
        .auth()
        .oauth2(u.get(0))
        .post("/registrations/{id}/cancel", first)
        .then()
        .statusCode(200);
    given()
        .auth()
        .oauth2(u.get(1))
        .get("/registrations/{id}", second)
        .then()
        .body("status", equalTo("OFFERED"));

    // The window passes without a confirmation.
    Db.update(
        "update registration set offer_expires_at = now() - interval '1 minute' where id = ?",
        second);
    int expired = VertxContextSupport.subscribeAndAwait(() -> registrations.expireOffers());
    assertThat(expired).isEqualTo(1);
    given()
        .auth()
        .oauth2(u.get(1))
        .get("/registrations/{id}", second)
        .then()
        .body("status", equalTo("CANCELLED"));
    given()
        .auth()
        .oauth2(u.get(2))
        .get("/registrations/{id}", third)
        .then()
        .body("status", equalTo("OFFERED"));
    given()
        .auth()
        .oauth2(u.get(1))
        .post("/registrations/{id}/confirm", second)
        .then()
        .statusCode(409);
  }
}
