package cn.futian.jufu.demo;

import static cn.futian.jufu.demo.DemoYear.join;
import static cn.futian.jufu.demo.DemoYear.longs;
import static cn.futian.jufu.demo.DemoYear.texts;

import cn.futian.jufu.common.crypto.FieldCipher;
import cn.futian.jufu.common.time.Times;
import cn.futian.jufu.demo.DemoYearPlan.Tree;
import cn.futian.jufu.demo.DemoYearPlan.Unit;
import io.smallrye.mutiny.Uni;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The rights-protection side of the demo year, shaped like the 2019 work summary (all of it
 * fictional): 467 contacts (309 the year before), family disputes 219 of which domestic violence
 * 80, personal rights 43.7 %, labour 9.4 %; 55 family consultations and 11 counselling cases; 422
 * mediations, 271 settled (64.2 %); 712 women and children on the difficulty register, 120
 * single-parent women and 160 children visited. Spam and pranks are written too and left out of the
 * contacts, as triage leaves them out. Written by {@link DemoYear} in its transaction; the figures
 * are read back through {@code GET /stats/rights} by the demo year's test.
 */
final class DemoRights {

  private static final long SEED = 2019_0467L;
  private static final String MARKER = DemoYear.MARKER;

  // Table columns the field cipher binds its text to (ADR 0012).
  private static final String ACCOUNT = "help_request.account_sealed";
  private static final String REFERENCE = "help_request.reference_sealed";
  private static final String ENTRY_NAME = "difficulty_entry.name_sealed";
  private static final String NOTE = "help_case_entry.note_sealed";

  record Request(
      String category,
      boolean dv,
      String channel,
      String source,
      long unitId,
      OffsetDateTime at,
      String risk,
      String outcome,
      String nothingReason,
      OffsetDateTime triagedAt,
      int caseIndex) {}

  record Case(
      long unitId,
      String category,
      boolean dv,
      String risk,
      String status,
      String resolution,
      OffsetDateTime openedAt,
      OffsetDateTime closedAt,
      boolean counselling,
      String venue,
      String mediationOutcome) {}

  record Entry(
      long unitId,
      String kind,
      List<String> situations,
      String name,
      OffsetDateTime registeredAt,
      OffsetDateTime exitedAt,
      LocalDate nextVisitDue,
      int birthYear,
      String education,
      String incomeBand,
      String risk,
      int household) {}

  record Visit(int entry, LocalDate on, String mode, String support) {}

  final List<Request> requests = new ArrayList<>();
  final List<Case> cases = new ArrayList<>();
  final List<Entry> entries = new ArrayList<>();
  final List<Visit> visits = new ArrayList<>();

  private final Random rng = new Random(SEED);
  private final int year;
  private final List<Unit> communities;

  private DemoRights(int year, Tree tree) {
    this.year = year;
    this.communities = tree.communitiesByStreet().values().stream().flatMap(List::stream).toList();
  }

  static DemoRights plan(int year, Tree tree) {
    DemoRights plan = new DemoRights(year, tree);
    plan.theYearBefore();
    plan.theYear();
    plan.mediations();
    plan.register();
    return plan;
  }

  // ------------------------------------------------------------------ the plan

  /** 309 contacts the year before, answered on the spot or with information. */
  private void theYearBefore() {
    add(year - 1, "MARRIAGE_FAMILY", 130, 50, 40, 0);
    add(year - 1, "CUSTODY", 20, 0, 0, 0);
    add(year - 1, "PERSONAL_RIGHTS", 120, 0, 45, 0);
    add(year - 1, "LABOUR", 39, 0, 15, 0);
  }

