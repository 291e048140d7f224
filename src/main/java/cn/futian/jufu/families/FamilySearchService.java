package cn.futian.jufu.families;

import cn.futian.jufu.cadres.AccessPolicy;
import cn.futian.jufu.common.api.Page;
import cn.futian.jufu.common.error.DomainException;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.common.text.Texts;
import cn.futian.jufu.families.FamilyDtos.CandidateView;
import cn.futian.jufu.families.FamilyDtos.Consent;
import cn.futian.jufu.families.FamilyDtos.Decision;
import cn.futian.jufu.families.FamilyDtos.Level;
import cn.futian.jufu.families.FamilyDtos.MemberView;
import cn.futian.jufu.families.FamilyDtos.NewNomination;
import cn.futian.jufu.families.FamilyDtos.NewSearch;
import cn.futian.jufu.families.FamilyDtos.NominatedBy;
import cn.futian.jufu.families.FamilyDtos.NominationView;
import cn.futian.jufu.families.FamilyDtos.Phase;
import cn.futian.jufu.families.FamilyDtos.Review;
import cn.futian.jufu.families.FamilyDtos.SearchView;
import cn.futian.jufu.families.FamilyDtos.Status;
import cn.futian.jufu.families.FamilyRepository.NominationRow;
import cn.futian.jufu.families.FamilyRepository.SearchRow;
import cn.futian.jufu.orgunits.OrgUnitKind;
import cn.futian.jufu.orgunits.OrgUnitService;
import cn.futian.jufu.orgunits.OrgUnitView;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The 最美家庭 search (ADR 0030): the year's search and its phases, nominations with the members'
 * consent, and the review that climbs the tree within each level's quota. The phases are the
 * server's: every step checks the search's dates against the clock.
 */
@ApplicationScoped
public class FamilySearchService {

  /** Nominations one member may file in a search (a unit's cadre files in the unit's name). */
  static final int NOMINATIONS_PER_MEMBER = 5;

  private final FamilyRepository repo;
  private final AccessPolicy policy;
  private final OrgUnitService orgUnits;

  FamilySearchService(FamilyRepository repo, AccessPolicy policy, OrgUnitService orgUnits) {
    this.repo = repo;
    this.policy = policy;
    this.orgUnits = orgUnits;
  }

  // ------------------------------------------------------------------ the search

  /** A year's search (district staff). Its dates must follow the phases' order. */
  @WithTransaction
  public Uni<SearchView> create(CurrentUser admin, NewSearch s) {
    checkOrder("nominationsCloseAt", s.nominationsOpenAt(), s.nominationsCloseAt(), true);
    checkOrder("reviewCloseAt", s.nominationsCloseAt(), s.reviewCloseAt(), false);
    checkOrder("noticeCloseAt", s.reviewCloseAt(), s.noticeCloseAt(), false);
    checkOrder("votingOpenAt", s.noticeCloseAt(), s.votingOpenAt(), false);
    checkOrder("votingCloseAt", s.votingOpenAt(), s.votingCloseAt(), true);
    checkOrder("objectionsCloseAt", s.votingCloseAt(), s.objectionsCloseAt(), false);
    return repo.insertSearch(s, admin.subject())
        .chain(
            id -> {
              if (id == null) {
                throw DomainException.conflict("family-search.year-taken", s.year());
              }
              return requireSearch(id);
            })
        .map(FamilySearchService::view);
  }

  @WithSession
  public Uni<List<SearchView>> list() {
    return repo.searches().map(rows -> rows.stream().map(FamilySearchService::view).toList());
  }

  @WithSession
  public Uni<SearchView> get(long id) {
    return requireSearch(id).map(FamilySearchService::view);
  }

  /** The places of their quotas these units have used in a search (the console's review page). */
  @WithSession
  public Uni<java.util.Map<Long, Integer>> quotaUsed(long searchId, List<Long> unitIds) {
    return repo.quotaUsed(searchId, unitIds);
  }

