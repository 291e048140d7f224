package cn.futian.jufu.families;

import cn.futian.jufu.common.error.DomainException;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.families.FamilyDtos.HonourView;
import cn.futian.jufu.families.FamilyDtos.JuryScore;
import cn.futian.jufu.families.FamilyDtos.NewHonour;
import cn.futian.jufu.families.FamilyDtos.Phase;
import cn.futian.jufu.families.FamilyDtos.Result;
import cn.futian.jufu.families.FamilyDtos.ResultRow;
import cn.futian.jufu.families.FamilyDtos.Status;
import cn.futian.jufu.families.FamilyRepository.NominationRow;
import cn.futian.jufu.families.FamilyRepository.SearchRow;
import cn.futian.jufu.families.FamilyVoteRepository.Count;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The search's result (ADR 0032): the jury's scores, the weighted result with the vote's integrity
 * summary, and the honours (the district's award, then the city's, the province's, the nation's).
 */
@ApplicationScoped
public class FamilyResultService {

  private final FamilyRepository repo;
  private final FamilyVoteRepository votes;

  FamilyResultService(FamilyRepository repo, FamilyVoteRepository votes) {
    this.repo = repo;
    this.votes = votes;
  }

  /** A juror's score of a finalist, from the public notice until the objections close. */
  @WithTransaction
  public Uni<Void> score(CurrentUser admin, long nominationId, JuryScore s) {
    return finalist(nominationId)
        .call(
            n ->
                search(n.searchId())
                    .invoke(
                        search -> {
                          Phase p = FamilySearchService.phase(search, OffsetDateTime.now());
                          if (p.ordinal() < Phase.NOTICE.ordinal() || p == Phase.CLOSED) {
                            throw DomainException.rule("family-result.jury-window", p);
                          }
                        }))
        .call(n -> repo.putJuryScore(n.id(), s.juror().strip(), s.score(), admin.subject()))
        .replaceWithVoid();
  }

  /** The weighted result, public once the vote has closed. */
  @WithSession
  public Uni<Result> result(long searchId) {
    return search(searchId)
        .invoke(
            s -> {
              if (FamilySearchService.phase(s, OffsetDateTime.now()).ordinal()
                  < Phase.OBJECTION.ordinal()) {
                throw DomainException.rule("family-result.not-yet", s.votingCloseAt());
              }
            })
        .chain(
            s ->
                repo.finalists(searchId)
                    .chain(
                        finalists ->
                            votes
                                .counts(searchId)
                                .chain(
                                    counts ->
                                        repo.juryScores(searchId)
                                            .chain(
                                                jury ->
                                                    repo.honours(
                                                            finalists.stream()
                                                                .map(NominationRow::id)
                                                                .toList())
                                                        .map(
                                                            honours ->
                                                                result(
                                                                    s, finalists, counts, jury,
                                                                    honours))))));
  }

  /** An honour for a finalist once the search has closed; 409 for the same title twice. */
  @WithTransaction
  public Uni<HonourView> honour(CurrentUser admin, long nominationId, NewHonour h) {
    return finalist(nominationId)
        .call(
            n ->
                search(n.searchId())
                    .invoke(
                        s -> {
                          if (FamilySearchService.phase(s, OffsetDateTime.now()) != Phase.CLOSED) {
                            throw DomainException.rule(
                                "family-result.honour-after-close", s.objectionsCloseAt());
                          }
                        }))
        .chain(
            n -> repo.insertHonour(n.id(), h.level(), h.title().strip(), h.year(), admin.subject()))
        .map(
            id -> {
              if (id == null) {
                throw DomainException.conflict("family-result.honour-held", h.title());
              }
              return new HonourView(id, h.level(), h.title().strip(), h.year());
            });
  }

  static Result result(
      SearchRow s,
      List<NominationRow> finalists,
      List<Count> counts,
      Map<Long, double[]> jury,
      Map<Long, List<HonourView>> honours) {
    Map<Long, Count> byId =
        counts.stream().collect(Collectors.toMap(Count::nominationId, Function.identity()));
    long most = counts.stream().mapToLong(Count::votes).max().orElse(0);
    record Scored(NominationRow n, double jury, int jurors, long votes, double pub, double total) {}
    List<Scored> scored = new ArrayList<>();
    for (NominationRow n : finalists) {
      double[] j = jury.getOrDefault(n.id(), new double[] {0, 0});
      long v = byId.containsKey(n.id()) ? byId.get(n.id()).votes() : 0;
      double pub = most == 0 ? 0 : 100.0 * v / most;
      double total = (s.juryWeight() * j[0] + (100 - s.juryWeight()) * pub) / 100.0;
      scored.add(new Scored(n, round(j[0]), (int) j[1], v, round(pub), round(total)));
    }
    scored.sort(
        Comparator.comparingDouble(Scored::total)
            .reversed()
            .thenComparing(Comparator.comparingLong(Scored::votes).reversed())
            .thenComparingLong(x -> x.n().id()));
    List<ResultRow> rows = new ArrayList<>();
    for (int i = 0; i < scored.size(); i++) {
      Scored x = scored.get(i);
      rows.add(
          new ResultRow(
              i + 1,
              x.n().id(),
              x.n().familyName(),
              x.jury(),
              x.jurors(),
              x.votes(),
              x.pub(),
              x.total(),
              honours.getOrDefault(x.n().id(), List.of())));
    }
    long flagged = counts.stream().mapToLong(Count::flagged).sum();
    long voided = counts.stream().mapToLong(Count::voided).sum();
    long counted = counts.stream().mapToLong(Count::votes).sum();
    return new Result(s.id(), s.juryWeight(), counted + voided, flagged, voided, rows);
  }

  private static double round(double x) {
    return Math.round(x * 100) / 100.0;
  }

  private Uni<NominationRow> finalist(long nominationId) {
    return repo.nomination(nominationId)
        .invoke(
            n -> {
              if (n == null || n.status() != Status.FINALIST) {
                throw DomainException.notFound("family-candidate", nominationId);
              }
            });
  }

  private Uni<SearchRow> search(long id) {
    return repo.search(id)
        .onItem()
        .ifNull()
        .failWith(() -> DomainException.notFound("family-search", id));
  }
}
