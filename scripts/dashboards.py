#!/usr/bin/env python3
"""Generates grafana/dashboards/*.json (dashboards as code). Run after editing; commit the output.

Conventions the tests rely on (ObservabilityIT runs every expression against a real Prometheus):
- every query uses the ${datasource} variable; template variables are $instance (every dashboard: several hubs
  behind one Prometheus), $backend, $tool, $user; every switchboard_* selector is limited to $instance;
- "error" means one thing everywhere: ERROR_OUTCOMES, the outcomes conf/alerts.yml's error ratio counts too
  (refusals by policy or limits, and tools that report isError, are not errors of the hub);
- a panel whose query has no data until a specific event happens says "Zero until" in its description.
"""
import json
import pathlib
import re

RATE = "$__rate_interval"
ERROR_OUTCOMES = "error|timeout|backend_error"
SELECTOR = re.compile(r'\b(switchboard_[a-z0-9_]+)(\{([^}]*)\})?')


def on_instance(expr):
    """Every switchboard_* series in the expression limited to the hubs chosen in $instance."""
    def add(m):
        inner = m.group(3)
        return m.group(1) + '{instance=~"$instance"' + (", " + inner if inner else "") + "}"
    return SELECTOR.sub(add, expr)
OUT = pathlib.Path(__file__).resolve().parent.parent / "grafana" / "dashboards"
DS = {"type": "prometheus", "uid": "${datasource}"}


def panel(title, exprs, unit="short", kind="timeseries", description="", width=12, legend=None):
    targets = []
    for i, e in enumerate(exprs):
        expr, fmt = e if isinstance(e, tuple) else (e, legend or "")
        targets.append({"datasource": DS, "expr": on_instance(expr), "legendFormat": fmt, "refId": chr(65 + i)})
    return {"type": kind, "title": title, "description": description, "datasource": DS, "targets": targets,
            "fieldConfig": {"defaults": {"unit": unit}, "overrides": []}, "options": {}, "width": width}


def var(name, metric, label):
    return {"name": name, "label": name, "type": "query", "datasource": DS,
            "query": {"query": f"label_values({metric}, {label})", "refId": name},
            "definition": f"label_values({metric}, {label})", "includeAll": True, "multi": True,
            "allValue": ".*", "current": {"selected": True, "text": "All", "value": "$__all"}, "refresh": 2}


def dashboard(uid, title, panels, variables=()):
    x = y = 0
    laid = []
    for i, p in enumerate(panels):
        w = p.pop("width")
        if x + w > 24:
            x, y = 0, y + 8
        laid.append({**p, "id": i + 1, "gridPos": {"h": 8, "w": w, "x": x, "y": y}})
        x += w
    templating = [{"name": "datasource", "label": "Prometheus", "type": "datasource", "query": "prometheus",
                   "current": {}, "hide": 0}, var("instance", "switchboard_build_info", "instance")] + list(variables)
    return {"uid": uid, "title": title, "tags": ["switchboard", "mcp"], "timezone": "utc", "schemaVersion": 39,
            "version": 1, "editable": True, "refresh": "30s", "time": {"from": "now-1h", "to": "now"},
            "templating": {"list": templating}, "panels": laid,
            "links": [{"title": "Switchboard", "type": "dashboards", "tags": ["switchboard"], "asDropdown": True}]}


def quantiles(metric, by="", selector=""):
    group = f"le{', ' + by if by else ''}"
    return [(f'histogram_quantile({q}, sum by ({group}) (rate({metric}_bucket{{{selector}}}[{RATE}])))',
             f"p{int(q * 100)}" + (" {{" + by + "}}" if by else "")) for q in (0.5, 0.95, 0.99)]