  /** Where a search stands at {@code now}. */
  static Phase phase(SearchRow s, OffsetDateTime now) {
    if (now.isBefore(s.nominationsOpenAt())) {
      return Phase.SCHEDULED;
    } else if (now.isBefore(s.nominationsCloseAt())) {
      return Phase.NOMINATION;
    } else if (now.isBefore(s.reviewCloseAt())) {
      return Phase.REVIEW;
    } else if (now.isBefore(s.noticeCloseAt())) {
      return Phase.NOTICE;
    } else if (now.isBefore(s.votingOpenAt())) {
      return Phase.BEFORE_VOTING;
    } else if (now.isBefore(s.votingCloseAt())) {
      return Phase.VOTING;
    } else if (now.isBefore(s.objectionsCloseAt())) {
      return Phase.OBJECTION;
    }
    return Phase.CLOSED;
  }

  // ------------------------------------------------------------------ nominations

  /**
   * A family put forward during the nomination phase: by a member of the family (SELF), by a unit
   * the caller manages (UNIT) or on behalf of an employer or organisation (ORGANISATION).
   */
  @WithTransaction
  public Uni<NominationView> nominate(CurrentUser user, long searchId, NewNomination n) {
    if (n.nominatedBy() == NominatedBy.UNIT && n.nominatorUnitId() == null) {
      throw DomainException.invalid("nominatorUnitId", "family.nominator-unit-required");
    }
    if (n.nominatedBy() == NominatedBy.ORGANISATION
        && Texts.blankToNull(n.nominatorOrg()) == null) {
      throw DomainException.invalid("nominatorOrg", "family.nominator-org-required");
    }
    return requireSearch(searchId)
        .invoke(s -> requirePhase(s, Phase.NOMINATION))
        .call(() -> requireFamilyUnit(n.homeUnitId()))
        .call(
            () ->
                n.nominatedBy() == NominatedBy.UNIT
                    ? policy.requireManage(user, n.nominatorUnitId())
                    : Uni.createFrom().voidItem())
        .call(
            () ->
                repo.countFiledBy(searchId, user.subject())
                    .invoke(
                        filed -> {
                          if (filed >= NOMINATIONS_PER_MEMBER) {
                            throw DomainException.rule(
                                "family.too-many-nominations", NOMINATIONS_PER_MEMBER);
                          }
                        }))
        .chain(() -> repo.insertNomination(searchId, n, user.subject()))
        .call(id -> repo.insertMembers(id, n.members()))
        .call(id -> repo.insertPhotos(id, n.photoUrls() == null ? List.of() : n.photoUrls()))
        .chain(this::view);
  }

  /**
   * The nominations a caller may see: district staff all, a cadre those of families in her units,
   * anyone else the ones she filed.
   */
  @WithSession
  public Uni<Page<NominationView>> nominations(
      CurrentUser user, long searchId, Status status, Level level, int page, int size) {
    return requireSearch(searchId)
        .chain(s -> policy.managedUnitIds(user))
        .chain(
            units -> {
              if (units != null && units.isEmpty()) {
                return repo.filedBy(searchId, user.subject())
                    .map(rows -> new Page<>(rows, 0, Math.max(rows.size(), 1), rows.size()));
              }
              return repo.nominations(searchId, units, status, level, page, size)
                  .chain(
                      rows ->
                          repo.countNominations(searchId, units, status, level)
                              .map(total -> new Page<>(rows, page, size, total)));
            })
        .chain(this::views);
  }

  /** One nomination, for its nominator and the cadres of the family's units; else 404. */
  @WithSession
  public Uni<NominationView> nomination(CurrentUser user, long id) {
    return readable(user, id).chain(this::view);
  }

  /** A member's consent (a minor's through her guardian), recorded by the nominator or a cadre. */
  @WithTransaction
  public Uni<NominationView> consent(CurrentUser user, long id, Consent c) {
    return readable(user, id)
        .call(
            n ->
                repo.members(id)
                    .invoke(
                        members -> {
                          MemberView m =
                              members.stream()
                                  .filter(x -> x.id() == c.memberId())
                                  .findFirst()
                                  .orElseThrow(
                                      () ->
                                          DomainException.notFound("family-member", c.memberId()));
                          if (m.consentAt() != null) {
                            throw DomainException.conflict("family.consent-recorded", m.id());
                          }
                          if (m.minor() && Texts.blankToNull(c.guardianName()) == null) {
                            throw DomainException.invalid(
                                "guardianName", "family.guardian-required");
                          }
                        }))
        .call(
            n ->
                repo.consent(id, c.memberId(), user.subject(), Texts.blankToNull(c.guardianName())))
        .chain(this::view);
  }

