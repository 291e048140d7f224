package cn.futian.jufu.common.links;

import static cn.futian.jufu.testing.OrgUnits.idOf;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import cn.futian.jufu.testing.Events;
import cn.futian.jufu.testing.FcmLog;
import cn.futian.jufu.testing.TestUsers;
import cn.futian.jufu.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Every link handed to a resident or a cadre is absolute and starts with {@code
 * fulian.links.base-url} (here https://jufu.test.invalid): event and article share links, venue
 * check-in codes, what a notification opens in the inbox and in the push; the calendar feed is
 * checked in CalendarFeedTest. App links open a page of their own in a browser.
 */
@QuarkusTest
class AbsoluteLinksTest {

  static final String BASE = "https://jufu.test.invalid";

  @Test
  void eventAndArticleShareLinksAreAbsolute() {
    var event =
        Events.publish(
            Tokens.of(Tokens.COMMUNITY_CADRE),
            idOf("FT-01-01"),
            "PARENT_SCHOOL",
            Events.session("FIRST_COME", 5));
    String share =
        given()
            .auth()
            .oauth2(Tokens.of(Tokens.RESIDENT_A))
            .get("/events/{id}", event.eventId())
            .then()
            .statusCode(200)
            .extract()
            .path("shareUrl");
    assertThat(share).isEqualTo(BASE + "/app/events/" + event.eventId());

    long unit = idOf("FT-01-01");
    Map<String, Object> article =
        Map.of("category", "NOTICE", "title", "链接测试", "summary", "摘要", "body", "正文");
    long news =
        given()
            .auth()
            .oauth2(Tokens.of(Tokens.COMMUNITY_CADRE))
            .contentType(ContentType.JSON)
            .body(article)
            .post("/org-units/{id}/news", unit)
            .then()
            .statusCode(201)
            .extract()
            .jsonPath()
            .getLong("id");
    String newsShare =
        given()
            .auth()
            .oauth2(Tokens.of(Tokens.COMMUNITY_CADRE))
            .post("/news/{id}/publish", news)
            .then()
            .statusCode(200)
            .extract()
            .path("shareUrl");
    assertThat(newsShare).isEqualTo(BASE + "/app/news/" + news);
  }

  @Test
  void aVenueCodeComesWithTheLinkToPrint() {
    var event =
        Events.publish(
            Tokens.of(Tokens.COMMUNITY_CADRE),
            idOf("FT-01-01"),
            "PARENT_SCHOOL",
            Events.session("FIRST_COME", 5));
    var venue =
        given()
            .auth()
            .oauth2(Tokens.of(Tokens.COMMUNITY_CADRE))
            .contentType(ContentType.JSON)
            .body(Map.of("minutes", 15))
            .post("/sessions/{id}/venue-codes", event.sessionId())
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(venue.getString("url"))
        .isEqualTo(
            BASE
                + "/app/checkin?session="
                + event.sessionId()
                + "&code="
                + venue.getString("code"));
  }

  @Test
  void whatANotificationOpensIsAnAbsoluteLinkInTheInboxAndInThePush() {
    String member = TestUsers.token("links-" + UUID.randomUUID().toString().substring(0, 6));
    String device = "links-" + UUID.randomUUID().toString().replace("-", "");
    given()
        .auth()
        .oauth2(member)
        .contentType(ContentType.JSON)
        .body(Map.of("token", device, "platform", "ANDROID"))
        .put("/me/devices")
        .then()
        .statusCode(200);
    given()
        .auth()
        .oauth2(member)
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "reminders",
                true,
                "campaigns",
                false,
                "quietHours",
                Map.of("enabled", false, "start", "22:00", "end", "08:00"),
                "language",
                "zh-CN"))
        .put("/me/notification-preferences")
        .then()
        .statusCode(200);
    var event =
        Events.publish(
            Tokens.of(Tokens.COMMUNITY_CADRE),
            idOf("FT-01-01"),
            "PARENT_SCHOOL",
            Events.session("FIRST_COME", 5));
    given()
        .auth()
        .oauth2(member)
        .contentType(ContentType.JSON)
        .body(Map.of())
        .post("/sessions/{id}/registrations", event.sessionId())
        .then()
        .statusCode(201);
    String expected = BASE + "/app/events/" + event.eventId();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                expected.equals(
                    given()
                        .auth()
                        .oauth2(member)
                        .get("/me/inbox")
                        .then()
                        .extract()
                        .path("items[0].link")));
    await().atMost(Duration.ofSeconds(20)).until(() -> FcmLog.delivered(device) == 1);
    @SuppressWarnings("unchecked")
    Map<String, String> data = (Map<String, String>) FcmLog.requests(device).get(0).get("data");
    assertThat(data).containsEntry("link", expected);
  }

  @Test
  void anAppLinkOpenedInABrowserShowsHowToOpenItAndNothingElse() {
    given()
        .get("/app/events/123456")
        .then()
        .statusCode(200)
        .contentType(containsString("text/html"))
        .header("Content-Security-Policy", "default-src 'none'")
        .body(containsString("聚FU家园"))
        .body(containsString("小程序"));
  }
}
