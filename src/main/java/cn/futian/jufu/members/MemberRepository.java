package cn.futian.jufu.members;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
class MemberRepository implements PanacheRepository<Member> {

  Uni<Member> findBySubject(String subject) {
    return find("subject", subject).firstResult();
  }

  /** The members with any of these subjects (a member and a deleted account's tombstone). */
  Uni<java.util.List<Member>> findBySubjects(java.util.List<String> subjects) {
    return list("subject in ?1", subjects);
  }

  /** Creates the member unless it exists; safe when two first calls race. */
  Uni<Integer> insertIfAbsent(String subject, String displayName) {
    return getSession()
        .chain(
            s ->
                s.createNativeQuery(
                        "insert into member (subject, display_name) values (:subject, :name)"
                            + " on conflict (subject) do nothing")
                    .setParameter("subject", subject)
                    .setParameter("name", displayName)
                    .executeUpdate());
  }
}