  /**
   * 467 contacts: family 219 (marriage 190 with the 80 of domestic violence, custody 29), personal
   * rights 204 (43.7 %), labour 44 (9.4 %); 55 family consultations; 40 become cases, 11 of them
   * with marriage counselling. Then 14 that are nothing (spam, pranks).
   */
  private void theYear() {
    add(year, "MARRIAGE_FAMILY", 190, 80, 55, 20);
    add(year, "CUSTODY", 29, 0, 0, 5);
    add(year, "PERSONAL_RIGHTS", 170, 0, 80, 12);
    add(year, "SEXUAL_HARASSMENT", 18, 0, 10, 2);
    add(year, "CYBER_ABUSE", 16, 0, 10, 1);
    add(year, "LABOUR", 44, 0, 20, 0);
    for (int i = 0; i < 14; i++) {
      OffsetDateTime at = someTime(year);
      requests.add(
          new Request(
              "OTHER",
              false,
              "MINI_APP",
              null,
              community().id(),
              at,
              "STANDARD",
              "NOTHING",
              i < 10 ? "SPAM" : "PRANK",
              at.plusHours(2),
              -1));
    }
  }

  /**
   * Requests of one category: the first {@code dv} flagged as domestic violence, then {@code
   * consultations} answered on the spot, {@code cases} (taken from the flagged ones first) opened
   * as cases, the rest answered with information.
   */
  private void add(int y, String category, int count, int dv, int consultations, int cases) {
    int counsellingLeft = "MARRIAGE_FAMILY".equals(category) && y == year ? 11 : 0;
    for (int i = 0; i < count; i++) {
      boolean violence = i < dv;
      boolean isCase = i < cases;
      boolean consultation = !isCase && i >= cases && i < cases + consultations;
      String risk =
          violence ? (i % 3 == 0 ? "HIGH" : i % 3 == 1 ? "MEDIUM" : "STANDARD") : "STANDARD";
      String[] channel = channel();
      Unit unit = community();
      OffsetDateTime at = someTime(y);
      long window =
          switch (risk) {
            case "HIGH" -> 60;
            case "MEDIUM" -> 24 * 60;
            default -> 3 * 24 * 60;
          };
      // Nine in ten are answered within their window; the others up to half a window late.
      long minutes =
          rng.nextInt(10) == 0
              ? window + 1 + rng.nextInt((int) Math.max(1, window / 2))
              : 5 + rng.nextInt((int) window - 5);
      int caseIndex = -1;
      if (isCase) {
        caseIndex = cases().size();
        boolean closed = rng.nextInt(4) > 0;
        OffsetDateTime opened = at.plusMinutes(minutes);
        OffsetDateTime closedAt = closed ? min(opened.plusDays(20 + rng.nextInt(60))) : null;
        this.cases.add(
            new Case(
                unit.id(),
                category,
                violence,
                risk,
                closed ? "CLOSED" : "IN_PROGRESS",
                closed ? "SAFE_AND_SUPPORTED" : null,
                opened,
                closedAt,
                counsellingLeft-- > 0,
                null,
                null));
      }
      requests.add(
          new Request(
              category,
              violence,
              channel[0],
              channel[1],
              unit.id(),
              at,
              risk,
              isCase ? "CASE" : consultation ? "CONSULTATION" : "INFORMATION",
              null,
              at.plusMinutes(minutes),
              caseIndex));
    }
  }

  private List<Case> cases() {
    return cases;
  }

  /** 422 mediations by the committee and the court's mediation room, 271 settled. */
  private void mediations() {
    for (int i = 0; i < 422; i++) {
      String outcome = i < 271 ? "SETTLED" : i < 392 ? "NOT_SETTLED" : "WITHDRAWN";
      LocalDate started = LocalDate.of(year, 1, 2).plusDays(rng.nextInt(300));
      LocalDate ended = started.plusDays(7 + rng.nextInt(50));
      OffsetDateTime opened = started.atTime(9, 30).atZone(Times.ZONE).toOffsetDateTime();
      OffsetDateTime closed = ended.atTime(17, 0).atZone(Times.ZONE).toOffsetDateTime();
      cases.add(
          new Case(
              community().id(),
              "MARRIAGE_FAMILY",
              false,
              "STANDARD",
              "CLOSED",
              switch (outcome) {
                case "SETTLED" -> "DISPUTE_SETTLED";
                case "WITHDRAWN" -> "WITHDRAWN";
                default -> "REFERRED_ON";
              },
              opened,
              closed,
              false,
              i % 7 < 5 ? "COMMITTEE" : "COURT_ROOM",
              outcome));
    }
  }

