package cn.futian.jufu.rights;

import cn.futian.jufu.audit.AuditEvent;
import cn.futian.jufu.audit.AuditLog;
import cn.futian.jufu.audit.AuditOutcome;
import cn.futian.jufu.common.api.Page;
import cn.futian.jufu.common.crypto.BlindIndex;
import cn.futian.jufu.common.crypto.FieldCipher;
import cn.futian.jufu.common.error.DomainException;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.common.text.Texts;
import cn.futian.jufu.common.time.Times;
import cn.futian.jufu.orgunits.OrgUnitService;
import cn.futian.jufu.rights.DifficultyDtos.ChangeKind;
import cn.futian.jufu.rights.DifficultyDtos.ChangeView;
import cn.futian.jufu.rights.DifficultyDtos.Decide;
import cn.futian.jufu.rights.DifficultyDtos.Decision;
import cn.futian.jufu.rights.DifficultyDtos.EntryField;
import cn.futian.jufu.rights.DifficultyDtos.EntryView;
import cn.futian.jufu.rights.DifficultyDtos.Kind;
import cn.futian.jufu.rights.DifficultyDtos.NewChange;
import cn.futian.jufu.rights.DifficultyDtos.NewEntry;
import cn.futian.jufu.rights.DifficultyDtos.NewVisit;
import cn.futian.jufu.rights.DifficultyDtos.Revealed;
import cn.futian.jufu.rights.DifficultyDtos.Situation;
import cn.futian.jufu.rights.DifficultyDtos.Status;
import cn.futian.jufu.rights.DifficultyDtos.Support;
import cn.futian.jufu.rights.DifficultyDtos.VisitMode;
import cn.futian.jufu.rights.DifficultyDtos.VisitView;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The dynamic register of women and children in difficulty, and the visits to them (ADR 0024).
 * Reach, masking, reveal with a reason and audit as for cases (ADR 0021): an entry belongs to a
 * unit and, when a caseworker registered it, to her. Entries and their changes are proposed and
 * then confirmed by a supervisor seated at the street or the district, never the proposer (ADR
 * 0025); the risk level sets how often she is visited.
 */
@ApplicationScoped
public class DifficultyService {

  static final String TARGET = "difficulty-entry";
  static final String LIST_KEY = "difficultyEntryIds";

  private static final Map<EntryField, String> COLUMNS =
      Map.of(
          EntryField.NAME, "difficulty_entry.name_sealed",
          EntryField.PHONE, "difficulty_entry.phone_sealed",
          EntryField.ID_NUMBER, "difficulty_entry.id_number_sealed",
          EntryField.ADDRESS, "difficulty_entry.address_sealed",
          EntryField.NOTES, "difficulty_entry.notes_sealed");
  static final String NEEDS_COLUMN = "difficulty_visit.needs_sealed";

  /** Statuses in which she is visited (a proposed entry too: the community already knows her). */
  private static final Set<String> VISITABLE = Set.of("PROPOSED", "ACTIVE", "IMPROVING");

  private final DifficultyRepository register;
  private final CaseRepository cases;
  private final CaseAccess access;
  private final OrgUnitService orgUnits;
  private final AuditLog audit;
  private final ObjectMapper json;

  DifficultyService(
      DifficultyRepository register,
      CaseRepository cases,
      CaseAccess access,
      OrgUnitService orgUnits,
      AuditLog audit,
      ObjectMapper json) {
    this.register = register;
    this.cases = cases;
    this.access = access;
    this.orgUnits = orgUnits;
    this.audit = audit;
    this.json = json;
  }

  /** Days between visits for a risk level: HIGH monthly, MEDIUM quarterly, else twice a year. */
  static int visitEveryDays(String riskLevel) {
    return switch (riskLevel == null ? "STANDARD" : riskLevel) {
      case "HIGH" -> 30;
      case "MEDIUM" -> 90;
      default -> 180;
    };
  }

  /** How long a confirmed entry stands before the street reviews it again. */
  static final int REVIEW_EVERY_MONTHS = 12;

