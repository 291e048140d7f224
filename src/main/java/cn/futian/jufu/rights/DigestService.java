package cn.futian.jufu.rights;

import cn.futian.jufu.audit.AuditEvent;
import cn.futian.jufu.audit.AuditLog;
import cn.futian.jufu.audit.AuditOutcome;
import cn.futian.jufu.common.error.DomainException;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.common.text.Texts;
import cn.futian.jufu.rights.DigestDtos.DigestStatus;
import cn.futian.jufu.rights.DigestDtos.DigestView;
import cn.futian.jufu.rights.DigestDtos.ItemView;
import cn.futian.jufu.rights.DigestDtos.NewDigest;
import cn.futian.jufu.rights.DigestDtos.NewItem;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * 以案释法 (ADR 0027): a supervisor picks resolved cases of a unit she supervises; each becomes a
 * de-identified summary built from the case's facts (never from what anyone wrote) and her legal
 * point, scrubbed of numbers, places and forms of address. Another supervisor of the unit approves
 * the digest before anyone can export it. Every step is audited.
 */
@ApplicationScoped
public class DigestService {

  static final String TARGET = "case-digest";

  private static final Map<String, String> TARGETS =
      Map.of(
          "MEDIATION_COMMITTEE", "人民调解委员会",
          "LEGAL_AID", "法律援助机构",
          "POLICE", "公安机关",
          "COURT", "人民法院",
          "HOTLINE_12338", "12338 妇女维权服务热线",
          "SHELTER", "临时庇护场所",
          "VOLUNTEER_LAWYER", "志愿律师",
          "OTHER_UNIT", "其他妇联组织");
  private static final Map<String, String> ORDERS =
      Map.of(
          "PROTECTION_ORDER:ISSUED", "申请并获签发人身安全保护令",
          "PROTECTION_ORDER:REFUSED", "申请人身安全保护令未获支持",
          "PROTECTION_ORDER:APPLIED", "申请人身安全保护令",
          "WARNING_LETTER:ISSUED", "公安机关出具告诫书",
          "WARNING_LETTER:REFUSED", "申请告诫书未获支持",
          "WARNING_LETTER:APPLIED", "申请公安机关出具告诫书");
  private static final Map<String, String> MEDIATION =
      Map.of(
          "COMMITTEE:SETTLED", "经人民调解委员会调解达成协议",
          "COMMITTEE:NOT_SETTLED", "经人民调解委员会调解未能达成协议",
          "COMMITTEE:WITHDRAWN", "申请人民调解后撤回",
          "COURT_ROOM:SETTLED", "经法院调解室调解达成协议",
          "COURT_ROOM:NOT_SETTLED", "经法院调解室调解未能达成协议",
          "COURT_ROOM:WITHDRAWN", "申请法院调解后撤回");
  private static final Map<String, String> RESOLUTIONS =
      Map.of(
          "SAFE_AND_SUPPORTED", "求助人已获得安全保障和支持",
          "DISPUTE_SETTLED", "纠纷已化解",
          "REFERRED_ON", "已转交相关部门继续处理",
          "WITHDRAWN", "求助人撤回求助",
          "LOST_CONTACT", "后因失去联系而办结");
  private static final String NUMERALS = "一二三四五六七八九十";

  private final DigestRepository digests;
  private final CaseRepository cases;
  private final CaseAccess access;
  private final AuditLog audit;

  DigestService(DigestRepository digests, CaseRepository cases, CaseAccess access, AuditLog audit) {
    this.digests = digests;
    this.cases = cases;
    this.access = access;
    this.audit = audit;
  }

  @WithTransaction
  public Uni<DigestView> create(CurrentUser user, NewDigest in) {
    Set<Long> seen = new HashSet<>();
    for (NewItem item : in.items()) {
      if (!seen.add(item.caseId())) {
        throw DomainException.invalid("items", "digest.case-twice", item.caseId());
      }
    }
    return access
        .of(user)
        .invoke(
            scope -> {
              if (!scope.supervises(in.orgUnitId())) {
                throw DomainException.forbidden("digest.supervisors-only");
              }
            })
        .chain(scope -> summaries(scope, in.items()))
        .chain(
            summaries ->
                digests
                    .insert(in.orgUnitId(), in.quarter(), in.title().strip(), user.subject())
                    .call(
                        id -> {
                          Uni<Integer> chain = Uni.createFrom().item(0);
                          for (int i = 0; i < in.items().size(); i++) {
                            NewItem item = in.items().get(i);
                            int position = i + 1;
                            String summary = summaries.get(i);
                            chain =
                                chain.chain(
                                    () ->
                                        digests.insertItem(
                                            id,
                                            item.caseId(),
                                            position,
                                            summary,
                                            DigestScrubber.scrub(
                                                Texts.blankToNull(item.lesson()))));
                          }
                          return chain;
                        }))
        .call(
            id ->
                audit.record(
                    allowed(
                        user,
                        "case.digest-create",
                        id,
                        Map.of(
                            "caseIds", in.items().stream().map(NewItem::caseId).toList(),
                            "quarter", in.quarter()))))
        .chain(this::view);
  }

