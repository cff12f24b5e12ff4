package dev.switchboard.pipeline;

import dev.switchboard.pipeline.Exchange;

/** Observes every finished exchange; must be cheap and never fail. */
public interface MetricsSink {
  void observe(Exchange exchange);

  MetricsSink NONE = exchange -> {};
}