  private static final String SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭";
  private static final String GIVEN = "秀丽娟芳敏静婷雪琳慧倩颖洁玲燕红霞萍佳欣怡雅思梦晓丹";
  private static final String CHILD = "子涵梓萱一诺若汐浩然宇轩思远语桐沐辰";

  /**
   * 712 on the register at the year's end (420 women, 150 of them single parents, and 292 children,
   * the first 150 in the households of the single-parent mothers), 30 more who left it during the
   * year; 120 single-parent women and 160 children visited, 60 other women visited by phone or at
   * the office. Ages, schooling and income follow the usual shape of such a register.
   */
  private void register() {
    OffsetDateTime before =
        LocalDate.of(year - 1, 3, 1).atStartOfDay(Times.ZONE).toOffsetDateTime();
    String[] schooling = {
      "PRIMARY",
      "JUNIOR_SECONDARY",
      "JUNIOR_SECONDARY",
      "SENIOR_SECONDARY",
      "VOCATIONAL",
      "COLLEGE",
      "NONE"
    };
    String[] income = {"SUBSISTENCE", "LOW", "LOW", "NO_INCOME", "LOWER_MIDDLE"};
    for (int i = 0; i < 420; i++) {
      List<String> situations =
          i < 150
              ? List.of("LOW_INCOME", "SINGLE_PARENT")
              : List.of(
                  switch (i % 4) {
                    case 0 -> "LOW_INCOME";
                    case 1 -> "SERIOUS_ILLNESS";
                    case 2 -> "DISABILITY";
                    default -> "DV_SURVIVOR";
                  });
      entries.add(
          new Entry(
              community().id(),
              "WOMAN",
              situations,
              woman(),
              before,
              null,
              nextDue(),
              year - 25 - rng.nextInt(40),
              schooling[rng.nextInt(schooling.length)],
              income[rng.nextInt(income.length)],
              i % 10 == 0 ? "HIGH" : i % 3 == 0 ? "MEDIUM" : "STANDARD",
              -1));
      if (i < 120) {
        visits.add(visit(entries.size() - 1, "HOME", "MATERIAL"));
      } else if (i >= 150 && i < 210) {
        visits.add(visit(entries.size() - 1, i % 2 == 0 ? "PHONE" : "OFFICE", "COUNSELLING"));
      }
    }
    for (int i = 0; i < 292; i++) {
      String situation =
          i % 3 == 0 ? "LEFT_BEHIND_CHILD" : i % 3 == 1 ? "MIGRANT_CHILD" : "LOW_INCOME";
      // The first 150 live with the single-parent mothers (entries 0 to 149), in their unit.
      boolean withMother = i < 150;
      Entry mother = withMother ? entries.get(i) : null;
      entries.add(
          new Entry(
              withMother ? mother.unitId() : community().id(),
              "CHILD",
              List.of(situation),
              child(),
              before,
              null,
              nextDue(),
              year - 1 - rng.nextInt(16),
              withMother || rng.nextBoolean() ? "PRIMARY" : "JUNIOR_SECONDARY",
              withMother ? mother.incomeBand() : income[rng.nextInt(income.length)],
              "STANDARD",
              withMother ? i : -1));
      if (i < 160) {
        visits.add(visit(entries.size() - 1, "HOME", "SCHOOLING"));
      }
    }
    for (int i = 0; i < 30; i++) {
      OffsetDateTime left = someTime(year);
      entries.add(
          new Entry(
              community().id(),
              "WOMAN",
              List.of("LOW_INCOME"),
              woman(),
              before,
              left,
              null,
              year - 30 - rng.nextInt(30),
              "JUNIOR_SECONDARY",
              "LOW",
              "STANDARD",
              -1));
    }
  }

