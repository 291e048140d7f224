package cn.futian.jufu.families;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request and response bodies of the 最美家庭 search (ADR 0030). */
public final class FamilyDtos {

  private FamilyDtos() {}

  /** Where a search stands, from its dates and the server's clock. */
  @Schema(name = "FamilySearchPhase")
  public enum Phase {
    SCHEDULED,
    NOMINATION,
    REVIEW,
    NOTICE,
    BEFORE_VOTING,
    VOTING,
    OBJECTION,
    CLOSED
  }

  /** Who put the family forward. */
  @Schema(name = "FamilyNominatedBy")
  public enum NominatedBy {
    /** The family itself (a member files it). */
    SELF,
    /** A federation unit (its cadre files it). */
    UNIT,
    /** An employer or organisation (两新组织), filed by its contact person. */
    ORGANISATION
  }

  /** The review's levels, from the community up. */
  @Schema(name = "FamilyReviewLevel")
  public enum Level {
    COMMUNITY,
    STREET,
    DISTRICT
  }

  @Schema(name = "FamilyNominationStatus")
  public enum Status {
    IN_REVIEW,
    DECLINED,
    FINALIST
  }

  @Schema(name = "FamilyReviewDecision")
  public enum Decision {
    FORWARD,
    DECLINE
  }

  @Schema(name = "NewFamilySearch", description = "A year's search and its phases' dates")
  public record NewSearch(
      @NotNull @Min(2000) @Max(2100) Integer year,
      @NotBlank @Size(max = 100) @Schema(examples = "2026年度福田区“最美家庭”寻找活动") String title,
      @NotNull OffsetDateTime nominationsOpenAt,
      @NotNull OffsetDateTime nominationsCloseAt,
      @NotNull @Schema(description = "The review, community → street → district, ends")
          OffsetDateTime reviewCloseAt,
      @NotNull @Schema(description = "The public notice (公示) of the finalists ends")
          OffsetDateTime noticeCloseAt,
      @NotNull OffsetDateTime votingOpenAt,
      @NotNull OffsetDateTime votingCloseAt,
      @NotNull OffsetDateTime objectionsCloseAt,
      @NotNull @Min(1) @Max(100) @Schema(description = "Families a community forwards at most")
          Integer communityQuota,
      @NotNull @Min(1) @Max(100) @Schema(description = "Families a street forwards at most")
          Integer streetQuota,
      @NotNull @Min(1) @Max(200) @Schema(description = "The district's finalists at most")
          Integer finalists,
      @NotNull @Min(0) @Max(100) @Schema(description = "Weight of the jury in the final tally, %")
          Integer juryWeight,
      @NotNull @Min(1) @Max(50) @Schema(description = "Votes a member may cast a day")
          Integer dailyVotes) {}

  @Schema(name = "FamilySearch")
  public record SearchView(
      long id,
      int year,
      String title,
      Phase phase,
      OffsetDateTime nominationsOpenAt,
      OffsetDateTime nominationsCloseAt,
      OffsetDateTime reviewCloseAt,
      OffsetDateTime noticeCloseAt,
      OffsetDateTime votingOpenAt,
      OffsetDateTime votingCloseAt,
      OffsetDateTime objectionsCloseAt,
      int communityQuota,
      int streetQuota,
      int finalists,
      @Schema(description = "Published weighting: jury %, the public vote the rest") int juryWeight,
      int dailyVotes) {}

  @Schema(name = "FamilyMemberInput")
  public record MemberInput(
      @NotBlank @Size(max = 30) String name,
      @NotBlank @Size(max = 20) @Schema(examples = "母亲") String relation,
      @NotNull @Schema(description = "Under 18: shown only with a guardian's consent")
          Boolean minor) {}

  @Schema(name = "NewFamilyNomination")
  public record NewNomination(
      @NotBlank @Size(max = 60) @Schema(examples = "李明华家庭") String familyName,
      @NotBlank @Size(max = 5000) @Schema(description = "The family's story") String story,
      @NotNull @Positive @Schema(description = "Where the family lives (a community or below)")
          Long homeUnitId,
      @NotNull NominatedBy nominatedBy,
      @Positive @Schema(description = "UNIT: the nominating unit, one the caller manages")
          Long nominatorUnitId,
      @Size(max = 100) @Schema(description = "ORGANISATION: the employer or organisation")
          String nominatorOrg,
      @NotEmpty @Size(max = 12) List<@NotNull @Valid MemberInput> members,
      @Size(max = 9)
          List<@NotBlank @Size(max = 500) @Pattern(regexp = "https://\\S+") String> photoUrls) {}

  @Schema(
      name = "FamilyMember",
      description = "A member as the nominator and the reviewers see her")
  public record MemberView(
      long id,
      String name,
      String relation,
      boolean minor,
      @Schema(description = "When her consent (a minor's guardian's) was recorded")
          OffsetDateTime consentAt,
      String guardianName) {}

