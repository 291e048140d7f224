package cn.futian.jufu.notifications;

import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

public final class InboxDtos {

  private InboxDtos() {}

  @Schema(
      name = "InboxItem",
      description = "A notification in my inbox, in the language of my preferences")
  public record InboxItem(
      long id,
      @Schema(enumeration = {"SIGN_UP", "REMINDER", "CAMPAIGN", "CASE"}) String category,
      @Schema(
              description =
                  "What happened: REGISTRATION_CONFIRMED, SESSION_REMINDER, CAMPAIGN, ...")
          String type,
      String title,
      String body,
      @Schema(
              description = "What the notification opens, as a link",
              examples = "https://api.fulian.example.invalid/app/events/12")
          String link,
      boolean urgent,
      OffsetDateTime createdAt,
      OffsetDateTime readAt) {}

  @Schema(name = "UnreadCount")
  public record UnreadCount(long unread) {}

  @Schema(name = "MarkedRead")
  public record MarkedRead(@Schema(description = "How many were unread") long marked) {}
}
