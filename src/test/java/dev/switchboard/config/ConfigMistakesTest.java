package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What an operator reads for each kind of mistake in a config file: the file, the line and the key, in plain
 * words, never a Java type or a Jackson internal. Each line below is a file's text ({@code |} separates its
 * lines) and the whole message it gets.
 */
class ConfigMistakesTest {
  private final ConfigLoader loader = new ConfigLoader(Map.<String, String>of()::get);

  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = ';', value = {
      // unknown key (a typo)
      "listen:|  prot: 80|backends: [{name: d, type: builtin}]"
          + "; hub.yaml: line 2: unknown key 'listen.prot' (known here: allowedHosts, allowedOrigins, host,"
          + " maxBodyBytes, path, port, requestTimeout)",
      // a value of the wrong type
      "listen:|  port: eighty|backends: [{name: d, type: builtin}]"
          + "; hub.yaml: line 2: bad value for 'listen.port': 'eighty' is not a whole number",
      // a bad duration
      "sessions:|  idleTimeout: 30 minutes|backends: [{name: d, type: builtin}]"
          + "; hub.yaml: line 2: bad value for 'sessions.idleTimeout': '30 minutes' is not a duration (use a whole number"
          + " with ms, s, m, h or d, e.g. 30s)",
      // a value out of range
      "listen:|  port: 70000|backends: [{name: d, type: builtin}]"
          + "; hub.yaml: line 2: listen.port: must be between 0 and 65535, got 70000",
      // a value that must be one of a few
      "identity:|  mode: ldap|backends: [{name: d, type: builtin}]"
          + "; hub.yaml: line 2: identity.mode: 'ldap' is not one of dev, whois, serve-headers",
      // a required key missing for a backend's type
      "backends:|  - name: gh|    type: http"
          + "; hub.yaml: line 2: backends[0].url: is required for an http backend",
      // a rule naming a backend that is not configured
      "backends: [{name: d, type: builtin}]|policy:|  rules:|    - users: ['*']|      allow: {backends: [dd]}"
          + "; hub.yaml: line 5: policy.rules[0].allow.backends: 'dd' names no configured backend (backends: d)",
      // an environment reference that is not set
      "backends:|  - name: gh|    type: http|    url: https://gh.example/mcp|    headers: {Authorization: 'Bearer ${GH_TOKEN}'}"
          + "; hub.yaml: line 5: backends[0].headers.Authorization: environment variable GH_TOKEN is not set",
      // a number where a rate belongs (Jackson said "LimitsConfig$Rate (although at least one Creator exists)")
      "limits:|  user: 5|backends: [{name: d, type: builtin}]"
          + "; hub.yaml: line 2: bad value for 'limits.user': expected a mapping of keys to values",
      // a list where a mapping belongs
      "listen: [80]|backends: [{name: d, type: builtin}]"
          + "; hub.yaml: line 1: bad value for 'listen': expected a mapping of keys to values",
      // not YAML at all (the parser's own words follow, with where it stopped)
      "listen: {host: [|backends: []"
          + "; hub.yaml: line 2: not valid YAML: while parsing a flow sequence…",
  })
  void eachMistakeIsToldWithItsFileLineAndKey(String text, String message) {
    var thrown = assertThatThrownBy(() -> loader.parse(text.replace('|', '\n'), "hub.yaml"))
        .isInstanceOf(ConfigException.class);
    if (message.endsWith("…")) {
      thrown.hasMessageStartingWith(message.substring(0, message.length() - 1));
    } else {
      thrown.hasMessage(message);
    }
  }
}
