package dev.switchboard.cli;

import dev.switchboard.audit.AuditFiles;
import dev.switchboard.audit.AuditKeys;
import dev.switchboard.audit.AuditQuery;
import dev.switchboard.audit.AuditVerifier;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.Durations;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code switchboard audit verify|query|tail DIR}: what security teams run against the trail. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Verify, search and follow the audit trail.",
    subcommands = {AuditCommand.Verify.class, AuditCommand.Query.class, AuditCommand.Tail.class})
final class AuditCommand implements Runnable {
  @Override
  public void run() {
    System.err.println("usage: switchboard audit verify|query|tail DIR (see --help)");
  }

  /** What every audit subcommand does with bad input: a message naming it, and exit code 2. */
  interface Body {
    int run() throws IOException, InterruptedException;
  }

  static int guarded(Path dir, Body body) {
    try {
      return body.run();
    } catch (ConfigException e) {
      System.err.println("switchboard: " + e.getMessage());
      return 2;
    } catch (IOException e) {
      System.err.println("switchboard: cannot read " + dir + ": " + e.getMessage());
      return 2;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 130;
    }
  }

  /**
   * The audit files of a trail's directory, which must exist: a mistyped path must not look like a trail
   * with no matching records.
   */
  static List<Path> trailFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new ConfigException(dir + ": no such directory");
    }
    return AuditFiles.list(dir);
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = "Check the hash chain and checkpoint MACs across all files; exit 1 at the first break.")
  static final class Verify implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", description = "the audit directory")
    Path dir;

    @Option(names = "--key-file", description = "file holding the checkpoint key")
    String keyFile;

    @Option(names = "--key-env", description = "environment variable holding the checkpoint key")
    String keyEnv;

    @Option(names = "--allow-pruned", description = "accept a trail whose oldest files were removed on purpose")
    boolean allowPruned;

    @Option(names = "--quiet", description = "no progress on stderr")
    boolean quiet;

    @Override
    public Integer call() {
      return guarded(dir, () -> {
        byte[] key = AuditKeys.load(keyEnv, keyFile, System::getenv);
        long total = totalBytes(dir);
        long[] lastShown = {System.nanoTime()};
        AuditVerifier.Report report = new AuditVerifier(key, allowPruned).verify(dir, bytes -> {
          if (!quiet && System.nanoTime() - lastShown[0] > 1_000_000_000L) {
            lastShown[0] = System.nanoTime();
            System.err.printf("verified %d of %d MiB%n", bytes >> 20, total >> 20);
          }
        });
        report.warnings().forEach(w -> System.err.println("warning: " + w));
        if (!report.ok()) {
          System.out.println("BROKEN: " + report.problem());
          System.out.printf("(%d records in %d files were intact before it)%n", report.records(), report.files());
          return 1;
        }
        System.out.printf("OK: %d records in %d files, chain intact, %d checkpoints (%d MACs checked)%n",
            report.records(), report.files(), report.checkpoints(), report.macsChecked());
        return 0;
      });
    }

    private static long totalBytes(Path dir) throws IOException {
      long sum = 0;
      for (Path p : AuditFiles.list(dir)) {
        sum += Files.size(p);
      }
      return sum;
    }
  }

  /** Filters shared by query and tail. */
  static final class Filters {
    @Option(names = "--user", description = "user login")
    String user;
    @Option(names = "--tool", description = "tool, prompt or resource name (glob, e.g. 'github__*')")
    String tool;
    @Option(names = "--backend", description = "backend name")
    String backend;
    @Option(names = "--decision", description = "allowed, denied, unknown, rate_limited or refused")
    String decision;
    @Option(names = "--type", description = "call, denied, rate_limited, identity_failure, session_start, ...")
    String type;
    @Option(names = "--since", description = "ISO instant or day (2026-11-24), or an age such as 2h or 7d")
    String since;
    @Option(names = "--until", description = "ISO instant or day, or an age")
    String until;
    @Option(names = "--json", description = "print the records as JSON lines")
    boolean json;

    AuditQuery query() {
      return new AuditQuery(user, tool, backend, decision, type, instant(since, "--since"), instant(until, "--until"));
    }

    BiConsumer<JsonObject, String> printer() {
      return (record, line) -> System.out.println(json ? line : AuditQuery.row(record));
    }

    static Instant instant(String text, String option) {
      if (text == null) {
        return null;
      }
      try {
        if (text.matches("\\d+(ms|s|m|h|d)")) {
          return Instant.now().minus(Durations.Value.parse(text).duration());
        }
        if (text.matches("\\d{4}-\\d{2}-\\d{2}")) {
          return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        return Instant.parse(text);
      } catch (DateTimeParseException | IllegalArgumentException e) {
        throw new ConfigException(option + ": '" + text + "' is not an instant (2026-11-24T10:00:00Z), a day or an age (2h)");
      }
    }
  }

  @Command(name = "query", mixinStandardHelpOptions = true, description = "Print the records that match the filters.")
  static final class Query implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", description = "the audit directory")
    Path dir;

    @Mixin
    Filters filters;

    @Override
    public Integer call() {
      return guarded(dir, () -> {
        AuditQuery q = filters.query();
        if (trailFiles(dir).isEmpty()) { // a hub writes its first file at start-up
          throw new ConfigException(dir + ": no audit files (audit-*.jsonl) found");
        }
        if (!filters.json) {
          System.out.println(AuditQuery.header());
        }
        q.run(dir, filters.printer());
        return 0;
      });
    }
  }

  @Command(name = "tail", mixinStandardHelpOptions = true, description = "Follow new records as they are written.")
  static final class Tail implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", description = "the audit directory")
    Path dir;

    @Mixin
    Filters filters;

    @Option(names = "--from-start", description = "print the newest file from its beginning first")
    boolean fromStart;

    @Override
    public Integer call() {
      return guarded(dir, () -> {
        if (trailFiles(dir).isEmpty()) {
          System.err.println("switchboard: " + dir + " holds no audit files yet; waiting for the hub to write one");
        }
        new dev.switchboard.audit.AuditFollower(dir, filters.query(), filters.printer()).follow(fromStart, () -> false);
        return 0;
      });
    }
  }
}