  /** Due dates around today, so the register shows what is due now (a few overdue). */
  private LocalDate nextDue() {
    return LocalDate.now(Times.ZONE).plusDays(rng.nextInt(180) - 20);
  }

  private Visit visit(int entry, String mode, String support) {
    return new Visit(entry, LocalDate.of(year, 1, 5).plusDays(rng.nextInt(350)), mode, support);
  }

  private String woman() {
    return ""
        + SURNAMES.charAt(rng.nextInt(SURNAMES.length()))
        + GIVEN.charAt(rng.nextInt(GIVEN.length()))
        + GIVEN.charAt(rng.nextInt(GIVEN.length()));
  }

  private String child() {
    return ""
        + SURNAMES.charAt(rng.nextInt(SURNAMES.length()))
        + CHILD.charAt(rng.nextInt(CHILD.length()))
        + CHILD.charAt(rng.nextInt(CHILD.length()));
  }

  /** Channel and referral source: 35 % mini-app, 40 % phone, 15 % visit, 10 % referral. */
  private String[] channel() {
    int r = rng.nextInt(100);
    if (r < 35) {
      return new String[] {"MINI_APP", null};
    }
    if (r < 75) {
      return new String[] {"PHONE", null};
    }
    if (r < 90) {
      return new String[] {"VISIT", null};
    }
    String[] sources = {"HOTLINE_12338", "POLICE", "COURT", "SCHOOL", "COMMUNITY_POINT"};
    return new String[] {"REFERRAL", sources[rng.nextInt(sources.length)]};
  }

  private Unit community() {
    return communities.get(rng.nextInt(communities.size()));
  }

  /** A working-hours moment of the year, before 20 December so answers stay in the year. */
  private OffsetDateTime someTime(int y) {
    return LocalDate.of(y, 1, 1)
        .plusDays(rng.nextInt(350))
        .atTime(8 + rng.nextInt(12), rng.nextInt(60))
        .atZone(Times.ZONE)
        .toOffsetDateTime();
  }

  /** Closures fall in the year. */
  private OffsetDateTime min(OffsetDateTime at) {
    OffsetDateTime end = LocalDate.of(year, 12, 28).atStartOfDay(Times.ZONE).toOffsetDateTime();
    return at.isAfter(end) ? end : at;
  }

  private static String account(Request r) {
    String what =
        switch (r.category()) {
          case "MARRIAGE_FAMILY" ->
              r.dv() ? "反映家庭中遭受暴力，希望得到保护和法律帮助。" : "夫妻因家庭开支和子女教育产生矛盾，希望了解调解途径。";
          case "CUSTODY" -> "离婚后子女探视安排有争议，咨询如何处理。";
          case "PERSONAL_RIGHTS" -> "人身权益受到侵害，咨询维权途径。";
          case "SEXUAL_HARASSMENT" -> "在工作场所遭受骚扰，咨询如何取证和投诉。";
          case "CYBER_ABUSE" -> "个人照片在网上被散布，咨询如何删除和追责。";
          case "LABOUR" -> "孕期被调岗降薪，咨询劳动权益。";
          default -> "无关内容。";
        };
    return "（演示数据，纯属虚构）" + what;
  }

  // ------------------------------------------------------------------ writing

  /** Writes the plan in the caller's transaction. */
  Uni<Void> write(Mutiny.Session s) {
    FieldCipher cipher = FieldCipher.current();
    Ids ids = new Ids();
    return DemoYear.reserve(s, "help_case", cases.size())
        .invoke(list -> ids.cases = list)
        .chain(() -> DemoYear.reserve(s, "difficulty_entry", entries.size()))
        .invoke(list -> ids.entries = list)
        .chain(() -> insertCases(s, ids, cipher))
        .chain(() -> insertRequests(s, ids, cipher))
        .chain(() -> insertRegister(s, ids, cipher))
        .replaceWithVoid();
  }

  private static final class Ids {
    List<Long> cases;
    List<Long> entries;
  }

