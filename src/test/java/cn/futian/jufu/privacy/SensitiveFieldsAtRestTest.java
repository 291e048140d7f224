package cn.futian.jufu.privacy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import cn.futian.jufu.common.crypto.FieldCipher;
import cn.futian.jufu.common.crypto.FieldReencryption;
import cn.futian.jufu.testing.Db;
import cn.futian.jufu.testing.Profiles;
import cn.futian.jufu.testing.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** Phone, marital status and children's names are ciphertext in PostgreSQL, plain in the API. */
@QuarkusTest
class SensitiveFieldsAtRestTest {

  @Inject FieldReencryption reencryption;

  @Test
  void rawRowsHoldNoPlainText() {
    String token = TestUsers.token("atrest-" + UUID.randomUUID().toString().substring(0, 8));
    Profiles.set(token, "FEMALE", 1990, null, "DIVORCED");
    patchPhone(token, "13912345678");
    long child = Profiles.child(token, "王小明", 2016);
    long member = given().auth().oauth2(token).get("/me").then().extract().jsonPath().getLong("id");

    String phone = Db.text("select phone from member where id = ?", member);
    String marital = Db.text("select marital_status from member where id = ?", member);
    String name = Db.text("select name from dependant where id = ?", child);
    assertThat(phone)
        .startsWith("enc1:test-2026:")
        .doesNotContain("13912345678")
        .doesNotContain("5678");
    assertThat(marital).startsWith("enc1:test-2026:").doesNotContain("DIVORCED");
    assertThat(name).startsWith("enc1:test-2026:").doesNotContain("王小明").doesNotContain("小明");
    // Nothing in the raw member row matches the plain values, whatever the column.
    assertThat(
            Db.count(
                "select count(*) from member m where m.id = ? and (m::text like '%13912345678%'"
                    + " or m::text like '%DIVORCED%')",
                member))
        .isZero();

    given()
        .auth()
        .oauth2(token)
        .get("/me")
        .then()
        .statusCode(200)
        .body("phone", equalTo("13912345678"))
        .body("maritalStatus", equalTo("DIVORCED"));
    given()
        .auth()
        .oauth2(token)
        .get("/me/dependants")
        .then()
        .statusCode(200)
        .body("name", org.hamcrest.Matchers.hasItem("王小明"));
  }

  @Test
  void checkinSigningKeysAreEncryptedToo() {
    given().get("/checkin/keys").then().statusCode(200);
    assertThat(Db.count("select count(*) from checkin_key")).isPositive();
    assertThat(Db.count("select count(*) from checkin_key where private_key not like 'enc1:%'"))
        .isZero();
    assertThat(Db.count("select count(*) from checkin_key where private_key like '%\"d\"%'"))
        .isZero();
  }

  @Test
  void rotationMovesOldKeyAndLegacyPlainValuesToTheActiveKey() throws Throwable {
    String token = TestUsers.token("rotate-" + UUID.randomUUID().toString().substring(0, 8));
    Profiles.set(token, "FEMALE", 1985, null, "MARRIED");
    long child = Profiles.child(token, "李小红", 2018);
    long member = given().auth().oauth2(token).get("/me").then().extract().jsonPath().getLong("id");

    // Rows as an older release left them: the phone under the retired key, the marital status
    // in plain text (before V9), the child's name under the retired key.
    String ring = ConfigProvider.getConfig().getValue("fulian.crypto.keys", String.class);
    FieldCipher old = FieldCipher.parse(ring, "test-old");
    Db.update(
        "update member set phone = ?, marital_status = 'MARRIED' where id = ?",
        old.encrypt("13700001111", "member.phone"),
        member);
    Db.update(
        "update dependant set name = ? where id = ?", old.encrypt("李小红", "dependant.name"), child);
    // A case's timeline note under the retired key: the timeline is append-only, yet the job may
    // replace the note's ciphertext (and nothing else).
    long helpCase =
        Db.count(
            "insert into help_case (category_code, domestic_violence, concerns_minor, risk_level,"
                + " opened_by) values ('OTHER', false, false, 'STANDARD', 'test') returning id");
    long entry =
        Db.count(
            "insert into help_case_entry (case_id, actor, kind, note_sealed) values (?, 'test',"
                + " 'NOTE', ?) returning id",
            helpCase,
            old.encrypt("回访记录", "help_case_entry.note_sealed"));
    // Readable before the job ran.
    given().auth().oauth2(token).get("/me").then().body("phone", equalTo("13700001111"));

    int rewritten = VertxContextSupport.subscribeAndAwait(() -> reencryption.reencryptAll());

    assertThat(rewritten).isGreaterThanOrEqualTo(2);
    assertThat(Db.text("select phone from member where id = ?", member))
        .startsWith("enc1:test-2026:");
    assertThat(Db.text("select marital_status from member where id = ?", member))
        .startsWith("enc1:test-2026:");
    assertThat(Db.text("select name from dependant where id = ?", child))
        .startsWith("enc1:test-2026:");
    String note = Db.text("select note_sealed from help_case_entry where id = ?", entry);
    assertThat(note).startsWith("enc1:test-2026:");
    assertThat(FieldCipher.current().decrypt(note, "help_case_entry.note_sealed"))
        .isEqualTo("回访记录");
    assertThat(
            Db.count(
                "select count(*) from member where (phone is not null and phone not like"
                    + " 'enc1:test-2026:%') or (marital_status is not null and marital_status not"
                    + " like 'enc1:test-2026:%')"))
        .isZero();
    given()
        .auth()
        .oauth2(token)
        .get("/me")
        .then()
        .body("phone", equalTo("13700001111"))
        .body("maritalStatus", equalTo("MARRIED"));
    given()
        .auth()
        .oauth2(token)
        .get("/me/dependants")
        .then()
        .body("name", org.hamcrest.Matchers.hasItem("李小红"));
    // A second run finds nothing left.
    assertThat((int) VertxContextSupport.subscribeAndAwait(() -> reencryption.reencryptAll()))
        .isZero();
  }

  static void patchPhone(String token, String phone) {
    given()
        .auth()
        .oauth2(token)
        .contentType(ContentType.JSON)
        .body(Map.of("phone", phone))
        .patch("/me")
        .then()
        .statusCode(200);
  }
}
