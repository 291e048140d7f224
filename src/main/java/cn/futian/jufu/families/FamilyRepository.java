package cn.futian.jufu.families;

import cn.futian.jufu.common.db.Sql;
import cn.futian.jufu.common.time.Times;
import cn.futian.jufu.families.FamilyDtos.Decision;
import cn.futian.jufu.families.FamilyDtos.HonourLevel;
import cn.futian.jufu.families.FamilyDtos.HonourView;
import cn.futian.jufu.families.FamilyDtos.Level;
import cn.futian.jufu.families.FamilyDtos.MemberInput;
import cn.futian.jufu.families.FamilyDtos.MemberView;
import cn.futian.jufu.families.FamilyDtos.NewNomination;
import cn.futian.jufu.families.FamilyDtos.NewSearch;
import cn.futian.jufu.families.FamilyDtos.NominatedBy;
import cn.futian.jufu.families.FamilyDtos.ReviewView;
import cn.futian.jufu.families.FamilyDtos.Status;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;

/** The tables of the search: {@code family_search}, nominations, members, reviews, quotas. */
@ApplicationScoped
class FamilyRepository {

  /** A search's row. */
  record SearchRow(
      long id,
      int year,
      String title,
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
      int juryWeight,
      int dailyVotes) {}

  /** A nomination's row. */
  record NominationRow(
      long id,
      long searchId,
      String familyName,
      String story,
      long homeUnitId,
      NominatedBy nominatedBy,
      String nominatorSubject,
      Long nominatorUnitId,
      String nominatorOrg,
      Level level,
      Status status,
      OffsetDateTime createdAt,
      int version) {}

  private static final String SEARCH =
      "select id, year, title, nominations_open_at, nominations_close_at, review_close_at,"
          + " notice_close_at, voting_open_at, voting_close_at, objections_close_at,"
          + " community_quota, street_quota, finalists, jury_weight, daily_votes from family_search";

  private static final String NOMINATION =
      "select id, search_id, family_name, story, home_unit_id, nominated_by, nominator_subject,"
          + " nominator_unit_id, nominator_org, level, status, created_at, version"
          + " from family_nomination";

  Uni<Long> insertSearch(NewSearch s, String by) {
    return Sql.first(
        "insert into family_search (year, title, nominations_open_at, nominations_close_at,"
            + " review_close_at, notice_close_at, voting_open_at, voting_close_at,"
            + " objections_close_at, community_quota, street_quota, finalists, jury_weight,"
            + " daily_votes, created_by) values (:y, :t, :a, :b, :c, :d, :e, :f, :g, :cq, :sq,"
            + " :fi, :jw, :dv, :by) on conflict (year) do nothing returning id",
        Long.class,
        "y",
        s.year(),
        "t",
        s.title().strip(),
        "a",
        s.nominationsOpenAt(),
        "b",
        s.nominationsCloseAt(),
        "c",
        s.reviewCloseAt(),
        "d",
        s.noticeCloseAt(),
        "e",
        s.votingOpenAt(),
        "f",
        s.votingCloseAt(),
        "g",
        s.objectionsCloseAt(),
        "cq",
        s.communityQuota(),
        "sq",
        s.streetQuota(),
        "fi",
        s.finalists(),
        "jw",
        s.juryWeight(),
        "dv",
        s.dailyVotes(),
        "by",
        by);
  }

  Uni<SearchRow> search(long id) {
    return Sql.records(SEARCH + " where id = :id", FamilyRepository::searchRow, "id", id)
        .map(rows -> rows.isEmpty() ? null : rows.get(0));
  }

  Uni<List<SearchRow>> searches() {
    return Sql.records(SEARCH + " order by year desc limit 50", FamilyRepository::searchRow);
  }

