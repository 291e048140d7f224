package cn.futian.jufu.rights;

import cn.futian.jufu.audit.AuditEvent;
import cn.futian.jufu.audit.AuditLog;
import cn.futian.jufu.audit.AuditOutcome;
import cn.futian.jufu.common.api.Page;
import cn.futian.jufu.common.crypto.BlindIndex;
import cn.futian.jufu.common.crypto.FieldCipher;
import cn.futian.jufu.common.error.DomainException;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.common.time.Times;
import cn.futian.jufu.orgunits.OrgUnitService;
import cn.futian.jufu.rights.DifficultyDtos.EntryField;
import cn.futian.jufu.rights.DifficultyDtos.EntryView;
import cn.futian.jufu.rights.DifficultyDtos.Kind;
import cn.futian.jufu.rights.DifficultyDtos.NewEntry;
import cn.futian.jufu.rights.DifficultyDtos.NewVisit;
import cn.futian.jufu.rights.DifficultyDtos.Revealed;
import cn.futian.jufu.rights.DifficultyDtos.Situation;
import cn.futian.jufu.rights.DifficultyDtos.Support;
import cn.futian.jufu.rights.DifficultyDtos.VisitMode;
import cn.futian.jufu.rights.DifficultyDtos.VisitView;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The dynamic register of women and children in difficulty, and the visits to them (ADR 0024).
 * Reach, masking, reveal with a reason and audit as for cases (ADR 0021): an entry belongs to a
 * unit and, when a caseworker registered it, to her.
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

  private final DifficultyRepository register;
  private final CaseRepository cases;
  private final CaseAccess access;
  private final OrgUnitService orgUnits;
  private final AuditLog audit;

  DifficultyService(
      DifficultyRepository register,
      CaseRepository cases,
      CaseAccess access,
      OrgUnitService orgUnits,
      AuditLog audit) {
    this.register = register;
    this.cases = cases;
    this.access = access;
    this.orgUnits = orgUnits;
    this.audit = audit;
  }

  @WithTransaction
  public Uni<EntryView> add(CurrentUser user, NewEntry in) {
    String idNumber = BlindIndex.idNumber(in.idNumber());
    if (in.idNumber() != null && !in.idNumber().isBlank() && idNumber == null) {
      throw DomainException.invalid("idNumber", "case-work.id-number");
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
        .chain(
            scope -> {
              FieldCipher cipher = FieldCipher.current();
              BlindIndex blind = BlindIndex.current();
              String phone = blank(in.phone());
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
                      seal(blank(in.address()), EntryField.ADDRESS),
                      seal(blank(in.notes()), EntryField.NOTES),
                      blind.of("phone", BlindIndex.mobileIn(phone)),
                      blind.of("id-number", idNumber),
                      in.caseId(),
                      in.nextVisitDue(),
                      user.subject()));
            })
        .call(id -> audit.record(allowed(user, "difficulty.register", id, Map.of())))
        .chain(register::byId)
        .map(DifficultyService::view);
  }

  @WithSession
  public Uni<Page<EntryView>> list(CurrentUser user, String status, int page, int size) {
    return access
        .of(user)
        .chain(
            scope ->
                !scope.isOnTeam()
                    ? Uni.createFrom()
                        .item(new Page<DifficultyRepository.Row>(List.of(), page, size, 0))
                    : register
                        .list(scope.reach(), status, page, size)
                        .chain(
                            rows ->
                                register
                                    .count(scope.reach(), status)
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
              if (!"ACTIVE".equals(f.row().status())) {
                throw DomainException.rule("difficulty.exited");
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
                    blank(body.needs()) == null
                        ? null
                        : FieldCipher.current().encrypt(body.needs().strip(), NEEDS_COLUMN)))
        .call(
            f ->
                body.nextVisitDue() == null
                    ? Uni.createFrom().voidItem()
                    : register
                        .change(
                            id, f.row().version(), "next_visit_due = :d", "d", body.nextVisitDue())
                        .invoke(DifficultyService::requireChanged)
                        .replaceWithVoid())
        .call(() -> audit.record(allowed(user, "difficulty.visit", id, Map.of())))
        .chain(() -> visitViews(id));
  }

  @WithSession
  public Uni<List<VisitView>> visits(CurrentUser user, long id) {
    return readable(user, id, "difficulty.visits-read").chain(() -> visitViews(id));
  }

  @WithTransaction
  public Uni<EntryView> exit(CurrentUser user, long id, DifficultyDtos.Exit body) {
    return workable(user, id, "difficulty.exit")
        .invoke(
            f -> {
              if (!"ACTIVE".equals(f.row().status())) {
                throw DomainException.rule("difficulty.exited");
              }
            })
        .call(
            f ->
                register
                    .change(
                        id,
                        f.row().version(),
                        "status = 'EXITED', exit_reason = :r, exited_at = now(),"
                            + " next_visit_due = null",
                        "r",
                        body.reason().name())
                    .invoke(DifficultyService::requireChanged))
        .call(
            () ->
                audit.record(allowed(user, "difficulty.exit", id, Map.of("reason", body.reason()))))
        .chain(() -> register.byId(id))
        .map(DifficultyService::view);
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

  private static String blank(String s) {
    return s == null || s.isBlank() ? null : s.strip();
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
        r.status(),
        r.exitReason() == null ? null : DifficultyDtos.ExitReason.valueOf(r.exitReason()),
        r.nextVisitDue(),
        r.nextVisitDue() != null && r.nextVisitDue().isBefore(today),
        r.visits(),
        r.lastVisitedOn(),
        r.registeredAt(),
        List.copyOf(sealed));
  }
}
