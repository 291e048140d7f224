package cn.futian.jufu.registrations;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request and response bodies of sign-up. */
public final class RegistrationDtos {

  private RegistrationDtos() {}

  @Schema(name = "SignUp")
  public record SignUp(
      @Schema(description = "Children from my family record who come with me (family entry)")
          @Size(max = 9)
          List<@NotNull @Positive Long> dependantIds,
      @Schema(
              description =
                  "Answers to the event's questions, by question id: a string (TEXT, SINGLE),"
                      + " an array of strings (MULTIPLE) or a number (NUMBER)")
          @Size(max = 20)
          Map<String, Object> answers) {}

  @Schema(name = "Registration")
  public record RegistrationView(
      long id,
      long sessionId,
      long eventId,
      String eventTitle,
      OffsetDateTime startsAt,
      OffsetDateTime endsAt,
      RegistrationStatus status,
      @Schema(description = "ANY, or FEMALE/MALE in gender-balanced sessions") String pool,
      @Schema(description = "Seats taken: me plus my children") int seats,
      @Schema(description = "1-based place on the waitlist, while waitlisted")
          Integer waitlistPosition,
      @Schema(description = "A promoted seat must be confirmed before this time")
          OffsetDateTime offerExpiresAt,
      @Schema(description = "Place in the lottery draw") Integer lotteryRank,
      List<Long> dependantIds,
      Map<String, Object> answers,
      OffsetDateTime createdAt) {}

  @Schema(name = "RegistrationForCadre", description = "A registration as cadres see it")
  public record CadreView(
      long id,
      long memberId,
      String displayName,
      @Schema(description = "Masked (138****8000) unless the cadre asked for it and may see it")
          String phone,
      RegistrationStatus status,
      String pool,
      int seats,
      Integer waitlistPosition,
      Integer lotteryRank,
      Map<String, Object> answers,
      OffsetDateTime createdAt) {}

  @Schema(name = "RegistrationChange", description = "One status change: who, when, why")
  public record Change(
      RegistrationStatus from,
      RegistrationStatus to,
      @Schema(description = "MEMBER, CADRE or SYSTEM") String by,
      @Schema(description = "The acting user's id (shown to cadres only)") String actor,
      String reason,
      OffsetDateTime at) {}

  @Schema(name = "LotteryAudit", description = "Everything needed to re-run a draw")
  public record LotteryAudit(
      long sessionId,
      @Schema(description = "SHA-256 of the seed, published before the window closed")
          String seedCommitment,
      @Schema(description = "The seed, revealed at the draw") String seed,
      OffsetDateTime drawnAt,
      Map<String, Integer> capacityByPool,
      List<LotteryEntry> entries) {}

  @Schema(name = "LotteryEntry")
  public record LotteryEntry(
      long registrationId, String pool, int seats, double weight, Integer rank, String status) {}
}
