package cn.futian.jufu.demo;

import cn.futian.jufu.common.crypto.FieldCipher;
import cn.futian.jufu.common.time.Times;
import cn.futian.jufu.demo.DemoYearPlan.Cadre;
import cn.futian.jufu.demo.DemoYearPlan.Event;
import cn.futian.jufu.demo.DemoYearPlan.Figures;
import cn.futian.jufu.demo.DemoYearPlan.Member;
import cn.futian.jufu.demo.DemoYearPlan.Reg;
import cn.futian.jufu.demo.DemoYearPlan.Session;
import cn.futian.jufu.demo.DemoYearPlan.Unit;
import cn.futian.jufu.events.EventKind;
import cn.futian.jufu.members.EncryptedColumns;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Function;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Writes a year of demo activity shaped like the federation's 2019 work summary (see {@link
 * DemoYearPlan} for the figures): synthetic members ({@code demo-<n>}, with Chinese names), events,
 * sessions, confirmed sign-ups with their seat rows, and check-ins; and the year's
 * rights-protection work ({@link DemoRights}): help requests, cases, mediations, the difficulty
 * register and visits.
 *
 * <ul>
 *   <li>The year is the last full calendar year in Shanghai (in 2026: 2025), so the demo never
 *       mixes with upcoming events and a resident's feed stays clean.
 *   <li>Deterministic: the plan comes from a fixed seed ({@link DemoYearPlan#SEED}).
 *   <li>Idempotent: events written by {@value #MARKER} are the marker; if any exists nothing is
 *       written. Instances starting together serialise on an advisory lock.
 *   <li>One transaction, a dozen statements: ids are drawn from the tables' identity sequences
 *       first, then every table is filled with one {@code insert ... select from unnest(...)} of
 *       the whole plan (tens of thousands of rows in seconds).
 *   <li>The cadres who attend cadre-only events (cadre training, research visits) hold appointments
 *       for the demo year, revoked at its end.
 *   <li>Seats follow the capacity guard's invariant (ADR 0006): every session gets {@code capacity}
 *       seat rows, and exactly the seats of its CONFIRMED registrations point at them.
 * </ul>
 */
@ApplicationScoped
public class DemoYear {

  /** {@code created_by} / {@code actor} of everything the generator writes. */
  public static final String MARKER = "demo-year";

  private static final Logger LOG = Logger.getLogger(DemoYear.class);
  private static final long ADVISORY_LOCK_KEY = 0x64656d6fL; // "demo"
  private static final String SEP = "\u001f"; // separates text values (names may hold commas)
  private static final String CONSENT_VERSION = "demo";

  /** What a run did: the year, whether anything was written, and the figures written. */
  public record Report(
      int year,
      boolean created,
      int members,
      Map<EventKind, Figures> byKind,
      Map<String, Figures> byPart,
      Figures totals,
      Duration took) {

    static Report skipped(int year, Duration took) {
      return new Report(year, false, 0, Map.of(), Map.of(), new Figures(0, 0, 0, 0, 0), took);
    }
  }

  /** The last full calendar year in Shanghai. */
  public static int demoYear() {
    return LocalDate.now(Times.ZONE).getYear() - 1;
  }

  /** Generates the demo year unless it exists; blocks until the transaction has committed. */
  public Report generateAndWait() throws Throwable {
    return VertxContextSupport.subscribeAndAwait(this::generate);
  }

  /** Generates the demo year unless it exists, in one transaction. */
  public Uni<Report> generate() {
    long started = System.nanoTime();
    int year = demoYear();
    return Panache.withTransaction(
        () ->
            Panache.getSession()
                .chain(
                    s ->
                        s.createNativeQuery(
                                "select pg_advisory_xact_lock(" + ADVISORY_LOCK_KEY + ")")
                            .getSingleResult()
                            .chain(
                                () ->
                                    s.createNativeQuery(
                                            "select count(*) from event where created_by = :m",
                                            Long.class)
                                        .setParameter("m", MARKER)
                                        .getSingleResult())
                            .chain(
                                existing ->
                                    existing > 0
                                        ? Uni.createFrom()
                                            .item(Report.skipped(year, since(started)))
                                        : loadTree(s)
                                            .chain(tree -> write(s, year, tree, started)))));
  }

  private static Uni<DemoYearPlan.Tree> loadTree(Mutiny.Session s) {
    return s.createNativeQuery(
            "select id, code, kind, name_zh from org_unit where retired_at is null"
                + " and kind in ('DISTRICT', 'STREET', 'COMMUNITY') order by code",
            Object[].class)
        .getResultList()
        .map(
            rows -> {
              Unit district = null;
              List<Unit> streets = new ArrayList<>();
              List<Unit> communities = new ArrayList<>();
              for (Object[] row : rows) {
                Unit unit =
                    new Unit(((Number) row[0]).longValue(), (String) row[1], (String) row[3]);
                String kind = (String) row[2];
                if ("DISTRICT".equals(kind) && "FT".equals(unit.code())) {
                  district = unit;
                } else if ("STREET".equals(kind) && unit.code().matches("FT-\\d{2}")) {
                  streets.add(unit);
                } else if ("COMMUNITY".equals(kind) && unit.code().matches("FT-\\d{2}-\\d{2}")) {
                  communities.add(unit);
                }
              }
              return district == null || streets.isEmpty() || communities.isEmpty()
                  ? null
                  : new DemoYearPlan.Tree(district, streets, DemoYearPlan.byStreet(communities));
            });
  }

  private Uni<Report> write(Mutiny.Session s, int year, DemoYearPlan.Tree tree, long started) {
    if (tree == null) {
      LOG.warn("Demo year: the seeded tree (FT, FT-NN, FT-NN-MM) is missing; nothing generated");
      return Uni.createFrom().item(Report.skipped(year, since(started)));
    }
    DemoYearPlan plan = DemoYearPlan.build(year, tree);
    List<Member> members = plan.members;
    List<Member> parents = members.stream().filter(Member::hasChild).toList();
    List<Session> sessions = new ArrayList<>();
    List<Integer> sessionEvent = new ArrayList<>();
    for (int e = 0; e < plan.events.size(); e++) {
      for (Session session : plan.events.get(e).sessions()) {
        sessions.add(session);
        sessionEvent.add(e);
      }
    }
    List<Reg> regs = new ArrayList<>();
    List<Integer> regSession = new ArrayList<>();
    for (int i = 0; i < sessions.size(); i++) {
      for (Reg r : sessions.get(i).regs()) {
        regs.add(r);
        regSession.add(i);
      }
    }
    OffsetDateTime yearStart = LocalDate.of(year, 1, 1).atStartOfDay(Times.ZONE).toOffsetDateTime();
    OffsetDateTime yearEnd =
        LocalDate.of(year + 1, 1, 1).atStartOfDay(Times.ZONE).toOffsetDateTime();
    Ids ids = new Ids();
    return reserve(s, "member", members.size())
        .invoke(list -> ids.members = list)
        .chain(() -> reserve(s, "dependant", parents.size()))
        .invoke(list -> ids.dependants = list)
        .chain(() -> reserve(s, "event", plan.events.size()))
        .invoke(list -> ids.events = list)
        .chain(() -> reserve(s, "session", sessions.size()))
        .invoke(list -> ids.sessions = list)
        .chain(() -> reserve(s, "registration", regs.size()))
        .invoke(list -> ids.registrations = list)
        .chain(() -> insertMembers(s, members, ids, yearStart))
        .chain(() -> insertDependants(s, parents, ids, yearStart))
        .chain(() -> insertAppointments(s, plan.cadres, yearStart, yearEnd))
        .chain(() -> insertEvents(s, plan.events, ids))
        .chain(() -> insertSessions(s, sessions, sessionEvent, ids))
        .chain(() -> insertRegistrations(s, regs, regSession, ids))
        .chain(() -> insertSeats(s, ids))
        .chain(() -> DemoRights.plan(year, tree).write(s))
        .map(
            n -> {
              Report report =
                  new Report(
                      year,
                      true,
                      members.size(),
                      plan.figures(),
                      plan.figuresByPart(),
                      plan.totals(),
                      since(started));
              LOG.infof(
                  "Demo year %d: %d members, %d events, %d sessions, %d sign-ups written in %d"
                      + " ms; by kind %s",
                  year,
                  members.size(),
                  plan.events.size(),
                  sessions.size(),
                  regs.size(),
                  report.took().toMillis(),
                  byKindName(report));
              return report;
            });
  }

  /** Ids drawn from the tables' identity sequences, in plan order. */
  private static final class Ids {
    List<Long> members;
    List<Long> dependants;
    List<Long> events;
    List<Long> sessions;
    List<Long> registrations;

    long member(int n) {
      return members.get(n);
    }
  }

  static Uni<List<Long>> reserve(Mutiny.Session s, String table, int count) {
    if (count == 0) {
      return Uni.createFrom().item(List.of());
    }
    return s.createNativeQuery(
            "select nextval(pg_get_serial_sequence('"
                + table
                + "', 'id'))"
                + " from generate_series(1, :n)",
            Long.class)
        .setParameter("n", count)
        .getResultList()
        .map(list -> list.stream().sorted().toList());
  }

  // ------------------------------------------------------------------ inserts

  private static Uni<Integer> insertMembers(
      Mutiny.Session s, List<Member> members, Ids ids, OffsetDateTime at) {
    Uni<Integer> members1 =
        s.createNativeQuery(
                "insert into member (id, subject, display_name, home_unit_id, gender, birth_year,"
                    + " marital_status, created_at, updated_at) overriding system value"
                    + " select x.id, 'demo-' || x.n, x.name, x.unit, x.gender, x.born, x.marital,"
                    + " :at, :at from unnest("
                    + longs("ids")
                    + ", "
                    + longs("ns")
                    + ", "
                    + texts("names")
                    + ", "
                    + longs("units")
                    + ", "
                    + texts("genders")
                    + ", "
                    + longs("born")
                    + ", "
                    + texts("marital")
                    + ") as x(id, n, name, unit, gender, born, marital)")
            .setParameter("ids", join(ids.members, Function.identity()))
            .setParameter("ns", join(members, m -> m.n() + 1))
            .setParameter("names", join(members, Member::name))
            .setParameter("units", join(members, Member::homeUnitId))
            .setParameter("genders", join(members, Member::gender))
            .setParameter("born", join(members, Member::birthYear))
            .setParameter(
                "marital",
                join(
                    members,
                    m ->
                        FieldCipher.current()
                            .encrypt(m.maritalStatus(), EncryptedColumns.MARITAL_STATUS)))
            .setParameter("at", at)
            .executeUpdate();
    // Gender and birth year were given under the profile consent, marital status under its own.
    return members1.chain(
        () ->
            s.createNativeQuery(
                    "insert into consent (member_id, purpose, text_version, granted_at)"
                        + " select m.id, p.purpose, :v, :at from member m"
                        + " cross join (values ('PROFILE'), ('MARITAL_STATUS')) as p(purpose)"
                        + " where m.id = any("
                        + longs("ids")
                        + ")")
                .setParameter("v", CONSENT_VERSION)
                .setParameter("at", at)
                .setParameter("ids", join(ids.members, Function.identity()))
                .executeUpdate());
  }

  private static Uni<Integer> insertDependants(
      Mutiny.Session s, List<Member> parents, Ids ids, OffsetDateTime at) {
    if (parents.isEmpty()) {
      return Uni.createFrom().item(0);
    }
    return s.createNativeQuery(
            "insert into dependant (id, member_id, relation, name, birth_year,"
                + " guardian_consent_at, created_at) overriding system value"
                + " select x.id, x.member, 'CHILD', x.name, :born, :at, :at from unnest("
                + longs("ids")
                + ", "
                + longs("members")
                + ", "
                + texts("names")
                + ") as x(id, member, name)")
        .setParameter("ids", join(ids.dependants, Function.identity()))
        .setParameter("members", join(parents, m -> ids.member(m.n())))
        .setParameter(
            "names",
            join(
                parents,
                m -> FieldCipher.current().encrypt(m.childName(), EncryptedColumns.DEPENDANT_NAME)))
        .setParameter("born", (short) (at.getYear() - 9))
        .setParameter("at", at)
        .executeUpdate()
        .chain(
            () ->
                s.createNativeQuery(
                        "insert into consent (member_id, purpose, text_version, granted_at)"
                            + " select member_id, 'MINORS', :v, :at from dependant"
                            + " where id = any("
                            + longs("ids")
                            + ")")
                    .setParameter("v", CONSENT_VERSION)
                    .setParameter("at", at)
                    .setParameter("ids", join(ids.dependants, Function.identity()))
                    .executeUpdate());
  }

  /**
   * The demo cadres' appointments, held for the demo year and revoked at its end: they record who
   * was a cadre when the cadre-only events took place, while no synthetic subject manages a unit
   * today (nor counts among the cadres a campaign reaches).
   */
  private static Uni<Integer> insertAppointments(
      Mutiny.Session s, List<Cadre> cadres, OffsetDateTime from, OffsetDateTime to) {
    if (cadres.isEmpty()) {
      return Uni.createFrom().item(0);
    }
    return s.createNativeQuery(
            "insert into cadre_assignment (subject, org_unit_id, assigned_by, assigned_at,"
                + " revoked_by, revoked_at)"
                + " select 'demo-' || x.n, x.unit, :marker, :from, :marker, :to from unnest("
                + longs("ns")
                + ", "
                + longs("units")
                + ") as x(n, unit)")
        .setParameter("ns", join(cadres, c -> c.member() + 1))
        .setParameter("units", join(cadres, Cadre::unitId))
        .setParameter("marker", MARKER)
        .setParameter("from", from)
        .setParameter("to", to)
        .executeUpdate();
  }

  private static Uni<Integer> insertEvents(Mutiny.Session s, List<Event> events, Ids ids) {
    List<Long> created = new ArrayList<>();
    List<Long> completed = new ArrayList<>();
    for (Event e : events) {
      created.add(e.sessions().get(0).startsAt().minusDays(30).toEpochSecond());
      completed.add(e.sessions().get(e.sessions().size() - 1).endsAt().toEpochSecond());
    }
    String eventIds = join(ids.events, Function.identity());
    return s.createNativeQuery(
            "insert into event (id, owner_unit_id, kind, course_category, title, description,"
                + " venue_address, status, elig_gender, elig_marital_status, elig_cadres_only,"
                + " created_by, created_at, updated_at, published_at) overriding system value"
                + " select x.id, x.owner, x.kind, nullif(x.category, ''), x.title, x.description,"
                + " x.venue, 'COMPLETED',"
                + " case x.kind when 'JOB_FAIR' then 'FEMALE' end,"
                + " case x.kind when 'MATCHMAKING' then 'SINGLE' end,"
                + " x.kind in ("
                + DemoYearPlan.CADRES_ONLY.stream()
                    .map(k -> "'" + k.name() + "'")
                    .collect(java.util.stream.Collectors.joining(", "))
                + "),"
                + " :marker, to_timestamp(x.created), to_timestamp(x.completed),"
                + " to_timestamp(x.created) + interval '1 day' from unnest("
                + longs("ids")
                + ", "
                + longs("owners")
                + ", "
                + texts("kinds")
                + ", "
                + texts("categories")
                + ", "
                + texts("titles")
                + ", "
                + texts("descriptions")
                + ", "
                + texts("venues")
                + ", "
                + longs("created")
                + ", "
                + longs("completed")
                + ") as x(id, owner, kind, category, title, description, venue, created,"
                + " completed)")
        .setParameter("ids", eventIds)
        .setParameter("owners", join(events, Event::ownerUnitId))
        .setParameter("kinds", join(events, e -> e.kind().name()))
        .setParameter(
            "categories", join(events, e -> e.category() == null ? "" : e.category().name()))
        .setParameter("titles", join(events, Event::title))
        .setParameter("descriptions", join(events, Event::description))
        .setParameter("venues", join(events, Event::venue))
        .setParameter("created", join(created, Function.identity()))
        .setParameter("completed", join(completed, Function.identity()))
        .setParameter("marker", MARKER)
        .executeUpdate()
        .chain(
            () ->
                s.createNativeQuery(
                        "insert into event_audience (event_id, org_unit_id)"
                            + " select id, owner_unit_id from event where id = any("
                            + longs("ids")
                            + ")")
                    .setParameter("ids", eventIds)
                    .executeUpdate())
        .chain(
            () ->
                s.createNativeQuery(
                        "insert into event_status_change (event_id, from_status, to_status, actor,"
                            + " reason, at) select e.id, t.from_status, t.to_status, :marker,"
                            + " '演示数据', case t.to_status when 'DRAFT' then e.created_at"
                            + " when 'PUBLISHED' then e.published_at else e.updated_at end"
                            + " from event e cross join (values (null, 'DRAFT'),"
                            + " ('DRAFT', 'PUBLISHED'), ('PUBLISHED', 'COMPLETED'))"
                            + " as t(from_status, to_status) where e.id = any("
                            + longs("ids")
                            + ")")
                    .setParameter("marker", MARKER)
                    .setParameter("ids", eventIds)
                    .executeUpdate());
  }

  private static Uni<Integer> insertSessions(
      Mutiny.Session s, List<Session> sessions, List<Integer> sessionEvent, Ids ids) {
    return s.createNativeQuery(
            "insert into session (id, event_id, starts_at, ends_at, mode, capacity,"
                + " registration_opens_at, registration_closes_at) overriding system value"
                + " select x.id, x.event, to_timestamp(x.starts), to_timestamp(x.ends),"
                + " 'FIRST_COME', x.capacity, to_timestamp(x.starts) - interval '14 days',"
                + " to_timestamp(x.starts) - interval '1 hour' from unnest("
                + longs("ids")
                + ", "
                + longs("events")
                + ", "
                + longs("starts")
                + ", "
                + longs("ends")
                + ", "
                + ints("capacities")
                + ") as x(id, event, starts, ends, capacity)")
        .setParameter("ids", join(ids.sessions, Function.identity()))
        .setParameter("events", join(sessionEvent, e -> ids.events.get(e)))
        .setParameter("starts", join(sessions, x -> x.startsAt().toEpochSecond()))
        .setParameter("ends", join(sessions, x -> x.endsAt().toEpochSecond()))
        .setParameter("capacities", join(sessions, Session::capacity))
        .executeUpdate();
  }

  private static Uni<Integer> insertRegistrations(
      Mutiny.Session s, List<Reg> regs, List<Integer> regSession, Ids ids) {
    String regIds = join(ids.registrations, Function.identity());
    List<Integer> attended = new ArrayList<>();
    for (int i = 0; i < regs.size(); i++) {
      if (regs.get(i).persons() > 0) {
        attended.add(i);
      }
    }
    return s.createNativeQuery(
            "insert into registration (id, session_id, member_id, seats, status, created_at,"
                + " updated_at) overriding system value"
                + " select x.id, x.session, x.member, x.seats, 'CONFIRMED', to_timestamp(x.at),"
                + " to_timestamp(x.at) from unnest("
                + longs("ids")
                + ", "
                + longs("sessions")
                + ", "
                + longs("members")
                + ", "
                + ints("seats")
                + ", "
                + longs("at")
                + ") as x(id, session, member, seats, at)")
        .setParameter("ids", regIds)
        .setParameter("sessions", join(regSession, i -> ids.sessions.get(i)))
        .setParameter("members", join(regs, r -> ids.member(r.member())))
        .setParameter("seats", join(regs, Reg::seats))
        .setParameter("at", join(regs, r -> r.createdAt().toEpochSecond()))
        .executeUpdate()
        .chain(
            () ->
                s.createNativeQuery(
                        "insert into registration_status_change (registration_id, from_status,"
                            + " to_status, actor, reason, at) select id, null, 'CONFIRMED',"
                            + " :marker, '演示数据', created_at from registration where id = any("
                            + longs("ids")
                            + ")")
                    .setParameter("marker", MARKER)
                    .setParameter("ids", regIds)
                    .executeUpdate())
        // The children who came along: the one child on file of a member who took two seats.
        .chain(
            () ->
                s.createNativeQuery(
                        "insert into registration_dependant (registration_id, dependant_id)"
                            + " select r.id, d.id from registration r"
                            + " join dependant d on d.member_id = r.member_id"
                            + " where r.seats = 2 and r.id = any("
                            + longs("ids")
                            + ")")
                    .setParameter("ids", regIds)
                    .executeUpdate())
        .chain(
            () ->
                s.createNativeQuery(
                        "insert into attendance (registration_id, session_id, member_id, persons,"
                            + " method, checked_in_by, checked_in_at)"
                            + " select r.id, r.session_id, r.member_id, x.persons, x.method,"
                            + " :marker, to_timestamp(x.at) from unnest("
                            + longs("ids")
                            + ", "
                            + ints("persons")
                            + ", "
                            + texts("methods")
                            + ", "
                            + longs("at")
                            + ") as x(id, persons, method, at) join registration r on r.id = x.id")
                    .setParameter("ids", join(attended, i -> ids.registrations.get(i)))
                    .setParameter("persons", join(attended, i -> regs.get(i).persons()))
                    .setParameter("methods", join(attended, i -> regs.get(i).method()))
                    .setParameter(
                        "at", join(attended, i -> regs.get(i).checkedInAt().toEpochSecond()))
                    .setParameter("marker", MARKER)
                    .executeUpdate());
  }

  /** Taken seats for every CONFIRMED registration's seats, then the free rest of the capacity. */
  private static Uni<Integer> insertSeats(Mutiny.Session s, Ids ids) {
    String sessionIds = join(ids.sessions, Function.identity());
    return s.createNativeQuery(
            "insert into seat (session_id, pool, registration_id)"
                + " select r.session_id, 'ANY', r.id from registration r"
                + " cross join lateral generate_series(1, r.seats)"
                + " where r.status = 'CONFIRMED' and r.session_id = any("
                + longs("ids")
                + ")")
        .setParameter("ids", sessionIds)
        .executeUpdate()
        .chain(
            () ->
                s.createNativeQuery(
                        "insert into seat (session_id, pool) select x.id, 'ANY' from session x"
                            + " cross join lateral generate_series(1, x.capacity -"
                            + " (select coalesce(sum(r.seats), 0) from registration r"
                            + " where r.session_id = x.id and r.status = 'CONFIRMED'))"
                            + " where x.id = any("
                            + longs("ids")
                            + ")")
                    .setParameter("ids", sessionIds)
                    .executeUpdate());
  }

  // ------------------------------------------------------------------ arrays as text

  /** A bigint[] from a parameter holding comma-separated numbers. */
  static String longs(String param) {
    return "cast(string_to_array(:" + param + ", ',') as bigint[])";
  }

  private static String ints(String param) {
    return "cast(string_to_array(:" + param + ", ',') as integer[])";
  }

  /** A text[] from a parameter holding values separated by U+001F. */
  static String texts(String param) {
    return "string_to_array(:" + param + ", chr(31))";
  }

  static <T> String join(Collection<T> items, Function<T, ?> value) {
    StringJoiner out = new StringJoiner(",");
    boolean text = false;
    List<String> parts = new ArrayList<>(items.size());
    for (T item : items) {
      Object v = value.apply(item);
      text |= v instanceof String;
      parts.add(String.valueOf(v));
    }
    if (text) {
      return String.join(SEP, parts);
    }
    parts.forEach(out::add);
    return out.toString();
  }

  private static Duration since(long startedNanos) {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }

  /** For logs: the figures per kind. */
  static Map<String, Figures> byKindName(Report report) {
    Map<String, Figures> map = new LinkedHashMap<>();
    report.byKind().forEach((k, v) -> map.put(k.name(), v));
    return map;
  }
}
