#!/usr/bin/env python3
"""Deterministic generator of a realistic Kubernetes (and Dockerfile) corpus for benchmarks.

    python3 bench/gen_k8s.py --out /tmp/corpus --files 1000 [--dockerfiles 50] [--seed 42]

Writes ``--files`` manifest files under ``OUT/team-XX/app-YY/`` (plus ``--dockerfiles``
Dockerfiles in the same app directories). The same seed and arguments always give byte-identical
output. Standard library only: YAML is written as text by a small emitter below.

The corpus mixes Deployments, StatefulSets, DaemonSets, CronJobs, Jobs, Pods, Services
(ClusterIP, headless, NodePort, LoadBalancer), Ingresses, ConfigMaps, ServiceAccounts,
Roles/ClusterRoles and their bindings, HorizontalPodAutoscalers, PodDisruptionBudgets and
NetworkPolicies; about a quarter of the files hold 2-4 objects (``---`` separated), a few are
JSON. Workloads carry labels, annotations, sidecars, init containers, env vars, probes,
resources and volumes (a Deployment is 60-150 lines), and each object draws a seeded mix of good
and bad security settings (privileged, added capabilities, missing limits, latest/untagged
images, hostPath and runtime-socket mounts, host namespaces, missing runAsNonRoot, literal
secrets in env, wildcard RBAC, cluster-admin bindings, open LoadBalancers, ...).

YAML style varies per file the way real repositories do: indented or kubectl-style
("compact") sequences, quoted or plain strings, flow sequences for commands, block scalars
for embedded config, comments, helm-style ``# Source:`` headers, a leading ``---``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import sys

# --------------------------------------------------------------------------- YAML emitter


class Comment:
    """A mapping key that emits a ``# text`` line instead of a pair."""

    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text

    def __hash__(self):
        return id(self)


class Flow(list):
    """A list of scalars emitted in flow style: ``[a, "b c"]``."""


PLAIN_UNSAFE_START = set("-?:,[]{}#&*!|>'\"%@`")
RESERVED = re.compile(
    r"^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|y|Y|n|N)$"
)
NUMBERISH = re.compile(r"^[-+]?(?:\.?[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|0x[0-9a-fA-F_]+|0o?[0-7_]+|\.inf|\.nan|\.Inf|\.NaN)$")
TIMEISH = re.compile(r"^[0-9]+:[0-9]+(?::[0-9]+)*$")


class Style:
    def __init__(self, rng: random.Random):
        self.compact_seq = rng.random() < 0.45  # kubectl style: "- " at the key's indentation
        self.quote_all = rng.random() < 0.15  # helm-ish: quote every string
        self.single_quotes = rng.random() < 0.3
        self.flow_lists = rng.random() < 0.5  # command: ["sh", "-c"] vs block lists


def needs_quotes(s: str) -> bool:
    if s == "" or s != s.strip():
        return True
    if s[0] in PLAIN_UNSAFE_START:
        # "-x" may start a plain scalar anywhere, "?x" and ":x" only outside flow collections;
        # stay conservative for the latter two.
        if not (s[0] == "-" and len(s) > 1 and s[1] != " "):
            return True
    if RESERVED.match(s) or NUMBERISH.match(s) or TIMEISH.match(s):
        return True
    if ": " in s or " #" in s or s.endswith(":") or "\t" in s:
        return True
    if any(ord(ch) < 32 for ch in s):
        return True
    return False


def quote(s: str, style: Style) -> str:
    if style.single_quotes and "\\" not in s and "\n" not in s:
        return "'" + s.replace("'", "''") + "'"
    return json.dumps(s, ensure_ascii=False)


def scalar(v, style: Style, in_flow: bool = False) -> str:
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, (int, float)):
        return str(v)
    s = str(v)
    if needs_quotes(s) or style.quote_all or (in_flow and any(c in s for c in ",[]{}")):
        return quote(s, style)
    return s


def is_scalar(v) -> bool:
    return not isinstance(v, (dict, list))


def block_scalar(key_prefix: str, s: str, pad: int) -> list[str]:
    indicator = "|" if s.endswith("\n") else "|-"
    body = s[:-1] if s.endswith("\n") else s
    out = [f"{key_prefix} {indicator}"]
    for line in body.split("\n"):
        out.append((" " * (pad + 2) + line) if line else "")
    return out


def emit_value(prefix: str, v, pad: int, style: Style) -> list[str]:
    """Lines for ``prefix`` (``key:`` or ``-``) followed by value ``v`` at indentation ``pad``."""
    head = " " * pad + prefix
    if isinstance(v, str) and "\n" in v:
        return block_scalar(head, v, pad)
    if isinstance(v, list) and not isinstance(v, Flow) and style.flow_lists and v and all(isinstance(x, str) for x in v) \
            and sum(len(x) + 2 for x in v) < 60:
        v = Flow(v)
    if isinstance(v, Flow):
        return [head + " [" + ", ".join(scalar(x, style, True) for x in v) + "]"]
    if isinstance(v, dict):
        if not v:
            return [head + " {}"]
        return [head] + emit_map(v, pad + 2, style)
    if isinstance(v, list):
        if not v:
            return [head + " []"]
        child = pad if (style.compact_seq and prefix != "-") else pad + 2
        return [head] + emit_seq(v, child, style)
    return [head + " " + scalar(v, style)]


def emit_map(m: dict, pad: int, style: Style) -> list[str]:
    out: list[str] = []
    for k, v in m.items():
        if isinstance(k, Comment):
            out.append(" " * pad + "# " + k.text)
            continue
        key = k if not needs_quotes(k) else json.dumps(k)
        out.extend(emit_value(key + ":", v, pad, style))
    return out


def emit_seq(items: list, pad: int, style: Style) -> list[str]:
    out: list[str] = []
    for item in items:
        if isinstance(item, dict) and item:
            lines = emit_map(item, pad + 2, style)
            # Comments may lead the mapping: keep them above the dash.
            i = 0
            while lines[i].lstrip().startswith("#"):
                out.append(lines[i])
                i += 1
            out.append(" " * pad + "- " + lines[i][pad + 2 :])
            out.extend(lines[i + 1 :])
        elif isinstance(item, list) and item and not isinstance(item, Flow):
            raise ValueError("nested block sequences are not generated")
        else:
            out.extend(emit_value("-", item, pad, style))
    return out


def to_yaml(obj: dict, style: Style) -> str:
    return "\n".join(emit_map(obj, 0, style)) + "\n"


def strip_comments(v):
    if isinstance(v, dict):
        return {k: strip_comments(x) for k, x in v.items() if not isinstance(k, Comment)}
    if isinstance(v, list):
        return [strip_comments(x) for x in v]
    return v


# --------------------------------------------------------------------------- vocabulary

