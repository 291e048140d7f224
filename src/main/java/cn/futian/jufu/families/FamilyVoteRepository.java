package cn.futian.jufu.families;

import cn.futian.jufu.common.db.Sql;
import cn.futian.jufu.common.time.Times;
import cn.futian.jufu.families.FamilyDtos.FlaggedVote;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

/** The tables of the public vote: {@code family_vote} and {@code family_vote_allowance}. */
@ApplicationScoped
class FamilyVoteRepository {

  /** The votes of one finalist: counted, flagged among them, voided. */
  record Count(long nominationId, long votes, long flagged, long voided) {}

  /**
   * Takes one of the voter's votes of the day; the votes used after it, or null when the allowance
   * is used up. One statement: concurrent votes of one person never pass it.
   */
  Uni<Integer> takeAllowance(long searchId, String voterKey, LocalDate day, int allowance) {
    return Sql.first(
        "insert into family_vote_allowance (search_id, voter_key, vote_day, used)"
            + " values (:s, :k, :d, 1) on conflict (search_id, voter_key, vote_day)"
            + " do update set used = family_vote_allowance.used + 1"
            + " where family_vote_allowance.used < :a returning used",
        Integer.class,
        "s",
        searchId,
        "k",
        voterKey,
        "d",
        day,
        "a",
        allowance);
  }

  /**
   * Stores a vote; its id, or null when this voter has voted for this candidate today already. A
   * vote from a network that cast {@code burst} or more votes in the last minute is flagged.
   */
  Uni<Long> insert(
      long searchId,
      long nominationId,
      long memberId,
      String voterKey,
      LocalDate day,
      String network,
      String deviceId,
      boolean newAccount,
      int burst) {
    return Sql.first(
        "insert into family_vote (search_id, nomination_id, member_id, voter_key, vote_day,"
            + " network, device_id, flags)"
            + " select :s, :n, :m, :k, :d, :net, :dev, concat_ws(',',"
            + "   case when :new then 'NEW_ACCOUNT' end,"
            + "   case when (select count(*) from family_vote v where v.search_id = :s"
            + "     and v.network = :net and v.cast_at > now() - interval '1 minute') >= :burst"
            + "     then 'NETWORK_BURST' end)"
            + " on conflict (nomination_id, voter_key, vote_day) do nothing returning id",
        Long.class,
        "s",
        searchId,
        "n",
        nominationId,
        "m",
        memberId,
        "k",
        voterKey,
        "d",
        day,
        "net",
        network,
        "dev",
        deviceId,
        "new",
        newAccount,
        "burst",
        (long) burst);
  }

  /** Every finalist's count in a search. */
  Uni<List<Count>> counts(long searchId) {
    return Sql.records(
        "select nomination_id, count(*) filter (where voided_at is null),"
            + " count(*) filter (where voided_at is null and flags <> ''),"
            + " count(*) filter (where voided_at is not null)"
            + " from family_vote where search_id = :s group by nomination_id",
        r ->
            new Count(
                ((Number) r[0]).longValue(),
                ((Number) r[1]).longValue(),
                ((Number) r[2]).longValue(),
                ((Number) r[3]).longValue()),
        "s",
        searchId);
  }

  Uni<List<FlaggedVote>> flagged(long searchId, int page, int size) {
    return Sql.records(
        "select id, nomination_id, cast_at, flags, network, voided_at is not null, void_reason"
            + " from family_vote where search_id = :s and flags <> ''"
            + " order by id desc limit :limit offset :offset",
        r ->
            new FlaggedVote(
                ((Number) r[0]).longValue(),
                ((Number) r[1]).longValue(),
                Times.timestamp(r[2]),
                Arrays.asList(((String) r[3]).split(",")),
                (String) r[4],
                (Boolean) r[5],
                (String) r[6]),
        "s",
        searchId,
        "limit",
        size,
        "offset",
        (long) page * size);
  }

  /** The search a vote belongs to, or null when there is no such vote. */
  Uni<Long> searchOf(long voteId) {
    return Sql.first("select search_id from family_vote where id = :id", Long.class, "id", voteId);
  }

  /** Voids a vote not voided yet; false when it was. */
  Uni<Boolean> voidVote(long voteId, String by, String reason) {
    return Sql.update(
            "update family_vote set voided_at = now(), voided_by = :by, void_reason = :r"
                + " where id = :id and voided_at is null",
            "by",
            by,
            "r",
            reason,
            "id",
            voteId)
        .map(n -> n > 0);
  }
}
