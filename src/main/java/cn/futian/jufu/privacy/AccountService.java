package cn.futian.jufu.privacy;

import cn.futian.jufu.audit.AuditEvent;
import cn.futian.jufu.audit.AuditLog;
import cn.futian.jufu.audit.AuditOutcome;
import cn.futian.jufu.cadres.UserDirectory;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.members.MemberService;
import cn.futian.jufu.registrations.RegistrationService;
import cn.futian.jufu.rights.HelpRequestService;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * A member's rights over their data (PIPL arts. 45 and 47): a copy of everything held about them,
 * and the deletion of their account. Correction is {@code PATCH /me}.
 */
@ApplicationScoped
public class AccountService {

  private static final Logger LOG = Logger.getLogger(AccountService.class);

  /** Rows that tie a member to personal data and go with the account. */
  private static final List<String> ERASE =
      List.of(
          "update registration set answers = null, details_erased_at = now()"
              + " where member_id = :m and answers is not null",
          "update registration_status_change c set actor = 'deleted-member' from registration r"
              + " where r.id = c.registration_id and r.member_id = :m and c.actor = :s",
          "delete from notification_dispatch where notification_id in"
              + " (select id from notification where member_id = :m)",
          "delete from notification where member_id = :m",
          // the attempts stay for the campaign reports, without the device token or openid
          "update delivery_attempt set target = 'erased' where member_id = :m",
          "delete from outbox where member_id = :m and published_at is null",
          "delete from device where member_id = :m",
          "delete from wechat_subscription where member_id = :m",
          "delete from wechat_binding where member_id = :m",
          "delete from notification_preference where member_id = :m",
          "delete from member_follow where member_id = :m",
          "delete from member_interest where member_id = :m",
          "delete from calendar_feed where member_id = :m",
          // the articles' read counts stay; who read them goes
          "delete from news_read where member_id = :m",
          "delete from idempotency_record where member_id = :m",
          // a request for help is never lost: unlinked from the account, kept under its own
          // retention (ADR 0020)
          "update help_request set member_id = null where member_id = :m");

  private final MemberService members;
  private final AccountDeletionRepository deletions;
  private final AccountDeletionConfig config;
  private final RegistrationService registrations;
  private final UserDirectory directory;
  private final ObjectMapper json;
  private final AuditLog audit;
  private final HelpRequestService helpRequests;

  AccountService(
      MemberService members,
      AccountDeletionRepository deletions,
      AccountDeletionConfig config,
      RegistrationService registrations,
      UserDirectory directory,
      ObjectMapper json,
      AuditLog audit,
      HelpRequestService helpRequests) {
    this.audit = audit;
    this.helpRequests = helpRequests;
    this.members = members;
    this.deletions = deletions;
    this.config = config;
    this.registrations = registrations;
    this.directory = directory;
    this.json = json;
  }

  /** Everything held about the caller, as one JSON document. */
  @WithTransaction
  public Uni<ObjectNode> export(CurrentUser user) {
    ObjectNode doc = json.createObjectNode();
    doc.put("format", "jufu-my-data/1");
    doc.put("generatedAt", OffsetDateTime.now().toString());
    return members
        .me(user)
        .invoke(me -> doc.set("profile", json.valueToTree(me)))
        .call(() -> members.consents(user).invoke(c -> doc.set("consents", json.valueToTree(c))))
        .call(() -> members.dependants(user).invoke(d -> doc.set("family", json.valueToTree(d))))
        .call(me -> sections(me.id(), doc))
        .call(
            me ->
                helpRequests
                    .exportOf(me.id())
                    .invoke(list -> doc.set("helpRequests", json.valueToTree(list))))
        .call(
            me ->
                audit.record(
                    AuditEvent.by(user, AuditEvent.MEMBER_EXPORT, AuditOutcome.ALLOWED)
                        .withTarget("member", me.id())
                        .withMember(me.id())
                        .withDetail(Map.of("sections", doc.size()))))
        .replaceWith(doc);
  }

  private Uni<Void> sections(long memberId, ObjectNode doc) {
    return Panache.getSession()
        .chain(
            s -> {
              Uni<Void> chain = Uni.createFrom().voidItem();
              for (Map.Entry<String, String> section : MyDataSections.SQL.entrySet()) {
                chain = chain.chain(() -> section(s, memberId, section, doc));
              }
              return chain;
            });
  }

