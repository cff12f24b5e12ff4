package dev.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.backend.BackendInfo;
import dev.switchboard.protocol.Era;
import dev.switchboard.protocol.McpError;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogTest {
  private static BackendCatalog part(String name, List<String> tools, List<String> uris, List<String> templates) {
    BackendInfo info = new BackendInfo(Era.LEGACY, "2025-11-25", new JsonObject(), new JsonObject(), null);
    return new BackendCatalog(name, name, info,
        tools.stream().map(t -> new JsonObject().put("name", t).put("inputSchema", new JsonObject())).toList(),
        List.of(),
        uris.stream().map(u -> new JsonObject().put("uri", u).put("name", u)).toList(),
        templates.stream().map(t -> new JsonObject().put("uriTemplate", t).put("name", t)).toList());
  }

  @Test
  void prefixedToolsRouteToTheirBackendWithTheOriginalName() {
    Catalog c = Catalog.build(List.of(part("a", List.of("search"), List.of(), List.of()),
        part("b", List.of("search"), List.of(), List.of())), new NameMapper(true, "__", 64), 1);
    assertThat(c.tool("a__search").orElseThrow().target().backend()).isEqualTo("a");
    assertThat(c.tool("b__search").orElseThrow().target().originalName()).isEqualTo("search");
    assertThat(c.tool("b__search").orElseThrow().definition().getString("name")).isEqualTo("b__search");
    assertThat(c.clashes()).isEmpty();
  }

  @Test
  void itemsWithoutAStringNameOrUriAreLeftOut() {
    BackendInfo info = new BackendInfo(Era.LEGACY, "2025-11-25", new JsonObject(), new JsonObject(), null);
    BackendCatalog odd = new BackendCatalog("a", "a", info, List.of(new JsonObject().put("name", 5),
        new JsonObject().put("name", ""), new JsonObject().put("title", "no name"), new JsonObject().put("name", "ok")),
        List.of(), List.of(new JsonObject().put("uri", 5), new JsonObject().put("uri", "demo://ok")),
        List.of(new JsonObject().put("uriTemplate", List.of()), new JsonObject().put("uriTemplate", "demo://{x}")));
    Catalog c = Catalog.build(List.of(odd), new NameMapper(true, "__", 64), 1);
    assertThat(c.entries("tools")).extracting(e -> e.definition().getString("name")).containsExactly("a__ok");
    assertThat(c.resources()).extracting(e -> e.target().originalName()).containsExactly("demo://ok");
    assertThat(c.templates()).extracting(e -> e.target().originalName()).containsExactly("demo://{x}");
  }

  @Test
  void unprefixedClashesAreReportedAndTheFirstBackendKept() {
    Catalog c = Catalog.build(List.of(part("a", List.of("search"), List.of(), List.of()),
        part("b", List.of("search"), List.of(), List.of())), new NameMapper(false, "__", 64), 1);
    assertThat(c.tool("search").orElseThrow().target().backend()).isEqualTo("a");
    assertThat(c.clashes()).singleElement().asString().contains("'search'", "'a'", "'b'");
  }

  @Test
  void resourcesRouteByExactUriThenByTemplate() {
    Catalog c = Catalog.build(List.of(part("docs", List.of(), List.of("docs://readme"), List.of("docs://page/{id}")),
        part("files", List.of(), List.of(), List.of("file:///{+path}"))), new NameMapper(true, "__", 64), 1);
    assertThat(c.resource("docs://readme").orElseThrow().backend()).isEqualTo("docs");
    assertThat(c.resource("docs://page/42").orElseThrow().backend()).isEqualTo("docs");
    assertThat(c.resource("file:///etc/hosts").orElseThrow().backend()).isEqualTo("files");
    assertThat(c.resource("other://x")).isEmpty();
  }

  @Test
  void cursorsAreBoundToTheCatalogVersion() {
    String cursor = Lists.encodeCursor(3, 100);
    assertThat(Lists.decodeCursor(cursor, 3)).isEqualTo(100);
    assertThatThrownBy(() -> Lists.decodeCursor(cursor, 4)).isInstanceOf(McpError.class).hasMessageContaining("cursor");
    assertThatThrownBy(() -> Lists.decodeCursor("%%%", 3)).isInstanceOf(McpError.class);
    assertThatThrownBy(() -> Lists.decodeCursor(12, 3)).isInstanceOf(McpError.class);
  }

  @Test
  void changedKindsAreDetected() {
    NameMapper m = new NameMapper(true, "__", 64);
    Catalog before = Catalog.build(List.of(part("a", List.of("x"), List.of("r://1"), List.of())), m, 1);
    Catalog toolsChanged = Catalog.build(List.of(part("a", List.of("x", "y"), List.of("r://1"), List.of())), m, 2);
    assertThat(CatalogService.changedKinds(before, toolsChanged)).containsExactly("tools");
    assertThat(CatalogService.changedKinds(before, before)).isEmpty();
  }
}