  @WithSession
  public Uni<List<DigestView>> list(CurrentUser user) {
    return access
        .of(user)
        .chain(
            scope ->
                !scope.isSupervisor()
                    ? Uni.createFrom().item(List.<DigestRepository.Digest>of())
                    : digests.list(scope.district(), List.copyOf(scope.supervisedUnits()), 100))
        .chain(
            list -> {
              Uni<List<DigestView>> out = Uni.createFrom().item(new ArrayList<>());
              for (DigestRepository.Digest d : list) {
                out = out.chain(acc -> view(d).invoke(acc::add).replaceWith(acc));
              }
              return out;
            })
        .call(
            list ->
                audit.record(
                    AuditEvent.by(user, "case.digest-list", AuditOutcome.ALLOWED)
                        .withTarget(TARGET, null)
                        .withDetail(
                            Map.of("digestIds", list.stream().map(DigestView::id).toList()))));
  }

  @WithSession
  public Uni<DigestView> get(CurrentUser user, long id) {
    return readable(user, id, "case.digest-read")
        .call(d -> audit.record(allowed(user, "case.digest-read", id, Map.of())))
        .chain(this::view);
  }

  /** Another supervisor of the unit approves or rejects a draft (a comment to reject). */
  @WithTransaction
  public Uni<DigestView> decide(CurrentUser user, long id, DigestDtos.Decide in) {
    if (in.decision() == DigestStatus.DRAFT) {
      throw DomainException.invalid("decision", "digest.decision");
    }
    if (in.decision() == DigestStatus.REJECTED && Texts.blankToNull(in.comment()) == null) {
      throw DomainException.invalid("comment", "case.reject-needs-comment");
    }
    return readable(user, id, "case.digest-decide")
        .invoke(
            d -> {
              if (user.subject().equals(d.createdBy())) {
                throw DomainException.forbidden("case.not-own-approval");
              }
              if (!"DRAFT".equals(d.status())) {
                throw DomainException.conflict("digest.decided", id);
              }
            })
        .call(
            d ->
                digests
                    .decide(
                        id, in.decision().name(), user.subject(), Texts.blankToNull(in.comment()))
                    .invoke(
                        ok -> {
                          if (!ok) {
                            throw DomainException.conflict("digest.decided", id);
                          }
                        }))
        .call(
            d ->
                audit.record(
                    allowed(
                        user, "case.digest-decide", id, Map.of("decision", in.decision().name()))))
        .chain(d -> digests.byId(id))
        .chain(this::view);
  }

  /** The approved digest as Markdown, for the newsletter or the website (audited). */
  @WithSession
  public Uni<String> export(CurrentUser user, long id) {
    return readable(user, id, "case.digest-export")
        .invoke(
            d -> {
              if (!"APPROVED".equals(d.status())) {
                throw DomainException.rule("digest.not-approved");
              }
            })
        .call(d -> audit.record(allowed(user, "case.digest-export", id, Map.of())))
        .chain(
            d ->
                digests
                    .items(id)
                    .map(
                        items -> {
                          StringBuilder md = new StringBuilder();
                          md.append("# ").append(d.title()).append("\n\n");
                          md.append(d.quarter()).append(" · 以案释法\n\n");
                          for (DigestRepository.Item item : items) {
                            md.append("## 案例").append(numeral(item.position())).append("\n\n");
                            md.append(item.summary()).append("\n\n");
                            if (item.lesson() != null) {
                              md.append("**法律要点：** ").append(item.lesson()).append("\n\n");
                            }
                          }
                          md.append("---\n\n本材料由案件事实生成，已去除姓名、地点和号码，经督导审核后导出。\n");
                          return md.toString();
                        }));
  }