  Uni<Long> insertNomination(long searchId, NewNomination n, String by) {
    return Sql.first(
        "insert into family_nomination (search_id, family_name, story, home_unit_id,"
            + " nominated_by, nominator_subject, nominator_unit_id, nominator_org)"
            + " values (:s, :f, :st, :h, :nb, :by, :nu, :no) returning id",
        Long.class,
        "s",
        searchId,
        "f",
        n.familyName().strip(),
        "st",
        n.story().strip(),
        "h",
        n.homeUnitId(),
        "nb",
        n.nominatedBy().name(),
        "by",
        by,
        "nu",
        n.nominatedBy() == NominatedBy.UNIT ? n.nominatorUnitId() : null,
        "no",
        n.nominatedBy() == NominatedBy.ORGANISATION ? n.nominatorOrg().strip() : null);
  }

  Uni<Integer> insertPhotos(long nominationId, List<String> urls) {
    Uni<Integer> all = Uni.createFrom().item(0);
    for (int i = 0; i < urls.size(); i++) {
      int position = i;
      all =
          all.chain(
              n ->
                  Sql.update(
                          "insert into family_photo (nomination_id, position, url)"
                              + " values (:n, :p, :u)",
                          "n",
                          nominationId,
                          "p",
                          (short) position,
                          "u",
                          urls.get(position))
                      .map(k -> n + k));
    }
    return all;
  }

  Uni<List<String>> photos(long nominationId) {
    return Sql.list(
        "select url from family_photo where nomination_id = :n order by position",
        String.class,
        "n",
        nominationId);
  }

  Uni<Integer> insertMembers(long nominationId, List<MemberInput> members) {
    Uni<Integer> all = Uni.createFrom().item(0);
    for (MemberInput m : members) {
      all =
          all.chain(
              n ->
                  Sql.update(
                          "insert into family_member (nomination_id, name, relation, minor)"
                              + " values (:n, :name, :r, :m)",
                          "n",
                          nominationId,
                          "name",
                          m.name().strip(),
                          "r",
                          m.relation().strip(),
                          "m",
                          m.minor())
                      .map(k -> n + k));
    }
    return all;
  }

  Uni<NominationRow> nomination(long id) {
    return Sql.records(NOMINATION + " where id = :id", FamilyRepository::nominationRow, "id", id)
        .map(rows -> rows.isEmpty() ? null : rows.get(0));
  }

  /**
   * The nominations of a search whose home unit lies in {@code units} (null: all), newest first.
   */
  Uni<List<NominationRow>> nominations(
      long searchId, Collection<Long> units, Status status, Level level, int page, int size) {
    return Sql.records(
        NOMINATION
            + " where search_id = :s and (:all or home_unit_id in (:units))"
            + " and (cast(:st as varchar) is null or status = :st)"
            + " and (cast(:lv as varchar) is null or level = :lv)"
            + " order by created_at desc, id desc limit :limit offset :offset",
        FamilyRepository::nominationRow,
        "s",
        searchId,
        "all",
        units == null,
        "units",
        units == null || units.isEmpty() ? List.of(-1L) : units,
        "st",
        status == null ? null : status.name(),
        "lv",
        level == null ? null : level.name(),
        "limit",
        size,
        "offset",
        (long) page * size);
  }

  Uni<Long> countNominations(long searchId, Collection<Long> units, Status status, Level level) {
    return Sql.first(
        "select count(*) from family_nomination where search_id = :s"
            + " and (:all or home_unit_id in (:units))"
            + " and (cast(:st as varchar) is null or status = :st)"
            + " and (cast(:lv as varchar) is null or level = :lv)",
        Long.class,
        "s",
        searchId,
        "all",
        units == null,
        "units",
        units == null || units.isEmpty() ? List.of(-1L) : units,
        "st",
        status == null ? null : status.name(),
        "lv",
        level == null ? null : level.name());
  }

  /** A member's nominations in a search (the ones she filed). */
  Uni<List<NominationRow>> filedBy(long searchId, String subject) {
    return Sql.records(
        NOMINATION + " where search_id = :s and nominator_subject = :by order by id desc limit 50",
        FamilyRepository::nominationRow,
        "s",
        searchId,
        "by",
        subject);
  }

  Uni<Long> countFiledBy(long searchId, String subject) {
    return Sql.first(
        "select count(*) from family_nomination where search_id = :s and nominator_subject = :by",
        Long.class,
        "s",
        searchId,
        "by",
        subject);
  }

