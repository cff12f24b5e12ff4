package dev.switchboard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time (user + system) a process has used, from Linux' {@code /proc/PID/stat}; -1 where there is no
 * such file (another OS, or no process).
 */
final class CpuTime {
  /** Clock ticks per second of {@code /proc} times (USER_HZ); 100 on every common Linux build. */
  private static final long TICKS_PER_SECOND = 100;

  private CpuTime() {}

  static long micros(ProcessHandle process) {
    if (process == null) {
      return -1;
    }
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
      // Fields after the command name, which is in parentheses and may itself hold spaces.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
      return ticks * 1_000_000 / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** Microseconds of CPU per call between two readings; NaN when either reading is missing. */
  static double perCall(long before, long after, long calls) {
    return before < 0 || after < 0 || calls == 0 ? Double.NaN : (after - before) / (double) calls;
  }
}