  /**
   * A level's decision during the review phase: its cadres forward the family to the level above
   * (within the level's quota: the district's forward makes it a finalist) or decline it with a
   * reason. Nothing goes forward before every member has consented.
   */
  @WithTransaction
  public Uni<NominationView> review(CurrentUser user, long id, Review r) {
    return repo.nomination(id)
        .onItem()
        .ifNull()
        .failWith(() -> DomainException.notFound("family-nomination", id))
        .chain(
            n ->
                // Who may decide first (403), then when (422), then whether (409, 422).
                reviewingUnit(n)
                    .call(unit -> policy.requireManage(user, unit.id()))
                    .chain(
                        unit ->
                            requireSearch(n.searchId())
                                .invoke(s -> requirePhase(s, Phase.REVIEW))
                                .invoke(
                                    s -> {
                                      if (n.status() != Status.IN_REVIEW) {
                                        throw DomainException.conflict(
                                            "family.review-done", n.status());
                                      }
                                    })
                                .call(s -> requireConsents(n, r.decision()))
                                .call(s -> takeQuota(s, n, unit, r.decision()))
                                .call(
                                    s ->
                                        repo.decide(
                                                n,
                                                n.level(),
                                                unit.id(),
                                                r.decision(),
                                                r.reason().strip(),
                                                user.subject())
                                            .invoke(
                                                moved -> {
                                                  if (!moved) {
                                                    throw DomainException.conflict(
                                                        "family.review-raced", id);
                                                  }
                                                }))
                                .replaceWith(n.id())))
        .chain(this::view);
  }

  /** The finalists as everyone sees them, from the public notice on. */
  @WithSession
  public Uni<List<CandidateView>> candidates(long searchId) {
    return requireSearch(searchId)
        .invoke(
            s -> {
              Phase p = phase(s, OffsetDateTime.now());
              if (p.ordinal() < Phase.NOTICE.ordinal()) {
                throw DomainException.rule("family-search.candidates-not-yet", s.reviewCloseAt());
              }
            })
        .chain(s -> repo.finalists(searchId))
        .chain(
            rows -> {
              Uni<List<CandidateView>> all = Uni.createFrom().item(List.of());
              for (NominationRow n : rows) {
                all =
                    all.chain(
                        list ->
                            repo.photos(n.id())
                                .chain(
                                    photos ->
                                        repo.members(n.id())
                                            .map(
                                                members -> {
                                                  var out =
                                                      new java.util.ArrayList<CandidateView>(list);
                                                  out.add(candidate(n, photos, members));
                                                  return List.copyOf(out);
                                                })));
              }
              return all;
            });
  }

  // ------------------------------------------------------------------ rules

  private Uni<SearchRow> requireSearch(long id) {
    return repo.search(id)
        .onItem()
        .ifNull()
        .failWith(() -> DomainException.notFound("family-search", id));
  }

  private static void requirePhase(SearchRow s, Phase wanted) {
    Phase now = phase(s, OffsetDateTime.now());
    if (now != wanted) {
      throw DomainException.rule("family-search.wrong-phase", wanted, now);
    }
  }

  private static void checkOrder(
      String field, OffsetDateTime before, OffsetDateTime after, boolean strictly) {
    if (strictly ? !after.isAfter(before) : after.isBefore(before)) {
      throw DomainException.invalid(field, "family-search.dates-order");
    }
  }

  /** A family lives in a community or a unit below one. */
  private Uni<Void> requireFamilyUnit(long unitId) {
    return orgUnits
        .requireActive(unitId)
        .chain(u -> orgUnits.lineage(unitId))
        .invoke(
            lineage -> {
              if (lineage.stream().noneMatch(u -> u.kind() == OrgUnitKind.COMMUNITY)) {
                throw DomainException.invalid("homeUnitId", "family.home-unit");
              }
            })
        .replaceWithVoid();
  }

  /**
   * The unit that reviews the nomination at its level: the family's community, street, district.
   */
  private Uni<OrgUnitView> reviewingUnit(NominationRow n) {
    return orgUnits
        .lineage(n.homeUnitId())
        .map(
            lineage ->
                switch (n.level()) {
                  case COMMUNITY -> of(lineage, OrgUnitKind.COMMUNITY);
                  case STREET -> of(lineage, OrgUnitKind.STREET);
                  case DISTRICT -> lineage.get(0);
                });
  }

