package dev.switchboard.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * OpenTelemetry tracing, off unless {@code enabled} (or the environment names an OTLP endpoint or a traces
 * exporter, as the OpenTelemetry SDK's own variables do). Spans go over OTLP/HTTP to {@code endpoint}
 * ({@code OTEL_EXPORTER_OTLP_ENDPOINT} and the other {@code OTEL_*} variables win over it); {@code sampleRatio}
 * of the traces are kept, clients' included (a client's sampled flag does not decide); {@code captureContent}
 * puts tool arguments and results into spans, which is off by default because they may hold secrets.
 */
public record TracingConfig(
    @JsonProperty("enabled") Boolean enabled,
    @JsonProperty("endpoint") String endpoint,
    @JsonProperty("sampleRatio") Double sampleRatio,
    @JsonProperty("captureContent") Boolean captureContent) {

  public TracingConfig {
    enabled = enabled != null && enabled;
    sampleRatio = sampleRatio != null ? sampleRatio : 1.0;
    captureContent = captureContent != null && captureContent;
  }

  static TracingConfig defaults() {
    return new TracingConfig(null, null, null, null);
  }
}