  private Uni<Void> section(
      Mutiny.Session s, long memberId, Map.Entry<String, String> section, ObjectNode doc) {
    return s.createNativeQuery(
            "select cast(coalesce(json_agg(t), '[]'::json) as text) from ("
                + section.getValue()
                + ") t",
            String.class)
        .setParameter("m", memberId)
        .getSingleResult()
        .invoke(text -> doc.set(section.getKey(), parse(text)))
        .replaceWithVoid();
  }

  private com.fasterxml.jackson.databind.JsonNode parse(String text) {
    try {
      return json.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Deletes the caller's account. The database is the source of truth: one transaction cancels
   * their upcoming sign-ups (seats go to the next in line), erases their personal data, leaves an
   * anonymous tombstone (the year's registrations and attendance still add up) and records that the
   * Keycloak login is to be disabled. Only after that commits is the login disabled and its
   * sessions ended; when Keycloak cannot be reached, {@link AccountDeletionJob} retries until it
   * can. So the end state is "nothing happened" (the erasure failed: the login still works and a
   * retry succeeds) or "erased, and disabled at once or shortly after" — never a disabled login
   * with the data kept. Meanwhile a token issued before is refused ({@code member.deleted}) and
   * cannot bring the member back. Deleting again only retries the login step.
   */
  public Uni<Long> delete(CurrentUser user) {
    return Panache.withTransaction(
            () ->
                erase(user).call(() -> deletions.record(user.subject(), config.firstRetryAfter())))
        .call(
            id ->
                audit.record(
                    AuditEvent.by(user, AuditEvent.MEMBER_DELETE, AuditOutcome.ALLOWED)
                        .withTarget("member", id)
                        .withMember(id)))
        .invoke(
            id -> {
              if (id != null) {
                LOG.infof("account deleted: member %d (anonymised)", id);
              }
            })
        .call(() -> disableLogin(user.subject()));
  }

  /**
   * Disables the Keycloak login of a deleted account and ends its sessions; true when Keycloak
   * confirmed (the pending step is then gone). A failure is recorded and left to the job.
   */
  Uni<Boolean> disableLogin(String subject) {
    return directory
        .disable(subject)
        .chain(() -> Panache.withTransaction(() -> deletions.done(subject)))
        .replaceWith(true)
        .onFailure()
        .recoverWithUni(
            e -> {
              LOG.warnf(
                  "account deletion: Keycloak login not disabled yet, retried by the job (%s)",
                  e.toString());
              return Panache.withTransaction(() -> deletions.failed(subject, e.toString()))
                  .replaceWith(false)
                  .onFailure()
                  .recoverWithItem(false);
            });
  }

  /** The job's run: retries the logins still to be disabled; returns how many were disabled now. */
  public Uni<Integer> retryPendingLogins() {
    return Panache.withTransaction(() -> deletions.claimDue(20, config.retryEvery()))
        .chain(
            subjects -> {
              Uni<Integer> done = Uni.createFrom().item(0);
              for (String subject : subjects) {
                done = done.chain(n -> disableLogin(subject).map(ok -> ok ? n + 1 : n));
              }
              return done;
            });
  }

  private Uni<Long> erase(CurrentUser user) {
    return members
        .idOf(user.subject())
        .chain(
            memberId -> {
              if (memberId == null) {
                return Uni.createFrom().nullItem();
              }
              return registrations
                  .cancelForDeletedAccount(memberId)
                  .chain(() -> Panache.getSession())
                  .chain(s -> runAll(s, memberId, user.subject()))
                  .chain(() -> members.eraseForDeletion(user));
            });
  }

  private static Uni<Void> runAll(Mutiny.Session s, long memberId, String subject) {
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (String sql : ERASE) {
      chain =
          chain.chain(
              () -> {
                var q = s.createNativeQuery(sql).setParameter("m", memberId);
                if (sql.contains(":s")) {
                  q.setParameter("s", subject);
                }
                return q.executeUpdate().replaceWithVoid();
              });
    }
    return chain;
  }
}
