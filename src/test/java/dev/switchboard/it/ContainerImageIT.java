package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.support.Processes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container image Jib writes ({@code mvn -Pimage package}, which {@code scripts/test} runs): its config
 * (non-root user, entrypoint, ports, volumes) and its files; then, where this machine can run it, the image
 * itself. No container engine is installed here, so it runs as an engine would run it: its layers unpacked into
 * a root, its own entrypoint and environment, in a mount and PID namespace of its own with its own /proc,
 * chrooted, as the image's user (this needs root, as CI has).
 */
@Timeout(180)
class ContainerImageIT {
  private static final Path IMAGE = Path.of("target/switchboard-image.tar");
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  @TempDir
  Path tmp;

  @Test
  void theImageRunsTheHubAsANonRootUserWithItsConfigAndStateOnVolumes() throws Exception {
    JsonObject config = imageConfig(unpack());

    assertThat(config.getString("User")).isEqualTo("65532:65532");
    assertThat(config.getJsonArray("Entrypoint").getList()).startsWith("/opt/java/bin/java").endsWith("dev.switchboard.cli.Main");
    assertThat(config.getJsonArray("Cmd").getList()).containsExactly("serve", "--config", "/etc/switchboard/switchboard.yaml");
    assertThat(config.getJsonObject("ExposedPorts").fieldNames()).containsExactlyInAnyOrder("8080/tcp", "8090/tcp");
    assertThat(config.getJsonObject("Volumes").fieldNames())
        .containsExactlyInAnyOrder("/etc/switchboard", "/var/lib/switchboard");
    assertThat(config.getString("WorkingDir")).isEqualTo("/var/lib/switchboard");
    Path root = rootfs();
    assertThat(root.resolve("opt/java/bin/java")).isExecutable();
    assertThat(root.resolve("app/jib-classpath-file")).exists();
    assertThat(Files.readString(root.resolve("etc/switchboard/switchboard.yaml")))
        .contains("host: 0.0.0.0", "mode: whois", "keyEnv: SWITCHBOARD_AUDIT_KEY");
    assertThat(Files.readString(root.resolve("etc/passwd"))).contains("switchboard:x:65532:65532:");
  }

  @Test
  void theImageStartsAndAnswersHealthAndTellsTheTruthAboutReadiness() throws Exception {
    boolean canRun = "root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/unshare"))
        && Files.isExecutable(Path.of("/usr/sbin/chroot"));
    Assumptions.assumeTrue(canRun, "running the image needs root, unshare and chroot here (no container engine)");
    JsonObject config = imageConfig(unpack());
    Path root = rootfs();
    int port = freePort();
    int admin = freePort();
    Path yaml = root.resolve("etc/switchboard/switchboard.yaml"); // as a mounted volume would replace it
    Files.writeString(yaml, Files.readString(yaml).replace("0.0.0.0", "127.0.0.1")
        .replace("port: 8080", "port: " + port).replace("port: 8090", "port: " + admin));

    List<String> command = new ArrayList<>(List.of("/usr/bin/unshare", "--mount", "--pid", "--fork",
        "--kill-child", "--mount-proc=" + root.resolve("proc"), "/usr/sbin/chroot", "--userspec=65532:65532",
        root.toString()));
    config.getJsonArray("Entrypoint").forEach(a -> command.add((String) a));
    config.getJsonArray("Cmd").forEach(a -> command.add((String) a));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(tmp.resolve("container.log").toFile());
    pb.environment().clear(); // the image's environment, and the secret an operator passes in
    config.getJsonArray("Env", new JsonArray()).forEach(e -> {
      String[] kv = ((String) e).split("=", 2);
      pb.environment().put(kv[0], kv[1]);
    });
    pb.environment().put("SWITCHBOARD_AUDIT_KEY", "0123456789abcdef0123456789abcdef");
    Process container = pb.start();
    try {
      String base = "http://127.0.0.1:" + admin;
      await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> get(base + "/healthz").statusCode() == 200);
      HttpResponse<String> ready = get(base + "/readyz");
      assertThat(ready.statusCode()).as("no tailscaled here: no caller can be identified").isEqualTo(503);
      assertThat(new JsonObject(ready.body()).getString("identity")).startsWith("tailscaled unreachable since ");
      assertThat(new JsonObject(ready.body()).getString("audit")).isEqualTo("writable");
      assertThat(root.resolve("var/lib/switchboard/audit")).isDirectory(); // the hub's user writes its state
    } finally {
      // SIGTERM to the hub, as an engine's stop sends it (unshare's own death signal does not reach a process
      // that changed its user), then up to 30 s to stop before it is killed.
      List<ProcessHandle> inside = container.descendants().toList();
      inside.forEach(ProcessHandle::destroy);
      if (!container.waitFor(30, TimeUnit.SECONDS)) {
        inside.forEach(ProcessHandle::destroyForcibly);
        container.destroyForcibly();
      }
    }
    assertThat(Files.readString(tmp.resolve("container.log"))).contains("Switchboard listening on", "Switchboard stopped");
  }

  /** Unpacks the image archive (docker-archive, as Jib writes it); skipped only where it was not built. */
  private Path unpack() throws Exception {
    Assumptions.assumeTrue(Files.exists(IMAGE) || System.getenv("CI") != null,
        "no image: build it with mvn -Pimage package (scripts/test does)");
    Path dir = Files.createDirectories(tmp.resolve("image"));
    run("tar", "-xf", IMAGE.toAbsolutePath().toString(), "-C", dir.toString());
    return dir;
  }

  private JsonObject imageConfig(Path image) throws IOException {
    JsonObject manifest = new JsonArray(Files.readString(image.resolve("manifest.json"))).getJsonObject(0);
    Path root = Files.createDirectories(tmp.resolve("root"));
    for (Object layer : manifest.getJsonArray("Layers")) {
      run("tar", "--warning=no-unknown-keyword", "-xzf", image.resolve((String) layer).toString(), "-C", root.toString());
    }
    return new JsonObject(Files.readString(image.resolve(manifest.getString("Config")))).getJsonObject("config");
  }

  private Path rootfs() {
    return tmp.resolve("root");
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void run(String... command) {
    Processes.ok(null, command);
  }
}
