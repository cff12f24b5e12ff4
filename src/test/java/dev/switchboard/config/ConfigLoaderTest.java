package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
  private final ConfigLoader loader = new ConfigLoader(Map.of("GH_TOKEN", "s3cret")::get);

  private HubConfig parse(String yaml) {
    return loader.parse(yaml, "test.yaml");
  }

  @Test
  void theEmbeddedDefaultLoadsAndIsLoopbackOnlyWithTheDemoBackend() {
    HubConfig c = new ConfigLoader().loadEmbedded();
    assertThat(c.listen().host()).isEqualTo("127.0.0.1");
    assertThat(c.listen().port()).isEqualTo(8080);
    assertThat(c.backends()).singleElement().satisfies(b -> assertThat(b.type()).isEqualTo(BackendConfig.Type.BUILTIN));
  }

  @Test
  void defaultsFillWhatIsNotSaid() {
    HubConfig c = parse("backends: [{name: demo, type: builtin}]");
    assertThat(c.listen().maxBodyBytes()).isEqualTo(4L * 1024 * 1024);
    assertThat(c.listen().requestTimeout().millis()).isEqualTo(30_000);
    assertThat(c.routing().separator()).isEqualTo("__");
    assertThat(c.routing().prefix()).isEqualTo(RoutingConfig.PrefixMode.AUTO);
  }

  @Test
  void anEmptyOrCommentOnlyFileSaysWhatIsMissing() {
    for (String empty : new String[] {"", "\n  \n", "# nothing here yet\n"}) {
      assertThatThrownBy(() -> parse(empty)).as("'%s'", empty).isInstanceOf(ConfigException.class)
          .hasMessage("test.yaml: backends: at least one backend is required");
    }
  }

  @Test
  void auditArgumentsAreBoundedSoEveryRecordCanBeVerified() {
    assertThatThrownBy(() -> parse("audit: {dir: /tmp/a, maxArgumentBytes: 20000000}\n"
        + "backends: [{name: d, type: builtin}]"))
        .hasMessageContaining("audit.maxArgumentBytes").hasMessageContaining("16777216");
  }

  @Test
  void aBackendAlwaysHasAConnectTimeout() {
    assertThatThrownBy(() -> parse("backends: [{name: h, type: http, url: \"http://127.0.0.1:1/mcp\", "
        + "connectTimeout: 0ms}]"))
        .hasMessage("test.yaml: line 1: backends[0].connectTimeout: must be positive");
  }

  @Test
  void streamKeepAlivesMustBeAtLeastASecondApart() {
    assertThatThrownBy(() -> parse("sessions: {keepAlive: 0ms}\nbackends: [{name: d, type: builtin}]"))
        .hasMessage("test.yaml: line 1: sessions.keepAlive: must be at least 1s");
  }

  @Test
  void unknownKeysNameTheKeyAndTheLine() {
    assertThatThrownBy(() -> parse("listen:\n  host: 127.0.0.1\n  prot: 80\nbackends: [{name: d, type: builtin}]"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("test.yaml")
        .hasMessageContaining("line 3")
        .hasMessageContaining("listen.prot")
        .hasMessageContaining("port");
  }

  @Test
  void stdioBackendsNeedACommandAndExpandTheirEnvironment() {
    assertThatThrownBy(() -> parse("backends: [{name: mem, type: stdio}]"))
        .hasMessageContaining("backends[0].command").hasMessageContaining("required for a stdio backend");
    assertThatThrownBy(() -> parse("backends: [{name: mem, type: stdio, command: node, sharing: everyone}]"))
        .hasMessageContaining("backends[0].sharing");
    assertThatThrownBy(() -> parse("backends: [{name: d, type: builtin, command: node}]"))
        .hasMessageContaining("backends[0].command").hasMessageContaining("only for stdio");
    HubConfig c = new ConfigLoader(name -> name.equals("TOKEN") ? "s3cret" : null).parse(
        "backends: [{name: gh, type: stdio, command: npx, args: [server], env: {GITHUB_TOKEN: \"${TOKEN}\"}}]", "t");
    BackendConfig gh = c.backends().get(0);
    assertThat(gh.env()).containsEntry("GITHUB_TOKEN", "s3cret");
    assertThat(gh.sharing()).isEqualTo("per-user");
    assertThat(gh.stateDir()).isEqualTo("state/gh");
  }

  @Test
  void badDurationsNameTheKey() {
    assertThatThrownBy(() -> parse("sessions: {idleTimeout: soon}\nbackends: [{name: d, type: builtin}]"))
        .hasMessageContaining("sessions.idleTimeout").hasMessageContaining("not a duration");
  }

  @Test
  void wrongTypesNameTheKey() {
    assertThatThrownBy(() -> parse("listen: {port: eighty}\nbackends: [{name: d, type: builtin}]"))
        .hasMessageContaining("listen.port");
    assertThatThrownBy(() -> parse("backends: [{name: d, type: ftp}]")).hasMessageContaining("backends[0].type");
  }

  @Test
  void headerValuesReadEnvironmentVariables() {
    HubConfig c = parse("backends: [{name: gh, type: http, url: 'https://gh.example/mcp', "
        + "headers: {Authorization: 'Bearer ${GH_TOKEN}', X-Literal: '$${GH_TOKEN}'}}]");
    assertThat(c.backends().get(0).headers()).containsEntry("Authorization", "Bearer s3cret")
        .containsEntry("X-Literal", "${GH_TOKEN}");
  }

  @Test
  void aMissingEnvironmentVariableIsAStartUpError() {
    assertThatThrownBy(() -> parse("backends: [{name: gh, type: http, url: 'https://gh.example/mcp', "
        + "headers: {Authorization: 'Bearer ${NOPE}'}}]"))
        .hasMessageContaining("backends[0].headers.Authorization").hasMessageContaining("NOPE");
  }

  @Test
  void backendsAreValidated() {
    assertThatThrownBy(() -> parse("backends: []")).hasMessageContaining("at least one backend");
    assertThatThrownBy(() -> parse("backends: [{name: a, type: builtin}, {name: a, type: builtin, prefix: b}]"))
        .hasMessageContaining("backends[1].name");
    assertThatThrownBy(() -> parse("backends: [{name: a, type: http}]")).hasMessageContaining("backends[0].url");
    assertThatThrownBy(() -> parse("backends: [{name: a, type: http, url: 'ftp://x'}]")).hasMessageContaining("http(s)");
    assertThatThrownBy(() -> parse("backends: [{name: 'Bad Name', type: builtin}]")).hasMessageContaining("lower-case");
  }

  @Test
  void devIdentityRefusesNonLoopbackAddresses() {
    assertThatThrownBy(() -> parse("listen: {host: 0.0.0.0}\nbackends: [{name: d, type: builtin}]"))
        .hasMessageContaining("identity.mode").hasMessageContaining("loopback");
  }

  @Test
  void notYamlIsReportedWithItsLine() {
    assertThatThrownBy(() -> parse("listen: {host: [\n")).isInstanceOf(ConfigException.class).hasMessageContaining("line");
  }

  @Test
  void aFileThatIsNotUtf8SaysSo(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path file = dir.resolve("latin1.yaml");
    java.nio.file.Files.write(file, new byte[] {'#', ' ', (byte) 0xff, (byte) 0xfe, '\n'});
    assertThatThrownBy(() -> loader.load(file)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("latin1.yaml: cannot read: not UTF-8 text"); // was "Input length = 1"
  }

  @Test
  void aRuleOrLimitNamingABackendThatIsNotConfiguredIsAnError() {
    String backends = "backends: [{name: github, type: builtin}, {name: jira, type: builtin}]\n";
    assertThatThrownBy(() -> parse("policy: {rules: [{users: ['*'], allow: {backends: [githup]}}]}\n" + backends))
        .isInstanceOf(ConfigException.class).hasMessageContaining("policy.rules[0].allow.backends")
        .hasMessageContaining("'githup' names no configured backend (backends: github, jira)");
    assertThatThrownBy(() -> parse("policy: {rules: [{users: ['*'], deny: {backends: ['conf*']}}]}\n" + backends))
        .hasMessageContaining("policy.rules[0].deny.backends: 'conf*' names no configured backend");
    assertThatThrownBy(() -> parse("limits: {backends: {jiro: {perMinute: 60}}}\n" + backends))
        .hasMessageContaining("limits.backends.jiro: 'jiro' is not a configured backend (backends: github, jira)");
    // Patterns that match a configured backend are fine
    parse("policy: {rules: [{users: ['*'], allow: {backends: ['git*', jira]}}]}\nlimits: {backends: {jira: {perMinute: 60}}}\n"
        + backends);
  }

  @Test
  void trustedProxiesAreAddressesOrRangesNeverNames() {
    String backends = "backends: [{name: d, type: builtin}]\n";
    parse("identity: {mode: serve-headers, trustedProxies: [127.0.0.1, '::1', 100.64.0.0/10, 'fd7a:115c::/32']}\n"
        + backends);
    for (String bad : new String[] {"cafe", "dead.beef", "localhost", "10.0.0.0/33", "::1/129"}) {
      assertThatThrownBy(() -> parse("identity: {mode: serve-headers, trustedProxies: ['" + bad + "']}\n" + backends))
          .as(bad).isInstanceOf(ConfigException.class).hasMessageContaining("identity.trustedProxies")
          .hasMessageContaining(bad);
    }
  }
}