  @WithTransaction
  public Uni<EntryView> add(CurrentUser user, NewEntry in) {
    String idNumber = BlindIndex.idNumber(in.idNumber());
    if (in.idNumber() != null && !in.idNumber().isBlank() && idNumber == null) {
      throw DomainException.invalid("idNumber", "case-work.id-number");
    }
    if (in.householdId() != null && in.kind() != Kind.CHILD) {
      throw DomainException.invalid("householdId", "difficulty.household-child-only");
    }
    return access
        .of(user)
        .invoke(
            scope -> {
              if (!scope.mayRecordFor(in.orgUnitId())) {
                throw DomainException.forbidden("case-work.unit-out-of-reach", in.orgUnitId());
              }
            })
        .call(() -> orgUnits.requireActive(in.orgUnitId()))
        .call(
            scope ->
                in.caseId() == null
                    ? Uni.createFrom().voidItem()
                    : cases
                        .byId(in.caseId())
                        .invoke(
                            c -> {
                              if (c == null || !scope.mayRead(c.orgUnitId(), c.caseworker())) {
                                throw DomainException.invalid(
                                    "caseId", "case.unknown", in.caseId());
                              }
                            })
                        .replaceWithVoid())
        .call(scope -> requireHousehold(scope, in))
        .chain(
            scope -> {
              FieldCipher cipher = FieldCipher.current();
              BlindIndex blind = BlindIndex.current();
              String phone = Texts.blankToNull(in.phone());
              return register.insert(
                  new DifficultyRepository.NewRow(
                      in.orgUnitId(),
                      scope.caseworker() ? user.subject() : null,
                      in.kind().name(),
                      in.situations().stream()
                          .map(Enum::name)
                          .sorted()
                          .collect(Collectors.joining(",")),
                      cipher.encrypt(in.name().strip(), COLUMNS.get(EntryField.NAME)),
                      seal(phone, EntryField.PHONE),
                      seal(idNumber, EntryField.ID_NUMBER),
                      seal(Texts.blankToNull(in.address()), EntryField.ADDRESS),
                      seal(Texts.blankToNull(in.notes()), EntryField.NOTES),
                      blind.of("phone", BlindIndex.mobileIn(phone)),
                      blind.of("id-number", idNumber),
                      in.caseId(),
                      in.nextVisitDue(),
                      user.subject(),
                      in.birthYear(),
                      in.education() == null ? null : in.education().name(),
                      in.incomeBand() == null ? null : in.incomeBand().name(),
                      in.riskLevel() == null ? "STANDARD" : in.riskLevel().name(),
                      in.householdId()));
            })
        .call(
            id ->
                register.insertChange(
                    id,
                    ChangeKind.REGISTER.name(),
                    proposed(
                        in.situations(),
                        null,
                        in.birthYear(),
                        in.education(),
                        in.incomeBand(),
                        in.riskLevel() == null ? RiskScreening.Level.STANDARD : in.riskLevel(),
                        null,
                        in.kind()),
                    user.subject()))
        .call(id -> audit.record(allowed(user, "difficulty.register", id, Map.of())))
        .chain(register::byId)
        .map(DifficultyService::view);
  }

  /** How many entries in the caller's reach are due a visit within the days: a number, no ids. */
  @WithSession
  public Uni<Long> countDue(CurrentUser user, int dueWithinDays) {
    return access
        .of(user)
        .chain(
            scope ->
                scope.isOnTeam()
                    ? register.count(
                        scope.reach(), new DifficultyRepository.Filter(null, dueWithinDays, null))
                    : Uni.createFrom().item(0L));
  }

  /** The register entries in the caller's reach by status and visits due (the console's list). */
  @WithSession
  public Uni<Page<EntryView>> list(
      CurrentUser user, String status, Integer dueWithinDays, int page, int size) {
    return list(user, new DifficultyRepository.Filter(status, dueWithinDays, null), page, size);
  }

  @WithSession
  public Uni<Page<EntryView>> list(
      CurrentUser user, DifficultyRepository.Filter filter, int page, int size) {
    return access
        .of(user)
        .chain(
            scope ->
                !scope.isOnTeam()
                    ? Uni.createFrom()
                        .item(new Page<DifficultyRepository.Row>(List.of(), page, size, 0))
                    : register
                        .list(scope.reach(), filter, page, size)
                        .chain(
                            rows ->
                                register
                                    .count(scope.reach(), filter)
                                    .map(total -> new Page<>(rows, page, size, total))))
        .call(
            p ->
                audit.record(
                    AuditEvent.by(user, "difficulty.list", AuditOutcome.ALLOWED)
                        .withTarget(TARGET, null)
                        .withDetail(
                            Map.of(
                                LIST_KEY,
                                p.items().stream().map(DifficultyRepository.Row::id).toList()))))
        .map(p -> p.map(DifficultyService::view));
  }

