package cn.futian.jufu.campaigns;

import cn.futian.jufu.campaigns.CampaignDtos.CreateCampaign;
import cn.futian.jufu.push.PushMessage;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The push a campaign sends, and its size against FCM's 4 KB limit. */
@ApplicationScoped
class CampaignPayload {

  /** FCM refuses messages whose notification and data exceed 4096 bytes. */
  static final int FCM_LIMIT = 4096;

  /** Campaign pushes wait this long for an offline phone at most. */
  static final Duration TTL = Duration.ofDays(3);

  private final ObjectMapper json;

  CampaignPayload(ObjectMapper json) {
    this.json = json;
  }

  static PushMessage message(
      long campaignId, long notificationId, String title, String body, String link) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put("type", "CAMPAIGN");
    data.put("campaignId", Long.toString(campaignId));
    data.put("notificationId", Long.toString(notificationId));
    return new PushMessage(
        null, "CAMPAIGN", title, body, link, null, "c" + campaignId, data, false, TTL);
  }

  /** The larger of the Chinese and English payloads, as JSON bytes. */
  int bytes(CreateCampaign cmd) {
    int zh =
        bytes(message(Long.MAX_VALUE, Long.MAX_VALUE, cmd.titleZh(), cmd.bodyZh(), cmd.link()));
    int en =
        cmd.titleEn() == null
            ? 0
            : bytes(
                message(Long.MAX_VALUE, Long.MAX_VALUE, cmd.titleEn(), cmd.bodyEn(), cmd.link()));
    return Math.max(zh, en);
  }

  private int bytes(PushMessage m) {
    Map<String, Object> payload = new LinkedHashMap<>();
    Map<String, String> notification = new LinkedHashMap<>();
    notification.put("title", m.title() == null ? "" : m.title());
    notification.put("body", m.body() == null ? "" : m.body());
    payload.put("notification", notification);
    Map<String, String> data = new LinkedHashMap<>(m.data());
    if (m.link() != null) {
      data.put("link", m.link());
    }
    payload.put("data", data);
    try {
      return json.writeValueAsString(payload).getBytes(StandardCharsets.UTF_8).length;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
