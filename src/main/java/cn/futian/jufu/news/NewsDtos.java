package cn.futian.jufu.news;

import cn.futian.jufu.members.MemberDtos.UnitRef;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request and response bodies of the news API. */
public final class NewsDtos {

  private NewsDtos() {}

  static final int TITLE_MAX = 100;
  static final int SUMMARY_MAX = 300;
  static final int BODY_MAX = 20000;
  static final int COVER_MAX = 500;
  static final String HTTPS_URL = "https://\\S+";

  @Schema(name = "CreateNews", description = "A new article; it starts as a draft")
  public record CreateNews(
      @NotNull NewsCategory category,
      @NotBlank @Size(max = TITLE_MAX) @Schema(examples = "2024年度“家庭教育大讲堂”系列讲座开课通知") String title,
      @Size(max = SUMMARY_MAX) @Schema(description = "Shown in lists; optional") String summary,
      @NotBlank
          @Size(max = BODY_MAX)
          @Schema(description = "Plain text or simple Markdown; apps render it without raw HTML")
          String body,
      @Size(max = COVER_MAX)
          @Pattern(regexp = HTTPS_URL)
          @Schema(description = "https only; stored as given, never fetched by the server")
          String coverImageUrl) {}

  /** Merge patch of an article (absent = unchanged; null clears summary or cover). */
  @Schema(name = "UpdateNews")
  public static class UpdateNews {
    @Schema(implementation = NewsCategory.class)
    public Optional<NewsCategory> category;

    @Schema(implementation = String.class, maxLength = TITLE_MAX)
    public Optional<@NotBlank @Size(max = TITLE_MAX) String> title;

    @Schema(implementation = String.class, nullable = true, maxLength = SUMMARY_MAX)
    public Optional<@Size(max = SUMMARY_MAX) String> summary;

    @Schema(implementation = String.class, maxLength = BODY_MAX)
    public Optional<@NotBlank @Size(max = BODY_MAX) String> body;

    @Schema(implementation = String.class, nullable = true, maxLength = COVER_MAX)
    public Optional<@Size(max = COVER_MAX) @Pattern(regexp = HTTPS_URL) String> coverImageUrl;
  }

  @Schema(name = "News", description = "One article with its body")
  public record NewsView(
      long id,
      UnitRef unit,
      NewsCategory category,
      String title,
      String summary,
      String body,
      String coverImageUrl,
      NewsStatus status,
      OffsetDateTime createdAt,
      OffsetDateTime updatedAt,
      OffsetDateTime publishedAt,
      OffsetDateTime withdrawnAt,
      @Schema(description = "Distinct members who read it; only for the unit's cadres")
          Long readCount,
      @Schema(description = "Whether I have read it; absent for the unit's cadres") Boolean read,
      @Schema(
              description = "The link to share (opens the article in the mini-program or the app)",
              examples = "https://api.fulian.example.invalid/app/news/7")
          String shareUrl) {}

  @Schema(name = "NewsSummary", description = "An article in a list, without its body")
  public record NewsSummary(
      long id,
      UnitRef unit,
      NewsCategory category,
      String title,
      String summary,
      String coverImageUrl,
      NewsStatus status,
      OffsetDateTime publishedAt,
      @Schema(description = "Distinct members who read it; only in the unit's list for cadres")
          Long readCount,
      @Schema(description = "Whether I have read it; only in my feed") Boolean read) {}
}
