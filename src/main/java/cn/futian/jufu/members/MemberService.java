package cn.futian.jufu.members;

import cn.futian.jufu.cadres.CadreService;
import cn.futian.jufu.common.error.DomainException;
import cn.futian.jufu.common.error.ProblemCode;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.common.time.Times;
import cn.futian.jufu.members.MemberDtos.ConsentView;
import cn.futian.jufu.members.MemberDtos.GiveConsent;
import cn.futian.jufu.members.MemberDtos.MePatch;
import cn.futian.jufu.members.MemberDtos.MeView;
import cn.futian.jufu.members.MemberDtos.UnitRef;
import cn.futian.jufu.orgunits.OrgUnitKind;
import cn.futian.jufu.orgunits.OrgUnitService;
import cn.futian.jufu.orgunits.OrgUnitView;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.OffsetDateTime;
import java.time.Year;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Members: created from the token on first use; their profile and consents. */
@ApplicationScoped
public class MemberService {

  static final String DEFAULT_DISPLAY_NAME = "居民";
  static final String DELETED_DISPLAY_NAME = "已注销用户";

  private final MemberRepository members;
  private final ConsentRepository consents;
  private final DependantRepository dependants;
  private final OrgUnitService orgUnits;
  private final CadreService cadres;
  private final ConsentTexts texts;
  private final Instance<ConsentListener> listeners;

  MemberService(
      MemberRepository members,
      ConsentRepository consents,
      DependantRepository dependants,
      OrgUnitService orgUnits,
      CadreService cadres,
      ConsentTexts texts,
      Instance<ConsentListener> listeners) {
    this.listeners = listeners;
    this.members = members;
    this.consents = consents;
    this.dependants = dependants;
    this.orgUnits = orgUnits;
    this.cadres = cadres;
    this.texts = texts;
  }

  /** The calling member, created from the token on the first call. */
  @WithTransaction
  public Uni<MeView> me(CurrentUser user) {
    return ensure(user).chain(member -> view(user, member));
  }

  @WithTransaction
  public Uni<MeView> update(CurrentUser user, MePatch patch) {
    return ensure(user)
        .call(member -> checkConsentForProfileFields(member, patch))
        .call(
            member ->
                isSet(patch.maritalStatus)
                    ? requireConsent(member, ConsentPurpose.MARITAL_STATUS)
                    : Uni.createFrom().voidItem())
        .call(member -> checkHomeUnit(patch))
        .invoke(member -> apply(member, patch))
        .call(members::flush)
        .chain(member -> view(user, member));
  }

  @WithTransaction
  public Uni<List<ConsentView>> consents(CurrentUser user) {
    return ensure(user)
        .chain(member -> consents.history(member.id))
        .map(list -> list.stream().map(ConsentView::of).toList());
  }

  /**
   * Records a consent to the current text of a purpose. Giving the same consent again changes
   * nothing; consenting to a newer text replaces the older record (kept as history).
   */
  @WithTransaction
  public Uni<ConsentView> giveConsent(CurrentUser user, GiveConsent cmd) {
    String current = texts.currentVersion(cmd.purpose());
    if (!current.equals(cmd.textVersion())) {
      throw DomainException.rule("member.consent-version", cmd.textVersion(), current);
    }
    return ensure(user)
        .chain(member -> grant(member.id, cmd.purpose(), current))
        .map(ConsentView::of);
  }

  /**
   * Records a consent to the current text unless one is active (for features that ask for it in
   * their own words, such as the campaign opt-in); call inside a transaction.
   */
  public Uni<Void> grantCurrent(long memberId, ConsentPurpose purpose) {
    return consents
        .findActive(memberId, purpose)
        .chain(
            active ->
                active != null
                    ? Uni.createFrom().voidItem()
                    : grant(memberId, purpose, texts.currentVersion(purpose)).replaceWithVoid());
  }

  /** Withdraws a consent if one is active; call inside a transaction. */
  public Uni<Void> withdrawIfActive(long memberId, ConsentPurpose purpose) {
    return members
        .findById(memberId)
        .chain(
            member ->
                consents
                    .findActive(memberId, purpose)
                    .chain(
                        active ->
                            active == null
                                ? Uni.createFrom().voidItem()
                                : withdraw(member, active).replaceWithVoid()));
  }

  private Uni<Consent> grant(long memberId, ConsentPurpose purpose, String current) {
    return consents
        .findActive(memberId, purpose)
        .chain(
            active -> {
              if (active != null && active.textVersion.equals(current)) {
                return Uni.createFrom().item(active);
              }
              OffsetDateTime now = OffsetDateTime.now();
              Uni<Void> retireOld =
                  active == null
                      ? Uni.createFrom().voidItem()
                      : Uni.createFrom()
                          .item(active)
                          .invoke(a -> a.withdrawnAt = now)
                          .call(consents::flush)
                          .replaceWithVoid();
              Consent c = new Consent();
              c.memberId = memberId;
              c.purpose = purpose;
              c.textVersion = current;
              c.grantedAt = now;
              return retireOld
                  .chain(() -> consents.persistAndFlush(c))
                  .call(() -> tell(l -> l.granted(memberId, purpose)));
            });
  }