  /** The finalists of a search, oldest nomination first. */
  Uni<List<NominationRow>> finalists(long searchId) {
    return Sql.records(
        NOMINATION + " where search_id = :s and status = 'FINALIST' order by id",
        FamilyRepository::nominationRow,
        "s",
        searchId);
  }

  Uni<List<MemberView>> members(long nominationId) {
    return Sql.records(
        "select id, name, relation, minor, consent_at, guardian_name from family_member"
            + " where nomination_id = :n order by id",
        r ->
            new MemberView(
                ((Number) r[0]).longValue(),
                (String) r[1],
                (String) r[2],
                (Boolean) r[3],
                Times.timestamp(r[4]),
                (String) r[5]),
        "n",
        nominationId);
  }

  /** Records a member's consent once; false when she is not of this nomination or had consented. */
  Uni<Boolean> consent(long nominationId, long memberId, String by, String guardianName) {
    return Sql.update(
            "update family_member set consent_at = now(), consent_by = :by, guardian_name = :g"
                + " where id = :m and nomination_id = :n and consent_at is null",
            "by",
            by,
            "g",
            guardianName,
            "m",
            memberId,
            "n",
            nominationId)
        .map(n -> n > 0);
  }

  Uni<List<ReviewView>> reviews(long nominationId) {
    return Sql.records(
        "select level, unit_id, decision, reason, decided_by, decided_at from family_review"
            + " where nomination_id = :n order by decided_at, id",
        r ->
            new ReviewView(
                Level.valueOf((String) r[0]),
                ((Number) r[1]).longValue(),
                Decision.valueOf((String) r[2]),
                (String) r[3],
                (String) r[4],
                Times.timestamp(r[5])),
        "n",
        nominationId);
  }

  /**
   * Takes one place of a unit's quota in a search; false when the quota is used up. One statement,
   * so concurrent reviewers cannot pass the quota together.
   */
  Uni<Boolean> takeQuota(long searchId, long unitId, int quota) {
    return Sql.first(
            "insert into family_quota_use (search_id, unit_id, used) values (:s, :u, 1)"
                + " on conflict (search_id, unit_id) do update set used = family_quota_use.used + 1"
                + " where family_quota_use.used < :q returning used",
            Integer.class,
            "s",
            searchId,
            "u",
            unitId,
            "q",
            quota)
        .map(used -> used != null);
  }

  /** How much of its quota each of these units has used in a search. */
  Uni<java.util.Map<Long, Integer>> quotaUsed(long searchId, Collection<Long> units) {
    if (units.isEmpty()) {
      return Uni.createFrom().item(java.util.Map.of());
    }
    return Sql.rows(
            "select unit_id, used from family_quota_use where search_id = :s and unit_id in (:u)",
            "s",
            searchId,
            "u",
            units)
        .map(
            rows -> {
              java.util.Map<Long, Integer> used = new java.util.HashMap<>();
              for (Object[] r : rows) {
                used.put(((Number) r[0]).longValue(), ((Number) r[1]).intValue());
              }
              return used;
            });
  }

  /** Moves a nomination on after a review, if nobody moved it in between (its version). */
  Uni<Boolean> decide(
      NominationRow n, Level level, long unitId, Decision decision, String reason, String by) {
    Level next =
        switch (level) {
          case COMMUNITY -> Level.STREET;
          case STREET -> Level.DISTRICT;
          case DISTRICT -> Level.DISTRICT;
        };
    Status status =
        decision == Decision.DECLINE
            ? Status.DECLINED
            : level == Level.DISTRICT ? Status.FINALIST : Status.IN_REVIEW;
    return Sql.updateVersioned(
            "family_nomination",
            n.id(),
            n.version(),
            "level = :l, status = :st, updated_at = now()",
            "l",
            decision == Decision.FORWARD ? next.name() : level.name(),
            "st",
            status.name())
        .call(
            moved ->
                moved
                    ? Sql.update(
                        "insert into family_review (nomination_id, level, unit_id, decision,"
                            + " reason, decided_by) values (:n, :l, :u, :d, :r, :by)",
                        "n",
                        n.id(),
                        "l",
                        level.name(),
                        "u",
                        unitId,
                        "d",
                        decision.name(),
                        "r",
                        reason,
                        "by",
                        by)
                    : Uni.createFrom().item(0));
  }