  @Schema(name = "FamilyReview")
  public record ReviewView(
      Level level,
      long unitId,
      Decision decision,
      String reason,
      String decidedBy,
      OffsetDateTime decidedAt) {}

  @Schema(
      name = "FamilyNomination",
      description = "A nomination for its nominator and the cadres who review it")
  public record NominationView(
      long id,
      long searchId,
      String familyName,
      String story,
      long homeUnitId,
      NominatedBy nominatedBy,
      Long nominatorUnitId,
      String nominatorOrg,
      List<String> photoUrls,
      Level level,
      Status status,
      @Schema(description = "Every member's consent is recorded: it may go forward")
          boolean consented,
      List<MemberView> members,
      List<ReviewView> reviews,
      OffsetDateTime createdAt) {}

  @Schema(name = "FamilyConsent", description = "A member's consent, given on paper or in person")
  public record Consent(
      @NotNull @Positive Long memberId,
      @Size(max = 30) @Schema(description = "Required for a minor: the guardian who consented")
          String guardianName) {}

  @Schema(name = "FamilyReviewBody")
  public record Review(
      @NotNull Decision decision,
      @NotBlank @Size(min = 4, max = 500) @Schema(description = "Why (kept with the review)")
          String reason) {}

  @Schema(
      name = "FamilyCandidate",
      description =
          "A finalist as everyone sees it from the notice on: the family's name, story, photos and"
              + " the consented members (a minor by name only with a guardian's consent)")
  public record CandidateView(
      long id,
      String familyName,
      String story,
      long homeUnitId,
      List<String> photoUrls,
      @Schema(description = "Members shown: name and relation") List<String> members) {}

  @Schema(name = "FamilyVoteReceipt", description = "A vote counted")
  public record VoteReceipt(
      long candidateId,
      @Schema(description = "Shanghai calendar day the vote counts for") java.time.LocalDate day,
      @Schema(description = "Votes left today over all candidates") int leftToday) {}

  @Schema(name = "FamilyCandidateTally")
  public record CandidateTally(
      long candidateId,
      String familyName,
      @Schema(description = "Votes counted (not voided)") long votes,
      @Schema(description = "Of those, flagged for review") long flagged,
      @Schema(description = "Voided after review, not counted") long voided) {}

  @Schema(
      name = "FamilyTally",
      description =
          "The public vote's count per finalist and the vote-integrity summary published with it")
  public record Tally(
      long searchId,
      Phase phase,
      @Schema(description = "Published weighting: jury %, the public vote the rest") int juryWeight,
      long votesCast,
      long votesFlagged,
      long votesVoided,
      List<CandidateTally> candidates) {}

  @Schema(name = "FamilyFlaggedVote", description = "A vote that looks unusual, for review")
  public record FlaggedVote(
      long id,
      long candidateId,
      OffsetDateTime castAt,
      @Schema(description = "NEW_ACCOUNT, NETWORK_BURST") List<String> flags,
      @Schema(description = "The voter's network (/24 or /64), never her address") String network,
      boolean voided,
      String voidReason) {}

  @Schema(name = "FamilyVoidVote")
  public record VoidVote(
      @NotBlank
          @Size(min = 4, max = 300)
          @Schema(description = "Why (audited, published in the count)")
          String reason) {}

  /** Who honoured the family. */
  @Schema(name = "FamilyHonourLevel")
  public enum HonourLevel {
    DISTRICT,
    CITY,
    PROVINCE,
    NATIONAL
  }

  @Schema(name = "FamilyJuryScore", description = "One juror's score of a finalist")
  public record JuryScore(
      @NotBlank @Size(max = 30) @Schema(description = "The juror, as the panel names her")
          String juror,
      @NotNull @Min(0) @Max(100) Integer score) {}

  @Schema(name = "NewFamilyHonour")
  public record NewHonour(
      @NotNull HonourLevel level,
      @NotBlank @Size(max = 100) @Schema(examples = "全国最美家庭") String title,
      @NotNull @Min(2000) @Max(2100) Integer year) {}

  @Schema(name = "FamilyHonour")
  public record HonourView(long id, HonourLevel level, String title, int year) {}

  @Schema(name = "FamilyResultRow")
  public record ResultRow(
      int rank,
      long candidateId,
      String familyName,
      @Schema(description = "The jurors' mean score, 0–100") double juryScore,
      int jurors,
      long votes,
      @Schema(description = "Votes as a share of the most votes, 0–100") double publicScore,
      @Schema(description = "juryWeight % of the jury score plus the rest of the public score")
          double total,
      List<HonourView> honours) {}

  @Schema(
      name = "FamilyResult",
      description = "The weighted result, published with the vote's integrity summary")
  public record Result(
      long searchId,
      int juryWeight,
      long votesCast,
      long votesFlagged,
      long votesVoided,
      List<ResultRow> rows) {}
}