  // ---------------------------------------------------------------- helpers

  private Uni<DigestRepository.Digest> readable(CurrentUser user, long id, String action) {
    return access
        .of(user)
        .chain(
            scope ->
                digests
                    .byId(id)
                    .chain(
                        d ->
                            d != null && scope.supervises(d.orgUnitId())
                                ? Uni.createFrom().item(d)
                                : access.refuse(user, action, TARGET, id, "case-digest")));
  }

  /** One summary per case, in order; each case resolved or closed and supervised by the caller. */
  private Uni<List<String>> summaries(CaseAccess.Scope scope, List<NewItem> items) {
    Uni<List<String>> out = Uni.createFrom().item(new ArrayList<>());
    for (NewItem item : items) {
      out =
          out.chain(
              acc ->
                  cases
                      .byId(item.caseId())
                      .invoke(
                          c -> {
                            if (c == null || !scope.supervises(c.orgUnitId())) {
                              throw DomainException.invalid("items", "case.unknown", item.caseId());
                            }
                            if (!"RESOLVED".equals(c.status()) && !"CLOSED".equals(c.status())) {
                              throw DomainException.rule("digest.case-not-resolved", item.caseId());
                            }
                          })
                      .chain(() -> digests.facts(item.caseId()))
                      .map(f -> summary(f))
                      .invoke(acc::add)
                      .replaceWith(acc));
    }
    return out;
  }

  /** A de-identified account of what happened, from facts only. */
  static String summary(DigestRepository.Facts f) {
    StringBuilder s = new StringBuilder("一名");
    s.append(f.concernsMinor() ? "涉及未成年人的" : "").append("求助人因").append(f.categoryZh());
    s.append(f.domesticViolence() ? "（涉及家庭暴力）" : "").append("向妇联求助。经评估立案后，");
    List<String> steps = new ArrayList<>();
    if (f.referralTargets() != null) {
      steps.add(
          "转介"
              + String.join(
                  "、",
                  List.of(f.referralTargets().split(",")).stream()
                      .map(t -> TARGETS.getOrDefault(t, "相关部门"))
                      .toList()));
    }
    if (f.orders() != null) {
      for (String o : f.orders().split(",")) {
        steps.add(ORDERS.getOrDefault(o, "申请保护措施"));
      }
    }
    if (f.mediation() != null) {
      steps.add(MEDIATION.getOrDefault(f.mediation(), "进入调解程序"));
    }
    if (steps.isEmpty()) {
      steps.add("社工跟进提供咨询和支持");
    }
    s.append(String.join("；", steps)).append("。");
    s.append(RESOLUTIONS.getOrDefault(f.resolution(), "个案已办结"));
    if (f.openedAt() != null && f.endedAt() != null) {
      long days = Duration.between(f.openedAt(), f.endedAt()).toDays();
      s.append(days < 30 ? "，历时不足一个月" : "，历时约" + numeral((int) Math.round(days / 30.0)) + "个月");
    }
    return s.append("。").toString();
  }

  /** 1 → 一, 12 → 十二, 20 → 二十. */
  static String numeral(int n) {
    if (n <= 10) {
      return String.valueOf(NUMERALS.charAt(n - 1));
    }
    int tens = n / 10;
    int ones = n % 10;
    return (tens == 1 ? "" : String.valueOf(NUMERALS.charAt(tens - 1)))
        + "十"
        + (ones == 0 ? "" : String.valueOf(NUMERALS.charAt(ones - 1)));
  }

  private Uni<DigestView> view(long id) {
    return digests.byId(id).chain(this::view);
  }

  private Uni<DigestView> view(DigestRepository.Digest d) {
    return digests
        .items(d.id())
        .map(
            items ->
                new DigestView(
                    d.id(),
                    d.orgUnitId(),
                    d.quarter(),
                    d.title(),
                    DigestStatus.valueOf(d.status()),
                    d.createdBy(),
                    d.createdAt(),
                    d.decidedBy(),
                    d.decidedAt(),
                    d.comment(),
                    items.stream()
                        .map(i -> new ItemView(i.position(), i.caseId(), i.summary(), i.lesson()))
                        .toList()));
  }

  private static AuditEvent allowed(CurrentUser user, String action, long id, Map<String, ?> d) {
    return AuditEvent.by(user, action, AuditOutcome.ALLOWED).withTarget(TARGET, id).withDetail(d);
  }
}
