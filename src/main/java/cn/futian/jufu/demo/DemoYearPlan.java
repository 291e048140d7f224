package cn.futian.jufu.demo;

import cn.futian.jufu.events.CourseCategory;
import cn.futian.jufu.events.EventKind;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
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
 *   <li>家长学校 PARENT_SCHOOL: 42 lectures in 10 pilot communities.
 * </ul>
 *
 * Every sign-up is CONFIRMED; a few per session did not come (no attendance row).
 */
final class DemoYearPlan {

  static final long SEED = 2019L;
  static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

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

  record Event(
      EventKind kind,
      CourseCategory category,
      long ownerUnitId,
      String title,
      String description,
      String venue,
      List<Session> sessions) {}

  /** The figures of one kind, as the statistics API should report them. */
  record Figures(long events, long sessions, long signUps, long personTimes, long distinctPeople) {}

  final int year;
  final List<Member> members = new ArrayList<>();
  final List<Event> events = new ArrayList<>();

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
        .atZone(ZONE)
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