  @WithSession
  public Uni<EntryView> get(CurrentUser user, long id) {
    return readable(user, id, "difficulty.read")
        .call(() -> audit.record(allowed(user, "difficulty.read", id, Map.of())))
        .map(f -> view(f.row()));
  }

  @WithSession
  public Uni<Revealed> reveal(CurrentUser user, long id, DifficultyDtos.Reveal body) {
    List<String> fields = body.fields().stream().sorted().map(Enum::name).toList();
    return readable(user, id, "difficulty.reveal")
        .chain(() -> register.sealed(id))
        .call(
            () ->
                audit.record(
                    allowed(
                        user,
                        "difficulty.reveal",
                        id,
                        Map.of("fields", fields, "reason", body.reason()))))
        .map(
            s ->
                new Revealed(
                    id,
                    open(body, EntryField.NAME, s.name()),
                    open(body, EntryField.PHONE, s.phone()),
                    open(body, EntryField.ID_NUMBER, s.idNumber()),
                    open(body, EntryField.ADDRESS, s.address()),
                    open(body, EntryField.NOTES, s.notes())));
  }

  /** A visit, with the support given and when to visit next; never to an entry that has exited. */
  @WithTransaction
  public Uni<List<VisitView>> visit(CurrentUser user, long id, NewVisit body) {
    if (body.visitedOn().isAfter(LocalDate.now(Times.ZONE))) {
      throw DomainException.invalid("visitedOn", "difficulty.visit-in-future");
    }
    return workable(user, id, "difficulty.visit")
        .invoke(
            f -> {
              if (!VISITABLE.contains(f.row().status())) {
                throw DomainException.rule("difficulty.not-active", f.row().status());
              }
            })
        .call(
            f ->
                register.insertVisit(
                    id,
                    body.visitedOn(),
                    user.subject(),
                    body.mode().name(),
                    body.support() == null
                        ? ""
                        : body.support().stream()
                            .map(Enum::name)
                            .sorted()
                            .collect(Collectors.joining(",")),
                    Texts.blankToNull(body.needs()) == null
                        ? null
                        : FieldCipher.current().encrypt(body.needs().strip(), NEEDS_COLUMN)))
        .call(
            f ->
                register
                    .change(
                        id,
                        f.row().version(),
                        "next_visit_due = :d",
                        "d",
                        body.nextVisitDue() != null
                            ? body.nextVisitDue()
                            : body.visitedOn().plusDays(visitEveryDays(f.row().riskLevel())))
                    .invoke(DifficultyService::requireChanged)
                    .replaceWithVoid())
        .call(() -> audit.record(allowed(user, "difficulty.visit", id, Map.of())))
        .chain(() -> visitViews(id));
  }

  @WithSession
  public Uni<List<VisitView>> visits(CurrentUser user, long id) {
    return readable(user, id, "difficulty.visits-read").chain(() -> visitViews(id));
  }

  /** Proposes a change or an exit, for the street to confirm. */
  @WithTransaction
  public Uni<ChangeView> propose(CurrentUser user, long id, NewChange in) {
    boolean exit = in.kind() == ChangeKind.EXIT;
    if (in.kind() == ChangeKind.REGISTER) {
      throw DomainException.invalid("kind", "difficulty.change-empty");
    }
    if (exit != (in.exitReason() != null)) {
      throw DomainException.invalid("exitReason", "difficulty.exit-reason");
    }
    if (in.status() != null && in.status() != Status.ACTIVE && in.status() != Status.IMPROVING) {
      throw DomainException.invalid("status", "difficulty.change-status");
    }
    boolean nothing =
        in.situations() == null
            && in.status() == null
            && in.birthYear() == null
            && in.education() == null
            && in.incomeBand() == null
            && in.riskLevel() == null;
    if (!exit && nothing) {
      throw DomainException.invalid("kind", "difficulty.change-empty");
    }
    return workable(user, id, "difficulty.propose")
        .invoke(
            f -> {
              if (f.row().pendingChange() != null) {
                throw DomainException.conflict("difficulty.change-open");
              }
              if (!"ACTIVE".equals(f.row().status()) && !"IMPROVING".equals(f.row().status())) {
                throw DomainException.rule("difficulty.not-active", f.row().status());
              }
            })
        .chain(
            f ->
                register.insertChange(
                    id,
                    in.kind().name(),
                    exit
                        ? write(Map.of("exitReason", in.exitReason().name()))
                        : proposed(
                            in.situations(),
                            in.status(),
                            in.birthYear(),
                            in.education(),
                            in.incomeBand(),
                            in.riskLevel(),
                            null,
                            null),
                    user.subject()))
        .call(
            changeId ->
                audit.record(
                    allowed(
                        user,
                        "difficulty.propose",
                        id,
                        Map.of("changeId", changeId, "kind", in.kind().name()))))
        .chain(register::changeById)
        .map(this::changeView);
  }

