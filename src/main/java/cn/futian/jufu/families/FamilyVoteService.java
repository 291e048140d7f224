package cn.futian.jufu.families;

import cn.futian.jufu.common.error.DomainException;
import cn.futian.jufu.common.ratelimit.RateLimiter;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.common.time.Times;
import cn.futian.jufu.families.FamilyDtos.CandidateTally;
import cn.futian.jufu.families.FamilyDtos.FlaggedVote;
import cn.futian.jufu.families.FamilyDtos.Phase;
import cn.futian.jufu.families.FamilyDtos.Status;
import cn.futian.jufu.families.FamilyDtos.Tally;
import cn.futian.jufu.families.FamilyDtos.VoteReceipt;
import cn.futian.jufu.families.FamilyRepository.SearchRow;
import cn.futian.jufu.families.FamilyVoteRepository.Count;
import cn.futian.jufu.members.MemberService;
import cn.futian.jufu.wechat.WeChatBindingService;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The public vote of the 最美家庭 search (ADR 0031): one vote per person, finalist and day within the
 * search's daily allowance, only while voting is open; unusual votes flagged for review, voided by
 * district staff with a reason; the count and its integrity summary published.
 */
@ApplicationScoped
public class FamilyVoteService {

  /** Votes from one network within a minute from which the next ones are flagged. */
  static final int BURST = 60;

  static final String VOTE_IP = "family-vote-ip";
  static final String VOTE_DEVICE = "family-vote-device";

  /** Where a vote comes from. */
  public record Origin(String network, String addressKey, String deviceId) {}

  private final FamilyRepository searches;
  private final FamilyVoteRepository votes;
  private final MemberService members;
  private final WeChatBindingService wechat;
  private final RateLimiter limiter;

  FamilyVoteService(
      FamilyRepository searches,
      FamilyVoteRepository votes,
      MemberService members,
      WeChatBindingService wechat,
      RateLimiter limiter) {
    this.searches = searches;
    this.votes = votes;
    this.members = members;
    this.wechat = wechat;
    this.limiter = limiter;
  }

  /**
   * The per-address and per-device limits of voting, sized for shared networks (a company or a
   * campus behind one address): checked before the vote's transaction opens.
   */
  public Uni<Void> checkLimits(Origin origin) {
    Uni<Void> limits = limiter.check(VOTE_IP, origin.addressKey());
    if (origin.deviceId() != null) {
      limits = limits.chain(() -> limiter.check(VOTE_DEVICE, origin.deviceId()));
    }
    return limits;
  }

  /** A vote for a finalist, counted for today (Shanghai). */
  @WithTransaction
  public Uni<VoteReceipt> vote(CurrentUser user, long searchId, long candidateId, Origin origin) {
    LocalDate today = LocalDate.now(Times.ZONE);
    return requireSearch(searchId)
        .invoke(s -> requirePhase(s, Phase.VOTING))
        .call(
            s ->
                searches
                    .nomination(candidateId)
                    .invoke(
                        n -> {
                          if (n == null
                              || n.searchId() != searchId
                              || n.status() != Status.FINALIST) {
                            throw DomainException.notFound("family-candidate", candidateId);
                          }
                        }))
        .chain(
            s ->
                members
                    .ensureId(user)
                    .chain(
                        memberId ->
                            wechat
                                .identityOf(memberId)
                                .chain(
                                    identity -> {
                                      String voter =
                                          identity != null
                                              ? "wx:" + identity
                                              : "kc:" + user.subject();
                                      return members
                                          .joinedAt(memberId)
                                          .chain(
                                              joined ->
                                                  store(
                                                      s,
                                                      candidateId,
                                                      memberId,
                                                      voter,
                                                      today,
                                                      origin,
                                                      joined != null
                                                          && joined.isAfter(
                                                              s.nominationsOpenAt())));
                                    })));
  }

