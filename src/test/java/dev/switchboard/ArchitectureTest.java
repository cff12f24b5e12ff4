package dev.switchboard;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The package list is the architecture (ARCHITECTURE.md draws it): protocol and config at the bottom;
 * identity and the backend adapters on them; pipeline owns the exchange, the stage shape and the ports; the
 * stages (session, routing, policy, rate limits) each use the pipeline and what is below it, never one
 * another; routing dispatches through bridging (era bridging between a client and a backend of different
 * eras, used by nothing else); the observers (audit, metrics, tracing) likewise; transport feeds the pipeline; hub wires; the command
 * line and the local bridge stand on top. Dependencies point down only, and no two packages depend on each
 * other in a circle.
 */
@AnalyzeClasses(packages = "dev.switchboard", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  @ArchTest
  static final ArchRule noPackageCycles = slices().matching("dev.switchboard.(*)..").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule dependenciesPointDown = layeredArchitecture().consideringOnlyDependenciesInLayers()
      .layer("Entry").definedBy("dev.switchboard.cli..", "dev.switchboard.bridge..")
      .layer("Hub").definedBy("dev.switchboard.hub..")
      .layer("Transport").definedBy("dev.switchboard.transport..")
      .layer("Audit").definedBy("dev.switchboard.audit..")
      .layer("Metrics").definedBy("dev.switchboard.metrics..")
      .layer("Tracing").definedBy("dev.switchboard.tracing..")
      .layer("Session").definedBy("dev.switchboard.session..")
      .layer("Routing").definedBy("dev.switchboard.routing..")
      .layer("Policy").definedBy("dev.switchboard.policy..")
      .layer("RateLimit").definedBy("dev.switchboard.ratelimit..")
      .layer("Bridging").definedBy("dev.switchboard.bridging..")
      .layer("Pipeline").definedBy("dev.switchboard.pipeline..")
      .layer("Backend").definedBy("dev.switchboard.backend..")
      .layer("Identity").definedBy("dev.switchboard.identity..")
      .layer("Foundation").definedBy("dev.switchboard.protocol..", "dev.switchboard.config..")
      .whereLayer("Entry").mayNotBeAccessedByAnyLayer()
      .whereLayer("Hub").mayOnlyBeAccessedByLayers("Entry")
      .whereLayer("Transport").mayOnlyBeAccessedByLayers("Hub", "Entry")
      .whereLayer("Audit").mayOnlyBeAccessedByLayers("Hub", "Entry")
      .whereLayer("Metrics").mayOnlyBeAccessedByLayers("Hub", "Entry")
      .whereLayer("Tracing").mayOnlyBeAccessedByLayers("Hub", "Entry")
      .whereLayer("Session").mayOnlyBeAccessedByLayers("Transport", "Hub", "Entry")
      .whereLayer("Routing").mayOnlyBeAccessedByLayers("Transport", "Hub", "Entry")
      .whereLayer("Policy").mayOnlyBeAccessedByLayers("Transport", "Hub", "Entry")
      .whereLayer("RateLimit").mayOnlyBeAccessedByLayers("Transport", "Hub", "Entry")
      .whereLayer("Bridging").mayOnlyBeAccessedByLayers("Routing", "Hub", "Entry")
      .whereLayer("Pipeline").mayOnlyBeAccessedByLayers("Session", "Routing", "Policy", "RateLimit", "Bridging",
          "Audit", "Metrics", "Tracing", "Transport", "Hub", "Entry")
      .whereLayer("Backend").mayOnlyBeAccessedByLayers("Routing", "Bridging", "Hub", "Entry")
      .whereLayer("Identity").mayOnlyBeAccessedByLayers("Backend", "Pipeline", "Session", "Routing", "Policy",
          "RateLimit", "Bridging", "Audit", "Metrics", "Tracing", "Transport", "Hub", "Entry");
}