  /** The changes of one entry, proposed and decided. */
  @WithSession
  public Uni<List<ChangeView>> changes(CurrentUser user, long id) {
    return readable(user, id, "difficulty.changes-read")
        .chain(() -> register.changesOf(id))
        .map(list -> list.stream().map(this::changeView).toList());
  }

  /**
   * The changes waiting for the caller: those she may confirm, and those of the units she
   * supervises. Audited with the entries they name.
   */
  @WithSession
  public Uni<List<ChangeView>> openChanges(CurrentUser user) {
    return access
        .of(user)
        .chain(
            scope -> {
              if (!scope.isSupervisor()) {
                return Uni.createFrom().item(List.<DifficultyRepository.Change>of());
              }
              Set<Long> units = new HashSet<>(scope.confirmUnits());
              units.addAll(scope.supervisedUnits());
              return register.openChanges(scope.district(), List.copyOf(units), 200);
            })
        .call(
            list ->
                audit.record(
                    AuditEvent.by(user, "difficulty.changes-list", AuditOutcome.ALLOWED)
                        .withTarget(TARGET, null)
                        .withDetail(
                            Map.of(
                                LIST_KEY,
                                list.stream().map(DifficultyRepository.Change::entryId).toList()))))
        .map(list -> list.stream().map(this::changeView).toList());
  }

  /**
   * Confirms or rejects a change: a supervisor seated at the entry's street or the district, not
   * the one who proposed it. Confirming applies it to the entry.
   */
  @WithTransaction
  public Uni<EntryView> decide(CurrentUser user, long changeId, Decide in) {
    boolean reject = in.decision() == Decision.REJECTED;
    if (reject && Texts.blankToNull(in.reason()) == null) {
      throw DomainException.invalid("reason", "difficulty.reject-reason");
    }
    return register
        .changeById(changeId)
        .chain(
            c ->
                c == null
                    ? access.refuse(
                        user, "difficulty.decide", TARGET, changeId, "difficulty-change")
                    : readable(user, c.entryId(), "difficulty.decide").map(f -> new Deciding(c, f)))
        .invoke(
            d -> {
              if (d.change().decision() != null) {
                throw DomainException.conflict("difficulty.change-decided", changeId);
              }
              if (!d.found().scope().mayConfirm(d.found().row().orgUnitId())) {
                throw DomainException.forbidden("difficulty.confirm-street-only");
              }
              if (user.subject().equals(d.change().proposedBy())) {
                throw DomainException.forbidden("case.not-own-approval");
              }
            })
        .call(
            d ->
                register
                    .decide(
                        changeId,
                        in.decision().name(),
                        user.subject(),
                        Texts.blankToNull(in.reason()))
                    .invoke(
                        ok -> {
                          if (!ok) {
                            throw DomainException.conflict("difficulty.change-decided", changeId);
                          }
                        }))
        .call(d -> apply(user, d, reject))
        .call(
            d ->
                audit.record(
                    allowed(
                        user,
                        "difficulty.decide",
                        d.change().entryId(),
                        Map.of("changeId", changeId, "decision", in.decision().name()))))
        .chain(d -> register.byId(d.change().entryId()))
        .map(DifficultyService::view);
  }

  private record Deciding(DifficultyRepository.Change change, Found found) {}

