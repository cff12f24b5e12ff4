package dev.switchboard.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Short commands the packaging tests run (tar, systemd-analyze, the archive's launcher): bounded, output kept. */
public final class Processes {
  private Processes() {}

  /** What a command did: its exit code and its standard output and error, together. */
  public record Result(int exit, String output) {}

  /** Runs the command in {@code dir} (null: here) for at most 60 s. */
  public static Result run(Path dir, String... command) {
    try {
      Process p = new ProcessBuilder(command).directory(dir == null ? null : new File(dir.toString()))
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", command) + " ends").isTrue();
      return new Result(p.exitValue(), out);
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs it, and the test fails unless it exits 0; its output. */
  public static String ok(Path dir, String... command) {
    Result r = run(dir, command);
    assertThat(r.exit()).as(String.join(" ", command) + ": " + r.output()).isZero();
    return r.output();
  }
}
