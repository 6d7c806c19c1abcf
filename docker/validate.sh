#!/usr/bin/env bash
# Checks the docker/ files as far as that is possible without a Docker engine: the compose file
# and its references, the Dockerfile and its COPY sources, conf/docker.yaml against
# conf/local.yaml and against the compose file, the scripts embedded in the compose file, Grafana's
# provisioning and dashboard (see "Grafana" below), and `docker compose config` when a compose CLI
# is installed.
#
#   docker/validate.sh        (from anywhere; exits non-zero with the reasons on failure)
#
# Needs python3 with PyYAML (Debian: apt-get install -y python3-yaml).
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"

fail() {
  echo "docker files: FAILED: $*" >&2
  exit 1
}

command -v python3 >/dev/null 2>&1 || fail "python3 is not installed"
python3 -c 'import yaml' 2>/dev/null ||
  fail "python3 has no PyYAML: install it (Debian: apt-get install -y python3-yaml; pip: pip install pyyaml)"

python3 - "$root" <<'PY' || fail "static checks found problems (listed above)"
import json
import os
import re
import subprocess
import sys

import yaml

root = sys.argv[1]
docker = os.path.join(root, "docker")
errors, notes = [], []


def err(msg):
    errors.append(msg)


def rel(path):
    return os.path.relpath(path, root)


def load_yaml(path):
    try:
        with open(path, encoding="utf-8") as f:
            return yaml.safe_load(f)
    except FileNotFoundError:
        err(f"{rel(path)} is missing")
    except yaml.YAMLError as e:
        err(f"{rel(path)} is not valid YAML: {e}")
    return None


def is_build_output(path):
    return "/target/" in path.replace(os.sep, "/") + "/"


# Compose-style interpolation: ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?msg}, ${VAR?msg}.
COMPOSE_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}")


def compose_default(value):
    """The value compose gives when no variable is set (None where it would fail)."""
    if not isinstance(value, str):
        return None if value is None else str(value)
    out, pos = [], 0
    for m in COMPOSE_VAR.finditer(value):
        out.append(value[pos:m.start()])
        op, arg = m.group(2), m.group(3)
        if op in (":-", "-"):
            out.append(arg)
        elif op in (":?", "?"):
            return None
        pos = m.end()
    out.append(value[pos:])
    return "".join(out).replace("$$", "$")


# ---------------------------------------------------------------- files that must exist
for f in ("docker/Dockerfile", "docker/Dockerfile.dockerignore", "docker/docker-compose.yml",
          "docker/.env.example", "docker/README.md", "conf/local.yaml", "conf/docker.yaml"):
    if not os.path.isfile(os.path.join(root, f)):
        err(f"{f} is missing")

compose_path = os.path.join(docker, "docker-compose.yml")
compose = load_yaml(compose_path) or {}
services = compose.get("services") or {}
if not isinstance(services, dict) or not services:
    err("docker-compose.yml has no services")
    services = {}

# ---------------------------------------------------------------- compose: services
expected = {"kafka", "kafka-init", "clickhouse", "jobmanager", "taskmanager", "submit", "generator",
            "grafana"}
for name in sorted(expected - set(services)):
    err(f"compose: service '{name}' is missing")

declared_volumes = set((compose.get("volumes") or {}).keys())
job_image = None
for name, svc in services.items():
    svc = svc or {}
    if "image" not in svc and "build" not in svc:
        err(f"compose: service '{name}' has neither image nor build")
    image = svc.get("image")
    if image and "build" not in svc:
        tag = image.rsplit("/", 1)[-1].partition(":")[2]
        if not tag or tag == "latest":
            err(f"compose: service '{name}' uses image '{image}' without a pinned tag")
    build = svc.get("build")
    if build is not None:
        job_image = image
        context = build if isinstance(build, str) else build.get("context", ".")
        ctx = os.path.normpath(os.path.join(docker, context))
        if not os.path.isdir(ctx):
            err(f"compose: service '{name}': build context {rel(ctx)} does not exist")
        dockerfile = "Dockerfile" if isinstance(build, str) else build.get("dockerfile", "Dockerfile")
        if not os.path.isfile(os.path.join(ctx, dockerfile)):
            err(f"compose: service '{name}': Dockerfile {dockerfile} not found in context {rel(ctx)}")
    for vol in svc.get("volumes") or []:
        source = vol.get("source") if isinstance(vol, dict) else str(vol).split(":")[0]
        if not source:
            continue
        if source.startswith((".", "/", "~")):
            path = os.path.normpath(os.path.join(docker, os.path.expanduser(source)))
            if os.path.exists(path):
                continue
            if is_build_output(path):
                notes.append(f"{rel(path)} (mounted by '{name}') is built by mvn package")
            else:
                err(f"compose: service '{name}' mounts {source}, which does not exist ({path})")
        elif source not in declared_volumes:
            err(f"compose: service '{name}' uses volume '{source}', not declared under volumes:")
    depends = svc.get("depends_on") or {}
    for dep, cond in (depends.items() if isinstance(depends, dict) else ((d, None) for d in depends)):
        if dep not in services:
            err(f"compose: service '{name}' depends on unknown service '{dep}'")
        condition = (cond or {}).get("condition") if isinstance(cond, dict) else None
        if condition == "service_healthy" and "healthcheck" not in (services.get(dep) or {}):
            err(f"compose: '{name}' waits for '{dep}' to be healthy, but '{dep}' has no healthcheck")
        if condition and condition not in (
                "service_started", "service_healthy", "service_completed_successfully"):
            err(f"compose: '{name}' depends on '{dep}' with unknown condition '{condition}'")