  /** What a decision does to the entry. */
  private Uni<Void> apply(CurrentUser user, Deciding d, boolean reject) {
    DifficultyRepository.Row row = d.found().row();
    String kind = d.change().kind();
    LocalDate today = LocalDate.now(Times.ZONE);
    LocalDate review = today.plusMonths(REVIEW_EVERY_MONTHS);
    Map<String, Object> p = read(d.change().proposed());
    if (reject) {
      return "REGISTER".equals(kind)
          ? changeEntry(row, "status = 'REJECTED', next_visit_due = null")
          : Uni.createFrom().voidItem();
    }
    return switch (kind) {
      case "REGISTER" ->
          changeEntry(
              row,
              "status = 'ACTIVE', confirmed_by = :by, confirmed_at = now(), review_due = :review,"
                  + " next_visit_due = coalesce(next_visit_due, cast(:due as date))",
              "by",
              user.subject(),
              "review",
              review,
              "due",
              today.plusDays(visitEveryDays(row.riskLevel())));
      case "EXIT" ->
          changeEntry(
              row,
              "status = 'EXITED', exit_reason = :r, exited_at = now(), next_visit_due = null,"
                  + " review_due = null",
              "r",
              p.get("exitReason"));
      default -> {
        String risk = (String) p.getOrDefault("riskLevel", row.riskLevel());
        yield changeEntry(
            row,
            "situations = coalesce(string_to_array(cast(:s as text), ','), situations),"
                + " status = coalesce(cast(:st as varchar), status),"
                + " birth_year = coalesce(cast(:born as smallint), birth_year),"
                + " education = coalesce(cast(:edu as varchar), education),"
                + " income_band = coalesce(cast(:income as varchar), income_band),"
                + " risk_level = :risk, review_due = :review,"
                + " next_visit_due = least(next_visit_due, cast(:due as date))",
            "s",
            p.containsKey("situations") ? String.join(",", strings(p.get("situations"))) : null,
            "st",
            p.get("status"),
            "born",
            p.get("birthYear") == null ? null : ((Number) p.get("birthYear")).shortValue(),
            "edu",
            p.get("education"),
            "income",
            p.get("incomeBand"),
            "risk",
            risk,
            "review",
            review,
            "due",
            today.plusDays(visitEveryDays(risk)));
      }
    };
  }

  private Uni<Void> changeEntry(DifficultyRepository.Row row, String set, Object... params) {
    return register
        .change(row.id(), row.version(), set, params)
        .invoke(DifficultyService::requireChanged)
        .replaceWithVoid();
  }

  /** A child's household is her mother's entry: in the same unit, readable, on the register. */
  private Uni<Void> requireHousehold(CaseAccess.Scope scope, NewEntry in) {
    if (in.householdId() == null) {
      return Uni.createFrom().voidItem();
    }
    return register
        .byId(in.householdId())
        .invoke(
            m -> {
              boolean ok =
                  m != null
                      && scope.mayRead(m.orgUnitId(), m.caseworker())
                      && "WOMAN".equals(m.kind())
                      && m.orgUnitId() == in.orgUnitId()
                      && !"EXITED".equals(m.status())
                      && !"REJECTED".equals(m.status());
              if (!ok) {
                throw DomainException.invalid(
                    "householdId", "difficulty.household-unknown", in.householdId());
              }
            })
        .replaceWithVoid();
  }

  private String proposed(
      Set<Situation> situations,
      Status status,
      Integer birthYear,
      DifficultyDtos.Education education,
      DifficultyDtos.IncomeBand income,
      RiskScreening.Level risk,
      DifficultyDtos.ExitReason exitReason,
      Kind kind) {
    Map<String, Object> m = new TreeMap<>();
    if (kind != null) {
      m.put("kind", kind.name());
    }
    if (situations != null) {
      m.put("situations", situations.stream().map(Enum::name).sorted().toList());
    }
    if (status != null) {
      m.put("status", status.name());
    }
    if (birthYear != null) {
      m.put("birthYear", birthYear);
    }
    if (education != null) {
      m.put("education", education.name());
    }
    if (income != null) {
      m.put("incomeBand", income.name());
    }
    if (risk != null) {
      m.put("riskLevel", risk.name());
    }
    if (exitReason != null) {
      m.put("exitReason", exitReason.name());
    }
    return write(m);
  }

  private String write(Map<String, Object> m) {
    try {
      return json.writeValueAsString(new TreeMap<>(m));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("clear facts are plain values", e);
    }
  }

  private Map<String, Object> read(String text) {
    try {
      return json.readValue(text, new TypeReference<Map<String, Object>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "difficulty_change.proposed holds a JSON object: " + e.getOriginalMessage(), e);
    }
  }

  private static List<String> strings(Object list) {
    return ((List<?>) list).stream().map(String::valueOf).toList();
  }

  private ChangeView changeView(DifficultyRepository.Change c) {
    return new ChangeView(
        c.id(),
        c.entryId(),
        c.orgUnitId(),
        ChangeKind.valueOf(c.kind()),
        read(c.proposed()),
        c.proposedBy(),
        c.proposedAt(),
        c.decision() == null ? null : Decision.valueOf(c.decision()),
        c.decidedBy(),
        c.decidedAt(),
        c.reason());
  }