WORDS = (
    "billing checkout payments ledger invoice catalog search inventory orders cart shipping "
    "notifications mailer auth identity sessions profile accounts gateway edge router metrics "
    "reporting analytics ingest pipeline scheduler worker crawler indexer recommender pricing "
    "fraud risk audit storage media thumbnails uploads webhooks events stream feed chat presence"
).split()
TEAMS = (
    "platform core growth data ml infra sre security commerce mobile web identity finance "
    "logistics marketplace search ads support"
).split()
COMPONENTS = ["api", "web", "worker", "consumer", "cron", "frontend", "backend", "grpc", "admin"]
REGISTRIES = [
    "",
    "docker.io/",
    "gcr.io/acme-prod/",
    "ghcr.io/acme/",
    "123456789012.dkr.ecr.eu-west-1.amazonaws.com/",
    "registry.internal.acme.io:5000/",
    "quay.io/acme/",
]
BASE_APPS = {
    "go": ("golang", ["1.22", "1.23-alpine", "1.22.5-bookworm"]),
    "node": ("node", ["20-alpine", "22-bookworm-slim", "18.20.4"]),
    "python": ("python", ["3.12-slim", "3.11-slim-bookworm", "3.12.4"]),
    "java": ("eclipse-temurin", ["21-jre", "17-jre-jammy", "21.0.4_7-jdk"]),
}
SIDECARS = [
    ("envoy", "envoyproxy/envoy", ["v1.30.4", "v1.31.0", "distroless-v1.29.7"]),
    ("fluent-bit", "fluent/fluent-bit", ["3.0.7", "2.2.3", "latest"]),
    ("oauth2-proxy", "quay.io/oauth2-proxy/oauth2-proxy", ["v7.6.0", "v7.5.1"]),
    ("cloudsql-proxy", "gcr.io/cloud-sql-connectors/cloud-sql-proxy", ["2.11.4", "2.13.0"]),
    ("statsd-exporter", "prom/statsd-exporter", ["v0.26.1", "v0.27.1"]),
    ("vault-agent", "hashicorp/vault", ["1.17.2", "1.16.3"]),
]
INIT_IMAGES = [
    ("wait-for-db", "busybox", ["1.36", "1.36.1", "latest", None]),
    ("migrate", None, None),  # the app image, running migrations
    ("fix-permissions", "alpine", ["3.20", "3.19.1", None]),
    ("fetch-config", "curlimages/curl", ["8.8.0", "8.9.1"]),
]
STATEFUL = [
    ("postgres", "postgres", ["16.3", "15-alpine", "latest"], 5432, "/var/lib/postgresql/data"),
    ("redis", "redis", ["7.2.5", "7-alpine", None], 6379, "/data"),
    ("kafka", "bitnami/kafka", ["3.7.1", "3.6"], 9092, "/bitnami/kafka"),
    ("elasticsearch", "docker.elastic.co/elasticsearch/elasticsearch", ["8.14.3"], 9200, "/usr/share/elasticsearch/data"),
    ("rabbitmq", "rabbitmq", ["3.13-management", "3.12.14"], 5672, "/var/lib/rabbitmq"),
    ("zookeeper", "zookeeper", ["3.9.2", "latest"], 2181, "/data"),
]
DAEMONS = [
    ("node-exporter", "quay.io/prometheus/node-exporter", ["v1.8.2", "v1.7.0"], 9100),
    ("fluentd", "fluent/fluentd-kubernetes-daemonset", ["v1.17-debian-elasticsearch8-1", "v1-debian-forward"], 24231),
    ("falco", "falcosecurity/falco-no-driver", ["0.38.1"], 8765),
    ("cilium-agent", "quay.io/cilium/cilium", ["v1.15.7"], 9962),
    ("datadog-agent", "gcr.io/datadoghq/agent", ["7.55.2", "7"], 8125),
]
JOBS = [
    ("db-backup", "Back up the primary database to object storage"),
    ("report-nightly", "Nightly revenue report"),
    ("cleanup-sessions", "Delete expired sessions"),
    ("reindex", "Rebuild the search index"),
    ("sync-catalog", "Pull the catalog from the upstream feed"),
    ("rotate-keys", "Rotate signing keys"),
]
CAP_BAD = ["SYS_ADMIN", "NET_ADMIN", "SYS_PTRACE", "NET_RAW", "SYS_MODULE", "ALL"]
CAP_OK = ["NET_BIND_SERVICE", "CHOWN"]


def hexdigest(*parts) -> str:
    return hashlib.sha256("/".join(map(str, parts)).encode()).hexdigest()


# --------------------------------------------------------------------------- generator