  private static OrgUnitView of(List<OrgUnitView> lineage, OrgUnitKind kind) {
    return lineage.stream()
        .filter(u -> u.kind() == kind)
        .findFirst()
        .orElseThrow(() -> DomainException.rule("family.no-reviewing-unit", kind));
  }

  private Uni<Void> requireConsents(NominationRow n, Decision decision) {
    if (decision == Decision.DECLINE) {
      return Uni.createFrom().voidItem();
    }
    return repo.members(n.id())
        .invoke(
            members -> {
              long missing = members.stream().filter(m -> m.consentAt() == null).count();
              if (missing > 0) {
                throw DomainException.rule("family.consent-missing", missing);
              }
            })
        .replaceWithVoid();
  }

  private Uni<Void> takeQuota(SearchRow s, NominationRow n, OrgUnitView unit, Decision decision) {
    if (decision == Decision.DECLINE) {
      return Uni.createFrom().voidItem();
    }
    int quota =
        switch (n.level()) {
          case COMMUNITY -> s.communityQuota();
          case STREET -> s.streetQuota();
          case DISTRICT -> s.finalists();
        };
    return repo.takeQuota(s.id(), unit.id(), quota)
        .invoke(
            taken -> {
              if (!taken) {
                throw DomainException.rule("family.quota-used", quota);
              }
            })
        .replaceWithVoid();
  }

  /** The nomination if the caller filed it or manages the family's unit; else 404. */
  private Uni<NominationRow> readable(CurrentUser user, long id) {
    return repo.nomination(id)
        .onItem()
        .ifNull()
        .failWith(() -> DomainException.notFound("family-nomination", id))
        .call(
            n ->
                n.nominatorSubject().equals(user.subject())
                    ? Uni.createFrom().voidItem()
                    : policy
                        .canManage(user, n.homeUnitId())
                        .invoke(
                            ok -> {
                              if (!ok) {
                                throw DomainException.notFound("family-nomination", id);
                              }
                            })
                        .replaceWithVoid());
  }

  private Uni<NominationView> view(long id) {
    return repo.nomination(id).chain(this::view);
  }

  private Uni<NominationView> view(NominationRow n) {
    return repo.photos(n.id())
        .chain(
            photos ->
                repo.members(n.id())
                    .chain(
                        members ->
                            repo.reviews(n.id())
                                .map(
                                    reviews ->
                                        new NominationView(
                                            n.id(),
                                            n.searchId(),
                                            n.familyName(),
                                            n.story(),
                                            n.homeUnitId(),
                                            n.nominatedBy(),
                                            n.nominatorUnitId(),
                                            n.nominatorOrg(),
                                            photos,
                                            n.level(),
                                            n.status(),
                                            members.stream().allMatch(m -> m.consentAt() != null),
                                            members,
                                            reviews,
                                            n.createdAt()))));
  }

  private Uni<Page<NominationView>> views(Page<NominationRow> page) {
    Uni<List<NominationView>> all = Uni.createFrom().item(List.of());
    for (NominationRow n : page.items()) {
      all =
          all.chain(
              list ->
                  view(n)
                      .map(
                          v -> {
                            var out = new java.util.ArrayList<NominationView>(list);
                            out.add(v);
                            return List.copyOf(out);
                          }));
    }
    return all.map(items -> new Page<>(items, page.page(), page.size(), page.total()));
  }

  private static CandidateView candidate(
      NominationRow n, List<String> photos, List<MemberView> members) {
    return new CandidateView(
        n.id(),
        n.familyName(),
        n.story(),
        n.homeUnitId(),
        photos,
        members.stream()
            .filter(m -> m.consentAt() != null)
            .map(m -> m.name() + "（" + m.relation() + "）")
            .toList());
  }

  static SearchView view(SearchRow s) {
    return new SearchView(
        s.id(),
        s.year(),
        s.title(),
        phase(s, OffsetDateTime.now()),
        s.nominationsOpenAt(),
        s.nominationsCloseAt(),
        s.reviewCloseAt(),
        s.noticeCloseAt(),
        s.votingOpenAt(),
        s.votingCloseAt(),
        s.objectionsCloseAt(),
        s.communityQuota(),
        s.streetQuota(),
        s.finalists(),
        s.juryWeight(),
        s.dailyVotes());
  }
}