  /** Records (or changes) a juror's score of a finalist. */
  Uni<Integer> putJuryScore(long nominationId, String juror, int score, String by) {
    return Sql.update(
        "insert into family_jury_score (nomination_id, juror, score, recorded_by)"
            + " values (:n, :j, :s, :by) on conflict (nomination_id, juror)"
            + " do update set score = excluded.score, recorded_by = excluded.recorded_by,"
            + " recorded_at = now()",
        "n",
        nominationId,
        "j",
        juror,
        "s",
        score,
        "by",
        by);
  }

  /** Each finalist's mean jury score and its number of jurors. */
  Uni<java.util.Map<Long, double[]>> juryScores(long searchId) {
    return Sql.rows(
            "select j.nomination_id, avg(j.score), count(*) from family_jury_score j"
                + " join family_nomination n on n.id = j.nomination_id where n.search_id = :s"
                + " group by j.nomination_id",
            "s",
            searchId)
        .map(
            rows -> {
              java.util.Map<Long, double[]> out = new java.util.HashMap<>();
              for (Object[] r : rows) {
                out.put(
                    ((Number) r[0]).longValue(),
                    new double[] {((Number) r[1]).doubleValue(), ((Number) r[2]).doubleValue()});
              }
              return out;
            });
  }

  /** Records an honour; its id, or null when the family holds that title at that level already. */
  Uni<Long> insertHonour(long nominationId, HonourLevel level, String title, int year, String by) {
    return Sql.first(
        "insert into family_honour (nomination_id, level, title, year, recorded_by)"
            + " values (:n, :l, :t, :y, :by) on conflict (nomination_id, level, title) do nothing"
            + " returning id",
        Long.class,
        "n",
        nominationId,
        "l",
        level.name(),
        "t",
        title,
        "y",
        year,
        "by",
        by);
  }

  /** The honours of these nominations, by nomination. */
  Uni<java.util.Map<Long, List<HonourView>>> honours(Collection<Long> nominationIds) {
    if (nominationIds.isEmpty()) {
      return Uni.createFrom().item(java.util.Map.of());
    }
    return Sql.rows(
            "select nomination_id, id, level, title, year from family_honour"
                + " where nomination_id in (:n) order by year, id",
            "n",
            nominationIds)
        .map(
            rows -> {
              java.util.Map<Long, List<HonourView>> out = new java.util.HashMap<>();
              for (Object[] r : rows) {
                out.computeIfAbsent(((Number) r[0]).longValue(), k -> new java.util.ArrayList<>())
                    .add(
                        new HonourView(
                            ((Number) r[1]).longValue(),
                            HonourLevel.valueOf((String) r[2]),
                            (String) r[3],
                            ((Number) r[4]).intValue()));
              }
              return out;
            });
  }

  private static SearchRow searchRow(Object[] r) {
    return new SearchRow(
        ((Number) r[0]).longValue(),
        ((Number) r[1]).intValue(),
        (String) r[2],
        Times.timestamp(r[3]),
        Times.timestamp(r[4]),
        Times.timestamp(r[5]),
        Times.timestamp(r[6]),
        Times.timestamp(r[7]),
        Times.timestamp(r[8]),
        Times.timestamp(r[9]),
        ((Number) r[10]).intValue(),
        ((Number) r[11]).intValue(),
        ((Number) r[12]).intValue(),
        ((Number) r[13]).intValue(),
        ((Number) r[14]).intValue());
  }

  private static NominationRow nominationRow(Object[] r) {
    return new NominationRow(
        ((Number) r[0]).longValue(),
        ((Number) r[1]).longValue(),
        (String) r[2],
        (String) r[3],
        ((Number) r[4]).longValue(),
        NominatedBy.valueOf((String) r[5]),
        (String) r[6],
        r[7] == null ? null : ((Number) r[7]).longValue(),
        (String) r[8],
        Level.valueOf((String) r[9]),
        Status.valueOf((String) r[10]),
        Times.timestamp(r[11]),
        ((Number) r[12]).intValue());
  }
}