# Files a command names inside a bind mount (the generator's jar): built by mvn package?
for name, svc in services.items():
    svc = svc or {}
    binds = []
    for vol in svc.get("volumes") or []:
        parts = str(vol).split(":")
        if len(parts) >= 2 and parts[0].startswith((".", "/")):
            binds.append((parts[1].rstrip("/"), os.path.normpath(os.path.join(docker, parts[0]))))
    cmd = svc.get("command") or []
    for word in (cmd if isinstance(cmd, list) else str(cmd).split()):
        for target, host in binds:
            if str(word).startswith(target + "/"):
                path = os.path.join(host, str(word)[len(target) + 1:])
                if os.path.exists(path):
                    continue
                if is_build_output(path):
                    notes.append(f"{rel(path)} (run by '{name}') is built by mvn package")
                else:
                    err(f"compose: '{name}' runs {word}, but {rel(path)} does not exist")

# Scripts embedded in the compose file: compose interpolates every single '$', so a shell '$'
# must be written '$$'; then the script must at least parse.
for name, svc in services.items():
    cmd = (svc or {}).get("command")
    if not (isinstance(cmd, list) and len(cmd) >= 3 and cmd[1] == "-c"
            and os.path.basename(str(cmd[0])) in ("sh", "bash")):
        continue
    script = cmd[2]
    lone = re.findall(r"(?<!\$)\$(?!\$)[{A-Za-z_(]", script.replace("$$", ""))
    if lone:
        err(f"compose: the script of '{name}' has a single '$' (compose would interpolate it): "
            "write $$ for the shell")
    shell = "bash" if os.path.basename(str(cmd[0])) == "bash" else "sh"
    check = subprocess.run([shell, "-n"], input=script.replace("$$", "$"), text=True,
                           capture_output=True)
    if check.returncode != 0:
        err(f"compose: the script of '{name}' does not parse ({shell} -n): {check.stderr.strip()}")

# ---------------------------------------------------------------- compose: Flink services
flink_services = {n: s for n, s in services.items() if job_image and (s or {}).get("image") == job_image}
if not {"jobmanager", "taskmanager", "submit"} <= set(flink_services):
    err("compose: jobmanager, taskmanager and submit must all run the job image "
        f"(image: {job_image})")

flink_props, slots = {}, None
for name, svc in flink_services.items():
    env = svc.get("environment") or {}
    if not isinstance(env, dict):
        err(f"compose: '{name}': write environment as a map (KEY: value)")
        continue
    salt = str(env.get("SIYU_PHONE_SALT", ""))
    if not re.fullmatch(r"\$\{SIYU_PHONE_SALT:\?[^}]*\}", salt):
        err(f"compose: '{name}' must require the salt: SIYU_PHONE_SALT: ${{SIYU_PHONE_SALT:?...}}")
    if "CLICKHOUSE_PASSWORD" not in env:
        err(f"compose: '{name}' does not pass CLICKHOUSE_PASSWORD")
    mounts = [str(v) for v in svc.get("volumes") or []]
    if not any(m.split(":")[1:3] == ["/opt/siyu/conf", "ro"] and
               os.path.normpath(os.path.join(docker, m.split(":")[0])) == os.path.join(root, "conf")
               for m in mounts if m.count(":") >= 2):
        err(f"compose: '{name}' must mount ../conf read-only at /opt/siyu/conf")
    props_text = env.get("FLINK_PROPERTIES")
    if not props_text:
        err(f"compose: '{name}' has no FLINK_PROPERTIES")
        continue
    props = {}
    for line in str(props_text).splitlines():
        if not line.strip():
            continue
        key, sep, value = line.partition(":")
        # The image's entrypoint deletes all whitespace of a line and splits at the first ':'.
        if not sep or "#" in line or re.search(r"\S\s+\S", value.strip()) or not key.strip():
            err(f"compose: '{name}': FLINK_PROPERTIES line '{line}' is not 'key: value' "
                "(no comments, no spaces inside values)")
        props[key.strip()] = value.strip()
    for key in ("jobmanager.rpc.address", "taskmanager.numberOfTaskSlots", "parallelism.default",
                "state.backend.type", "execution.checkpointing.dir"):
        if key not in props:
            err(f"compose: '{name}': FLINK_PROPERTIES lacks {key}")
    if props.get("jobmanager.rpc.address") not in services:
        err(f"compose: '{name}': jobmanager.rpc.address is not a compose service")
    flink_props[name] = props