  private Uni<Integer> insertCases(Mutiny.Session s, Ids ids, FieldCipher cipher) {
    String caseIds = join(ids.cases, Function.identity());
    List<Integer> mediated = new ArrayList<>();
    List<Integer> counselled = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      if (cases.get(i).venue() != null) {
        mediated.add(i);
      }
      if (cases.get(i).counselling()) {
        counselled.add(i);
      }
    }
    return s.createNativeQuery(
            "insert into help_case (id, org_unit_id, status, category_code, domestic_violence,"
                + " concerns_minor, risk_level, resolution, resolved_at, opened_by, opened_at,"
                + " closed_at) overriding system value"
                + " select x.id, x.unit, x.status, x.category, x.dv, false, x.risk,"
                + " nullif(x.resolution, ''), case when x.closed > 0 then to_timestamp(x.closed)"
                + " end, :marker, to_timestamp(x.opened),"
                + " case when x.closed > 0 then to_timestamp(x.closed) end from unnest("
                + longs("ids")
                + ", "
                + longs("units")
                + ", "
                + texts("statuses")
                + ", "
                + texts("categories")
                + ", cast(string_to_array(:dvs, ',') as boolean[]), "
                + texts("risks")
                + ", "
                + texts("resolutions")
                + ", "
                + longs("opened")
                + ", "
                + longs("closed")
                + ") as x(id, unit, status, category, dv, risk, resolution, opened, closed)")
        .setParameter("ids", caseIds)
        .setParameter("units", join(cases, Case::unitId))
        .setParameter("statuses", join(cases, Case::status))
        .setParameter("categories", join(cases, Case::category))
        .setParameter("dvs", join(cases, Case::dv))
        .setParameter("risks", join(cases, Case::risk))
        .setParameter("resolutions", join(cases, c -> c.resolution() == null ? "" : c.resolution()))
        .setParameter("opened", join(cases, c -> c.openedAt().toEpochSecond()))
        .setParameter(
            "closed", join(cases, c -> c.closedAt() == null ? 0 : c.closedAt().toEpochSecond()))
        .setParameter("marker", MARKER)
        .executeUpdate()
        // The timeline: opened, counselling for the counselling cases, closed.
        .chain(
            () ->
                s.createNativeQuery(
                        "insert into help_case_entry (case_id, at, actor, kind, from_status,"
                            + " to_status) select id, opened_at, :marker, 'OPENED', null,"
                            + " 'ASSESSMENT' from help_case where id = any("
                            + longs("ids")
                            + ") union all select id, closed_at, :marker, 'CLOSED', 'RESOLVED',"
                            + " 'CLOSED' from help_case where closed_at is not null and id = any("
                            + longs("ids")
                            + ")")
                    .setParameter("ids", caseIds)
                    .setParameter("marker", MARKER)
                    .executeUpdate())
        .chain(
            () ->
                counselled.isEmpty()
                    ? Uni.createFrom().item(0)
                    : s.createNativeQuery(
                            "insert into help_case_entry (case_id, at, actor, kind, note_sealed)"
                                + " select x.id, k.opened_at + interval '3 days', :marker,"
                                + " 'COUNSELLING', x.note from unnest("
                                + longs("cids")
                                + ", "
                                + texts("notes")
                                + ") as x(id, note) join help_case k on k.id = x.id")
                        .setParameter("cids", join(counselled, ids.cases::get))
                        .setParameter(
                            "notes",
                            join(counselled, i -> cipher.encrypt("（演示）婚姻家庭咨询师个案辅导一次。", NOTE)))
                        .setParameter("marker", MARKER)
                        .executeUpdate())
        .chain(
            () ->
                s.createNativeQuery(
                        "insert into help_mediation (case_id, venue, parties, outcome, started_on,"
                            + " ended_on, recorded_by)"
                            + " select k.id, x.venue, 2, x.outcome,"
                            + " (k.opened_at at time zone 'Asia/Shanghai')::date,"
                            + " (k.closed_at at time zone 'Asia/Shanghai')::date, :marker from unnest("
                            + longs("mids")
                            + ", "
                            + texts("venues")
                            + ", "
                            + texts("outcomes")
                            + ") as x(id, venue, outcome) join help_case k on k.id = x.id")
                    .setParameter("mids", join(mediated, ids.cases::get))
                    .setParameter("venues", join(mediated, i -> cases.get(i).venue()))
                    .setParameter("outcomes", join(mediated, i -> cases.get(i).mediationOutcome()))
                    .setParameter("marker", MARKER)
                    .executeUpdate());
  }

  private Uni<Integer> insertRequests(Mutiny.Session s, Ids ids, FieldCipher cipher) {
    List<String> references = new ArrayList<>();
    for (int i = 0; i < requests.size(); i++) {
      references.add("DEMO-" + year + "-" + i);
    }
    return s.createNativeQuery(
            "insert into help_request (reference_hash, reference_sealed, anonymous,"
                + " category_code, domestic_violence, channel, org_unit_id, account_sealed,"
                + " contact_by, risk_level, legal_basis, status, respond_by, created_at,"
                + " recorded_by, referral_source, outcome, nothing_reason, triaged_by, triaged_at,"
                + " case_id)"
                + " select x.hash, x.ref, x.channel = 'MINI_APP', x.category, x.dv, x.channel,"
                + " x.unit, x.account, case x.channel when 'MINI_APP' then 'INBOX_ONLY'"
                + " else 'PHONE' end, x.risk, case x.channel when 'MINI_APP' then 'CONSENT'"
                + " else 'LEGAL_DUTY' end, 'TRIAGED', to_timestamp(x.at) + case x.risk"
                + " when 'HIGH' then interval '1 hour' when 'MEDIUM' then interval '24 hours'"
                + " else interval '3 days' end, to_timestamp(x.at),"
                + " case when x.channel <> 'MINI_APP' then :marker end, nullif(x.source, ''),"
                + " x.outcome, nullif(x.nothing, ''), :marker, to_timestamp(x.triaged),"
                + " nullif(x.case_id, 0) from unnest("
                + texts("hashes")
                + ", "
                + texts("refs")
                + ", "
                + texts("categories")
                + ", cast(string_to_array(:dvs, ',') as boolean[]), "
                + texts("channels")
                + ", "
                + longs("units")
                + ", "
                + texts("accounts")
                + ", "
                + texts("risks")
                + ", "
                + longs("at")
                + ", "
                + texts("sources")
                + ", "
                + texts("outcomes")
                + ", "
                + texts("nothing")
                + ", "
                + longs("triaged")
                + ", "
                + longs("cases")
                + ") as x(hash, ref, category, dv, channel, unit, account, risk, at, source,"
                + " outcome, nothing, triaged, case_id)")
        .setParameter("hashes", join(references, DemoRights::sha256))
        .setParameter("refs", join(references, r -> cipher.encrypt(r, REFERENCE)))
        .setParameter("categories", join(requests, Request::category))
        .setParameter("dvs", join(requests, Request::dv))
        .setParameter("channels", join(requests, Request::channel))
        .setParameter("units", join(requests, Request::unitId))
        .setParameter("accounts", join(requests, r -> cipher.encrypt(account(r), ACCOUNT)))
        .setParameter("risks", join(requests, Request::risk))
        .setParameter("at", join(requests, r -> r.at().toEpochSecond()))
        .setParameter("sources", join(requests, r -> r.source() == null ? "" : r.source()))
        .setParameter("outcomes", join(requests, Request::outcome))
        .setParameter(
            "nothing", join(requests, r -> r.nothingReason() == null ? "" : r.nothingReason()))
        .setParameter("triaged", join(requests, r -> r.triagedAt().toEpochSecond()))
        .setParameter(
            "cases", join(requests, r -> r.caseIndex() < 0 ? 0 : ids.cases.get(r.caseIndex())))
        .setParameter("marker", MARKER)
        .executeUpdate();
  }

  private Uni<Integer> insertRegister(Mutiny.Session s, Ids ids, FieldCipher cipher) {
    return s.createNativeQuery(
            "insert into difficulty_entry (id, org_unit_id, kind, situations, name_sealed, status,"
                + " exit_reason, next_visit_due, registered_by, registered_at, exited_at,"
                + " confirmed_by, confirmed_at, review_due, birth_year, education, income_band,"
                + " risk_level, household_id) overriding system value"
                + " select x.id, x.unit, x.kind, string_to_array(x.situations, '+'), x.name,"
                + " case when x.exited > 0 then 'EXITED' else 'ACTIVE' end,"
                + " case when x.exited > 0 then 'SITUATION_IMPROVED' end,"
                + " case when x.exited = 0 then to_date(x.due, 'YYYY-MM-DD') end, :marker,"
                + " to_timestamp(x.registered), case when x.exited > 0 then to_timestamp(x.exited)"
                + " end, :marker, to_timestamp(x.registered) + interval '7 days',"
                + " case when x.exited = 0 then to_date(x.due, 'YYYY-MM-DD') + 90 end,"
                + " x.born, x.education, x.income, x.risk, nullif(x.household, 0) from unnest("
                + longs("ids")
                + ", "
                + longs("units")
                + ", "
                + texts("kinds")
                + ", "
                + texts("situations")
                + ", "
                + texts("names")
                + ", "
                + texts("dues")
                + ", "
                + longs("registered")
                + ", "
                + longs("exited")
                + ", "
                + longs("born")
                + ", "
                + texts("educations")
                + ", "
                + texts("incomes")
                + ", "
                + texts("risks")
                + ", "
                + longs("households")
                + ") as x(id, unit, kind, situations, name, due, registered, exited, born,"
                + " education, income, risk, household)")
        .setParameter("ids", join(ids.entries, Function.identity()))
        .setParameter("units", join(entries, Entry::unitId))
        .setParameter("kinds", join(entries, Entry::kind))
        .setParameter("situations", join(entries, e -> String.join("+", e.situations())))
        .setParameter("names", join(entries, e -> cipher.encrypt(e.name(), ENTRY_NAME)))
        .setParameter(
            "dues",
            join(entries, e -> e.nextVisitDue() == null ? "-" : e.nextVisitDue().toString()))
        .setParameter("registered", join(entries, e -> e.registeredAt().toEpochSecond()))
        .setParameter(
            "exited", join(entries, e -> e.exitedAt() == null ? 0 : e.exitedAt().toEpochSecond()))
        .setParameter("born", join(entries, Entry::birthYear))
        .setParameter("educations", join(entries, Entry::education))
        .setParameter("incomes", join(entries, Entry::incomeBand))
        .setParameter("risks", join(entries, Entry::risk))
        .setParameter(
            "households",
            join(entries, e -> e.household() < 0 ? 0 : ids.entries.get(e.household())))
        .setParameter("marker", MARKER)
        .executeUpdate()
        .chain(
            () ->
                s.createNativeQuery(
                        "insert into difficulty_visit (entry_id, visited_on, visitor, mode,"
                            + " support, recorded_at) select x.entry, to_date(x.day, 'YYYY-MM-DD'),"
                            + " :marker, x.mode, array[x.support],"
                            + " to_date(x.day, 'YYYY-MM-DD') + time '18:00' from unnest("
                            + longs("entries")
                            + ", "
                            + texts("days")
                            + ", "
                            + texts("modes")
                            + ", "
                            + texts("supports")
                            + ") as x(entry, day, mode, support)")
                    .setParameter("entries", join(visits, v -> ids.entries.get(v.entry())))
                    .setParameter("days", join(visits, v -> v.on().toString()))
                    .setParameter("modes", join(visits, Visit::mode))
                    .setParameter("supports", join(visits, Visit::support))
                    .setParameter("marker", MARKER)
                    .executeUpdate());
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
