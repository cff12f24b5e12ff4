package dev.switchboard.tracing;

import dev.switchboard.config.TracingConfig;
import dev.switchboard.pipeline.TraceSink;
import dev.switchboard.protocol.HubIdentity;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The OpenTelemetry SDK as the hub runs it: built with the SDK's autoconfiguration, so every standard
 * {@code OTEL_*} variable works (and wins over the config file); traces only, exported over OTLP/HTTP by a
 * batch processor on its own thread, never on an event loop.
 */
public final class Tracing implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Tracing.class.getName());
  private final OpenTelemetrySdk sdk;
  private final TraceSink sink;

  private Tracing(OpenTelemetrySdk sdk, TraceSink sink) {
    this.sdk = sdk;
    this.sink = sink;
  }

  /** Tracing as configured, or none: on when the config enables it or the environment names an exporter. */
  public static Tracing start(TracingConfig config, Map<String, String> env) {
    if (!enabled(config, env)) {
      return new Tracing(null, TraceSink.NONE);
    }
    OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
        .addPropertiesSupplier(() -> defaults(config))
        .addResourceCustomizer((resource, properties) -> resource.merge(Resource.create(Attributes.of(
            AttributeKey.stringKey("service.version"), HubIdentity.VERSION))))
        .disableShutdownHook() // the hub ends the SDK itself, after its last exchange
        .build().getOpenTelemetrySdk();
    LOG.log(System.Logger.Level.INFO, "Tracing on: spans go over OTLP to {0}, {1} of new traces sampled",
        env.getOrDefault("OTEL_EXPORTER_OTLP_ENDPOINT", config.endpoint() != null ? config.endpoint()
            : "http://localhost:4318"), config.sampleRatio());
    return new Tracing(sdk, new McpTraces(sdk.getTracer("dev.switchboard", HubIdentity.VERSION),
        config.captureContent()));
  }

  private static boolean enabled(TracingConfig config, Map<String, String> env) {
    if ("true".equalsIgnoreCase(env.get("OTEL_SDK_DISABLED"))) {
      return false;
    }
    String exporter = env.get("OTEL_TRACES_EXPORTER");
    return config.enabled() || env.containsKey("OTEL_EXPORTER_OTLP_ENDPOINT")
        || env.containsKey("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") || exporter != null && !exporter.equals("none");
  }

  /** What the hub asks of the SDK unless an {@code OTEL_*} variable says otherwise. */
  private static Map<String, String> defaults(TracingConfig config) {
    Map<String, String> p = new HashMap<>();
    p.put("otel.service.name", "switchboard");
    p.put("otel.traces.exporter", "otlp");
    p.put("otel.metrics.exporter", "none"); // the hub's metrics are Prometheus'
    p.put("otel.logs.exporter", "none");
    p.put("otel.exporter.otlp.protocol", "http/protobuf");
    // The ratio decides for every trace, a client's too: a client's sampled flag would let one client have every
    // call of its traced (and fill the export queue); OTEL_TRACES_SAMPLER=parentbased_traceidratio follows it.
    p.put("otel.traces.sampler", "traceidratio");
    p.put("otel.traces.sampler.arg", String.valueOf(config.sampleRatio()));
    if (config.endpoint() != null) {
      p.put("otel.exporter.otlp.endpoint", config.endpoint());
    }
    return p;
  }

  public TraceSink sink() {
    return sink;
  }

  /** Exports what is left and stops; blocks up to 5 s, so it runs off the event loop. */
  @Override
  public void close() {
    if (sdk != null) {
      sdk.shutdown().join(5, TimeUnit.SECONDS);
    }
  }
}