class Gen:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.counter = 0

    # helpers -----------------------------------------------------------------
    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def pick(self, seq):
        return self.rng.choice(seq)

    def image(self, repo: str, tags, *, bad: bool, allow_digest=True) -> str:
        r = self.rng
        if bad and self.chance(0.5):
            return repo + self.pick([":latest", ""])
        tag = self.pick(tags) if tags else None
        if tag is None:
            return repo
        ref = f"{repo}:{tag}"
        if allow_digest and not bad and self.chance(0.35):
            ref += "@sha256:" + hexdigest(repo, tag, r.random())
        return ref

    def app_image(self, app: dict, bad: bool) -> str:
        repo = app["registry"] + app["team"] + "/" + app["name"]
        tags = [app["version"], "v" + app["version"], app["version"] + "-" + hexdigest(app["name"])[:7]]
        return self.image(repo, tags, bad=bad)

    def labels(self, app: dict, component: str | None = None, extra=True) -> dict:
        l = {
            "app.kubernetes.io/name": app["name"],
            "app.kubernetes.io/instance": app["name"] + "-" + app["env"],
        }
        if component:
            l["app.kubernetes.io/component"] = component
        if extra:
            if self.chance(0.6):
                l["app.kubernetes.io/part-of"] = app["system"]
            if self.chance(0.6):
                l["app.kubernetes.io/version"] = app["version"]
            if self.chance(0.6):
                l["app.kubernetes.io/managed-by"] = self.pick(["Helm", "kustomize", "argocd"])
            if self.chance(0.6):
                l["team"] = app["team"]
            if self.chance(0.3):
                l["env"] = app["env"]
        return l

    def metadata(self, app: dict, name: str, component=None, *, annotations=None, namespaced=True) -> dict:
        md: dict = {"name": name}
        if namespaced:
            ns_roll = self.rng.random()
            if ns_roll < 0.07:
                pass  # no namespace: lands in "default"
            elif ns_roll < 0.10:
                md["namespace"] = "default"
            else:
                md["namespace"] = app["namespace"]
        md["labels"] = self.labels(app, component)
        if annotations:
            md["annotations"] = annotations
        return md

    # containers --------------------------------------------------------------
    def env(self, app: dict, n: int, bad: bool) -> list:
        pool = [
            {"name": "LOG_LEVEL", "value": self.pick(["info", "debug", "warn"])},
            {"name": "PORT", "value": str(app["port"])},
            {"name": "ENVIRONMENT", "value": app["env"]},
            {"name": "OTEL_EXPORTER_OTLP_ENDPOINT", "value": "http://otel-collector.observability:4317"},
            {"name": "OTEL_SERVICE_NAME", "value": app["name"]},
            {"name": "GOMAXPROCS", "valueFrom": {"resourceFieldRef": {"resource": "limits.cpu", "divisor": "1"}}},
            {"name": "POD_NAME", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}},
            {"name": "POD_IP", "valueFrom": {"fieldRef": {"fieldPath": "status.podIP"}}},
            {"name": "NODE_NAME", "valueFrom": {"fieldRef": {"fieldPath": "spec.nodeName"}}},
            {"name": "DATABASE_HOST", "value": f"{app['name']}-db.{app['namespace']}.svc.cluster.local"},
            {"name": "DATABASE_PORT", "value": "5432"},
            {"name": "DATABASE_USER", "valueFrom": {"secretKeyRef": {"name": app["name"] + "-db", "key": "username"}}},
            {"name": "DATABASE_PASSWORD", "valueFrom": {"secretKeyRef": {"name": app["name"] + "-db", "key": "password"}}},
            {"name": "REDIS_URL", "value": "redis://redis-master.cache:6379/0"},
            {"name": "FEATURE_FLAGS", "valueFrom": {"configMapKeyRef": {"name": app["name"] + "-config", "key": "flags", "optional": True}}},
            {"name": "HTTP_TIMEOUT", "value": self.pick(["30s", "5s", "1m"])},
            {"name": "ENABLE_PROFILING", "value": self.pick(["true", "false"])},
            {"name": "MAX_CONNECTIONS", "value": str(self.pick([16, 64, 128, 512]))},
            {"name": "JAVA_TOOL_OPTIONS", "value": "-XX:MaxRAMPercentage=75.0 -XX:+UseG1GC"},
            {"name": "TZ", "value": "UTC"},
        ]
        self.rng.shuffle(pool)
        env = pool[:n]
        if bad and self.chance(0.35):
            secret_name = self.pick(["API_KEY", "DB_PASSWORD", "AWS_SECRET_ACCESS_KEY", "STRIPE_SECRET", "JWT_SECRET"])
            env.insert(self.rng.randrange(len(env) + 1), {"name": secret_name, "value": hexdigest(app["name"], secret_name)[:32]})
        return env

    def resources(self, bad: bool) -> dict | None:
        cpus = ["50m", "100m", "250m", "500m", "1", 2]
        mems = ["64Mi", "128Mi", "256Mi", "512Mi", "1Gi", "2Gi"]
        ci, mi = self.rng.randrange(5), self.rng.randrange(5)
        res: dict = {"requests": {"cpu": cpus[ci], "memory": mems[mi]}}
        # limits at or above the requests, as the API server demands
        res["limits"] = {"cpu": cpus[self.rng.randint(ci, 5)], "memory": mems[self.rng.randint(mi, 5)]}
        if bad:
            roll = self.rng.random()
            if roll < 0.3:
                return None
            if roll < 0.6:
                del res["limits"]
            elif roll < 0.8:
                del res["limits"]["cpu"]
            else:
                del res["requests"]["memory"]
        return res

    def probe(self, port, kind=None) -> dict:
        kind = kind or self.pick(["http", "http", "tcp", "exec", "grpc"])
        if kind == "http":
            p: dict = {"httpGet": {"path": self.pick(["/healthz", "/readyz", "/health", "/actuator/health", "/livez"]), "port": port}}
            if self.chance(0.3):
                p["httpGet"]["scheme"] = "HTTP"
        elif kind == "tcp":
            p = {"tcpSocket": {"port": port}}
        elif kind == "grpc":
            p = {"grpc": {"port": port if isinstance(port, int) else 9090}}
        else:
            p = {"exec": {"command": ["/bin/sh", "-c", "test -f /tmp/healthy"]}}
        p["initialDelaySeconds"] = self.pick([0, 5, 10, 15, 30])
        p["periodSeconds"] = self.pick([5, 10, 20])
        if self.chance(0.3):
            p["timeoutSeconds"] = self.pick([1, 2, 5])
            p["failureThreshold"] = self.pick([3, 5, 6])
        return p

    def container_security(self, bad: bool, pod_nonroot: bool) -> dict | None:
        if not bad:
            sc: dict = {
                "allowPrivilegeEscalation": False,
                "readOnlyRootFilesystem": True,
                "capabilities": {"drop": ["ALL"]},
            }
            if not pod_nonroot or self.chance(0.2):
                sc["runAsNonRoot"] = True
                sc["runAsUser"] = self.pick([1000, 10001, 65532])
            if self.chance(0.3):
                sc["capabilities"]["add"] = [self.pick(CAP_OK)]
            if not pod_nonroot and self.chance(0.4):
                sc["seccompProfile"] = {"type": "RuntimeDefault"}
            return sc
        roll = self.rng.random()
        if roll < 0.25:
            return None  # nothing set at all
        sc = {}
        if self.chance(0.25):
            sc["privileged"] = True
        if self.chance(0.4):
            sc["allowPrivilegeEscalation"] = True
        if self.chance(0.3):
            sc["runAsUser"] = 0
        if self.chance(0.3):
            sc["capabilities"] = {"add": self.rng.sample(CAP_BAD, self.rng.randint(1, 2))}
        elif self.chance(0.4):
            sc["capabilities"] = {"drop": ["NET_RAW"]}
        if self.chance(0.3):
            sc["readOnlyRootFilesystem"] = False
        if self.chance(0.1):
            sc["seccompProfile"] = {"type": "Unconfined"}
        if self.chance(0.05):
            sc["procMount"] = "Unmasked"
        return sc or {"runAsNonRoot": False}

    def main_container(self, app: dict, bad: bool, pod_nonroot: bool, mounts: list, simple=False) -> dict:
        c: dict = {"name": app["name"], "image": self.app_image(app, bad)}
        c["imagePullPolicy"] = self.pick(["IfNotPresent", "Always", "IfNotPresent"])
        lang = app["lang"]
        if lang == "java":
            c["args"] = ["-jar", "/app/app.jar", "--spring.profiles.active=" + app["env"]]
        elif self.chance(0.6):
            c["command"] = ["/app/" + app["name"]]
            c["args"] = ["serve", f"--port={app['port']}", "--config=/etc/" + app["name"] + "/config.yaml"]
            if self.chance(0.3):
                c["args"].append("--metrics-addr=:9090")
        ports = [{"name": "http", "containerPort": app["port"], "protocol": "TCP"}]
        if self.chance(0.3):
            ports.append({"name": "metrics", "containerPort": 9090, "protocol": "TCP"})
        if bad and self.chance(0.12):
            ports[0]["hostPort"] = app["port"]
        c["ports"] = ports
        c["env"] = self.env(app, self.rng.randint(1, 2) if simple else self.rng.randint(1, 5), bad)
        if not simple and self.chance(0.4):
            c["envFrom"] = [{"configMapRef": {"name": app["name"] + "-env"}}]
            if self.chance(0.5):
                c["envFrom"].append({"secretRef": {"name": app["name"] + "-secrets"}})
        res = self.resources(bad)
        if res:
            c["resources"] = res
        if not (bad and self.chance(0.3)):
            c["livenessProbe"] = self.probe("http")
        if not (bad and self.chance(0.3)):
            c["readinessProbe"] = self.probe("http")
        if self.chance(0.15):
            c["startupProbe"] = self.probe("http", "http")
        if self.chance(0.35):
            c["lifecycle"] = {"preStop": {"exec": {"command": Flow(["sleep", "15"]) if self.chance(0.5) else ["/bin/sh", "-c", "sleep 15"]}}}
        sc = self.container_security(bad, pod_nonroot)
        if sc is not None:
            c["securityContext"] = sc
        if mounts:
            c["volumeMounts"] = mounts
        return c

    def sidecar(self, app: dict, bad: bool, pod_nonroot: bool) -> dict:
        name, repo, tags = self.pick(SIDECARS)
        c: dict = {"name": name, "image": self.image(repo, tags, bad=bad and self.chance(0.5))}
        if name == "envoy":
            c["args"] = ["-c", "/etc/envoy/envoy.yaml", "--log-level", "warn"]
            c["ports"] = [{"name": "http-envoy", "containerPort": 15001}, {"name": "admin", "containerPort": 15000}]
        elif name == "cloudsql-proxy":
            c["args"] = ["--structured-logs", "--port=5432", f"acme-prod:europe-west1:{app['name']}-db"]
        elif name == "oauth2-proxy":
            c["args"] = ["--upstream=http://127.0.0.1:%d" % app["port"], "--http-address=0.0.0.0:4180", "--provider=oidc"]
            c["ports"] = [{"name": "oauth", "containerPort": 4180}]
        else:
            c["args"] = Flow(["--config", f"/etc/{name}/config"])
        res = self.resources(bad and self.chance(0.5))
        if res:
            c["resources"] = res
        sc = self.container_security(bad and self.chance(0.5), pod_nonroot)
        if sc is not None:
            c["securityContext"] = sc
        if self.chance(0.5):
            c["volumeMounts"] = [{"name": "config", "mountPath": f"/etc/{name}", "readOnly": True}]
        return c

    def init_container(self, app: dict, bad: bool, pod_nonroot: bool) -> dict:
        name, repo, tags = self.pick(INIT_IMAGES)
        if repo is None:
            c: dict = {"name": name, "image": self.app_image(app, bad), "args": ["migrate", "up"]}
        else:
            c = {"name": name, "image": self.image(repo, tags, bad=bad)}
            if name == "wait-for-db":
                c["command"] = Flow(["sh", "-c", f"until nc -z {app['name']}-db 5432; do echo waiting; sleep 2; done"])
            elif name == "fix-permissions":
                c["command"] = ["sh", "-c", "chown -R 1000:1000 /data"]
                c["volumeMounts"] = [{"name": "data", "mountPath": "/data"}]
                if bad or self.chance(0.5):
                    c["securityContext"] = {"runAsUser": 0, "runAsNonRoot": False}
                return c
            else:
                c["command"] = ["curl", "-fsSL", "-o", "/config/app.yaml", "http://config-server/" + app["name"]]
        if self.chance(0.6):
            c["resources"] = {"requests": {"cpu": "10m", "memory": "16Mi"}, "limits": {"cpu": "100m", "memory": "64Mi"}}
        sc = self.container_security(bad and self.chance(0.5), pod_nonroot)
        if sc is not None:
            c["securityContext"] = sc
        return c

    def pod_spec(self, app: dict, bad: bool, *, kind: str, volumes_extra=None) -> tuple[dict, dict]:
        """Returns (pod template metadata, pod spec)."""
        r = self.rng
        # About one workload in five is a small, plain one: one container, few extras.
        simple = self.chance(0.2)
        spec: dict = {}
        tmeta: dict = {"labels": self.labels(app, app["component"], extra=False)}
        ann = {}
        if self.chance(0.6):
            ann["checksum/config"] = hexdigest(app["name"], "config", r.random())
        if self.chance(0.5):
            ann["prometheus.io/scrape"] = "true"
            ann["prometheus.io/port"] = "9090"
            ann["prometheus.io/path"] = "/metrics"
        if bad and self.chance(0.1):
            ann["container.apparmor.security.beta.kubernetes.io/" + app["name"]] = "unconfined"
        elif self.chance(0.2):
            ann["container.apparmor.security.beta.kubernetes.io/" + app["name"]] = "runtime/default"
        if self.chance(0.2):
            ann["kubectl.kubernetes.io/default-container"] = app["name"]
        if ann:
            tmeta["annotations"] = ann
        if self.chance(0.8):
            spec["serviceAccountName"] = app["name"]
        if not bad and self.chance(0.6):
            spec["automountServiceAccountToken"] = False
        elif bad and self.chance(0.2):
            spec["automountServiceAccountToken"] = True
        pod_nonroot = False
        if not bad or self.chance(0.3):
            psc: dict = {"runAsNonRoot": True, "runAsUser": self.pick([1000, 10001, 65532]), "runAsGroup": self.pick([1000, 3000]), "fsGroup": 2000}
            if self.chance(0.7):
                psc["seccompProfile"] = {"type": "RuntimeDefault"}
            spec["securityContext"] = psc
            pod_nonroot = True
        elif self.chance(0.3):
            spec["securityContext"] = {"fsGroup": 0, "runAsGroup": 0} if self.chance(0.4) else {}
        if bad:
            if self.chance(0.08):
                spec["hostNetwork"] = True
                spec["dnsPolicy"] = "ClusterFirstWithHostNet"
            if self.chance(0.05):
                spec["hostPID"] = True
            if self.chance(0.04):
                spec["hostIPC"] = True
            if self.chance(0.03):
                spec["securityContext"] = dict(spec.get("securityContext", {}))
                spec["securityContext"]["sysctls"] = [{"name": "kernel.msgmax", "value": "65536"}]
        if self.chance(0.4):
            spec["priorityClassName"] = self.pick(["high-priority", "default-priority", "batch-low"])
        spec["terminationGracePeriodSeconds"] = self.pick([30, 60, 10])
        if self.chance(0.4):
            spec["imagePullSecrets"] = [{"name": "regcred"}]

        # volumes
        volumes: list = [{"name": "config", "configMap": {"name": app["name"] + "-config", "defaultMode": 420}}]
        mounts: list = [{"name": "config", "mountPath": f"/etc/{app['name']}", "readOnly": True}]
        if not simple and self.chance(0.6):
            volumes.append({"name": "tmp", "emptyDir": {"medium": "Memory", "sizeLimit": "64Mi"} if self.chance(0.4) else {}})
            mounts.append({"name": "tmp", "mountPath": "/tmp"})
        if not simple and self.chance(0.3):
            volumes.append({"name": "tls", "secret": {"secretName": app["name"] + "-tls", "items": [{"key": "tls.crt", "path": "tls.crt"}, {"key": "tls.key", "path": "tls.key"}]}})
            mounts.append({"name": "tls", "mountPath": "/etc/tls", "readOnly": True})
        if self.chance(0.1):
            volumes.append({"name": "token", "projected": {"sources": [{"serviceAccountToken": {"path": "token", "audience": "vault", "expirationSeconds": 3600}}]}})
            mounts.append({"name": "token", "mountPath": "/var/run/secrets/tokens"})
        if bad and self.chance(0.15):
            volumes.append({"name": "host-logs", "hostPath": {"path": "/var/log", "type": "Directory"}})
            mounts.append({"name": "host-logs", "mountPath": "/host/var/log", "readOnly": True})
        if bad and self.chance(0.06):
            sock = self.pick(["/var/run/docker.sock", "/run/containerd/containerd.sock"])
            volumes.append({"name": "runtime-sock", "hostPath": {"path": sock, "type": "Socket"}})
            mounts.append({"name": "runtime-sock", "mountPath": sock})
        if volumes_extra:
            volumes.extend(volumes_extra)
        need_data = False

        init = []
        if not simple and self.chance(0.3):
            for _ in range(2 if self.chance(0.2) else 1):
                ic = self.init_container(app, bad, pod_nonroot)
                if ic["name"] in {x["name"] for x in init}:
                    continue
                need_data |= ic["name"] == "fix-permissions"
                init.append(ic)
        if need_data and not any(v["name"] == "data" for v in volumes):
            volumes.append({"name": "data", "emptyDir": {}})
        containers = [self.main_container(app, bad, pod_nonroot, mounts, simple)]
        if not simple and kind in ("Deployment", "StatefulSet", "Pod") and self.chance(0.33):
            names = {app["name"]}
            for _ in range(2 if self.chance(0.25) else 1):
                sc = self.sidecar(app, bad, pod_nonroot)
                if sc["name"] not in names:
                    names.add(sc["name"])
                    containers.append(sc)
        if init:
            spec["initContainers"] = init
        spec["containers"] = containers
        spec["volumes"] = volumes
        if not simple and self.chance(0.25):
            spec["nodeSelector"] = {"kubernetes.io/os": "linux", "node.kubernetes.io/pool": self.pick(["general", "compute", "memory"])}
        if self.chance(0.2):
            spec["tolerations"] = [{"key": "dedicated", "operator": "Equal", "value": app["team"], "effect": "NoSchedule"}]
        if not simple and kind == "Deployment" and self.chance(0.3):
            spec["affinity"] = {
                "podAntiAffinity": {
                    "preferredDuringSchedulingIgnoredDuringExecution": [
                        {
                            "weight": 100,
                            "podAffinityTerm": {
                                "labelSelector": {"matchLabels": {"app.kubernetes.io/name": app["name"]}},
                                "topologyKey": "kubernetes.io/hostname",
                            },
                        }
                    ]
                }
            }
        if kind == "Deployment" and self.chance(0.15):
            spec["topologySpreadConstraints"] = [
                {"maxSkew": 1, "topologyKey": "topology.kubernetes.io/zone", "whenUnsatisfiable": "ScheduleAnyway",
                 "labelSelector": {"matchLabels": {"app.kubernetes.io/name": app["name"]}}}
            ]
        return tmeta, spec

    # objects -----------------------------------------------------------------
    def top_annotations(self, app: dict) -> dict | None:
        if not self.chance(0.6):
            return None
        a = {}
        if self.chance(0.5):
            a["deployment.kubernetes.io/revision"] = str(self.rng.randint(1, 40))
        if self.chance(0.5):
            a["meta.helm.sh/release-name"] = app["name"]
            a["meta.helm.sh/release-namespace"] = app["namespace"]
        if self.chance(0.4):
            a["acme.io/owner"] = f"{app['team']}@acme.io"
            a["acme.io/runbook"] = f"https://runbooks.acme.io/{app['team']}/{app['name']}"
        if self.chance(0.2):
            a["description"] = f"{app['name'].capitalize()} service: handles {self.pick(WORDS)} requests for the {app['system']} system."
        return a or None

    def deployment(self, app: dict, bad: bool) -> dict:
        tmeta, spec = self.pod_spec(app, bad, kind="Deployment")
        d: dict = {"apiVersion": "apps/v1", "kind": "Deployment"}
        d["metadata"] = self.metadata(app, app["name"], app["component"], annotations=self.top_annotations(app))
        s: dict = {"replicas": self.pick([1, 2, 3, 3, 5, 10])}
        if self.chance(0.5):
            s["revisionHistoryLimit"] = self.pick([3, 5, 10])
        s["selector"] = {"matchLabels": {"app.kubernetes.io/name": app["name"], "app.kubernetes.io/instance": app["name"] + "-" + app["env"]}}
        if self.chance(0.6):
            s["strategy"] = {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": self.pick(["25%", 1]), "maxUnavailable": self.pick([0, "25%"])}}
        s["template"] = {"metadata": tmeta, "spec": spec}
        d["spec"] = s
        return d

    def statefulset(self, app: dict, bad: bool) -> dict:
        name, repo, tags, port, path = self.pick(STATEFUL)
        sapp = dict(app, name=f"{app['name']}-{name}", port=port, component="database", lang="go")
        tmeta, spec = self.pod_spec(sapp, bad, kind="StatefulSet")
        main = spec["containers"][0]
        main["name"] = name
        main["image"] = self.image(repo, tags, bad=bad)
        main.pop("command", None)
        main.pop("args", None)
        main["ports"] = [{"name": name, "containerPort": port}]
        main.setdefault("volumeMounts", []).append({"name": "data", "mountPath": path})
        d = {"apiVersion": "apps/v1", "kind": "StatefulSet",
             "metadata": self.metadata(sapp, sapp["name"], "database", annotations=self.top_annotations(app))}
        d["spec"] = {
            "serviceName": sapp["name"] + "-headless",
            "replicas": self.pick([1, 3]),
            "podManagementPolicy": self.pick(["OrderedReady", "Parallel"]),
            "selector": {"matchLabels": {"app.kubernetes.io/name": sapp["name"]}},
            "template": {"metadata": tmeta, "spec": spec},
            "volumeClaimTemplates": [
                {"metadata": {"name": "data"},
                 "spec": {"accessModes": ["ReadWriteOnce"], "storageClassName": self.pick(["gp3", "standard-rwo", "premium-rwo"]),
                          "resources": {"requests": {"storage": self.pick(["10Gi", "50Gi", "200Gi"])}}}}
            ],
        }
        return d

    def daemonset(self, app: dict, bad: bool) -> dict:
        name, repo, tags, port = self.pick(DAEMONS)
        dapp = dict(app, name=name, port=port, component="agent", namespace=self.pick(["kube-system", "monitoring", "logging", app["namespace"]]))
        extra = []
        if self.chance(0.7):  # node agents legitimately mount host paths: a realistic source of findings
            extra.append({"name": "proc", "hostPath": {"path": "/proc"}})
            extra.append({"name": "sys", "hostPath": {"path": "/sys"}})
        tmeta, spec = self.pod_spec(dapp, bad, kind="DaemonSet", volumes_extra=extra)
        main = spec["containers"][0]
        main["image"] = self.image(repo, tags, bad=bad)
        main.pop("command", None)
        main["args"] = [f"--web.listen-address=:{port}", "--path.procfs=/host/proc", "--path.sysfs=/host/sys"]
        if extra:
            main.setdefault("volumeMounts", []).extend(
                [{"name": "proc", "mountPath": "/host/proc", "readOnly": True}, {"name": "sys", "mountPath": "/host/sys", "readOnly": True}]
            )
        if self.chance(0.5):
            spec["tolerations"] = [{"operator": "Exists"}]
        d = {"apiVersion": "apps/v1", "kind": "DaemonSet",
             "metadata": self.metadata(dapp, name, "agent", annotations=self.top_annotations(dapp))}
        d["spec"] = {
            "selector": {"matchLabels": {"app.kubernetes.io/name": name}},
            "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": self.pick([1, "10%"])}},
            "template": {"metadata": tmeta, "spec": spec},
        }
        return d

    def job_spec(self, app: dict, bad: bool, job: str) -> tuple[dict, dict]:
        japp = dict(app, component="batch")
        tmeta, spec = self.pod_spec(japp, bad, kind="Job")
        spec["restartPolicy"] = self.pick(["OnFailure", "Never"])
        main = spec["containers"][0]
        main["name"] = job
        main.pop("livenessProbe", None)
        main.pop("readinessProbe", None)
        main.pop("startupProbe", None)
        main.pop("ports", None)
        main["command"] = ["/app/" + app["name"]]
        main["args"] = [job, "--dry-run=false"]
        js = {"backoffLimit": self.pick([0, 3, 6]), "activeDeadlineSeconds": self.pick([600, 3600]),
              "ttlSecondsAfterFinished": 86400, "template": {"metadata": tmeta, "spec": spec}}
        return js, tmeta

    def cronjob(self, app: dict, bad: bool) -> dict:
        job, desc = self.pick(JOBS)
        js, _ = self.job_spec(app, bad, job)
        md = self.metadata(app, f"{app['name']}-{job}", "batch", annotations={"description": desc})
        return {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": md, "spec": {
            Comment("minute hour day-of-month month day-of-week"): None,
            "schedule": self.pick(["0 3 * * *", "*/15 * * * *", "30 1 * * 0", "@hourly"]),
            "timeZone": "Etc/UTC",
            "concurrencyPolicy": self.pick(["Forbid", "Replace", "Allow"]),
            "successfulJobsHistoryLimit": 3, "failedJobsHistoryLimit": 1,
            "jobTemplate": {"spec": js}}}

    def job(self, app: dict, bad: bool) -> dict:
        job, desc = self.pick(JOBS)
        js, _ = self.job_spec(app, bad, job)
        md = self.metadata(app, f"{app['name']}-{job}-{self.rng.randint(1000, 9999)}", "batch",
                           annotations={"description": desc, "helm.sh/hook": "pre-upgrade", "helm.sh/hook-weight": "-5"} if self.chance(0.5) else None)
        return {"apiVersion": "batch/v1", "kind": "Job", "metadata": md, "spec": js}

    def pod(self, app: dict, bad: bool) -> dict:
        papp = dict(app, component="debug")
        tmeta, spec = self.pod_spec(papp, bad, kind="Pod")
        md = self.metadata(papp, f"{app['name']}-debug", "debug")
        md["labels"].update(tmeta["labels"])
        if "annotations" in tmeta:
            md["annotations"] = tmeta["annotations"]
        spec["restartPolicy"] = "Never"
        return {"apiVersion": "v1", "kind": "Pod", "metadata": md, "spec": spec}

    def service(self, app: dict, bad: bool, stype=None) -> dict:
        roll = self.rng.random()
        stype = stype or ("ClusterIP" if roll < 0.7 else "NodePort" if roll < 0.82 else "LoadBalancer")
        ann = {}
        spec: dict = {"type": stype}
        if stype == "LoadBalancer":
            ann["service.beta.kubernetes.io/aws-load-balancer-type"] = "nlb"
            if self.chance(0.5):
                ann["service.beta.kubernetes.io/aws-load-balancer-internal"] = "true"
            if not bad or self.chance(0.3):
                spec["loadBalancerSourceRanges"] = ["10.0.0.0/8", "192.168.0.0/16"]
            spec["externalTrafficPolicy"] = "Local"
        spec["selector"] = {"app.kubernetes.io/name": app["name"], "app.kubernetes.io/instance": app["name"] + "-" + app["env"]}
        port = {"name": "http", "port": 80, "targetPort": "http", "protocol": "TCP"}
        if stype == "NodePort":
            port["nodePort"] = self.rng.randint(30000, 32767)
        spec["ports"] = [port]
        if self.chance(0.4):
            spec["ports"].append({"name": "metrics", "port": 9090, "targetPort": 9090})
        if self.chance(0.2) and stype == "ClusterIP":
            spec["sessionAffinity"] = "ClientIP"
        return {"apiVersion": "v1", "kind": "Service", "metadata": self.metadata(app, app["name"], app["component"], annotations=ann or None), "spec": spec}

    def headless_service(self, app: dict) -> dict:
        return {"apiVersion": "v1", "kind": "Service", "metadata": self.metadata(app, app["name"] + "-headless"),
                "spec": {"clusterIP": "None", "publishNotReadyAddresses": True,
                         "selector": {"app.kubernetes.io/name": app["name"]},
                         "ports": [{"name": "tcp", "port": app["port"], "targetPort": app["port"]}]}}

    def ingress(self, app: dict, bad: bool) -> dict:
        host = f"{app['name']}.{app['env']}.acme.io"
        ann = {
            "kubernetes.io/ingress.class": "nginx",
            "nginx.ingress.kubernetes.io/proxy-body-size": "8m",
            "nginx.ingress.kubernetes.io/ssl-redirect": "true" if not bad else "false",
        }
        if self.chance(0.5):
            ann["cert-manager.io/cluster-issuer"] = "letsencrypt-prod"
        if self.chance(0.3):
            ann["nginx.ingress.kubernetes.io/configuration-snippet"] = "more_set_headers \"X-Frame-Options: DENY\";\nmore_set_headers \"X-Content-Type-Options: nosniff\";\n"
        spec: dict = {"ingressClassName": "nginx"}
        if not bad or self.chance(0.5):
            spec["tls"] = [{"hosts": [host], "secretName": app["name"] + "-tls"}]
        paths = [{"path": "/", "pathType": "Prefix", "backend": {"service": {"name": app["name"], "port": {"name": "http"}}}}]
        if self.chance(0.4):
            paths.insert(0, {"path": "/api", "pathType": "Prefix", "backend": {"service": {"name": app["name"], "port": {"number": 80}}}})
        spec["rules"] = [{"host": host, "http": {"paths": paths}}]
        return {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": self.metadata(app, app["name"], annotations=ann), "spec": spec}

    def configmap(self, app: dict, bad: bool) -> dict:
        data: dict = {
            "LOG_FORMAT": "json",
            "LISTEN_ADDR": f":{app['port']}",
            "CACHE_TTL": self.pick(["300", "60", "3600"]),
            "ENABLE_TRACING": self.pick(["true", "false"]),
        }
        if self.chance(0.6):
            data["config.yaml"] = (
                "server:\n"
                f"  port: {app['port']}\n"
                "  shutdownTimeout: 15s\n"
                "database:\n"
                f"  host: {app['name']}-db\n"
                "  pool:\n"
                "    max: 20\n"
                "    idle: 5\n"
                "features:\n"
                "  - name: new-checkout\n"
                "    enabled: true\n"
                "  - name: dark-mode\n"
                "    enabled: false\n"
                "# comments inside embedded config are data, not YAML comments\n"
            )
        if self.chance(0.3):
            data["nginx.conf"] = (
                "worker_processes auto;\n"
                "events { worker_connections 1024; }\n"
                "http {\n"
                "  server {\n"
                "    listen 8080;\n"
                f"    location / {{ proxy_pass http://127.0.0.1:{app['port']}; }}\n"
                "    location /healthz { return 200 'ok'; }\n"
                "  }\n"
                "}"
            )
        if self.chance(0.2):
            data["flags"] = json.dumps({"checkout_v2": True, "rollout": 25})
        return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": self.metadata(app, app["name"] + "-config"), "data": data}

    def service_account(self, app: dict, bad: bool) -> dict:
        sa: dict = {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": self.metadata(app, app["name"])}
        if self.chance(0.3):
            sa["metadata"]["annotations"] = {"eks.amazonaws.com/role-arn": f"arn:aws:iam::123456789012:role/{app['team']}-{app['name']}"}
        if not bad and self.chance(0.6):
            sa["automountServiceAccountToken"] = False
        return sa

    def role(self, app: dict, bad: bool, cluster=False) -> dict:
        rules = [
            {"apiGroups": [""], "resources": ["configmaps"], "verbs": ["get", "list", "watch"]},
            {"apiGroups": [""], "resources": ["pods", "endpoints"], "verbs": ["get", "list"]},
        ]
        if self.chance(0.4):
            rules.append({"apiGroups": ["coordination.k8s.io"], "resources": ["leases"], "verbs": ["get", "create", "update"]})
        if bad:
            roll = self.rng.random()
            if roll < 0.25:
                rules.append({"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]})
            elif roll < 0.5:
                rules.append({"apiGroups": [""], "resources": ["secrets"], "verbs": ["get", "list", "watch"]})
            elif roll < 0.7:
                rules.append({"apiGroups": [""], "resources": ["pods/exec", "pods/attach"], "verbs": ["create", "get"]})
            elif roll < 0.85:
                rules.append({"apiGroups": ["rbac.authorization.k8s.io"], "resources": ["clusterroles", "rolebindings"], "verbs": ["bind", "escalate"]})
            else:
                rules.append({"apiGroups": [""], "resources": ["serviceaccounts"], "verbs": ["impersonate"]})
        kind = "ClusterRole" if cluster else "Role"
        return {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": kind,
                "metadata": self.metadata(app, app["name"] + ("-reader" if not cluster else "-cluster"), namespaced=not cluster), "rules": rules}

    def binding(self, app: dict, bad: bool, cluster=False) -> dict:
        kind = "ClusterRoleBinding" if cluster else "RoleBinding"
        role_kind = "ClusterRole" if cluster or self.chance(0.2) else "Role"
        role_name = app["name"] + ("-cluster" if cluster else "-reader")
        subjects = [{"kind": "ServiceAccount", "name": app["name"], "namespace": app["namespace"]}]
        if bad:
            roll = self.rng.random()
            if roll < 0.3:
                role_kind, role_name = "ClusterRole", "cluster-admin"
            elif roll < 0.45:
                subjects.append({"kind": "Group", "apiGroup": "rbac.authorization.k8s.io", "name": self.pick(["system:anonymous", "system:authenticated", "system:unauthenticated"])})
        return {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": kind,
                "metadata": self.metadata(app, role_name + "-binding" if role_name != "cluster-admin" else app["name"] + "-admin", namespaced=not cluster),
                "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": role_kind, "name": role_name},
                "subjects": subjects}

    def hpa(self, app: dict, bad: bool) -> dict:
        return {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": self.metadata(app, app["name"]),
                "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": app["name"]},
                         "minReplicas": 2, "maxReplicas": self.pick([5, 10, 20]),
                         "metrics": [{"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 70}}}]}}

    def pdb(self, app: dict, bad: bool) -> dict:
        return {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": self.metadata(app, app["name"]),
                "spec": {"minAvailable": self.pick([1, "50%"]), "selector": {"matchLabels": {"app.kubernetes.io/name": app["name"]}}}}

    def netpol(self, app: dict, bad: bool) -> dict:
        return {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": self.metadata(app, app["name"] + "-allow-ingress"),
                "spec": {"podSelector": {"matchLabels": {"app.kubernetes.io/name": app["name"]}}, "policyTypes": ["Ingress"],
                         "ingress": [{"from": [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "ingress-nginx"}}}],
                                      "ports": [{"protocol": "TCP", "port": app["port"]}]}]}}

    # files -------------------------------------------------------------------
    SINGLE = [  # (weight, file stem, builder)
        (22, "deployment", "deployment"),
        (6, "statefulset", "statefulset"),
        (4, "daemonset", "daemonset"),
        (6, "cronjob", "cronjob"),
        (3, "job", "job"),
        (3, "pod", "pod"),
        (12, "service", "service"),
        (6, "ingress", "ingress"),
        (8, "configmap", "configmap"),
        (5, "serviceaccount", "service_account"),
        (4, "role", "role"),
        (2, "clusterrole", "clusterrole"),
        (4, "rolebinding", "binding"),
        (2, "clusterrolebinding", "clusterbinding"),
        (3, "hpa", "hpa"),
        (2, "pdb", "pdb"),
        (2, "networkpolicy", "netpol"),
    ]
    MULTI = [  # (weight, file stem, builders)
        (10, "app", ["deployment", "service", "configmap"]),
        (4, "app", ["deployment", "service"]),
        (4, "web", ["deployment", "service", "ingress", "hpa"]),
        (5, "rbac", ["service_account", "role", "binding"]),
        (2, "cluster-rbac", ["clusterrole", "clusterbinding"]),
        (3, "database", ["headless_service", "statefulset", "pdb"]),
        (3, "batch", ["configmap", "cronjob"]),
        (2, "agent", ["service_account", "daemonset"]),
    ]

    def build(self, which: str, app: dict, bad: bool) -> dict:
        if which == "clusterrole":
            return self.role(app, bad, cluster=True)
        if which == "clusterbinding":
            return self.binding(app, bad, cluster=True)
        if which == "headless_service":
            return self.headless_service(app)
        return getattr(self, which)(app, bad)

    def weighted(self, table):
        total = sum(w for w, *_ in table)
        x = self.rng.uniform(0, total)
        for row in table:
            x -= row[0]
            if x <= 0:
                return row
        return table[-1]

    def manifest_file(self, app: dict, used: set, first=False) -> tuple[str, str]:
        """Returns (file name, text) for one manifest file of ``app``.

        The corpus's first file is always an ``app.yaml`` with a Deployment, its Service and
        its ConfigMap, so that a 1-file corpus is a typical pre-commit scan."""
        style = Style(self.rng)
        bad = self.rng.random() < app["risk"]
        multi = first or self.chance(0.27)
        if first:
            stem, builders = "app", ["deployment", "service", "configmap"]
        elif multi:
            _, stem, builders = self.weighted(self.MULTI)
        else:
            _, stem, b = self.weighted(self.SINGLE)
            builders = [b]
        objs = []
        for b in builders:
            # each object of a file draws its own risk, around the file's
            objs.append(self.build(b, app, bad if self.chance(0.7) else not bad))
        as_json = not multi and self.chance(0.03)
        ext = ".json" if as_json else self.pick([".yaml"] * 4 + [".yml"])
        name = stem + ext
        n = 2
        while name in used:
            name = f"{stem}-{n}{ext}"
            n += 1
        used.add(name)
        if as_json:
            return name, json.dumps(strip_comments(objs[0]), indent=2) + "\n"
        helm = self.chance(0.2)
        parts = []
        if self.chance(0.3):
            parts.append(f"# {app['name']} ({app['team']}): managed by {app['system']} CI, do not edit by hand\n")
        for i, o in enumerate(objs):
            doc = ""
            if helm:
                doc += f"# Source: {app['name']}/templates/{o['kind'].lower()}.yaml\n"
            doc += to_yaml(o, style)
            parts.append(doc)
        header = parts.pop(0) if len(parts) > len(objs) else ""
        lead = "---\n" if (helm or self.chance(0.25)) else ""
        text = header + lead + "---\n".join(parts)
        if self.chance(0.05):
            text += "---\n"  # trailing separator, as some tools write
        return name, text

    # Dockerfiles -------------------------------------------------------------
    def dockerfile(self, app: dict) -> str:
        r = self.rng
        bad = r.random() < app["risk"]
        lang = app["lang"]
        base, tags = BASE_APPS[lang]
        lines: list[str] = []
        if self.chance(0.6):
            lines.append("# syntax=docker/dockerfile:1.7")
        lines.append(f"# {app['name']}: built by CI, see docs/build.md")
        use_arg = self.chance(0.4)
        tag = self.pick(tags)
        if use_arg:
            lines.append(f"ARG {lang.upper()}_VERSION={tag}")
            from_img = f"{base}:${{{lang.upper()}_VERSION}}"
        else:
            from_img = f"{base}:{tag}" if not (bad and self.chance(0.3)) else base
        lines.append("")
        lines.append(f"FROM {from_img} AS build")
        lines.append("WORKDIR /src")
        if lang == "go":
            lines += [
                "COPY go.mod go.sum ./",
                "RUN --mount=type=cache,target=/go/pkg/mod go mod download",
                "COPY . .",
                f"RUN --mount=type=cache,target=/root/.cache/go-build \\\n    CGO_ENABLED=0 GOOS=linux go build -trimpath -ldflags=\"-s -w -X main.version={app['version']}\" \\\n    -o /out/{app['name']} ./cmd/{app['name']}",
            ]
        elif lang == "node":
            lines += [
                "COPY package.json package-lock.json ./",
                "RUN npm ci --omit=dev" if not bad else "RUN npm install",
                "COPY . .",
                "RUN npm run build && npm prune --omit=dev",
            ]
        elif lang == "python":
            lines += [
                "RUN apt-get update && apt-get install -y --no-install-recommends \\\n        build-essential \\\n        libpq-dev \\\n    && rm -rf /var/lib/apt/lists/*"
                if not bad else
                "RUN apt-get update\nRUN apt-get install -y build-essential libpq-dev",
                "COPY requirements.txt .",
                "RUN pip install --no-cache-dir -r requirements.txt" if not bad else "RUN pip install -r requirements.txt",
                "COPY . .",
            ]
        else:
            lines += [
                "COPY mvnw pom.xml ./",
                "COPY .mvn .mvn",
                "RUN --mount=type=cache,target=/root/.m2 ./mvnw -B dependency:go-offline",
                "COPY src src",
                "RUN ./mvnw -B package -DskipTests && cp target/*.jar /out/app.jar",
            ]
        if bad and self.chance(0.3):
            lines.append("RUN curl -fsSL https://get.example-tool.io/install.sh | sh")
        if bad and self.chance(0.15):
            lines.append("RUN wget --no-check-certificate -O /tmp/tool.tgz https://downloads.example.com/tool.tgz && tar -xzf /tmp/tool.tgz -C /usr/local/bin")
        lines.append("")
        # final stage
        final_choices = {
            "go": ["gcr.io/distroless/static-debian12:nonroot", "alpine:3.20", "scratch", "debian:bookworm-slim"],
            "node": [f"node:{self.pick(tags)}", "gcr.io/distroless/nodejs20-debian12"],
            "python": [f"python:{self.pick(tags)}", "python:3.12-slim"],
            "java": ["eclipse-temurin:21-jre-alpine", "gcr.io/distroless/java21-debian12:nonroot"],
        }[lang]
        final = self.pick(final_choices)
        if bad and self.chance(0.3):
            final = final.split(":")[0] + (":latest" if self.chance(0.5) else "")
        lines.append(f"FROM {final}")
        if self.chance(0.7):
            lines.append(f'LABEL org.opencontainers.image.source="https://github.com/acme/{app["name"]}" \\\n      org.opencontainers.image.version="{app["version"]}" \\\n      org.opencontainers.image.vendor="ACME"')
        env_pairs = [f"APP_ENV={app['env']}", f"PORT={app['port']}", "LOG_FORMAT=json"]
        lines.append("ENV " + " \\\n    ".join(env_pairs))
        if bad and self.chance(0.25):
            lines.append(f"ENV API_TOKEN={hexdigest(app['name'], 'token')[:24]}")
        is_debianish = not final.startswith(("gcr.io/distroless", "scratch", "alpine")) and "alpine" not in final
        if final.startswith("alpine") or "alpine" in final:
            lines.append("RUN apk add --no-cache ca-certificates tzdata" if not bad else "RUN apk update && apk add ca-certificates tzdata")
        elif is_debianish and self.chance(0.6):
            if bad:
                lines.append("RUN apt-get update && apt-get upgrade -y && apt-get install -y curl ca-certificates")
            else:
                lines.append("RUN apt-get update \\\n    && apt-get install -y --no-install-recommends ca-certificates curl \\\n    && rm -rf /var/lib/apt/lists/*")
        if is_debianish and not bad and self.chance(0.5):
            lines.append("RUN groupadd --system --gid 10001 app && useradd --system --uid 10001 --gid app --no-create-home app")
        lines.append("WORKDIR /app" if not (bad and self.chance(0.2)) else "WORKDIR app")
        if lang == "go":
            lines.append(f"COPY --from=build /out/{app['name']} /app/{app['name']}")
        elif lang == "java":
            lines.append("COPY --from=build /out/app.jar /app/app.jar")
        else:
            lines.append("COPY --from=build --chown=10001:10001 /src /app" if not bad else "ADD --chown=0:0 . /app")
        if bad and self.chance(0.2):
            lines.append("ADD https://raw.githubusercontent.com/acme/certs/main/ca.pem /usr/local/share/ca-certificates/acme.crt")
        if bad and self.chance(0.1):
            lines.append("RUN chmod 777 /app && chmod u+s /usr/bin/find")
        if is_debianish and self.chance(0.05):
            lines.append(
                "RUN <<EOF\nset -eux\nmkdir -p /var/cache/app\nchown 10001:10001 /var/cache/app\nEOF"
            )
        ports = [str(app["port"])] + (["22"] if bad and self.chance(0.1) else [])
        lines.append("EXPOSE " + " ".join(ports))
        if not (bad and self.chance(0.5)):
            lines.append(f"HEALTHCHECK --interval=30s --timeout=3s --retries=3 CMD [\"/app/{app['name']}\", \"healthcheck\"]" if lang == "go" else
                         f"HEALTHCHECK --interval=30s --timeout=3s CMD curl -fsS http://localhost:{app['port']}/healthz || exit 1")
        if bad:
            if self.chance(0.3):
                lines.append("USER root")
        else:
            lines.append(self.pick(["USER 10001", "USER 10001:10001", "USER nonroot:nonroot", "USER app"]))
        entry = {
            "go": f'["/app/{app["name"]}", "serve"]',
            "node": '["node", "dist/server.js"]',
            "python": '["gunicorn", "-b", "0.0.0.0:%d", "app.wsgi:application"]' % app["port"],
            "java": '["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/app.jar"]',
        }[lang]
        if bad and self.chance(0.4):
            lines.append("ENTRYPOINT " + " ".join(json.loads(entry)))
        else:
            lines.append("ENTRYPOINT " + entry)
        return "\n".join(lines) + "\n"

    # layout ------------------------------------------------------------------
    def make_app(self, team: str, team_idx: int, app_idx: int) -> dict:
        word = WORDS[(team_idx * 7 + app_idx * 3 + self.rng.randrange(len(WORDS))) % len(WORDS)]
        comp = self.pick(COMPONENTS)
        return {
            "team": team,
            "name": f"{word}-{comp}",
            "component": comp,
            "system": self.pick(WORDS),
            "namespace": f"{team}-{self.pick(['prod', 'staging', 'dev'])}",
            "env": self.pick(["prod", "staging", "dev"]),
            "version": f"{self.rng.randint(0, 4)}.{self.rng.randint(0, 30)}.{self.rng.randint(0, 9)}",
            "port": self.pick([8080, 8000, 3000, 9000, 5000, 8443]),
            "lang": self.pick(list(BASE_APPS)),
            "registry": self.pick(REGISTRIES),
            # Share of files of this app that carry bad settings: most apps are mostly fine.
            "risk": self.pick([0.1, 0.2, 0.3, 0.5, 0.7, 0.9]),
        }


def generate(out: str, files: int, dockerfiles: int, seed: int) -> dict:
    g = Gen(seed)
    apps: list[tuple[str, dict, set]] = []
    stats = {"files": 0, "dockerfiles": 0, "objects": 0, "lines": 0, "kinds": {}}
    remaining = files
    team_idx = 0
    while remaining > 0 or (not apps and dockerfiles):
        team = TEAMS[team_idx % len(TEAMS)]
        team_dir = f"team-{team_idx:02d}-{team}"
        for app_idx in range(g.rng.randint(3, 8)):
            if remaining <= 0 and apps:
                break
            app = g.make_app(team, team_idx, app_idx)
            d = os.path.join(out, team_dir, f"app-{app_idx:02d}-{app['name']}")
            if g.chance(0.3):
                d = os.path.join(d, g.pick(["k8s", "deploy", "manifests/base", "kubernetes"]))
            os.makedirs(d, exist_ok=True)
            used: set = set()
            apps.append((d, app, used))
            for _ in range(min(remaining, g.rng.randint(2, 7))):
                name, text = g.manifest_file(app, used, first=stats["files"] == 0)
                with open(os.path.join(d, name), "w", encoding="utf-8") as f:
                    f.write(text)
                remaining -= 1
                stats["files"] += 1
                stats["lines"] += text.count("\n")
                for kind in re.findall(r'^(?:kind: ["\']?|  "kind": ")(\w+)', text, flags=re.M):
                    stats["kinds"][kind] = stats["kinds"].get(kind, 0) + 1
                    stats["objects"] += 1
        team_idx += 1
    for i in range(dockerfiles):
        d, app, used = apps[i % len(apps)]
        # Dockerfiles live at the app's root (its source), not next to the manifests.
        root = d
        for sub in ("/manifests/base", "/k8s", "/deploy", "/kubernetes"):
            if root.endswith(sub):
                root = root[: -len(sub)]
        name = "Dockerfile" if i < len(apps) else g.pick(["Dockerfile.worker", "worker.Dockerfile", "Dockerfile.dev"])
        n = 2
        while os.path.exists(os.path.join(root, name)):
            name = f"Dockerfile.v{n}"
            n += 1
        text = g.dockerfile(app)
        with open(os.path.join(root, name), "w", encoding="utf-8") as f:
            f.write(text)
        stats["dockerfiles"] += 1
        stats["lines"] += text.count("\n")
    return stats


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, help="output directory (created; must be empty or absent)")
    ap.add_argument("--files", type=int, default=1000, help="number of Kubernetes manifest files (default 1000)")
    ap.add_argument("--dockerfiles", type=int, default=0, help="number of Dockerfiles to add (default 0)")
    ap.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    ap.add_argument("--force", action="store_true", help="allow a non-empty output directory")
    ap.add_argument("--quiet", action="store_true", help="print nothing")
    args = ap.parse_args(argv)
    if args.files < 0 or args.dockerfiles < 0:
        ap.error("--files and --dockerfiles must be >= 0")
    if args.files == 0 and args.dockerfiles == 0:
        ap.error("nothing to generate")
    if os.path.isdir(args.out) and os.listdir(args.out) and not args.force:
        ap.error(f"{args.out} is not empty (use --force, or remove it)")
    os.makedirs(args.out, exist_ok=True)
    stats = generate(args.out, args.files, args.dockerfiles, args.seed)
    if not args.quiet:
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(stats["kinds"].items(), key=lambda kv: -kv[1]))
        print(
            f"wrote {stats['files']} manifest files ({stats['objects']} objects, {kinds}) and "
            f"{stats['dockerfiles']} Dockerfiles, {stats['lines']} lines, to {args.out}",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
