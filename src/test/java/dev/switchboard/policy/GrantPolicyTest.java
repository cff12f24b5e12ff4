package dev.switchboard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.PolicyConfig;
import dev.switchboard.identity.Caller;
import dev.switchboard.identity.WhoIs;
import dev.switchboard.protocol.Patterns;
import dev.switchboard.protocol.Primitive;
import dev.switchboard.support.FakeTailscaled;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GrantPolicyTest {
  private static final String CAP = "switchboard.dev/cap/mcp";

  private static PolicyConfig policy(String yaml) {
    return new ConfigLoader().parse(yaml + "\nbackends: [{name: d, type: builtin}]", "t").policy();
  }

  private static Caller user(String login, List<String> groups, Map<String, List<Object>> caps) {
    return new Caller(login, login, "n", List.of(), groups, caps, "127.0.0.2:1", "test");
  }

  private static Map<String, List<Object>> grant(String json) {
    return Map.of(CAP, List.of(new JsonObject(json)));
  }

  @Test
  void nothingGrantedMeansNothingAllowed() {
    GrantPolicy p = new GrantPolicy(policy(""));
    assertThat(p.allows(user("bob@x", List.of(), Map.of()), "github", Primitive.TOOL, "github__search")).isFalse();
  }

  @Test
  void grantsFromTheTailnetAreUnionedAcrossGrants() {
    Caller alice = WhoIs.toCaller(FakeTailscaled.example("whois-user", null), "127.0.0.2:1");
    GrantPolicy p = new GrantPolicy(policy(""));
    assertThat(p.allows(alice, "github", Primitive.TOOL, "github__search")).isTrue();
    assertThat(p.allows(alice, "jira", Primitive.TOOL, "jira__search")).isTrue();
    assertThat(p.allows(alice, "jira", Primitive.TOOL, "jira__delete")).isFalse();
    assertThat(p.allows(alice, "memory", Primitive.TOOL, "memory__store")).isTrue(); // from the second grant
    assertThat(p.allows(alice, "docs", Primitive.RESOURCE, "docs://handbook")).isTrue();
    assertThat(p.allows(alice, "any", Primitive.PROMPT, "any__prompt")).isTrue();
  }

  @Test
  void backendsGrantEverythingOnThem() {
    GrantPolicy p = new GrantPolicy(policy(""));
    Caller c = user("c@x", List.of(), grant("{\"backends\":[\"github\"]}"));
    assertThat(p.allows(c, "github", Primitive.RESOURCE, "gh://repo")).isTrue();
    assertThat(p.allows(c, "jira", Primitive.TOOL, "jira__search")).isFalse();
  }

  @Test
  void otherCapabilityNamesAreReadOnlyWhenConfigured() {
    Map<String, List<Object>> caps = Map.of("jaxxstorm.com/cap/mcp", List.of(new JsonObject().put("tools",
        new JsonArray().add("*"))));
    assertThat(new GrantPolicy(policy("")).allows(user("a@x", List.of(), caps), "b", Primitive.TOOL, "b__t")).isFalse();
    assertThat(new GrantPolicy(policy("policy: {capabilities: [jaxxstorm.com/cap/mcp]}"))
        .allows(user("a@x", List.of(), caps), "b", Primitive.TOOL, "b__t")).isTrue();
  }

  @Test
  void malformedGrantValuesGrantNothing() {
    Caller c = user("a@x", List.of(), Map.of(CAP, List.of("tools: *", new JsonObject().put("tools", "*"))));
    assertThat(new GrantPolicy(policy("")).allows(c, "b", Primitive.TOOL, "b__t")).isFalse();
  }

  @Test
  void localRulesMatchUsersGroupsAndTagsAndDenyWins() {
    GrantPolicy p = new GrantPolicy(policy("""
        policy:
          groups: {sre: [carol@x]}
          rules:
            - {users: ['*@x'], allow: {tools: ['demo__*']}}
            - {groups: [sre], allow: {tools: ['*']}, deny: {tools: ['*__drop_*']}}
            - {groups: ['group:eng'], allow: {prompts: ['*']}}
            - {tags: ['tag:ci'], allow: {tools: ['github__list_*']}}
        """));
    assertThat(p.allows(user("dave@x", List.of(), Map.of()), "demo", Primitive.TOOL, "demo__echo")).isTrue();
    assertThat(p.allows(user("dave@x", List.of(), Map.of()), "db", Primitive.TOOL, "db__query")).isFalse();
    assertThat(p.allows(user("carol@x", List.of(), Map.of()), "db", Primitive.TOOL, "db__query")).isTrue();
    assertThat(p.allows(user("carol@x", List.of(), Map.of()), "db", Primitive.TOOL, "db__drop_table")).isFalse();
    assertThat(p.allows(user("erin@y", List.of("group:eng"), Map.of()), "a", Primitive.PROMPT, "a__p")).isTrue();
    Caller ci = WhoIs.toCaller(FakeTailscaled.example("whois-tagged", new JsonObject()), "127.0.0.4:1");
    assertThat(p.allows(ci, "github", Primitive.TOOL, "github__list_repos")).isTrue();
    assertThat(p.allows(ci, "demo", Primitive.TOOL, "demo__echo")).as("user rules never match tagged nodes").isFalse();
  }

  @Test
  void aDenyRuleOverridesATailnetGrant() {
    GrantPolicy p = new GrantPolicy(policy("policy: {rules: [{users: ['*'], deny: {tools: ['github__delete_*']}}]}"));
    Caller c = user("a@x", List.of(), grant("{\"tools\":[\"github__*\"]}"));
    assertThat(p.allows(c, "github", Primitive.TOOL, "github__search")).isTrue();
    assertThat(p.allows(c, "github", Primitive.TOOL, "github__delete_repo")).isFalse();
  }

  @Test
  void apertureStyleEntriesAreUnderstood() {
    Caller c = user("a@x", List.of(), grant("{\"mcp_tools\":[\"x__*\"],\"mcp_resources\":[\"r://*\"]}"));
    GrantPolicy p = new GrantPolicy(policy(""));
    assertThat(p.allows(c, "x", Primitive.TOOL, "x__y")).isTrue();
    assertThat(p.allows(c, "r", Primitive.RESOURCE, "r://a")).isTrue();
  }

  @Test
  void globsAreLiteralExceptForStars() {
    Patterns p = Patterns.of(List.of("a.b*", "exact"));
    assertThat(p.matches("a.bcd")).isTrue();
    assertThat(p.matches("axbcd")).isFalse();
    assertThat(p.matches("exact")).isTrue();
    assertThat(p.matches("exactly")).isFalse();
  }
}
