package cn.futian.jufu.events;

import cn.futian.jufu.members.Gender;
import cn.futian.jufu.members.MaritalStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Who may sign up for an event; every rule is optional. Checked by {@code EligibilityCheck}. */
@Embeddable
@Schema(name = "Eligibility")
public class Eligibility {

  @Enumerated(EnumType.STRING)
  @Column(name = "elig_gender", length = 10)
  @Schema(description = "Only members of this gender")
  public Gender gender;

  @Min(0)
  @Max(120)
  @Column(name = "elig_min_age")
  @Schema(description = "Minimum age in years (from the birth year)")
  public Short minAge;

  @Min(0)
  @Max(120)
  @Column(name = "elig_max_age")
  public Short maxAge;

  @Enumerated(EnumType.STRING)
  @Column(name = "elig_marital_status", length = 10)
  @Schema(description = "Only for matchmaking: members with this marital status (needs consent)")
  public MaritalStatus maritalStatus;

  @Column(name = "elig_cadres_only", nullable = false)
  @Schema(
      description =
          "Only cadres: callers holding an active appointment to a unit, and district staff (cadre"
              + " training, research visits)")
  public boolean cadresOnly;

  @Column(name = "elig_residency", nullable = false)
  @Schema(description = "Only members whose home unit lies within the audience")
  public boolean residency;

  @Min(0)
  @Max(18)
  @Column(name = "elig_child_min_age")
  @Schema(description = "Parent-child events: the children's minimum age")
  public Short childMinAge;

  @Min(0)
  @Max(18)
  @Column(name = "elig_child_max_age")
  public Short childMaxAge;

  @Min(1)
  @Max(100)
  @Column(name = "elig_max_signups")
  @Schema(description = "At most this many sign-ups per member for this kind of event ...")
  public Integer maxSignups;

  @Min(1)
  @Max(366)
  @Column(name = "elig_period_days")
  @Schema(description = "... within this many days")
  public Integer periodDays;
}
