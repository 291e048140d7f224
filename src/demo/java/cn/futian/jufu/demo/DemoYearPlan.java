package cn.futian.jufu.demo;

import cn.futian.jufu.common.time.Times;
import cn.futian.jufu.events.CourseCategory;
import cn.futian.jufu.events.EventKind;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The demo year, worked out in memory from a fixed seed before anything is written: members, and
 * for each kind the events, sessions, sign-ups and check-ins that the 2019 work summary reports
 * (DOMAIN.md). Pure and deterministic: the same units and year give the same plan.
 *
 * <ul>
 *   <li>鹊巢交友 MATCHMAKING: 31 events, one session each, 7,000 + (0..299) person-times, singles only,
 *       women and men in equal numbers;
 *   <li>家庭幸福汇 FAMILY_HAPPINESS_COURSE: 15 courses (3 per category) with 43 sessions, 6,000 +
 *       (0..249) person-times; children's-services sessions are parent and child (2 persons);
 *   <li>女性专场招聘会 JOB_FAIR: 9 events, exactly 300 different women checked in (30 came twice);
 *   <li>三八主题活动 MARCH_8TH: 97 events (district, 10 streets, 86 communities), 1-10 March;
 *   <li>儿童议事会 CHILDRENS_COUNCIL: 156 sessions in 20 pilot communities (two per street), a guardian
 *       and a child each;
 *   <li>家长学校 PARENT_SCHOOL: 42 lectures in 10 pilot communities;
 *   <li>女干部培训 CADRE_TRAINING: the grassroots women cadres' training, exactly 172 different cadres
 *       (妇联执委, 街道 and 社区妇联干部) in 3 two-day classes, cadres only;
 *   <li>来深建设者子女关爱 MIGRANT_CHILDREN: the summer course of 126 migrant workers' children (8 sessions
 *       in July and August, a guardian and a child each), and the tenth anniversary of the
 *       left-behind children programme in November;
 *   <li>最美家庭巡讲 MODEL_FAMILY_TOUR: 43 stops of the honoured families' lecture team, each in another
 *       community;
 *   <li>好家风好家训 FAMILY_TRADITION: 108 family-motto and patriotic family activities (district,
 *       streets, communities);
 *   <li>和谐家庭宣传 HARMONIOUS_FAMILY: 9 publicity events of the 守望幸福 project, exactly 1,128 services
 *       (person-times);
 *   <li>调研走访 RESEARCH_VISIT: the district's 20 research visits to streets and communities, its
 *       staff and the local cadres, cadres only.
 * </ul>
 *
 * Every sign-up is CONFIRMED; a few per session did not come (no attendance row). The cadres who
 * attend cadre-only events hold an appointment for the demo year ({@link #cadres}).
 */
final class DemoYearPlan {

  static final long SEED = 2019L;

  static final int MEMBERS = 8000;

  /** Members 0..SINGLES-1 are single (half women, half men); the rest married, mostly women. */
  static final int SINGLES = 3000;

  static final int MATCHMAKING_EVENTS = 31;
  static final int MATCHMAKING_PERSON_TIMES = 7000;
  static final int FAMILY_PERSON_TIMES = 6000;
  static final int JOB_FAIR_EVENTS = 9;
  static final int JOB_FAIR_WOMEN = 300;
  static final int MARCH_8TH_EVENTS = 97;
  static final int COUNCIL_COMMUNITIES = 20;
  static final int COUNCIL_SESSIONS = 156;
  static final int CADRE_TRAINEES = 172;
  static final int STREET_CADRES_PER_STREET = 3;
  static final int DISTRICT_STAFF = 8;
  static final int SUMMER_COURSE_CHILDREN = 126;
  static final int SUMMER_COURSE_SESSIONS = 8;
  static final int LECTURE_TOUR_STOPS = 43;
  static final int FAMILY_TRADITION_EVENTS = 108;
  static final int HARMONIOUS_FAMILY_EVENTS = 9;
  static final int HARMONIOUS_FAMILY_SERVICES = 1128;
  static final int RESEARCH_VISITS = 20;

  /** Kinds the demo publishes with the {@code cadresOnly} eligibility rule. */
  static final Set<EventKind> CADRES_ONLY =
      EnumSet.of(EventKind.CADRE_TRAINING, EventKind.RESEARCH_VISIT);

  /** Parts of the plan that share a kind but are figures of their own in the work summary. */
  static final String SUMMER_COURSE = "migrant-children-summer-course";

  static final String TENTH_ANNIVERSARY = "left-behind-children-tenth-anniversary";

  /** A unit of the seeded tree. */
  record Unit(long id, String code, String nameZh) {}

  /** The units the plan spreads activity over. */
  record Tree(Unit district, List<Unit> streets, Map<String, List<Unit>> communitiesByStreet) {}

  record Member(
      int n,
      String name,
      String gender,
      int birthYear,
      String maritalStatus,
      long homeUnitId,
      String childName) {
    boolean hasChild() {
      return childName != null;
    }
  }

  /** A sign-up; {@code persons} 0 means a no-show. */
  record Reg(
      int member,
      int seats,
      int persons,
      OffsetDateTime createdAt,
      OffsetDateTime checkedInAt,
      String method) {}

  record Session(OffsetDateTime startsAt, OffsetDateTime endsAt, int capacity, List<Reg> regs) {}

  /** An event; {@code part} names the work it belongs to (by default its kind). */
  record Event(
      EventKind kind,
      CourseCategory category,
      long ownerUnitId,
      String title,
      String description,
      String venue,
      List<Session> sessions,
      String part) {

    Event(
        EventKind kind,
        CourseCategory category,
        long ownerUnitId,
        String title,
        String description,
        String venue,
        List<Session> sessions) {
      this(kind, category, ownerUnitId, title, description, venue, sessions, kind.name());
    }
  }

  /** What a demo cadre is: the roles of the seed's 172 trained cadres, and district staff. */
  enum CadreRole {
    COMMUNITY,
    STREET,
    EXECUTIVE,
    DISTRICT_STAFF
  }

  /** A member appointed cadre of a unit for the demo year. */
  record Cadre(int member, CadreRole role, long unitId) {}

  /** The figures of one kind, as the statistics API should report them. */
  record Figures(long events, long sessions, long signUps, long personTimes, long distinctPeople) {}

  final int year;
  final List<Member> members = new ArrayList<>();
  final List<Event> events = new ArrayList<>();
  final List<Cadre> cadres = new ArrayList<>();

  private final Random rng = new Random(SEED);
  private final Tree tree;

  private DemoYearPlan(int year, Tree tree) {
    this.year = year;
    this.tree = tree;
  }

  static DemoYearPlan build(int year, Tree tree) {
    DemoYearPlan plan = new DemoYearPlan(year, tree);
    plan.members();
    plan.matchmaking();
    plan.familyHappiness();
    plan.jobFairs();
    plan.march8th();
    plan.childrensCouncils();
    plan.parentSchools();
    plan.cadres();
    plan.cadreTraining();
    plan.migrantChildren();
    plan.lectureTour();
    plan.familyTradition();
    plan.harmoniousFamily();
    plan.researchVisits();
    return plan;
  }

  /** The figures per kind, in the order of {@link EventKind}. */
  Map<EventKind, Figures> figures() {
    Map<EventKind, Figures> result = new EnumMap<>(EventKind.class);
    for (EventKind kind : EventKind.values()) {
      List<Event> ofKind = events.stream().filter(e -> e.kind() == kind).toList();
      if (!ofKind.isEmpty()) {
        result.put(kind, figuresOf(ofKind));
      }
    }
    return result;
  }

  Figures totals() {
    return figuresOf(events);
  }

  /** The figures per part, in plan order (parts of their own and every kind's other events). */
  Map<String, Figures> figuresByPart() {
    Map<String, List<Event>> byPart = new LinkedHashMap<>();
    for (Event e : events) {
      byPart.computeIfAbsent(e.part(), k -> new ArrayList<>()).add(e);
    }
    Map<String, Figures> result = new LinkedHashMap<>();
    byPart.forEach((part, list) -> result.put(part, figuresOf(list)));
    return result;
  }

  private static Figures figuresOf(List<Event> list) {
    long sessions = 0;
    long signUps = 0;
    long personTimes = 0;
    Set<Integer> people = new HashSet<>();
    for (Event e : list) {
      for (Session s : e.sessions()) {
        sessions++;
        for (Reg r : s.regs()) {
          signUps++;
          if (r.persons() > 0) {
            personTimes += r.persons();
            people.add(r.member());
          }
        }
      }
    }
    return new Figures(list.size(), sessions, signUps, personTimes, people.size());
  }

  // ------------------------------------------------------------------ members

  private static final String SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程苏魏吕丁任沈姚卢";
  private static final String WOMEN = "秀丽娟芳敏静婷雪琳慧倩颖洁玲燕红霞萍佳欣怡雅思梦晓丹蕾薇莉月";
  private static final String MEN = "伟强磊军勇杰涛明超华鹏辉斌宇浩俊峰刚毅凯翔文博达志";
  private static final String CHILDREN = "子涵梓萱一诺若汐欣怡浩然宇轩思远语桐沐辰";

  private void members() {
    List<Unit> communities = allCommunities();
    for (int n = 0; n < MEMBERS; n++) {
      boolean single = n < SINGLES;
      String gender;
      if (single) {
        gender = n % 2 == 0 ? "FEMALE" : "MALE";
      } else {
        gender = rng.nextInt(100) < 88 ? "FEMALE" : "MALE";
      }
      int birthYear = single ? year - 24 - rng.nextInt(16) : year - 30 - rng.nextInt(26);
      String surname = String.valueOf(SURNAMES.charAt(rng.nextInt(SURNAMES.length())));
      String given = "FEMALE".equals(gender) ? WOMEN : MEN;
      String name = surname + given.charAt(rng.nextInt(given.length()));
      if (rng.nextBoolean()) {
        name += given.charAt(rng.nextInt(given.length()));
      }
      // Every second married member has a child on file (with the guardian's consent).
      String child =
          !single && n % 2 == 0
              ? surname
                  + CHILDREN.charAt(rng.nextInt(CHILDREN.length()))
                  + CHILDREN.charAt(rng.nextInt(CHILDREN.length()))
              : null;
      long home = communities.get(rng.nextInt(communities.size())).id();
      members.add(
          new Member(n, name, gender, birthYear, single ? "SINGLE" : "MARRIED", home, child));
    }
  }

  private int[] pool(java.util.function.Predicate<Member> which) {
    return members.stream().filter(which).mapToInt(Member::n).toArray();
  }

  /** k different members of a pool (a partial shuffle of the pool, in place). */
  private int[] pick(int[] pool, int k) {
    int take = Math.min(k, pool.length);
    for (int i = 0; i < take; i++) {
      int j = i + rng.nextInt(pool.length - i);
      int t = pool[i];
      pool[i] = pool[j];
      pool[j] = t;
    }
    int[] result = new int[take];
    System.arraycopy(pool, 0, result, 0, take);
    return result;
  }

  // ------------------------------------------------------------------ kinds

  private void matchmaking() {
    int[] women = pool(m -> "SINGLE".equals(m.maritalStatus()) && "FEMALE".equals(m.gender()));
    int[] men = pool(m -> "SINGLE".equals(m.maritalStatus()) && "MALE".equals(m.gender()));
    int[] perEvent = split(MATCHMAKING_PERSON_TIMES + rng.nextInt(300), MATCHMAKING_EVENTS);
    for (int j = 0; j < MATCHMAKING_EVENTS; j++) {
      int month = 1 + j * 12 / MATCHMAKING_EVENTS;
      OffsetDateTime start = at(month, 3 + rng.nextInt(24), 14, 30);
      int attend = perEvent[j];
      int noShows = Math.max(1, attend * 6 / 100);
      List<Reg> regs = new ArrayList<>();
      int half = (attend + noShows) / 2;
      int[] w = pick(women, half);
      int[] m = pick(men, attend + noShows - half);
      int came = 0;
      for (int i = 0; i < Math.max(w.length, m.length); i++) {
        for (int[] side : new int[][] {w, m}) {
          if (i < side.length) {
            regs.add(reg(side[i], 1, came++ < attend ? 1 : 0, start));
          }
        }
      }
      Unit owner = j % 3 == 0 ? tree.district() : tree.streets().get(j % tree.streets().size());
      events.add(
          new Event(
              EventKind.MATCHMAKING,
              null,
              owner.id(),
              "鹊巢交友·" + year + "年第" + (j + 1) + "期",
              "面向单身青年的交友联谊活动，联合辖区企业举办。",
              owner.nameZh() + "活动室",
              List.of(session(start, 180, regs, j % 4 == 0))));
    }
  }

  private void familyHappiness() {
    int[] parents = pool(Member::hasChild);
    int[] adults = pool(m -> !"SINGLE".equals(m.maritalStatus()));
    CourseCategory[] categories = CourseCategory.values();
    int courses = 15;
    int sessions = 43;
    int[] perSession = split(FAMILY_PERSON_TIMES + rng.nextInt(250), sessions);
    int s = 0;
    for (int e = 0; e < courses; e++) {
      CourseCategory category = categories[e % categories.length];
      boolean withChildren = category == CourseCategory.CHILDRENS_SERVICES;
      int count = e < 13 ? 3 : 2;
      int month = 2 + e * 10 / courses;
      List<Session> list = new ArrayList<>();
      for (int k = 0; k < count; k++) {
        OffsetDateTime start = at(month, 6 + 7 * k, 9, 30);
        list.add(
            session(
                start,
                120,
                fill(withChildren ? parents : adults, perSession[s++], withChildren ? 2 : 1, start),
                false));
      }
      Unit owner = tree.streets().get(e % tree.streets().size());
      events.add(
          new Event(
              EventKind.FAMILY_HAPPINESS_COURSE,
              category,
              owner.id(),
              "家庭幸福汇·" + categoryZh(category) + "课堂（" + (e + 1) + "）",
              "家庭幸福汇学习菜单课程。",
              owner.nameZh() + "妇女儿童之家",
              list));
    }
  }

  private void jobFairs() {
    int[] women = pool(m -> !"SINGLE".equals(m.maritalStatus()) && "FEMALE".equals(m.gender()));
    int[] chosen = pick(women, JOB_FAIR_WOMEN).clone();
    // Whoever was not chosen may still sign up and not come.
    int[] others = new int[women.length - chosen.length];
    System.arraycopy(women, chosen.length, others, 0, others.length);
    List<List<Integer>> comers = new ArrayList<>();
    for (int k = 0; k < JOB_FAIR_EVENTS; k++) {
      comers.add(new ArrayList<>());
    }
    for (int i = 0; i < chosen.length; i++) {
      comers.get(i % JOB_FAIR_EVENTS).add(chosen[i]);
    }
    // 30 women came to a second fair.
    for (int i = 0; i < 30; i++) {
      int woman = chosen[i * 7];
      int first = (i * 7) % JOB_FAIR_EVENTS;
      comers.get((first + 1 + rng.nextInt(JOB_FAIR_EVENTS - 1)) % JOB_FAIR_EVENTS).add(woman);
    }
    for (int k = 0; k < JOB_FAIR_EVENTS; k++) {
      OffsetDateTime start = at(1 + k * 12 / JOB_FAIR_EVENTS, 10 + rng.nextInt(10), 9, 0);
      List<Reg> regs = new ArrayList<>();
      for (int woman : comers.get(k)) {
        regs.add(reg(woman, 1, 1, start));
      }
      for (int woman : pick(others, 3)) {
        regs.add(reg(woman, 1, 0, start));
      }
      Unit owner = k % 3 == 0 ? tree.district() : tree.streets().get(k % tree.streets().size());
      events.add(
          new Event(
              EventKind.JOB_FAIR,
              null,
              owner.id(),
              "女性专场招聘会·第" + (k + 1) + "场",
              "联合木棉红女性创业基地举办的女性专场招聘和创业项目推介。",
              owner.nameZh() + "就业服务大厅",
              List.of(session(start, 180, regs, false))));
    }
  }

  private void march8th() {
    int[] women = pool(m -> "FEMALE".equals(m.gender()));
    List<Unit> owners = new ArrayList<>();
    owners.add(tree.district());
    owners.addAll(tree.streets());
    List<Unit> communities = new ArrayList<>(allCommunities());
    java.util.Collections.shuffle(communities, rng);
    owners.addAll(
        communities.subList(0, Math.min(communities.size(), MARCH_8TH_EVENTS - owners.size())));
    for (Unit owner : owners) {
      OffsetDateTime start = at(3, 1 + rng.nextInt(10), rng.nextBoolean() ? 9 : 14, 30);
      int attend = 20 + rng.nextInt(41);
      int[] chosen = pick(women, attend + rng.nextInt(4));
      List<Reg> regs = new ArrayList<>();
      for (int i = 0; i < chosen.length; i++) {
        regs.add(reg(chosen[i], 1, i < attend ? 1 : 0, start));
      }
      events.add(
          new Event(
              EventKind.MARCH_8TH,
              null,
              owner.id(),
              "三八妇女节主题活动·" + shortName(owner),
              "庆祝三八国际妇女节主题活动。",
              owner.nameZh() + "活动室",
              List.of(session(start, 120, regs, false))));
    }
  }

  private void childrensCouncils() {
    int[] parents = pool(Member::hasChild);
    List<Unit> pilots = new ArrayList<>();
    for (Unit street : tree.streets()) {
      List<Unit> cs = tree.communitiesByStreet().getOrDefault(street.code(), List.of());
      pilots.addAll(cs.subList(0, Math.min(2, cs.size())));
    }
    pilots = pilots.subList(0, Math.min(COUNCIL_COMMUNITIES, pilots.size()));
    int[] months = {3, 4, 5, 6, 9, 10, 11, 12};
    int remaining = COUNCIL_SESSIONS;
    for (int c = 0; c < pilots.size(); c++) {
      Unit community = pilots.get(c);
      // 156 = 16 x 8 + 4 x 7 over 20 communities: spread what is left evenly.
      int count =
          Math.min(months.length, (remaining + (pilots.size() - c) - 1) / (pilots.size() - c));
      remaining -= count;
      int[] guardians = pick(parents, 16).clone();
      List<Session> list = new ArrayList<>();
      for (int k = 0; k < count; k++) {
        OffsetDateTime start = at(months[k], 12 + rng.nextInt(10), 15, 0);
        int registered = 12 + rng.nextInt(5);
        List<Reg> regs = new ArrayList<>();
        for (int i = 0; i < registered; i++) {
          regs.add(reg(guardians[i], 2, rng.nextInt(10) < 9 ? 2 : 0, start));
        }
        list.add(session(start, 90, regs, false));
      }
      events.add(
          new Event(
              EventKind.CHILDRENS_COUNCIL,
              null,
              community.id(),
              "儿童议事会·" + shortName(community),
              "儿童议事会例会，儿童在监护人陪同下参加。",
              community.nameZh() + "妇女儿童之家",
              list));
    }
  }

  private void parentSchools() {
    int[] adults = pool(m -> !"SINGLE".equals(m.maritalStatus()));
    int e = 0;
    for (Unit street : tree.streets()) {
      List<Unit> cs = tree.communitiesByStreet().getOrDefault(street.code(), List.of());
      if (cs.size() < 3) {
        continue;
      }
      Unit community = cs.get(2);
      int count = e < 8 ? 4 : 5;
      List<Session> list = new ArrayList<>();
      for (int k = 0; k < count; k++) {
        OffsetDateTime start = at(4 + k * 2, 8 + rng.nextInt(15), 19, 0);
        int[] chosen = pick(adults, 25 + rng.nextInt(26));
        List<Reg> regs = new ArrayList<>();
        for (int member : chosen) {
          int seats = members.get(member).hasChild() && rng.nextBoolean() ? 2 : 1;
          regs.add(reg(member, seats, rng.nextInt(20) == 0 ? 0 : seats, start));
        }
        list.add(session(start, 90, regs, false));
      }
      events.add(
          new Event(
              EventKind.PARENT_SCHOOL,
              null,
              community.id(),
              "家长学校·好家风宣讲（" + shortName(community) + "）",
              "社区家长学校家庭教育讲座。",
              community.nameZh() + "家长学校",
              list));
      e++;
    }
  }

  // ------------------------------------------------------------------ cadres and the new kinds

  /**
   * Married women of the members become the demo's cadres: one community cadre per community, three
   * street cadres per street, and executives (执委) of community federations up to the 172 trained;
   * then the district's staff, who make the research visits.
   */
  private void cadres() {
    List<Unit> communities = allCommunities();
    int streetCadres = tree.streets().size() * STREET_CADRES_PER_STREET;
    int executives = Math.max(0, CADRE_TRAINEES - communities.size() - streetCadres);
    int[] women = pool(m -> !"SINGLE".equals(m.maritalStatus()) && "FEMALE".equals(m.gender()));
    int[] chosen =
        pick(women, communities.size() + streetCadres + executives + DISTRICT_STAFF).clone();
    int i = 0;
    for (Unit community : communities) {
      cadres.add(new Cadre(chosen[i++], CadreRole.COMMUNITY, community.id()));
    }
    for (Unit street : tree.streets()) {
      for (int k = 0; k < STREET_CADRES_PER_STREET; k++) {
        cadres.add(new Cadre(chosen[i++], CadreRole.STREET, street.id()));
      }
    }
    for (int k = 0; k < executives; k++) {
      Unit community = communities.get((k * 2) % communities.size());
      cadres.add(new Cadre(chosen[i++], CadreRole.EXECUTIVE, community.id()));
    }
    for (int k = 0; k < DISTRICT_STAFF; k++) {
      cadres.add(new Cadre(chosen[i++], CadreRole.DISTRICT_STAFF, tree.district().id()));
    }
  }

  private List<Cadre> cadresOf(CadreRole role) {
    return cadres.stream().filter(c -> c.role() == role).toList();
  }

  /** A class of the cadres' training: who, its name, its month. */
  private record TrainingClass(CadreRole role, String name, int month) {}

  /** 基层妇女干部培训班: a two-day class per role; every trainee came on the first day. */
  private void cadreTraining() {
    List<TrainingClass> classes =
        List.of(
            new TrainingClass(CadreRole.EXECUTIVE, "妇联执委班", 4),
            new TrainingClass(CadreRole.STREET, "街道妇联干部班", 6),
            new TrainingClass(CadreRole.COMMUNITY, "社区妇联干部班", 9));
    for (TrainingClass c : classes) {
      List<Cadre> trainees = cadresOf(c.role());
      if (trainees.isEmpty()) {
        continue;
      }
      int month = c.month();
      int day = 10 + rng.nextInt(14);
      List<Session> days = new ArrayList<>();
      for (int d = 0; d < 2; d++) {
        OffsetDateTime start = at(month, day + d, 9, 0);
        List<Reg> regs = new ArrayList<>();
        for (Cadre trainee : trainees) {
          regs.add(reg(trainee.member(), 1, d == 0 || rng.nextInt(20) != 0 ? 1 : 0, start));
        }
        days.add(session(start, 420, regs, false));
      }
      events.add(
          new Event(
              EventKind.CADRE_TRAINING,
              null,
              tree.district().id(),
              "基层妇女干部培训班·" + c.name(),
              "对妇联执委、街道妇联干部、社区妇联干部开展培训，提高政治素质、履职能力和群众工作本领。",
              "福田区妇联培训室",
              days));
    }
  }

  /**
   * 留住爱 守护你: the summer course for migrant workers' children (a guardian signs up with the child,
   * every child came to the first lesson), and the programme's tenth anniversary.
   */
  private void migrantChildren() {
    int[] parents = pool(Member::hasChild);
    int[] guardians = pick(parents, SUMMER_COURSE_CHILDREN).clone();
    List<Session> lessons = new ArrayList<>();
    for (int k = 0; k < SUMMER_COURSE_SESSIONS; k++) {
      int half = SUMMER_COURSE_SESSIONS / 2;
      OffsetDateTime start = k < half ? at(7, 9 + 7 * k, 9, 0) : at(8, 6 + 7 * (k - half), 9, 0);
      List<Reg> regs = new ArrayList<>();
      for (int guardian : guardians) {
        regs.add(reg(guardian, 2, k == 0 || rng.nextInt(10) != 0 ? 2 : 0, start));
      }
      lessons.add(session(start, 150, regs, false));
    }
    events.add(
        new Event(
            EventKind.MIGRANT_CHILDREN,
            null,
            tree.district().id(),
            "留住爱 守护你·来深建设者子女暑期课堂",
            "为来深建设者子女开设的暑期培训课程，儿童在监护人陪同下报名参加。",
            "福田区妇女儿童活动中心",
            lessons,
            SUMMER_COURSE));
    OffsetDateTime gala = at(11, 16, 14, 30);
    events.add(
        new Event(
            EventKind.MIGRANT_CHILDREN,
            null,
            tree.district().id(),
            "情系来深留守儿童关爱活动10周年盛典",
            "情系来深留守儿童关爱活动十周年，回顾十年服务，放映纪录片《第一名》。",
            "福田区妇女儿童活动中心",
            List.of(session(gala, 150, fill(parents, 180, 2, gala), false)),
            TENTH_ANNIVERSARY));
  }

  /** 全国最美家庭 好家庭好家风宣讲团: one stop in each of 43 communities. */
  private void lectureTour() {
    int[] adults = pool(m -> !"SINGLE".equals(m.maritalStatus()));
    List<Unit> communities = new ArrayList<>(allCommunities());
    java.util.Collections.shuffle(communities, rng);
    List<Unit> stops = communities.subList(0, Math.min(LECTURE_TOUR_STOPS, communities.size()));
    for (int k = 0; k < stops.size(); k++) {
      Unit community = stops.get(k);
      int month = 3 + k * 10 / stops.size();
      OffsetDateTime start = at(month, 5 + rng.nextInt(20), 19, 30);
      events.add(
          new Event(
              EventKind.MODEL_FAMILY_TOUR,
              null,
              community.id(),
              "最美家庭巡讲·" + shortName(community),
              "福田区“全国最美家庭”好家庭好家风宣讲团到社区巡讲，讲述最美家庭的故事。",
              community.nameZh() + "妇女儿童之家",
              List.of(session(start, 90, families(adults, 30 + rng.nextInt(31), start), false))));
    }
  }

  /** 好家风好家训征集 and 爱家爱国 activities: the district's, three per street, then communities. */
  private void familyTradition() {
    int[] adults = pool(m -> !"SINGLE".equals(m.maritalStatus()));
    String[] themes = {"好家风好家训征集", "爱家爱国主题活动", "家国情怀·我和我的祖国", "传承好家风 奋进新时代"};
    List<Unit> owners = new ArrayList<>();
    owners.add(tree.district());
    owners.add(tree.district());
    for (Unit street : tree.streets()) {
      for (int k = 0; k < 3; k++) {
        owners.add(street);
      }
    }
    List<Unit> communities = new ArrayList<>(allCommunities());
    java.util.Collections.shuffle(communities, rng);
    owners.addAll(
        communities.subList(
            0, Math.max(0, Math.min(communities.size(), FAMILY_TRADITION_EVENTS - owners.size()))));
    for (int k = 0; k < owners.size(); k++) {
      Unit owner = owners.get(k);
      int theme = k % themes.length;
      String title = k == 0 ? "庆祝中华人民共和国成立70周年成就座谈会" : themes[theme] + "·" + shortName(owner);
      // The patriotic activities gather around National Day, the 70th anniversary in 2019.
      boolean patriotic = k == 0 || theme == 1 || theme == 2;
      int month = patriotic ? 9 + rng.nextInt(2) : 4 + rng.nextInt(9);
      OffsetDateTime start = at(month, 1 + rng.nextInt(27), 14, 30);
      events.add(
          new Event(
              EventKind.FAMILY_TRADITION,
              null,
              owner.id(),
              title,
              "开展爱家爱国、家国情怀主题活动和好家风好家训征集，弘扬良好家风家教。",
              owner.nameZh() + "活动室",
              List.of(session(start, 120, families(adults, 15 + rng.nextInt(31), start), false))));
    }
  }

  /** 守望幸福 和谐家庭宣传: nine streets, exactly 1,128 services between them. */
  private void harmoniousFamily() {
    int[] adults = pool(m -> !"SINGLE".equals(m.maritalStatus()));
    int[] months = {3, 3, 5, 5, 6, 9, 11, 11, 12};
    int[] perEvent = split(HARMONIOUS_FAMILY_SERVICES, HARMONIOUS_FAMILY_EVENTS);
    for (int k = 0; k < HARMONIOUS_FAMILY_EVENTS; k++) {
      Unit street = tree.streets().get(k % tree.streets().size());
      OffsetDateTime start = at(months[k % months.length], 1 + rng.nextInt(27), 9, 30);
      events.add(
          new Event(
              EventKind.HARMONIOUS_FAMILY,
              null,
              street.id(),
              "守望幸福·和谐家庭宣传活动（" + shortName(street) + "）",
              "“守望幸福”婚姻家庭服务项目的和谐家庭宣传活动，现场提供婚姻家庭、法律和心理咨询服务。",
              street.nameZh() + "文化广场",
              List.of(session(start, 180, fill(adults, perEvent[k], 1, start), false))));
    }
  }

  /**
   * 调研走访: the district's staff visit each street and one community per street, with the local
   * cadres (a street's cadres; a community's cadre and executives).
   */
  private void researchVisits() {
    List<Cadre> staff = cadresOf(CadreRole.DISTRICT_STAFF);
    int[] staffPool = staff.stream().mapToInt(Cadre::member).toArray();
    List<Unit> visited = new ArrayList<>(tree.streets());
    for (Unit street : tree.streets()) {
      List<Unit> cs = tree.communitiesByStreet().getOrDefault(street.code(), List.of());
      if (!cs.isEmpty()) {
        visited.add(cs.get(cs.size() - 1));
      }
    }
    visited = visited.subList(0, Math.min(RESEARCH_VISITS, visited.size()));
    for (int k = 0; k < visited.size(); k++) {
      Unit unit = visited.get(k);
      OffsetDateTime start = at(2 + k * 10 / visited.size(), 3 + rng.nextInt(24), 14, 30);
      List<Reg> regs = new ArrayList<>();
      for (int member : pick(staffPool, 3 + rng.nextInt(3))) {
        regs.add(reg(member, 1, 1, start));
      }
      for (Cadre local : cadres) {
        if (local.unitId() == unit.id() && local.role() != CadreRole.DISTRICT_STAFF) {
          regs.add(reg(local.member(), 1, rng.nextInt(15) == 0 ? 0 : 1, start));
        }
      }
      events.add(
          new Event(
              EventKind.RESEARCH_VISIT,
              null,
              tree.district().id(),
              "区妇联调研·" + shortName(unit),
              "区妇联深入街道、社区妇女儿童之家调研，了解基层妇联工作的困难和问题。",
              unit.nameZh() + "妇女儿童之家",
              List.of(session(start, 120, regs, false))));
    }
  }

  /** {@code count} sign-ups of adults, those with a child on file bringing it half the time. */
  private List<Reg> families(int[] adults, int count, OffsetDateTime start) {
    List<Reg> regs = new ArrayList<>();
    for (int member : pick(adults, count)) {
      int seats = members.get(member).hasChild() && rng.nextBoolean() ? 2 : 1;
      regs.add(reg(member, seats, rng.nextInt(20) == 0 ? 0 : seats, start));
    }
    return regs;
  }

  // ------------------------------------------------------------------ helpers

  /** Sign-ups until {@code target} persons came: each brings {@code persons}; about 5% no-show. */
  private List<Reg> fill(int[] pool, int target, int persons, OffsetDateTime start) {
    int need = (target + persons - 1) / persons;
    int noShows = need / 20;
    int[] chosen = pick(pool, need + noShows);
    List<Reg> regs = new ArrayList<>();
    for (int i = 0; i < chosen.length; i++) {
      regs.add(reg(chosen[i], persons, i < need ? persons : 0, start));
    }
    return regs;
  }

  private Reg reg(int member, int seats, int persons, OffsetDateTime start) {
    OffsetDateTime created = start.minusMinutes(60L * 24 + rng.nextInt(60 * 24 * 13));
    OffsetDateTime checkedIn = persons == 0 ? null : start.minusMinutes(rng.nextInt(25));
    String method = rng.nextInt(10) == 0 ? "BATCH" : "SCAN";
    return new Reg(member, seats, persons, created, checkedIn, method);
  }

  /** A session whose capacity fits its sign-ups: exactly when it was full, else a little more. */
  private static Session session(OffsetDateTime start, int minutes, List<Reg> regs, boolean full) {
    int seats = regs.stream().mapToInt(Reg::seats).sum();
    int capacity = full ? seats : (seats / 10 + 1) * 10;
    return new Session(start, start.plusMinutes(minutes), capacity, List.copyOf(regs));
  }

  /** {@code total} in {@code parts} shares of 70%..130% of the mean, adding up exactly. */
  private int[] split(int total, int parts) {
    double[] weights = new double[parts];
    double sum = 0;
    for (int i = 0; i < parts; i++) {
      weights[i] = 0.7 + 0.6 * rng.nextDouble();
      sum += weights[i];
    }
    int[] result = new int[parts];
    int given = 0;
    for (int i = 0; i < parts - 1; i++) {
      result[i] = (int) Math.round(total * weights[i] / sum);
      given += result[i];
    }
    result[parts - 1] = total - given;
    return result;
  }

  private OffsetDateTime at(int month, int day, int hour, int minute) {
    return LocalDateTime.of(year, month, Math.min(day, 28), hour, minute)
        .atZone(Times.ZONE)
        .toOffsetDateTime();
  }

  private List<Unit> allCommunities() {
    List<Unit> all = new ArrayList<>();
    tree.communitiesByStreet().values().forEach(all::addAll);
    return all;
  }

  private static String shortName(Unit unit) {
    return unit.nameZh().replace("妇联", "").replace("（示例）", "");
  }

  private static String categoryZh(CourseCategory c) {
    return switch (c) {
      case PHYSICAL_MENTAL_HEALTH -> "身心健康";
      case MARRIAGE_FAMILY -> "婚姻家庭";
      case WOMENS_DEVELOPMENT -> "女性自我发展";
      case CHILDRENS_SERVICES -> "儿童服务";
      case OTHER -> "综合";
    };
  }

  static Map<String, List<Unit>> byStreet(List<Unit> communities) {
    Map<String, List<Unit>> map = new LinkedHashMap<>();
    for (Unit c : communities) {
      map.computeIfAbsent(c.code().substring(0, 5), k -> new ArrayList<>()).add(c);
    }
    return map;
  }
}