  // ---------------------------------------------------------------- helpers

  private record Found(DifficultyRepository.Row row, CaseAccess.Scope scope) {}

  private Uni<Found> readable(CurrentUser user, long id, String action) {
    return access
        .of(user)
        .chain(
            scope ->
                register
                    .byId(id)
                    .chain(
                        r ->
                            r != null && scope.mayRead(r.orgUnitId(), r.caseworker())
                                ? Uni.createFrom().item(new Found(r, scope))
                                : access.refuse(user, action, TARGET, id, "difficulty-entry")));
  }

  private Uni<Found> workable(CurrentUser user, long id, String action) {
    return readable(user, id, action)
        .invoke(
            f -> {
              boolean hers = user.subject().equals(f.row().caseworker());
              if (!hers && !f.scope().supervises(f.row().orgUnitId())) {
                throw DomainException.forbidden("case.not-yours");
              }
            });
  }

  private Uni<List<VisitView>> visitViews(long id) {
    return register
        .visits(id)
        .map(
            list ->
                list.stream()
                    .map(
                        v ->
                            new VisitView(
                                v.id(),
                                v.visitedOn(),
                                v.visitor(),
                                VisitMode.valueOf(v.mode()),
                                split(v.support()).stream().map(Support::valueOf).toList(),
                                v.hasNeeds()))
                    .toList());
  }

  private static void requireChanged(boolean changed) {
    if (!changed) {
      throw DomainException.conflict("case.changed");
    }
  }

  private static String seal(String value, EntryField field) {
    return value == null ? null : FieldCipher.current().encrypt(value, COLUMNS.get(field));
  }

  private static String open(DifficultyDtos.Reveal body, EntryField field, String stored) {
    return body.fields().contains(field) && stored != null
        ? FieldCipher.current().decrypt(stored, COLUMNS.get(field))
        : null;
  }

  private static List<String> split(String csv) {
    return csv == null || csv.isEmpty() ? List.of() : Arrays.asList(csv.split(","));
  }

  private static AuditEvent allowed(CurrentUser user, String action, long id, Map<String, ?> d) {
    return AuditEvent.by(user, action, AuditOutcome.ALLOWED).withTarget(TARGET, id).withDetail(d);
  }

  static EntryView view(DifficultyRepository.Row r) {
    List<EntryField> sealed = new ArrayList<>(List.of(EntryField.NAME));
    if (r.hasPhone()) {
      sealed.add(EntryField.PHONE);
    }
    if (r.hasIdNumber()) {
      sealed.add(EntryField.ID_NUMBER);
    }
    if (r.hasAddress()) {
      sealed.add(EntryField.ADDRESS);
    }
    if (r.hasNotes()) {
      sealed.add(EntryField.NOTES);
    }
    LocalDate today = LocalDate.now(Times.ZONE);
    return new EntryView(
        r.id(),
        r.orgUnitId(),
        r.caseworker(),
        Kind.valueOf(r.kind()),
        split(r.situations()).stream().map(Situation::valueOf).toList(),
        r.caseId(),
        Status.valueOf(r.status()),
        r.exitReason() == null ? null : DifficultyDtos.ExitReason.valueOf(r.exitReason()),
        r.birthYear(),
        r.education() == null ? null : DifficultyDtos.Education.valueOf(r.education()),
        r.incomeBand() == null ? null : DifficultyDtos.IncomeBand.valueOf(r.incomeBand()),
        RiskScreening.Level.valueOf(r.riskLevel()),
        visitEveryDays(r.riskLevel()),
        r.householdId(),
        r.nextVisitDue(),
        r.nextVisitDue() != null && r.nextVisitDue().isBefore(today),
        r.reviewDue(),
        r.reviewDue() != null && r.reviewDue().isBefore(today),
        r.confirmedAt(),
        r.pendingChange() == null ? null : ChangeKind.valueOf(r.pendingChange()),
        r.visits(),
        r.lastVisitedOn(),
        r.registeredAt(),
        List.copyOf(sealed));
  }

  /**
   * Erases up to {@code batch} entries off the register (exited or rejected) past their terms, in a
   * transaction of its own (the retention purge, ADR 0026); how many.
   */
  @WithTransaction
  public Uni<Integer> purgeGone(
      java.time.OffsetDateTime exitedBefore, java.time.OffsetDateTime rejectedBefore, int batch) {
    return register.purgeGone(exitedBefore, rejectedBefore, batch);
  }
}