  private Uni<VoteReceipt> store(
      SearchRow s,
      long candidateId,
      long memberId,
      String voter,
      LocalDate today,
      Origin origin,
      boolean newAccount) {
    return votes
        .takeAllowance(s.id(), voter, today, s.dailyVotes())
        .invoke(
            used -> {
              if (used == null) {
                throw DomainException.rule("family-vote.daily-allowance", s.dailyVotes());
              }
            })
        .call(
            used ->
                votes
                    .insert(
                        s.id(),
                        candidateId,
                        memberId,
                        voter,
                        today,
                        origin.network(),
                        origin.deviceId(),
                        newAccount,
                        BURST)
                    .invoke(
                        id -> {
                          // The allowance taken goes back with the transaction.
                          if (id == null) {
                            throw DomainException.conflict("family-vote.already-today");
                          }
                        }))
        .map(used -> new VoteReceipt(candidateId, today, s.dailyVotes() - used));
  }

  /** The count per finalist and the integrity summary, from the vote's opening on. */
  @WithSession
  public Uni<Tally> tally(long searchId) {
    return requireSearch(searchId)
        .invoke(
            s -> {
              if (FamilySearchService.phase(s, OffsetDateTime.now()).ordinal()
                  < Phase.VOTING.ordinal()) {
                throw DomainException.rule("family-vote.not-open", s.votingOpenAt());
              }
            })
        .chain(
            s ->
                searches
                    .finalists(searchId)
                    .chain(
                        finalists ->
                            votes
                                .counts(searchId)
                                .map(
                                    counts -> {
                                      Map<Long, Count> by =
                                          counts.stream()
                                              .collect(
                                                  Collectors.toMap(
                                                      Count::nominationId, Function.identity()));
                                      List<CandidateTally> rows =
                                          finalists.stream()
                                              .map(
                                                  n -> {
                                                    Count c =
                                                        by.getOrDefault(
                                                            n.id(), new Count(n.id(), 0, 0, 0));
                                                    return new CandidateTally(
                                                        n.id(),
                                                        n.familyName(),
                                                        c.votes(),
                                                        c.flagged(),
                                                        c.voided());
                                                  })
                                              .toList();
                                      return new Tally(
                                          s.id(),
                                          FamilySearchService.phase(s, OffsetDateTime.now()),
                                          s.juryWeight(),
                                          rows.stream().mapToLong(CandidateTally::votes).sum()
                                              + rows.stream()
                                                  .mapToLong(CandidateTally::voided)
                                                  .sum(),
                                          rows.stream().mapToLong(CandidateTally::flagged).sum(),
                                          rows.stream().mapToLong(CandidateTally::voided).sum(),
                                          rows);
                                    })));
  }

  /** The flagged votes of a search, newest first (district staff). */
  @WithSession
  public Uni<List<FlaggedVote>> flagged(long searchId, int page, int size) {
    return requireSearch(searchId).chain(s -> votes.flagged(searchId, page, size));
  }

  /** Voids a vote with a reason (district staff); the count and its summary show it. */
  @WithTransaction
  public Uni<Void> voidVote(CurrentUser admin, long voteId, String reason) {
    return votes
        .searchOf(voteId)
        .onItem()
        .ifNull()
        .failWith(() -> DomainException.notFound("family-vote", voteId))
        .chain(search -> votes.voidVote(voteId, admin.subject(), reason.strip()))
        .invoke(
            voided -> {
              if (!voided) {
                throw DomainException.conflict("family-vote.voided", voteId);
              }
            })
        .replaceWithVoid();
  }

  private Uni<SearchRow> requireSearch(long id) {
    return searches
        .search(id)
        .onItem()
        .ifNull()
        .failWith(() -> DomainException.notFound("family-search", id));
  }

  private static void requirePhase(SearchRow s, Phase wanted) {
    Phase now = FamilySearchService.phase(s, OffsetDateTime.now());
    if (now != wanted) {
      throw DomainException.rule("family-search.wrong-phase", wanted, now);
    }
  }
}