if flink_props:
    props = flink_props.get("taskmanager") or next(iter(flink_props.values()))
    slots = int(props.get("taskmanager.numberOfTaskSlots", "0") or 0)
    ckpt = props.get("execution.checkpointing.dir", "")
    ckpt_path = ckpt[len("file://"):] if ckpt.startswith("file://") else None
    for name in ("jobmanager", "taskmanager"):
        mounts = [str(v).split(":") for v in (services.get(name) or {}).get("volumes") or []]
        if ckpt_path is None or not any(
                len(m) >= 2 and m[0] in declared_volumes and
                (ckpt_path == m[1] or ckpt_path.startswith(m[1].rstrip("/") + "/")) for m in mounts):
            err(f"compose: '{name}': execution.checkpointing.dir {ckpt} is not on a named volume "
                "shared by the JobManager and the TaskManager")

# ---------------------------------------------------------------- Dockerfile
dockerfile_path = os.path.join(docker, "Dockerfile")
pom = open(os.path.join(root, "pom.xml"), encoding="utf-8").read() if os.path.isfile(
    os.path.join(root, "pom.xml")) else ""
flink_version = (re.search(r"<flink\.version>([^<]+)<", pom) or [None, None])[1]
version = (re.search(r"<artifactId>siyu-parent</artifactId>\s*<version>([^<]+)<", pom) or [None, None])[1]

ignore_rules = []
ignore_path = os.path.join(docker, "Dockerfile.dockerignore")
if os.path.isfile(ignore_path):
    for line in open(ignore_path, encoding="utf-8"):
        line = line.strip()
        if line and not line.startswith("#"):
            negate = line.startswith("!")
            pattern = line.lstrip("!").strip("/")
            rx = re.escape(pattern).replace(r"\*\*", ".*").replace(r"\*", "[^/]*").replace(r"\?", "[^/]")
            ignore_rules.append((negate, re.compile(rx + r"\Z")))


def excluded(path):
    """Docker's rule: the last pattern that matches the path or one of its parents wins."""
    parts = path.strip("/").split("/")
    prefixes = ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]
    result = False
    for negate, rx in ignore_rules:
        if any(rx.match(p) for p in prefixes):
            result = not negate
    return result