  private Uni<Void> tell(java.util.function.Function<ConsentListener, Uni<Void>> call) {
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (ConsentListener l : listeners) {
      chain = chain.chain(() -> call.apply(l));
    }
    return chain;
  }

  /** Withdraws a consent and erases the data that needed it. */
  @WithTransaction
  public Uni<ConsentView> withdrawConsent(CurrentUser user, ConsentPurpose purpose) {
    return ensure(user)
        .chain(
            member ->
                consents
                    .findActive(member.id, purpose)
                    .onItem()
                    .ifNull()
                    .failWith(() -> DomainException.notFound("consent", purpose))
                    .chain(c -> withdraw(member, c)))
        .map(ConsentView::of);
  }

  /** Ends a consent, erases what needed it here, and tells the features that rely on it. */
  private Uni<Consent> withdraw(Member member, Consent c) {
    c.withdrawnAt = OffsetDateTime.now();
    member.updatedAt = c.withdrawnAt;
    switch (c.purpose) {
      case PROFILE -> member.clearProfileFields();
      case MARITAL_STATUS -> member.maritalStatus = null;
      case MINORS, CAMPAIGNS -> {}
    }
    return (c.purpose == ConsentPurpose.MINORS
            ? eraseChildren(member.id, c.withdrawnAt)
            : Uni.createFrom().voidItem())
        .call(consents::flush)
        .call(() -> tell(l -> l.withdrawn(member.id, c.purpose)))
        .replaceWith(c);
  }

  public List<MemberDtos.ConsentTextVersion> currentConsentTexts() {
    return Arrays.stream(ConsentPurpose.values())
        .map(p -> new MemberDtos.ConsentTextVersion(p, texts.currentVersion(p)))
        .toList();
  }

  /** How cadres may address members of their events: name and (consented) phone. */
  public record Contact(String displayName, String phone) {}

  @WithSession
  public Uni<java.util.Map<Long, Contact>> contacts(java.util.Collection<Long> memberIds) {
    if (memberIds.isEmpty()) {
      return Uni.createFrom().item(java.util.Map.of());
    }
    return members
        .list("id in ?1", memberIds)
        .map(
            list -> {
              java.util.Map<Long, Contact> out = new java.util.HashMap<>();
              list.forEach(m -> out.put(m.id, new Contact(m.displayName, m.phone)));
              return out;
            });
  }

  /** The Keycloak subject of a member (null when there is no such member). */
  @WithSession
  public Uni<String> subjectOf(long memberId) {
    return members.findById(memberId).map(m -> m == null ? null : m.subject);
  }

  /** The member for a subject, or null: for features that must not create one. */
  @WithSession
  public Uni<Long> idOf(String subject) {
    return members.findBySubject(subject).map(m -> m == null ? null : m.id);
  }

  /**
   * The member ids of these subjects, in the subjects' order, leaving out those without a member
   * (never signed in): for features that must not create one.
   */
  @WithSession
  public Uni<java.util.List<Long>> idsOf(java.util.List<String> subjects) {
    if (subjects.isEmpty()) {
      return Uni.createFrom().item(java.util.List.of());
    }
    return members
        .findBySubjects(subjects)
        .map(
            found -> {
              java.util.Map<String, Long> bySubject = new java.util.HashMap<>();
              found.forEach(m -> bySubject.put(m.subject, m.id));
              return subjects.stream()
                  .map(bySubject::get)
                  .filter(java.util.Objects::nonNull)
                  .distinct()
                  .toList();
            });
  }

  /** When a member's account was first seen here. */
  @WithSession
  public Uni<java.time.OffsetDateTime> joinedAt(long memberId) {
    return members.findById(memberId).map(m -> m == null ? null : m.createdAt);
  }

  /** The caller's member id, creating the member on first use (call inside a transaction). */
  public Uni<Long> ensureId(CurrentUser user) {
    return ensure(user).map(m -> m.id);
  }

  /**
   * The caller's member, created on first use. One read finds the member or the tombstone of a
   * deleted account (its subject's SHA-256): a token issued before a deletion cannot bring the
   * account back as a new member.
   */
  private Uni<Member> ensure(CurrentUser user) {
    String tombstone = tombstoneSubject(user.subject());
    return members
        .findBySubjects(List.of(user.subject(), tombstone))
        .chain(
            found -> {
              for (Member m : found) {
                if (m.subject.equals(user.subject())) {
                  return Uni.createFrom().item(m);
                }
              }
              for (Member m : found) {
                if (m.subject.equals(tombstone) && m.deletedAt != null) {
                  throw DomainException.forbidden("member.deleted");
                }
              }
              return members
                  .insertIfAbsent(user.subject(), initialName(user.name()))
                  .chain(() -> members.findBySubject(user.subject()));
            });
  }

