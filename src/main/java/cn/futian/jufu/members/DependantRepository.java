package cn.futian.jufu.members;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
class DependantRepository implements PanacheRepository<Dependant> {

  /**
   * What a sign-up's eligibility needs beyond the member row, in one read: whether the marital
   * status may be used (an active consent) and the children she may sign up (guardian consent
   * given, not removed), by id and birth year.
   */
  Uni<EligibilityExtras> eligibilityExtras(long memberId) {
    return getSession()
        .chain(
            s ->
                s.createNativeQuery(
                        "select c.marital, d.id, d.birth_year from (select exists(select 1 from"
                            + " consent where member_id = :m and purpose = 'MARITAL_STATUS'"
                            + " and withdrawn_at is null) as marital) c"
                            + " left join dependant d on d.member_id = :m and d.relation = 'CHILD'"
                            + " and d.guardian_consent_at is not null and d.removed_at is null"
                            + " order by d.id",
                        Object[].class)
                    .setParameter("m", memberId)
                    .getResultList())
        .map(
            rows -> {
              boolean marital = !rows.isEmpty() && Boolean.TRUE.equals(rows.get(0)[0]);
              List<MemberDtos.ChildRef> children = new java.util.ArrayList<>();
              for (Object[] row : rows) {
                if (row[1] != null) {
                  children.add(
                      new MemberDtos.ChildRef(
                          ((Number) row[1]).longValue(), ((Number) row[2]).intValue()));
                }
              }
              return new EligibilityExtras(marital, List.copyOf(children));
            });
  }

  /** See {@link #eligibilityExtras}. */
  record EligibilityExtras(boolean maritalConsent, List<MemberDtos.ChildRef> children) {}

  Uni<List<Dependant>> active(long memberId) {
    return list("memberId = ?1 and removedAt is null", Sort.by("id"), memberId);
  }
}