if os.path.isfile(dockerfile_path):
    build = (services.get("jobmanager") or {}).get("build") or {}
    context = os.path.normpath(os.path.join(docker, build.get("context", "..") if isinstance(build, dict) else build))
    args, copied_to = {}, []
    lines = open(dockerfile_path, encoding="utf-8").read().replace("\\\n", " ").splitlines()
    for line in lines:
        words = line.split()
        if not words or words[0].startswith("#"):
            continue
        instr = words[0].upper()
        if instr == "FROM":
            image = words[1]
            m = re.fullmatch(r"flink:(\d+\.\d+\.\d+)-scala_2\.12-java17", image)
            if not m:
                err(f"Dockerfile: FROM {image} is not flink:<version>-scala_2.12-java17")
            elif flink_version and m.group(1) != flink_version:
                err(f"Dockerfile: FROM {image} but pom.xml has flink.version {flink_version}")
        elif instr == "ARG" and len(words) > 1:
            key, _, default = words[1].partition("=")
            args[key] = default
        elif instr in ("COPY", "ADD"):
            parts = [w for w in words[1:] if not w.startswith("--")]
            if any(w.startswith("--from") for w in words[1:]):
                continue
            *sources, dest = parts
            copied_to.append(dest)
            for src in sources:
                src = re.sub(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?", lambda m: args.get(m.group(1), ""), src)
                path = os.path.normpath(os.path.join(context, src))
                if excluded(src):
                    err(f"Dockerfile: COPY source {src} is excluded by Dockerfile.dockerignore")
                if os.path.exists(path):
                    continue
                if is_build_output(path):
                    notes.append(f"{rel(path)} (COPY in the Dockerfile) is built by mvn package")
                else:
                    err(f"Dockerfile: COPY source {src} does not exist in the context {rel(context)}")
    job_jar = args.get("JOB_JAR", "")
    if version and job_jar and os.path.basename(job_jar) != f"siyu-jobs-{version}-job.jar":
        err(f"Dockerfile: JOB_JAR {job_jar} is not the jar jobs/pom.xml builds "
            f"(siyu-jobs-{version}-job.jar)")
    submit_script = " ".join(map(str, (services.get("submit") or {}).get("command") or []))
    jar_in_image = next((d for d in copied_to if d.endswith(".jar")), None)
    if not jar_in_image or jar_in_image not in submit_script:
        err(f"compose: the submit command does not run the jar the Dockerfile copies ({jar_in_image})")
    if "/opt/siyu/conf/docker.yaml" not in submit_script:
        err("compose: the submit command does not pass --config /opt/siyu/conf/docker.yaml")

generator_pom = os.path.join(root, "generator", "pom.xml")
if os.path.isfile(generator_pom):
    gpom = open(generator_pom, encoding="utf-8").read()
    if "maven-shade-plugin" not in gpom or "<shadedClassifierName>all<" not in gpom:
        notes.append("generator/pom.xml does not build the shaded -all jar the generator service "
                     "runs yet (profile demo only)")

# ---------------------------------------------------------------- conf/docker.yaml
local = load_yaml(os.path.join(root, "conf", "local.yaml"))
dock = load_yaml(os.path.join(root, "conf", "docker.yaml"))
FREE_FORM = {"kafka.properties"}  # maps of client settings: any keys


def key_paths(node, prefix=""):
    paths = set()
    if isinstance(node, dict):
        for k, v in node.items():
            path = f"{prefix}{k}"
            paths.add(path)
            if path not in FREE_FORM:
                paths |= key_paths(v, path + ".")
    return paths


if isinstance(local, dict) and isinstance(dock, dict):
    lk, dk = key_paths(local), key_paths(dock)
    for k in sorted(lk - dk):
        err(f"conf/docker.yaml lacks the key {k} (present in conf/local.yaml)")
    for k in sorted(dk - lk):
        err(f"conf/docker.yaml has the key {k}, unknown to conf/local.yaml (the loader rejects it)")

    # Resolve ${VAR:-default} the way ConfigLoader does (in string values of maps, not in
    # comments), with the environment compose gives `submit`, the client that runs main().
    submit_env = {k: compose_default(v) for k, v in
                  (((services.get("submit") or {}).get("environment")) or {}).items()}
    env_ref = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?}")

    def job_subst(m):
        name, default = m.group(1), m.group(3)
        value = submit_env.get(name)
        if value is None:
            value = default
        if value is None:
            err(f"conf/docker.yaml uses ${{{name}}} without a default, and compose does not set it on submit")
            return ""
        return value

    def substitute_values(node):
        if isinstance(node, dict):
            return {k: env_ref.sub(job_subst, v) if isinstance(v, str) else substitute_values(v)
                    for k, v in node.items()}
        return node

    resolved = substitute_values(dock)
    kafka_env = (services.get("kafka") or {}).get("environment") or {}
    advertised = [l.split("://", 1)[1] for l in str(kafka_env.get("KAFKA_ADVERTISED_LISTENERS", "")).split(",") if "://" in l]
    bootstrap = str((resolved.get("kafka") or {}).get("bootstrap-servers", ""))
    for server in bootstrap.split(","):
        if server not in advertised:
            err(f"conf/docker.yaml: bootstrap server {server} is not an advertised listener of "
                f"the kafka service ({', '.join(advertised)})")
    init_cmd = " ".join(map(str, (services.get("kafka-init") or {}).get("command") or []))
    for topic in ((resolved.get("kafka") or {}).get("topics") or {}).values():
        if not re.search(rf"(?<![\w-]){re.escape(str(topic))}(?![\w-])", init_cmd):
            err(f"conf/docker.yaml: topic {topic} is not created by kafka-init")
    ch = resolved.get("clickhouse") or {}
    m = re.fullmatch(r"jdbc:clickhouse://([^:/]+):(\d+)(/.*)?", str(ch.get("url", "")))
    if not m or m.group(1) not in services or m.group(2) != "8123":
        err(f"conf/docker.yaml: clickhouse.url {ch.get('url')} is not jdbc:clickhouse://<service>:8123")
    ch_env = (services.get("clickhouse") or {}).get("environment") or {}
    if str(ch.get("user")) != compose_default(ch_env.get("CLICKHOUSE_USER")):
        err(f"conf/docker.yaml: clickhouse.user {ch.get('user')} is not the user the clickhouse "
            f"service creates ({compose_default(ch_env.get('CLICKHOUSE_USER'))})")
    if str(ch.get("database")) != str(ch_env.get("CLICKHOUSE_DB")):
        err(f"conf/docker.yaml: clickhouse.database {ch.get('database')} differs from the "
            f"clickhouse service's CLICKHOUSE_DB ({ch_env.get('CLICKHOUSE_DB')})")
    ckpt_dir = str((resolved.get("checkpoints") or {}).get("directory", ""))
    cluster_ckpt = (flink_props.get("taskmanager") or {}).get("execution.checkpointing.dir")
    if cluster_ckpt and ckpt_dir.rstrip("/") != cluster_ckpt.rstrip("/"):
        err(f"conf/docker.yaml: checkpoints.directory {ckpt_dir} differs from the cluster's "
            f"execution.checkpointing.dir {cluster_ckpt} (the shared volume)")
    parallelism = resolved.get("parallelism")
    if slots and isinstance(parallelism, int) and parallelism > slots:
        err(f"conf/docker.yaml: parallelism {parallelism} exceeds the TaskManager's {slots} slots")

