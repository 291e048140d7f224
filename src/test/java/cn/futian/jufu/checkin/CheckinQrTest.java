package cn.futian.jufu.checkin;

import static cn.futian.jufu.checkin.CheckinFlowTest.sessionSoon;
import static cn.futian.jufu.checkin.CheckinFlowTest.users;
import static cn.futian.jufu.testing.SignUps.signUp;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import cn.futian.jufu.testing.LogCapture;
import cn.futian.jufu.testing.QrImages;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import javax.imageio.ImageIO;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.VerificationJwkSelector;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.Test;

/**
 * The QR image of a check-in code is drawn off the event loop and without ImageIO's disk cache, and
 * still carries a code that verifies with the published keys.
 */
@QuarkusTest
class CheckinQrTest {

  @Test
  void theQrImageIsDrawnOnAWorkerAndCarriesTheSignedCode() throws Exception {
    String member = users("qr-worker", 1).get(0);
    long reg = signUp(member, sessionSoon());

    byte[] png;
    List<LogCapture.Entry> drawn;
    try (LogCapture log = LogCapture.start()) {
      png =
          given()
              .auth()
              .oauth2(member)
              .get("/registrations/{id}/checkin-code/qr", reg)
              .then()
              .statusCode(200)
              .contentType("image/png")
              .header("Cache-Control", "private, no-store")
              .extract()
              .asByteArray();
      drawn =
          log.entries().stream().filter(e -> QrCodes.class.getName().equals(e.logger())).toList();
    }
    // Drawn once, and not on a Vert.x event loop thread (a blocked loop stalls every request).
    assertThat(drawn).hasSize(1);
    assertThat(drawn.get(0).thread()).doesNotStartWith("vert.x-eventloop");
    // ImageIO writes through a temp file unless its cache is off.
    assertThat(ImageIO.getUseCache()).isFalse();

    // The image decodes to a code signed by a published key, for this registration.
    var image = QrImages.image(png);
    assertThat(image.getWidth()).isEqualTo(360);
    String code = QrImages.text(image);
    String jwks = given().get("/checkin/keys").then().statusCode(200).extract().asString();
    JsonWebSignature jws = new JsonWebSignature();
    jws.setCompactSerialization(code);
    jws.setKey(
        new VerificationJwkSelector()
            .select(jws, new JsonWebKeySet(jwks).getJsonWebKeys())
            .getKey());
    assertThat(jws.verifySignature()).isTrue();
    assertThat(org.jose4j.jwt.JwtClaims.parse(jws.getPayload()).getSubject())
        .isEqualTo(String.valueOf(reg));
  }
}