overview = dashboard("switchboard-overview", "Switchboard / Overview", [
    panel("Requests per second by outcome",
          [f"sum by (outcome) (rate(switchboard_requests_total[{RATE}]))"], "reqps", legend="{{outcome}}"),
    panel("Error ratio (errors, timeouts, backend errors: what the alert counts)",
          [f'sum(rate(switchboard_requests_total{{outcome=~"{ERROR_OUTCOMES}"}}[{RATE}])) / clamp_min(sum(rate(switchboard_requests_total[{RATE}])), 1e-9)'],
          "percentunit", legend="errors",
          description="Zero until a request fails with an error, a timeout or a backend error (refusals are not errors)."),
    panel("Latency p50 / p95 / p99 (all requests)", quantiles("switchboard_request_duration_seconds"), "s"),
    panel("Requests per second by era and method",
          [f"sum by (era, method) (rate(switchboard_requests_total[{RATE}]))"], "reqps", legend="{{era}} {{method}}"),
    panel("Sessions, listen streams, requests in flight",
          [("switchboard_sessions_active", "legacy sessions"), ("switchboard_listen_streams", "listen streams"),
           ("switchboard_requests_in_flight", "in flight")], width=8),
    panel("Backends up", [("switchboard_backends_up", "up"), ("switchboard_backends_configured", "configured")],
          kind="stat", width=8),
    panel("Refused: denials, rate limits, identity failures",
          [(f"sum(rate(switchboard_authorization_denials_total[{RATE}]))", "denied"),
           (f"sum(rate(switchboard_rate_limited_total[{RATE}]))", "rate limited"),
           (f"sum(rate(switchboard_identity_failures_total[{RATE}]))", "identity failures")], "reqps", width=8,
          description="Zero until a call is refused: the series appear with the first refusal."),
    panel("Top tools by calls per second",
          [f"topk(10, sum by (tool, backend) (rate(switchboard_tool_calls_total[{RATE}])))"], "reqps",
          legend="{{backend}}/{{tool}}"),
    panel("Client connections", [("sum(switchboard_client_connections)", "connections")],
          width=12),
    panel("Config reloads by result", [f"sum by (result) (increase(switchboard_config_reloads_total[1h]))"],
          legend="{{result}}", description="Zero until the config file is edited or the hub gets SIGHUP."),
    panel("Process CPU and JVM heap",
          [("process_cpu_usage", "cpu"), ('sum(jvm_memory_used_bytes{area="heap"}) / sum(jvm_memory_max_bytes{area="heap"})', "heap used")],
          "percentunit"),
])

backends = dashboard("switchboard-backends", "Switchboard / Backends", [
    panel("Backend up (1) or down (0)", ['switchboard_backend_up{backend=~"$backend"}'], kind="stat", width=24,
          legend="{{backend}}"),
    panel("Requests per second by backend and outcome",
          [f'sum by (backend, outcome) (rate(switchboard_requests_total{{backend=~"$backend"}}[{RATE}]))'], "reqps",
          legend="{{backend}} {{outcome}}"),
    panel("Errors per second by backend (timeouts, backend errors)",
          [f'sum by (backend, outcome) (rate(switchboard_requests_total{{backend=~"$backend", outcome=~"{ERROR_OUTCOMES}"}}[{RATE}]))'],
          "reqps", legend="{{backend}} {{outcome}}",
          description="Zero until a backend fails or times out."),
    panel("Latency by backend", quantiles("switchboard_request_duration_seconds", "backend", 'backend=~"$backend"'), "s",
          width=24),
    panel("Failed health probes in a row (degraded above 0; the circuit opens at routing.unhealthyAfter)",
          ['switchboard_backend_health_failures{backend=~"$backend"}'], legend="{{backend}}", width=8),
    panel("Open stdio processes / event streams", ['switchboard_backend_processes{backend=~"$backend"}'],
          legend="{{backend}}", width=8),
    panel("Calls routed to backends per second",
          [f'sum by (backend) (rate(switchboard_requests_total{{backend=~"$backend", backend!="hub"}}[{RATE}]))'],
          "reqps", width=8, legend="{{backend}}",
          description="Client requests the hub routed to each backend (the hub's own list refreshes and probes not included)."),
], [var("backend", "switchboard_requests_total", "backend")])