# ---------------------------------------------------------------- Grafana
# The grafana service, its provisioning (data source, dashboard provider) and the dashboards:
# pinned image and plugin, no committed secret, every panel on the provisioned data source, and
# every bi_* view a query reads created by some file of sql/ (CREATE VIEW IF NOT EXISTS <name>).
GRAFANA_DIR = os.path.join(docker, "grafana")
DATASOURCE_UID = "siyu-clickhouse"
PLUGIN_ID = "grafana-clickhouse-datasource"
ENV_REF = re.compile(r"\$__env\{([A-Za-z_][A-Za-z0-9_]*)\}|\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)")
SECRET_KEY = re.compile(r"passw|secret|token|api_?key|credential|private_?key", re.I)
TIME_MACRO = re.compile(r"\$__(timeFilter|timeFilter_ms|dateFilter|dateTimeFilter|dt|fromTime|toTime|timeInterval)\b")


def env_only(value):
    """The environment variables a provisioning value consists of, or None if it has anything else."""
    if not isinstance(value, str) or not value.strip():
        return None
    names = [next(g for g in m.groups() if g) for m in ENV_REF.finditer(value)]
    return names if names and not ENV_REF.sub("", value).strip() else None


def secret_literals(node, where):
    """Values under secret-looking keys that are not purely env references ($__file{} counts too)."""
    found = []
    if isinstance(node, dict):
        for k, v in node.items():
            if SECRET_KEY.search(str(k)) and not isinstance(v, (dict, list)):
                if v not in (None, "") and env_only(v) is None and not re.fullmatch(r"\$__file\{[^}]+\}", str(v)):
                    found.append(f"{where}.{k}")
            else:
                found += secret_literals(v, f"{where}.{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            found += secret_literals(v, f"{where}[{i}]")
    return found


gsvc = services.get("grafana") or {}
genv = gsvc.get("environment") or {}
if gsvc and not isinstance(genv, dict):
    err("compose: 'grafana': write environment as a map (KEY: value)")
    genv = {}
if gsvc:
    if not re.fullmatch(r"grafana/grafana(-oss)?:\d+\.\d+\.\d+", str(gsvc.get("image", ""))):
        err(f"compose: 'grafana' image {gsvc.get('image')} is not grafana/grafana-oss:<major.minor.patch>")
    plugins = [p.strip() for p in str(genv.get("GF_INSTALL_PLUGINS", "")).split(",") if p.strip()]
    if not any(re.fullmatch(re.escape(PLUGIN_ID) + r"[ @]\d+\.\d+\.\d+", p) for p in plugins):
        err(f"compose: 'grafana' GF_INSTALL_PLUGINS must install {PLUGIN_ID} at a pinned version "
            f"('{PLUGIN_ID} <x.y.z>'), has '{genv.get('GF_INSTALL_PLUGINS')}'")
    if not re.fullmatch(r"\$\{GRAFANA_ADMIN_PASSWORD:\?[^}]*\}", str(genv.get("GF_SECURITY_ADMIN_PASSWORD", ""))):
        err("compose: 'grafana' must require the admin password: "
            "GF_SECURITY_ADMIN_PASSWORD: ${GRAFANA_ADMIN_PASSWORD:?...}")
    for key, value in genv.items():
        if SECRET_KEY.search(str(key)) and not (isinstance(value, str) and COMPOSE_VAR.fullmatch(value)):
            err(f"compose: 'grafana' {key} is not taken from the environment (${{VAR...}}): no literal secrets")
    gdeps = gsvc.get("depends_on") or {}
    if "clickhouse" not in gdeps:
        err("compose: 'grafana' does not depend on 'clickhouse'")
    if "3000:3000" not in [str(p) for p in gsvc.get("ports") or []]:
        err("compose: 'grafana' does not publish port 3000 (3000:3000)")

# Where the bind mounts put docker/grafana/... inside the container.
gmounts = {}
for vol in gsvc.get("volumes") or []:
    parts = str(vol).split(":")
    if len(parts) >= 2 and parts[0].startswith("."):
        gmounts[os.path.normpath(os.path.join(docker, parts[0]))] = parts[1].rstrip("/")


def container_path(host_path):
    for host, target in gmounts.items():
        if host_path == host or host_path.startswith(host + os.sep):
            return target + host_path[len(host):].replace(os.sep, "/")
    return None


def host_path(target):
    for host, mount in gmounts.items():
        if target == mount or target.startswith(mount + "/"):
            return os.path.normpath(host + target[len(mount):])
    return None


prov_dir = os.path.join(GRAFANA_DIR, "provisioning")
if gsvc and container_path(prov_dir) != "/etc/grafana/provisioning":
    err("compose: 'grafana' must mount ./grafana/provisioning at /etc/grafana/provisioning")

# Secrets: no literal password in any provisioning file.
for dirpath, _, files in os.walk(prov_dir):
    for fname in sorted(files):
        path = os.path.join(dirpath, fname)
        if not fname.endswith((".yaml", ".yml")):
            continue
        doc = load_yaml(path)
        for where in secret_literals(doc, rel(path)):
            err(f"{where} is a literal secret: take it from the environment ($__env{{NAME}})")

# The data source.
ds_path = os.path.join(prov_dir, "datasources", "clickhouse.yaml")
ds_doc = load_yaml(ds_path) or {}
sources = [d for d in (ds_doc.get("datasources") or []) if isinstance(d, dict)]
ds = next((d for d in sources if d.get("uid") == DATASOURCE_UID), None)
if ds is None:
    err(f"{rel(ds_path)}: no data source with uid {DATASOURCE_UID}")
else:
    jd, sj = ds.get("jsonData") or {}, ds.get("secureJsonData") or {}
    ch_env = (services.get("clickhouse") or {}).get("environment") or {}
    if ds.get("type") != PLUGIN_ID:
        err(f"{rel(ds_path)}: data source {DATASOURCE_UID} has type {ds.get('type')}, not {PLUGIN_ID}")
    if jd.get("host") not in services:
        err(f"{rel(ds_path)}: jsonData.host {jd.get('host')} is not a compose service")
    if str(jd.get("protocol")) != "http" or str(jd.get("port")) != "8123":
        err(f"{rel(ds_path)}: connect over protocol http to port 8123 "
            f"(has {jd.get('protocol')} / {jd.get('port')})")
    if str(jd.get("defaultDatabase")) != str(ch_env.get("CLICKHOUSE_DB")):
        err(f"{rel(ds_path)}: jsonData.defaultDatabase {jd.get('defaultDatabase')} is not the clickhouse "
            f"service's CLICKHOUSE_DB ({ch_env.get('CLICKHOUSE_DB')})")
    for where, value in (("jsonData.username", jd.get("username")), ("secureJsonData.password", sj.get("password"))):
        names = env_only(value)
        if names is None:
            err(f"{rel(ds_path)}: {where} must be an environment reference ($__env{{NAME}}), not a literal")
            continue
        for name in names:
            if name not in genv:
                err(f"{rel(ds_path)}: {where} reads ${name}, which the grafana service's environment lacks")
            elif name in ch_env and genv[name] != ch_env[name]:
                err(f"compose: 'grafana' sets {name} to {genv[name]}, the clickhouse service to {ch_env[name]}")

# The dashboard provider and its dashboards.
prov_path = os.path.join(prov_dir, "dashboards", "siyu.yaml")
providers = [p for p in ((load_yaml(prov_path) or {}).get("providers") or []) if isinstance(p, dict)]
dashboard_files = []
if not providers:
    err(f"{rel(prov_path)}: no dashboard provider")
for prov in providers:
    target = str((prov.get("options") or {}).get("path", ""))
    if prov.get("type", "file") != "file":
        err(f"{rel(prov_path)}: provider {prov.get('name')} is not of type file")
    src = host_path(target.rstrip("/"))
    if not src or not os.path.isdir(src):
        err(f"{rel(prov_path)}: provider {prov.get('name')} reads {target}, which no bind mount of "
            "the grafana service fills from the repository")
        continue
    dashboard_files += [os.path.join(src, f) for f in sorted(os.listdir(src)) if f.endswith(".json")]
home = str(genv.get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH", "") or "")
if home and not (host_path(home) and os.path.isfile(host_path(home))):
    err(f"compose: 'grafana' GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH {home} is no mounted file")
if providers and not dashboard_files:
    err("docker/grafana: the dashboard provider finds no dashboard (*.json)")


def all_panels(panels):
    for p in panels or []:
        yield p
        yield from all_panels(p.get("panels"))  # collapsed rows keep their panels inside


views_used = {}  # bi_* name -> "file: panel" where used first
for path in dashboard_files:
    try:
        dash = json.load(open(path, encoding="utf-8"))
    except ValueError as e:
        err(f"{rel(path)} is not valid JSON: {e}")
        continue
    for key in ("uid", "title", "panels"):
        if not dash.get(key):
            err(f"{rel(path)}: the dashboard has no {key}")
    ids, queries = set(), []
    for p in all_panels(dash.get("panels")):
        where = f"{rel(path)}: panel {p.get('id')} '{p.get('title')}'"
        if p.get("id") in ids:
            err(f"{where}: duplicate panel id")
        ids.add(p.get("id"))
        if p.get("type") == "row":
            continue
        if not isinstance(p.get("gridPos"), dict):
            err(f"{where}: no gridPos")
        pds = p.get("datasource") or {}
        if not isinstance(pds, dict) or pds.get("uid") != DATASOURCE_UID:
            err(f"{where}: its datasource is {pds}, not the provisioned uid {DATASOURCE_UID}")
        if not p.get("targets"):
            err(f"{where}: no query")
        for t in p.get("targets") or []:
            tds = t.get("datasource")
            if tds is not None and (not isinstance(tds, dict) or tds.get("uid") != DATASOURCE_UID):
                err(f"{where}: query {t.get('refId')} uses datasource {tds}, not {DATASOURCE_UID}")
            queries.append((where, t))
    for v in (dash.get("templating") or {}).get("list") or []:
        if v.get("type") == "query":
            vds = v.get("datasource") or {}
            where = f"{rel(path)}: variable {v.get('name')}"
            if not isinstance(vds, dict) or vds.get("uid") != DATASOURCE_UID:
                err(f"{where}: its datasource is {vds}, not {DATASOURCE_UID}")
            q = v.get("query")
            queries.append((where, q if isinstance(q, dict) else {"rawSql": str(q or ""), "editorType": "sql",
                                                                  "format": 1, "pluginVersion": "4"}))
    for where, t in queries:
        sql = str(t.get("rawSql") or "")
        if t.get("editorType") != "sql" or not sql.strip():
            err(f"{where}: write the query as raw SQL (editorType sql, rawSql)")
            continue
        if not re.match(r"([4-9]|\d\d+)\.", str(t.get("pluginVersion", ""))):
            err(f"{where}: pluginVersion {t.get('pluginVersion')} is older than 4 (the plugin would "
                "migrate the query as a v3 one)")
        fmt = t.get("format")
        if fmt not in (0, 1):
            err(f"{where}: format {fmt} is neither 0 (time series) nor 1 (table)")
        elif "queryType" in t and t["queryType"] != ("timeseries" if fmt == 0 else "table"):
            err(f"{where}: queryType {t['queryType']} does not match format {fmt}")
        if fmt == 0 and not TIME_MACRO.search(sql):
            err(f"{where}: a time series query without a time macro ($__timeFilter(...), $__dateFilter(...))")
        stripped = re.sub(r"--[^\n]*|'(?:[^'\\]|\\.)*'", " ", sql)
        for name in re.findall(r"(?<![\w.`\"])bi_[A-Za-z0-9_]+", stripped):
            views_used.setdefault(name, where)

sql_dir = os.path.join(root, "sql")
views_defined = set()
for dirpath, _, files in os.walk(sql_dir):
    for fname in files:
        try:
            text = open(os.path.join(dirpath, fname), encoding="utf-8").read()
        except (UnicodeDecodeError, OSError):
            continue
        views_defined |= set(re.findall(r"CREATE\s+VIEW\s+IF\s+NOT\s+EXISTS\s+(?:`?\w+`?\.)?`?(\w+)`?",
                                        text, re.I))
missing = sorted(set(views_used) - views_defined)
if missing:
    err(f"docker/grafana: {len(missing)} of the {len(views_used)} bi_* views the dashboards query are "
        f"not created by any file of {rel(sql_dir)}/ (CREATE VIEW IF NOT EXISTS <name>): "
        + ", ".join(missing))
    for name in missing:
        print(f"  missing view: {name} (first used by {views_used[name]})", file=sys.stderr)
elif views_used:
    notes.append(f"the dashboards query {len(views_used)} bi_* views, all created in {rel(sql_dir)}/")

# ---------------------------------------------------------------- .env.example
env_example = {}
env_path = os.path.join(docker, ".env.example")
if os.path.isfile(env_path):
    for line in open(env_path, encoding="utf-8"):
        line = line.strip()
        if line and not line.startswith("#"):
            key, sep, value = line.partition("=")
            if not sep:
                err(f".env.example: line '{line}' is not KEY=value")
            env_example[key.strip()] = value.strip()
    if env_example.get("SIYU_PHONE_SALT", None) != "":
        err(".env.example must list SIYU_PHONE_SALT= with an empty value (no salt ships with the repo)")
    if env_example.get("GRAFANA_ADMIN_PASSWORD", None) != "":
        err(".env.example must list GRAFANA_ADMIN_PASSWORD= with an empty value (no password ships "
            "with the repo)")
    used = set(m.group(1) for m in COMPOSE_VAR.finditer(open(compose_path, encoding="utf-8").read()))
    for var in sorted(used - set(env_example)):
        err(f".env.example does not list {var}, which docker-compose.yml uses")

# The developer's own docker/.env, if any: the job rejects a salt under 16 bytes at start.
# (Its value is never printed.)
local_env = os.path.join(docker, ".env")
if os.path.isfile(local_env):
    values = {}
    for line in open(local_env, encoding="utf-8"):
        key, sep, value = line.strip().partition("=")
        if sep and not key.startswith("#"):
            values[key.strip()] = value.strip().strip("'\"")
    if len(values.get("SIYU_PHONE_SALT", "").encode("utf-8")) < 16:
        err("docker/.env: SIYU_PHONE_SALT is unset or shorter than 16 bytes (the job refuses it); "
            "generate one with: openssl rand -hex 32")
    if not values.get("GRAFANA_ADMIN_PASSWORD"):
        notes.append("docker/.env: GRAFANA_ADMIN_PASSWORD is empty: compose will refuse to start "
                     "until it is set")

if subprocess.run(["git", "-C", root, "rev-parse"], capture_output=True).returncode == 0:
    if subprocess.run(["git", "-C", root, "check-ignore", "-q", "docker/.env"]).returncode != 0:
        err("docker/.env (secrets) is not ignored by git")

for n in notes:
    print(f"  note: {n}")
if errors:
    for e in errors:
        print(f"  error: {e}", file=sys.stderr)
    sys.exit(1)
print("  static checks: compose services and references, Dockerfile and COPY sources, "
      "conf/docker.yaml keys and values, embedded scripts, Grafana provisioning and dashboards "
      "(data source, secrets, bi_* views in sql/), .env.example: ok")
PY

# ---------------------------------------------------------------- compose CLI (no engine needed)
compose=()
if docker compose version >/dev/null 2>&1; then
  compose=(docker compose)
elif command -v docker-compose >/dev/null 2>&1; then
  compose=(docker-compose)
fi
if [ ${#compose[@]} -gt 0 ]; then
  # Validate against .env.example (not the developer's docker/.env) with a stand-in salt.
  args=(-f "$here/docker-compose.yml" --env-file "$here/.env.example")
  # Stand-in secrets (.env.example leaves them empty); the shell's variables win over --env-file.
  out="$(SIYU_PHONE_SALT=validate-only GRAFANA_ADMIN_PASSWORD=validate-only \
    "${compose[@]}" "${args[@]}" --profile demo config -q 2>&1)" ||
    fail "'${compose[*]} config' rejects docker-compose.yml: $out"
  out="$(env -u SIYU_PHONE_SALT GRAFANA_ADMIN_PASSWORD=validate-only \
    "${compose[@]}" "${args[@]}" config -q 2>&1)" &&
    fail "'${compose[*]} config' accepts the stack without SIYU_PHONE_SALT; it must refuse to start"
  echo "$out" | grep -q SIYU_PHONE_SALT ||
    fail "without SIYU_PHONE_SALT, '${compose[*]} config' fails for another reason: $out"
  out="$(env -u GRAFANA_ADMIN_PASSWORD SIYU_PHONE_SALT=validate-only \
    "${compose[@]}" "${args[@]}" config -q 2>&1)" &&
    fail "'${compose[*]} config' accepts the stack without GRAFANA_ADMIN_PASSWORD; it must refuse to start"
  echo "$out" | grep -q GRAFANA_ADMIN_PASSWORD ||
    fail "without GRAFANA_ADMIN_PASSWORD, '${compose[*]} config' fails for another reason: $out"
  echo "  ${compose[*]} config: ok (and it refuses to run without SIYU_PHONE_SALT or GRAFANA_ADMIN_PASSWORD)"
else
  echo "  note: no compose CLI (docker compose / docker-compose): 'compose config' skipped"
fi

echo "docker files: OK"