  /** The subject a deleted account leaves behind (its SHA-256): a token cannot bring it back. */
  public static String tombstoneSubject(String subject) {
    try {
      return java.util.HexFormat.of()
          .formatHex(
              java.security.MessageDigest.getInstance("SHA-256")
                  .digest(subject.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Erases the member's own record for an account deletion (call inside a transaction): the row
   * stays as an anonymous tombstone so registrations and attendance still count in the year's
   * totals; profile fields, family record and consents' ties are erased. Returns the member id, or
   * null when the caller never became a member.
   */
  public Uni<Long> eraseForDeletion(CurrentUser user) {
    return members
        .findBySubject(user.subject())
        .chain(
            member -> {
              if (member == null) {
                return Uni.createFrom().nullItem();
              }
              OffsetDateTime now = OffsetDateTime.now();
              return consents
                  .list("memberId = ?1 and withdrawnAt is null", member.id)
                  .invoke(list -> list.forEach(c -> c.withdrawnAt = now))
                  .chain(() -> dependants.list("memberId", member.id))
                  .invoke(
                      list ->
                          list.forEach(
                              d -> {
                                d.name = "—";
                                d.gender = null;
                                d.guardianConsentAt = null;
                                if (d.removedAt == null) {
                                  d.removedAt = now;
                                }
                              }))
                  .invoke(
                      () -> {
                        member.subject = tombstoneSubject(user.subject());
                        member.displayName = DELETED_DISPLAY_NAME;
                        member.homeUnitId = null;
                        member.clearProfileFields();
                        member.maritalStatus = null;
                        member.deletedAt = now;
                        member.updatedAt = now;
                      })
                  .call(members::flush)
                  .replaceWith(member.id);
            });
  }

  private Uni<Void> checkConsentForProfileFields(Member member, MePatch patch) {
    boolean setsProfileField = isSet(patch.phone) || isSet(patch.birthYear) || isSet(patch.gender);
    if (!setsProfileField) {
      return Uni.createFrom().voidItem();
    }
    return requireConsent(member, ConsentPurpose.PROFILE);
  }

  private Uni<Void> requireConsent(Member member, ConsentPurpose purpose) {
    return consents
        .findActive(member.id, purpose)
        .invoke(
            active -> {
              if (active == null) {
                throw new DomainException(
                    ProblemCode.CONSENT_REQUIRED,
                    "consent-required." + purpose.name().toLowerCase(java.util.Locale.ROOT));
              }
            })
        .replaceWithVoid();
  }

  /** Withdrawing the minors consent erases the children's data from the family record. */
  private Uni<Void> eraseChildren(long memberId, OffsetDateTime at) {
    return dependants
        .active(memberId)
        .invoke(
            list ->
                list.stream()
                    .filter(d -> d.relation == Dependant.Relation.CHILD)
                    .forEach(
                        d -> {
                          d.removedAt = at;
                          d.name = "—";
                          d.guardianConsentAt = null;
                        }))
        .replaceWithVoid();
  }

  @WithTransaction
  public Uni<List<MemberDtos.DependantView>> dependants(CurrentUser user) {
    return ensure(user)
        .chain(member -> dependants.active(member.id))
        .map(list -> list.stream().map(MemberDtos.DependantView::of).toList());
  }

  /** Adds a child (needs the guardian's MINORS consent, recorded on the child) or a spouse. */
  @WithTransaction
  public Uni<MemberDtos.DependantView> addDependant(CurrentUser user, MemberDtos.AddDependant cmd) {
    int thisYear = Year.now(Times.ZONE).getValue();
    if (cmd.birthYear() > thisYear) {
      throw DomainException.invalid("birthYear", "max", thisYear);
    }
    return ensure(user)
        .call(
            member ->
                cmd.relation() == Dependant.Relation.CHILD
                    ? requireConsent(member, ConsentPurpose.MINORS)
                    : Uni.createFrom().voidItem())
        .chain(
            member -> {
              Dependant d = new Dependant();
              d.memberId = member.id;
              d.relation = cmd.relation();
              d.name = cmd.name().strip();
              d.birthYear = cmd.birthYear().shortValue();
              d.gender = cmd.gender();
              d.createdAt = OffsetDateTime.now();
              d.guardianConsentAt = d.relation == Dependant.Relation.CHILD ? d.createdAt : null;
              return dependants.persistAndFlush(d);
            })
        .map(MemberDtos.DependantView::of);
  }

  @WithTransaction
  public Uni<Void> removeDependant(CurrentUser user, long id) {
    return ensure(user)
        .chain(
            member ->
                dependants
                    .findById(id)
                    .invoke(
                        d -> {
                          if (d == null || !d.memberId.equals(member.id) || d.removedAt != null) {
                            throw DomainException.notFound("dependant", id);
                          }
                          d.removedAt = OffsetDateTime.now();
                          d.name = "—";
                        }))
        .call(dependants::flush)
        .replaceWithVoid();
  }

  /**
   * What eligibility rules may know of the caller (created on first use): consented fields only,
   * marital status only with its consent, children only with the guardian's consent.
   */
  @WithTransaction
  public Uni<MemberDtos.EligibilityProfile> eligibilityProfile(CurrentUser user) {
    return ensure(user)
        .chain(
            member ->
                dependants
                    .eligibilityExtras(member.id)
                    .map(
                        extras ->
                            new MemberDtos.EligibilityProfile(
                                member.id,
                                member.homeUnitId,
                                member.gender,
                                member.birthYear == null ? null : member.birthYear.intValue(),
                                extras.maritalConsent() ? member.maritalStatus : null,
                                extras.children())));
  }

  private Uni<Void> checkHomeUnit(MePatch patch) {
    if (!isSet(patch.homeUnitId)) {
      return Uni.createFrom().voidItem();
    }
    return orgUnits
        .requireActive(patch.homeUnitId.get())
        .invoke(
            unit -> {
              if (unit.kind() != OrgUnitKind.COMMUNITY && unit.kind() != OrgUnitKind.WOMENS_GROUP) {
                throw DomainException.invalid("homeUnitId", "home-unit-kind");
              }
            })
        .replaceWithVoid();
  }

  private static void apply(Member member, MePatch patch) {
    if (patch.displayName != null) {
      member.displayName = patch.displayName.map(String::strip).orElse(DEFAULT_DISPLAY_NAME);
    }
    if (patch.homeUnitId != null) {
      member.homeUnitId = patch.homeUnitId.orElse(null);
    }
    if (patch.phone != null) {
      member.phone = patch.phone.orElse(null);
    }
    if (patch.birthYear != null) {
      Integer year = patch.birthYear.orElse(null);
      if (year != null && year > Year.now(Times.ZONE).getValue()) {
        throw DomainException.invalid("birthYear", "max", Year.now(Times.ZONE).getValue());
      }
      member.birthYear = year == null ? null : year.shortValue();
    }
    if (patch.gender != null) {
      member.gender = patch.gender.orElse(null);
    }
    if (patch.maritalStatus != null) {
      member.maritalStatus = patch.maritalStatus.orElse(null);
    }
    member.updatedAt = OffsetDateTime.now();
  }

  private Uni<MeView> view(CurrentUser user, Member member) {
    List<Long> unitIds = new ArrayList<>();
    if (member.homeUnitId != null) {
      unitIds.add(member.homeUnitId);
    }
    return cadres
        .activeUnitIds(user.subject())
        .chain(
            managed -> {
              List<Long> all = new ArrayList<>(unitIds);
              all.addAll(managed);
              return orgUnits
                  .byIds(all)
                  .chain(
                      units ->
                          consents
                              .history(member.id)
                              .map(
                                  history ->
                                      new MeView(
                                          member.id,
                                          member.displayName,
                                          units.stream()
                                              .filter(u -> u.id() == orDefault(member.homeUnitId))
                                              .map(MemberService::ref)
                                              .findFirst()
                                              .orElse(null),
                                          member.phone,
                                          member.birthYear == null
                                              ? null
                                              : member.birthYear.intValue(),
                                          member.gender,
                                          member.maritalStatus,
                                          user.roles().stream().sorted().toList(),
                                          units.stream()
                                              .filter(u -> managed.contains(u.id()))
                                              .map(MemberService::ref)
                                              .toList(),
                                          history.stream()
                                              .filter(Consent::isActive)
                                              .map(c -> c.purpose)
                                              .distinct()
                                              .toList())));
            });
  }

  private static long orDefault(Long id) {
    return id == null ? -1 : id;
  }

  private static UnitRef ref(OrgUnitView u) {
    return new UnitRef(u.id(), u.code(), u.nameZh(), u.nameEn());
  }

  private static boolean isSet(Optional<?> field) {
    return field != null && field.isPresent();
  }

  /** The display name a new member starts with: the token's name, or 居民. */
  public static String initialName(String fromToken) {
    if (fromToken == null || fromToken.isBlank()) {
      return DEFAULT_DISPLAY_NAME;
    }
    String name = fromToken.strip();
    return name.length() > 50 ? name.substring(0, 50) : name;
  }
}