tools = dashboard("switchboard-tools", "Switchboard / Tools", [
    panel("Tool calls per second by outcome",
          [f'sum by (tool, outcome) (rate(switchboard_tool_calls_total{{tool=~"$tool"}}[{RATE}]))'], "reqps",
          legend="{{tool}} {{outcome}}"),
    panel("Tool calls that did not succeed (errors, tool errors, refusals)",
          [f'sum by (tool) (rate(switchboard_tool_calls_total{{tool=~"$tool", outcome!="ok"}}[{RATE}]))'], "reqps",
          legend="{{tool}}", description="Zero until a tool call fails."),
    panel("Tool latency p50 / p95 / p99", quantiles("switchboard_tool_call_duration_seconds", "tool", 'tool=~"$tool"'),
          "s", width=24),
], [var("tool", "switchboard_tool_calls_total", "tool")])

users = dashboard("switchboard-users", "Switchboard / Users", [
    panel("Calls per second by user",
          [f'sum by (user) (rate(switchboard_user_calls_total{{user=~"$user"}}[{RATE}]))'], "reqps", legend="{{user}}",
          description="The first admin.userLabels users by name; everyone after them is 'other'."),
    panel("Calls per user that did not succeed (errors, tool errors, refusals)",
          [f'sum by (user) (rate(switchboard_user_calls_total{{user=~"$user", outcome!="ok"}}[{RATE}]))'], "reqps",
          legend="{{user}}", description="Zero until one of the user's calls fails."),
    panel("Rate-limited calls per second by user",
          [f'sum by (user) (rate(switchboard_user_rate_limited_total{{user=~"$user"}}[{RATE}]))'], "reqps",
          legend="{{user}}", description="Zero until a user hits a limit.", width=24),
], [var("user", "switchboard_user_calls_total", "user")])

security = dashboard("switchboard-security", "Switchboard / Security", [
    panel("Authorization denials per second by kind",
          [f"sum by (kind) (rate(switchboard_authorization_denials_total[{RATE}]))"], "reqps", legend="{{kind}}",
          description="Zero until policy refuses a call."),
    panel("Rate-limit rejections per second by limit",
          [f"sum by (limit_kind) (rate(switchboard_rate_limited_total[{RATE}]))"], "reqps", legend="{{limit_kind}}",
          description="Zero until a limit is hit."),
    panel("Identity failures per second by reason",
          [f"sum by (reason) (rate(switchboard_identity_failures_total[{RATE}]))"], "reqps", legend="{{reason}}",
          description="Zero until a request comes without a trustworthy tailnet identity."),
    panel("Audit trail writable", [("switchboard_audit_writable", "writable")], kind="stat", width=6,
          description="Present only when the audit trail is enabled."),
    panel("Audit queue depth", [("switchboard_audit_queue_depth", "queued")], width=6),
    panel("Audit records per second and write failures",
          [(f"rate(switchboard_audit_records_total[{RATE}])", "records"),
           (f"rate(switchboard_audit_write_failures_total[{RATE}])", "write failures")], "ops"),
    panel("Audit fsync latency", quantiles("switchboard_audit_fsync_duration_seconds"), "s"),
    panel("Audit records per group commit",
          [(f"rate(switchboard_audit_batch_size_records_sum[{RATE}]) / clamp_min(rate(switchboard_audit_batch_size_records_count[{RATE}]), 1e-9)",
            "records per batch")]),
])

for name, d in [("overview", overview), ("backends", backends), ("tools", tools), ("users", users), ("security", security)]:
    (OUT / f"switchboard-{name}.json").write_text(json.dumps(d, indent=2) + "\n")
print("wrote", ", ".join(sorted(p.name for p in OUT.glob("*.json"))))
