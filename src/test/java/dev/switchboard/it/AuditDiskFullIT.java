package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.support.AuditFixtures;
import dev.switchboard.support.McpHttp;
import dev.switchboard.support.TestHub;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real full disk: the trail lives on a 256 KiB tmpfs that a filler file nearly fills. Needs permission
 * to mount (root, as in CI); elsewhere the test is skipped and {@link AuditIT} still covers an unwritable
 * trail at start.
 */
@Timeout(300) // a hang fails the test instead of the whole build
class AuditDiskFullIT {
  @TempDir
  Path tmp;
  Path mount;

  @BeforeEach
  void mountSmallFilesystem() throws Exception {
    mount = tmp.resolve("small");
    Files.createDirectories(mount);
    Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", mount.toString())
        .redirectErrorStream(true).start();
    boolean mounted = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    Assumptions.assumeTrue(mounted, "cannot mount a tmpfs here: " + new String(p.getInputStream().readAllBytes()));
  }

  @AfterEach
  void unmount() throws Exception {
    new ProcessBuilder("umount", mount.toString()).start().waitFor(10, TimeUnit.SECONDS);
  }

  @Test
  void aFullDiskRefusesCallsUntilThereIsRoomAndLosesNoAnsweredCall() throws Exception {
    Path filler = mount.resolve("filler");
    Files.write(filler, new byte[200 * 1024]);
    Path dir = mount.resolve("trail");
    Set<String> answered = new HashSet<>();
    try (TestHub hub = TestHub.start("""
        listen: {host: 127.0.0.1, port: 0}
        admin: {port: 0}
        audit: {dir: "%s", arguments: full}
        backends:
          - {name: demo, type: builtin}
        """.formatted(dir))) {
      McpHttp http = new McpHttp(hub.url());
      McpHttp.Reply refused = null;
      for (int i = 0; i < 5_000 && refused == null; i++) {
        McpHttp.Reply r = http.modern("tools/call", "echo", new JsonObject().put("name", "echo")
            .put("arguments", new JsonObject().put("message", "before-" + i + "-" + "x".repeat(200))));
        if (r.status() == 200) {
          answered.add("before-" + i);
        } else {
          refused = r;
        }
      }
      assertThat(refused).as("the disk filled up").isNotNull();
      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.json().getJsonObject("error").getString("message")).contains("No space left on device");
      assertThat(answered).hasSizeGreaterThan(10);

      Files.delete(filler);
      await().atMost(Duration.ofSeconds(15)).until(() -> http.modern("tools/call", "echo", new JsonObject()
          .put("name", "echo").put("arguments", new JsonObject().put("message", "after"))).status() == 200);
      answered.add("after");
    }
    var verify = AuditFixtures.run("audit", "verify", dir.toString());
    assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
    Set<String> recorded = new HashSet<>();
    for (JsonObject r : AuditFixtures.records(dir)) {
      if ("call".equals(r.getString("type")) && "ok".equals(r.getJsonObject("outcome").getString("result"))) {
        String m = r.getJsonObject("arguments").getString("message");
        recorded.add(m.contains("-x") ? m.substring(0, m.indexOf("-x")) : m);
      }
    }
    assertThat(recorded).containsAll(answered);
  }
}
