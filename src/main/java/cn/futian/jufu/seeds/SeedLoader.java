package cn.futian.jufu.seeds;

import cn.futian.jufu.cadres.CadreService;
import cn.futian.jufu.orgunits.OrgUnitCommands;
import cn.futian.jufu.orgunits.OrgUnitKind;
import cn.futian.jufu.orgunits.OrgUnitService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Loads {@code seeds/} at start-up: the organisation tree and, in dev, the demo cadre appointments.
 * Idempotent: units and appointments that exist are left alone, so a second start changes nothing
 * (and an admin's rename of a seeded unit is kept). Several instances starting at once serialise on
 * a PostgreSQL advisory lock.
 */
@ApplicationScoped
public class SeedLoader {

  private static final Logger LOG = Logger.getLogger(SeedLoader.class);
  private static final long ADVISORY_LOCK_KEY = 0x6a756675L; // "jufu"

  /** Configuration of the seed loading. */
  @ConfigMapping(prefix = "fulian.seeds")
  public interface SeedConfig {
    /** Whether to load the seeds at start-up. */
    @WithDefault("true")
    boolean load();

    /** The folder with org-units.csv and cadre-assignments.csv. */
    @WithDefault("seeds")
    String dir();

    /** Whether to create the demo cadre appointments (dev and test only). */
    @WithDefault("false")
    boolean demoAssignments();
  }

  private final SeedConfig config;
  private final OrgUnitService orgUnits;
  private final CadreService cadres;

  private final Instance<SeedContributor> contributors;

  SeedLoader(
      SeedConfig config,
      OrgUnitService orgUnits,
      CadreService cadres,
      Instance<SeedContributor> contributors) {
    this.config = config;
    this.orgUnits = orgUnits;
    this.cadres = cadres;
    this.contributors = contributors;
  }

  void onStart(@Observes StartupEvent start) throws Throwable {
    if (config.load()) {
      load();
    }
  }

  /** What one load created. */
  public record Result(int unitsInFile, int unitsCreated, int appointmentsCreated) {}

  /** Loads the seed files; blocks until the transaction has committed. */
  public Result load() throws Throwable {
    Path dir = Path.of(config.dir());
    List<OrgUnitCommands.Seed> units = readUnits(dir.resolve("org-units.csv"));
    List<CadreService.SeedAssignment> assignments =
        config.demoAssignments()
            ? readAssignments(dir.resolve("cadre-assignments.csv"))
            : List.of();
    int[] created = new int[2];
    Map<String, Integer> contributed = new LinkedHashMap<>();
    VertxContextSupport.subscribeAndAwait(
        () ->
            Panache.withTransaction(
                () ->
                    lock()
                        .chain(() -> orgUnits.ensureSeeded(units))
                        .invoke(n -> created[0] = n)
                        .chain(() -> cadres.ensureSeeded(assignments))
                        .invoke(n -> created[1] = n)
                        .chain(() -> contribute(dir, contributed))));
    LOG.infof(
        "Seeds from %s: %d units in file, %d created; %d demo appointments created",
        dir.toAbsolutePath(), units.size(), created[0], created[1]);
    contributed.forEach((name, n) -> LOG.infof("Seeds from %s: %d %s created", dir, n, name));
    return new Result(units.size(), created[0], created[1]);
  }

  /** Runs the features' own seeds one after the other, in the same transaction. */
  private Uni<Void> contribute(Path dir, Map<String, Integer> out) {
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (SeedContributor c : contributors) {
      chain = chain.chain(() -> c.seed(dir)).invoke(n -> out.put(c.name(), n)).replaceWithVoid();
    }
    return chain;
  }

  private static Uni<Object> lock() {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery("select pg_advisory_xact_lock(" + ADVISORY_LOCK_KEY + ")")
                    .getSingleResult());
  }

  static List<OrgUnitCommands.Seed> readUnits(Path file) throws IOException {
    List<OrgUnitCommands.Seed> seeds = new ArrayList<>();
    for (List<String> row : Csv.read(Files.readString(file, StandardCharsets.UTF_8))) {
      if (row.size() != 6) {
        throw new IllegalStateException(file + ": expected 6 columns, got " + row);
      }
      seeds.add(
          new OrgUnitCommands.Seed(
              row.get(0),
              row.get(1).isBlank() ? null : row.get(1),
              OrgUnitKind.valueOf(row.get(2)),
              row.get(3),
              row.get(4),
              Boolean.parseBoolean(row.get(5))));
    }
    return seeds;
  }

  static List<CadreService.SeedAssignment> readAssignments(Path file) throws IOException {
    if (!Files.exists(file)) {
      return List.of();
    }
    List<CadreService.SeedAssignment> seeds = new ArrayList<>();
    for (List<String> row : Csv.read(Files.readString(file, StandardCharsets.UTF_8))) {
      seeds.add(new CadreService.SeedAssignment(row.get(0), row.get(2)));
    }
    return seeds;
  }
}
