#!/usr/bin/env python3
"""CT-Ops benchmarks: fleet, idle memory, reconnect storm, queue, agent footprint.

Not tests: each prints its figures with the machine's cores and memory and writes
benchmarks/runs/<name>.json (kept in git; work directories go to benchmarks/out); `run-all` runs them all and rewrites BENCHMARKS.md and
benchmarks/results.json (see benchmarks/README.md). Standard library only.
"""
import argparse, datetime, glob, json, os, platform, re, shutil, signal, socket, subprocess, sys, tarfile, threading, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "benchmarks")
OUT = os.path.join(BENCH, "out")
# each benchmark's newest result, kept in git: report.py combines them, so a session may rerun only some
RUNS = os.path.join(BENCH, "runs")
TICKS = os.sysconf("SC_CLK_TCK")
# CTOPS_BENCH_PORT_OFFSET moves all three ports, so two checkouts can benchmark side by side.
_OFFSET = int(os.environ.get("CTOPS_BENCH_PORT_OFFSET", "0"))
# All below 32768: ports in the kernel's ephemeral range (32768-60999) can be taken by outgoing connections.
HTTP_PORT, GRPC_PORT, PG_PORT = 18080 + _OFFSET, 19443 + _OFFSET, 25432 + _OFFSET
TOKEN = "ctops_et_bench_enrolment_token_auto_approve_0001"
API_KEY = "ctops_ak_bench_api_key_for_loadtest_cleanup_0001"


def log(*args):
    print("[bench]", *args, flush=True)


# ---------------------------------------------------------------- machine and /proc

def machine():
    mem_kb = int(re.search(r"MemTotal:\s+(\d+)", open("/proc/meminfo").read()).group(1))
    model = ""
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    return {"cores": os.cpu_count(), "memory_gb": round(mem_kb / 1048576, 1), "cpu": model,
            "kernel": platform.release(), "hostname": socket.gethostname(),
            "java": subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]}


def cpu_seconds(pid, children=True):
    """utime+stime (+ reaped children's) of a process, in seconds; 0 when it is gone."""
    try:
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    ticks = int(fields[11]) + int(fields[12])
    if children:
        ticks += int(fields[13]) + int(fields[14])
    return ticks / TICKS


def process_tree(root):
    parents = {}
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            fields = open(stat).read().rsplit(")", 1)[1].split()
            parents[int(stat.split("/")[2])] = int(fields[1])
        except (OSError, IndexError):
            pass
    tree, frontier = {root}, [root]
    while frontier:
        p = frontier.pop()
        for child, parent in parents.items():
            if parent == p and child not in tree:
                tree.add(child)
                frontier.append(child)
    return tree


def tree_cpu_seconds(root):
    return sum(cpu_seconds(p, children=(p == root)) for p in process_tree(root))


def rss_pss_mb(pid):
    status = open(f"/proc/{pid}/status").read()
    rss = int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024
    pss = None
    try:
        m = re.search(r"^Pss:\s+(\d+)", open(f"/proc/{pid}/smaps_rollup").read(), re.M)
        pss = int(m.group(1)) / 1024 if m else None
    except OSError:
        pass
    return rss, pss


# ---------------------------------------------------------------- build outputs

def version():
    return re.search(r"<version>([^<]+)</version>", open(os.path.join(ROOT, "pom.xml")).read()).group(1)


def ensure_tarballs():
    # CTOPS_BENCH_SERVER_TAR / CTOPS_BENCH_AGENT_TAR: measure other builds (e.g. before and after a change)
    if os.environ.get("CTOPS_BENCH_SERVER_TAR") and os.environ.get("CTOPS_BENCH_AGENT_TAR"):
        return os.environ["CTOPS_BENCH_SERVER_TAR"], os.environ["CTOPS_BENCH_AGENT_TAR"]
    v = version()
    server = os.path.join(ROOT, "distribution", "target", f"ctops-{v}.tar.gz")
    agent = os.path.join(ROOT, "distribution", "agent", "target", f"ctops-agent-{v}.tar.gz")
    if not (os.path.exists(server) and os.path.exists(agent)):
        log("building the tarballs: mvn -B -q -pl distribution,distribution/agent -am package -DskipTests")
        subprocess.run(["mvn", "-B", "-q", "-pl", "distribution,distribution/agent", "-am", "package", "-DskipTests"],
                       cwd=ROOT, check=True)
    return server, agent


def source_commit():
    """The commit checked out when the run started, '+changes' when the working tree differs from it (outside
    benchmarks/). The tarballs are built only when missing: after a change, rebuild them before a run."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "--", ".", ":!benchmarks"],
                               cwd=ROOT, capture_output=True, text=True).stdout.strip()
        return head + ("+changes" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return None


def unpack(tarball, into):
    shutil.rmtree(into, ignore_errors=True)
    os.makedirs(into)
    with tarfile.open(tarball) as t:
        t.extractall(into)
    return os.path.join(into, os.listdir(into)[0])


# ---------------------------------------------------------------- PostgreSQL of the benchmark

class Postgres:
    """Its own cluster, so its CPU is ours alone and pg_stat_statements can be preloaded."""

    def __init__(self, workdir):
        self.dir = os.path.join(workdir, "pg")
        bins = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
        if not bins:
            sys.exit("bench: PostgreSQL server binaries not found (apt-get install postgresql)")
        self.bin = bins[-1]
        self.run_as = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []

    def start(self):
        shutil.rmtree(self.dir, ignore_errors=True)
        os.makedirs(self.dir)
        if self.run_as:
            shutil.chown(self.dir, "postgres")
        subprocess.run(self.run_as + [f"{self.bin}/initdb", "-D", f"{self.dir}/data", "-U", "postgres", "--auth=trust",
                                      "-E", "UTF8", "--no-locale"], check=True, stdout=subprocess.DEVNULL)
        with open(f"{self.dir}/data/postgresql.conf", "a") as conf:
            conf.write(f"\nport = {PG_PORT}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{self.dir}'\n"
                       "shared_preload_libraries = 'pg_stat_statements'\npg_stat_statements.max = 5000\n"
                       "track_commit_timestamp = on\nmax_connections = 200\nshared_buffers = 512MB\n"
                       # what a latency spike lines up with: PG log of checkpoints, lock waits, long autovacuums
                       "log_checkpoints = on\nlog_lock_waits = on\nlog_autovacuum_min_duration = 1000\n")
        subprocess.run(self.run_as + [f"{self.bin}/pg_ctl", "-D", f"{self.dir}/data", "-l", f"{self.dir}/log", "-w",
                                      "start"], check=True, stdout=subprocess.DEVNULL)
        self.sql("CREATE DATABASE ctops", db="postgres")
        self.sql("CREATE EXTENSION pg_stat_statements")
        self.sql("CREATE ROLE observer LOGIN SUPERUSER")

    def stop(self):
        subprocess.run(self.run_as + [f"{self.bin}/pg_ctl", "-D", f"{self.dir}/data", "-m", "fast", "-w", "stop"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def pid(self):
        return int(open(f"{self.dir}/data/postmaster.pid").readline())

    def url(self):
        return f"postgresql://postgres@127.0.0.1:{PG_PORT}/ctops"

    def sql(self, statement, db="ctops", user="observer"):
        """Runs SQL as the observer role (its statements are left out of the server's counts)."""
        if user == "observer" and statement.startswith("CREATE ROLE"):
            user = "postgres"
        if statement.startswith("CREATE DATABASE") or statement.startswith("CREATE EXTENSION"):
            user = "postgres"
        result = subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", user, "-d", db, "-AtqX",
                                 "-F", "\t", "-v", "ON_ERROR_STOP=1", "-c", statement],
                                capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"psql failed: {result.stderr.strip()} in: {statement[:200]}")
        return [line.split("\t") for line in result.stdout.splitlines() if line]

    def statements(self):
        """Calls of the server's statements so far (pg_stat_statements, all but the observer's)."""
        rows = self.sql("SELECT coalesce(sum(calls), 0) FROM pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid "
                        "WHERE r.rolname <> 'observer'")
        return int(float(rows[0][0]))

    def transactions(self):
        rows = self.sql("SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = 'ctops'")
        return int(rows[0][0])


# ---------------------------------------------------------------- the server

class Server:
    def __init__(self, tarball, workdir, pg, nmt=False):
        self.home = unpack(tarball, os.path.join(workdir, "server"))
        self.data = os.path.join(workdir, "server-data")
        shutil.rmtree(self.data, ignore_errors=True)
        self.log = os.path.join(workdir, "server.log")
        if os.path.exists(self.log):
            os.remove(self.log)  # appended to by each start of this run only: an earlier run's errors are not ours
        self.pg = pg
        self.nmt = nmt
        self.process = None

    def start(self, wait=True):
        env = dict(os.environ, CT_OPS_HTTP_PORT=str(HTTP_PORT), CT_OPS_GRPC_PORT=str(GRPC_PORT),
                   CT_OPS_DATA_DIR=self.data, CT_OPS_MODE="development", DATABASE_URL=self.pg.url(),
                   CT_OPS_PLUGINS_DIR=os.path.join(self.home, "plugins"),
                   JAVA_OPTS="-Xms1g -Xmx4g" + (" -XX:NativeMemoryTracking=summary" if self.nmt else "")
                   + (" " + os.environ["CTOPS_BENCH_SERVER_JAVA_OPTS"] if os.environ.get("CTOPS_BENCH_SERVER_JAVA_OPTS") else ""))
        self.process = subprocess.Popen([os.path.join(self.home, "bin", "ctops")], env=env,
                                        stdout=open(self.log, "a"), stderr=subprocess.STDOUT)
        if wait:
            self.wait_ready()

    def wait_ready(self, timeout=180):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"bench: the server exited ({self.process.returncode}); see {self.log}")
            if http_status(f"http://127.0.0.1:{HTTP_PORT}/healthz") == 200:
                return
            time.sleep(0.5)
        sys.exit(f"bench: the server was not ready within {timeout} s; see {self.log}")

    def stop(self):
        """SIGTERM, up to 60 s, then SIGKILL; returns the CPU seconds the JVM used in all (read from its zombie)."""
        if not self.process or self.process.poll() is not None:
            return None
        pid = self.process.pid
        self.process.send_signal(signal.SIGTERM)
        deadline, cpu = time.time() + 60, 0.0
        while time.time() < deadline:
            try:
                stat = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
            except OSError:
                break
            cpu = (int(stat[11]) + int(stat[12])) / TICKS  # a zombie still shows its final times
            if stat[0] in ("Z", "X"):
                break
            time.sleep(0.05)
        try:
            self.process.wait(max(0.1, deadline - time.time()))
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        return cpu

    def pid(self):
        return self.process.pid

    def seed(self):
        """An organisation, an admin with an API key and an auto-approve token, straight into the database."""
        self.pg.sql(f"""
            WITH o AS (INSERT INTO organisation (name) VALUES ('bench') RETURNING id),
                 u AS (INSERT INTO app_user (org_id, email, display_name, role, password_hash)
                       SELECT id, 'bench@example.com', 'Bench', 'org_admin', 'not-a-password-hash' FROM o RETURNING id, org_id),
                 k AS (INSERT INTO api_key (org_id, user_id, name, secret_sha256, secret_prefix)
                       SELECT org_id, id, 'bench', sha256(convert_to('{API_KEY}', 'UTF8')), 'ctops_ak_bench' FROM u)
            INSERT INTO enrolment_token (org_id, name, secret_sha256, secret_prefix, auto_approve, created_by)
            SELECT id, 'bench', sha256(convert_to('{TOKEN}', 'UTF8')), 'ctops_et_bench', true, 'bench' FROM o""")
        ca = os.path.join(os.path.dirname(self.data), "agent-ca.pem")
        pem = self.pg.sql("SELECT certificate_pem FROM stored_certificate WHERE purpose = 'agent-ca' AND active")
        with open(ca, "w") as f:
            f.write(subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "observer", "-d", "ctops",
                                    "-AtqX", "-c", "SELECT certificate_pem FROM stored_certificate "
                                                   "WHERE purpose = 'agent-ca' AND active"],
                                   capture_output=True, text=True, check=True).stdout)
        return ca

    def queue_lag(self):
        text = http_text(f"http://127.0.0.1:{HTTP_PORT}/metrics") or ""
        return sum(float(v) for v in re.findall(r"^ctops_queue_lag\{[^}]*\} ([0-9.eE+]+)", text, re.M))

    def jcmd(self, *command):
        return subprocess.run(["jcmd", str(self.pid()), *command], capture_output=True, text=True).stdout


def http_status(url):
    import urllib.request, urllib.error
    try:
        with urllib.request.urlopen(url, timeout=3) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code
    except Exception:
        return None


def http_text(url):
    import urllib.request
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode()
    except Exception:
        return None


# ---------------------------------------------------------------- the load generator

class Loadtest:
    def __init__(self, agent_home, workdir, name, ca, agents, interval, ramp, duration, status_every=5, heap="3g",
                 extra=()):
        self.status = os.path.join(workdir, f"{name}-status.json")
        self.json = os.path.join(workdir, f"{name}.json")
        self.agents_file = os.path.join(workdir, f"{name}-agents.csv")
        self.log = os.path.join(workdir, f"{name}.log")
        for f in (self.status, self.json, self.agents_file):
            if os.path.exists(f):
                os.remove(f)
        self.run_id = re.sub(r"[^a-z0-9]", "", name.lower())[:10] + str(int(time.time()) % 100000)
        self.command = [os.path.join(agent_home, "bin", "ctops-agent"), "loadtest", "--address", f"localhost:{GRPC_PORT}",
                        "--token", TOKEN, "--ca-cert", ca, "--agents", str(agents), "--interval", str(interval),
                        "--ramp", str(ramp), "--duration", str(duration), "--run-id", self.run_id,
                        "--json", self.json, "--status-file", self.status, "--agents-file", self.agents_file,
                        "--status-every", str(status_every), "--register-concurrency", "8", *extra]
        self.env = dict(os.environ, CT_OPS_LOADTEST_HEAP=heap)
        self.process = None

    def start(self):
        self.process = subprocess.Popen(self.command, env=self.env, stdout=open(self.log, "w"), stderr=subprocess.STDOUT)
        return self

    def live(self):
        try:
            return json.load(open(self.status))
        except (OSError, ValueError):
            return {}

    def wait(self, timeout=None):
        self.process.wait(timeout)
        return json.load(open(self.json))

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def pid(self):
        return self.process.pid

    def wait_for(self, condition, timeout, what):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the load generator exited while waiting for {what}; see {self.log}")
            live = self.live()
            if live and condition(live):
                return live
            time.sleep(0.5)
        raise RuntimeError(f"timed out after {timeout} s waiting for {what}: {self.live()}")


# ---------------------------------------------------------------- commit latency

class CommitLatency:
    """Samples heartbeat -> committed row latency while the fleet runs.

    With the monitoring plugin's raw metrics table present, from its rows; until then from the host row
    that VitalsBatcher updates (vitals_at = the heartbeat's sent_at, commit time from track_commit_timestamp).
    """

    def __init__(self, pg, prefix):
        self.pg, self.prefix = pg, prefix
        self.samples, self.seen, self.timed = [], {}, []
        self.table = self.metrics_table()
        self.source = (f"{self.table[0]} rows ({self.table[2]} -> commit timestamp)" if self.table
                       else "host.vitals_at -> commit of the host row (VitalsBatcher); the monitoring plugin's metrics "
                            "table does not exist yet")
        self.stop_flag = threading.Event()
        self.thread = threading.Thread(target=self.loop, daemon=True)

    def metrics_table(self):
        """The monitoring plugin's raw per-heartbeat table (monitoring_sample: host_id, ts), or None."""
        rows = self.pg.sql("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                           "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition "
                           "AND c.relname IN ('monitoring_sample', 'metrics_raw') ORDER BY c.relname DESC")
        for (name,) in rows:
            cols = {c for (c,) in self.pg.sql(f"SELECT column_name FROM information_schema.columns WHERE table_name = '{name}'")}
            time_col = next((c for c in ("ts", "collected_at", "time", "sampled_at") if c in cols), None)
            if "host_id" in cols and time_col:
                return name, "host_id", time_col
        return None

    def start(self):
        # only heartbeats sent from now on: the ramp's rows are not the hold's latency
        self.started_at = self.pg.sql("SELECT now()")[0][0]
        self.thread.start()
        return self

    def loop(self):
        while not self.stop_flag.wait(2.0):
            try:
                self.poll()
            except Exception as e:  # noqa: a failed poll only costs samples
                log("commit latency poll failed:", e)

    def poll(self):
        if self.table:
            # by commit time, not by ts: a row committed late may carry an earlier ts than one already seen,
            # and skipping those would leave out exactly the slow commits
            name, _, time_col = self.table
            since = getattr(self, "since", None)
            rows = self.pg.sql(f"SELECT m.host_id, m.{time_col}, "
                               f"extract(epoch FROM pg_xact_commit_timestamp(m.xmin) - m.{time_col}) * 1000, "
                               f"pg_xact_commit_timestamp(m.xmin), extract(epoch FROM pg_xact_commit_timestamp(m.xmin)) "
                               f"FROM {name} m JOIN host h ON h.id = m.host_id "
                               f"WHERE h.hostname LIKE '{self.prefix}%' AND m.{time_col} > now() - interval '60 seconds' "
                               f"AND m.{time_col} >= '{self.started_at}'::timestamptz"
                               + (f" AND pg_xact_commit_timestamp(m.xmin) >= '{since}'::timestamptz - interval '1 second'"
                                  if since else "") + " ORDER BY 4")
            for host, ts, latency, committed, committed_epoch in rows:
                if latency and (host, ts) not in self.seen:
                    self.seen[(host, ts)] = time.time()
                    self.samples.append(float(latency))
                    self.timed.append((float(committed_epoch), float(latency)))
            if rows:
                self.since = rows[-1][3]
            cutoff = time.time() - 120
            self.seen = {k: t for k, t in self.seen.items() if t > cutoff}
            return
        rows = self.pg.sql("SELECT id, extract(epoch FROM vitals_at) * 1000, "
                           "extract(epoch FROM pg_xact_commit_timestamp(xmin) - vitals_at) * 1000 "
                           f"FROM host WHERE hostname LIKE '{self.prefix}%' AND vitals_at IS NOT NULL")
        for host, vitals_at, latency in rows:
            if self.seen.get(host) != vitals_at and latency:
                if host in self.seen:  # the first sight may be old
                    self.samples.append(float(latency))
                self.seen[host] = vitals_at

    def finish(self):
        self.stop_flag.set()
        self.thread.join()
        s = sorted(self.samples)
        pct = lambda p: round(s[min(len(s) - 1, int(len(s) * p / 100))], 1) if s else None
        return {"source": self.source, "samples": len(s), "p50_ms": pct(50), "p99_ms": pct(99), "max_ms": pct(100),
                "timeline": self.timeline()}

    def timeline(self, bucket_s=10):
        """p99 and max per 10 s of commit time: whether the tail is spread or comes in bursts (and when)."""
        if not self.timed:
            return None
        start = float(self.pg.sql(f"SELECT extract(epoch FROM '{self.started_at}'::timestamptz)")[0][0])
        buckets = {}
        for committed, latency in self.timed:
            at = int((committed - start) // bucket_s) * bucket_s
            buckets.setdefault(at, []).append(latency)
        out = []
        for at in sorted(buckets):
            v = sorted(buckets[at])
            out.append({"from_s": at, "rows": len(v), "p99_ms": round(v[min(len(v) - 1, int(len(v) * 0.99))], 1),
                        "max_ms": round(v[-1], 1)})
        return out


def drain_queue(server, timeout=60):
    """Waits until the consumers caught up (queue lag 0 on /metrics), so rows still queued are not counted lost."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if server.queue_lag() == 0:
            return True
        time.sleep(1)
    return False


def lost_rows(pg, run, table):
    """Acknowledged heartbeats whose data is not in the database (see CommitLatency for which table).

    Returns (lost, extra, method): with the monitoring table, lost = acknowledged heartbeats without a row and
    extra = rows beyond what the agent sent (acknowledged + failed: a failed one may have been stored before its
    answer was lost), both per virtual agent; either is a difference the benchmark reports as a failure.
    """
    agents = {}
    for line in open(run.agents_file).read().splitlines()[1:]:
        hostname, _, acked, failed, last_sent = line.split(",")
        agents[hostname] = (int(acked), int(failed), int(last_sent))
    prefix = "lt-" + run.run_id + "-"
    if table:
        name, host_col, _ = table
        rows = dict(pg.sql(f"SELECT h.hostname, count(m.{host_col}) FROM host h LEFT JOIN {name} m ON m.{host_col} = h.id "
                           f"WHERE h.hostname LIKE '{prefix}%' GROUP BY 1"))
        lost = sum(max(0, acked - int(rows.get(h, 0))) for h, (acked, _, _) in agents.items())
        extra = sum(max(0, int(rows.get(h, 0)) - acked - failed) for h, (acked, failed, _) in agents.items())
        return lost, extra, (f"acknowledged heartbeats minus {name} rows, per virtual agent (extra: rows beyond "
                             "acknowledged + failed)")
    rows = dict(pg.sql(f"SELECT hostname, coalesce(floor(extract(epoch FROM vitals_at) * 1000)::bigint, 0) FROM host "
                       f"WHERE hostname LIKE '{prefix}%'"))
    lost = sum(1 for h, (acked, _, last) in agents.items() if acked > 0 and int(rows.get(h, 0)) < last)
    return lost, None, ("hosts whose row does not show their last acknowledged heartbeat (host row holds only the latest "
                        "vitals; per-heartbeat rows need the monitoring plugin's table)")


# ---------------------------------------------------------------- benchmarks

def fleet(args, work, server_tar, agent_home):
    pg = Postgres(work)
    pg.start()
    server = Server(server_tar, work, pg)
    try:
        server.start()
        ca = server.seed()
        extra = ["--misbehave", args.misbehave, "--misbehaving", str(args.misbehaving)] if args.misbehave else []
        run = Loadtest(agent_home, work, "fleet", ca, args.agents, 10, args.ramp, args.hold, extra=extra).start()
        sampler = None
        run.wait_for(lambda s: s.get("phase") == "hold", args.ramp + 600, "the hold phase")
        sampler = CommitLatency(pg, "lt-" + run.run_id + "-").start()
        # measured over a window inside the hold, so the ramp's registrations and the streams closing at the
        # end (offline transitions) are not counted as steady state
        window = max(10, args.hold - 5)
        t0 = time.time()
        cpu0 = (cpu_seconds(server.pid()), tree_cpu_seconds(pg.pid()))
        stmt0, xact0 = pg.statements(), pg.transactions()
        time.sleep(window)
        elapsed = time.time() - t0
        cpu1 = (cpu_seconds(server.pid()), tree_cpu_seconds(pg.pid()))
        stmt1, xact1 = pg.statements(), pg.transactions()
        live = run.live()
        server_rss_mb, _ = rss_pss_mb(server.pid())  # before the streams close at the end of the hold
        summary = run.wait(args.hold + 120)
        time.sleep(3)  # one more vitals flush
        drained = drain_queue(server)
        latency = sampler.finish()
        lost, extra, lost_how = lost_rows(pg, run, sampler.table or sampler.metrics_table())
        hold = summary["hold"]
        acked = max(1, hold["heartbeats_per_s"] * elapsed)  # heartbeats acknowledged in the window, at the hold's rate
        connected = max(1, live.get("streams", summary["active_at_end"]))
        top = pg.sql("SELECT calls, left(regexp_replace(query, '\\s+', ' ', 'g'), 90) FROM pg_stat_statements s "
                     "JOIN pg_roles r ON r.oid = s.userid WHERE r.rolname <> 'observer' ORDER BY calls DESC LIMIT 6")
        slowest = pg.sql("SELECT calls, round(mean_exec_time::numeric, 1), round(max_exec_time::numeric, 1), "
                         "round(total_exec_time::numeric), left(regexp_replace(query, '\\s+', ' ', 'g'), 90) "
                         "FROM pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid WHERE r.rolname <> 'observer' "
                         "ORDER BY max_exec_time DESC LIMIT 8")
        result = {
            "agents": args.agents, "interval_s": 10, "ramp_s": args.ramp, "hold_s": round(summary["hold_s"], 1),
            "registered": summary["registered"], "active_at_end": summary["active_at_end"],
            "heartbeats_per_s": round(hold["heartbeats_per_s"], 1),
            "heartbeats_failed": summary["heartbeats_failed"], "reconnects": summary["reconnects"],
            "errors": summary["errors"], "rtt_ms": hold["rtt_ms"],
            "commit_latency": latency, "lost_rows": lost, "extra_rows": extra, "lost_rows_method": lost_how,
            "queue_drained_before_count": drained,
            "server_cpu_ms_per_heartbeat": round((cpu1[0] - cpu0[0]) * 1000 / acked, 3),
            "postgres_cpu_ms_per_heartbeat": round((cpu1[1] - cpu0[1]) * 1000 / acked, 3),
            "loadgen_cpu_ms_per_heartbeat": round(hold["loadgen_cpu_ms_per_heartbeat"], 3),
            "server_cpu_percent_of_core": round((cpu1[0] - cpu0[0]) * 100 / elapsed, 1),
            "postgres_cpu_percent_of_core": round((cpu1[1] - cpu0[1]) * 100 / elapsed, 1),
            "loadgen_cpu_percent_of_core": round(hold["loadgen_cpu_s"] * 100 / max(1, summary["hold_s"]), 1),
            "measured_window_s": round(elapsed, 1),
            "db_statements_per_agent_s": round((stmt1 - stmt0) / elapsed / connected, 4),
            "db_transactions_per_agent_s": round((xact1 - xact0) / elapsed / connected, 4),
            "db_statements_source": "pg_stat_statements (server's statements only; the benchmark's own queries excluded)",
            "top_statements": [{"calls": int(c), "query": q} for c, q in top],
            "slowest_statements": [{"calls": int(c), "mean_ms": float(m), "max_ms": float(x), "total_ms": int(t), "query": q}
                                   for c, m, x, t, q in slowest],
            "queue_lag_at_end": server.queue_lag(),
            "server_rss_mb_end_of_hold": round(server_rss_mb, 1),
        }
        if args.misbehave:
            # what the server answered the bad clients; every figure above is the well-behaved agents' alone
            result["misbehaving_per_kind"] = args.misbehaving
            result["misbehaving"] = summary.get("misbehaving")
        if lost or extra:
            log(f"fleet: FAILED: {lost} acknowledged heartbeats without a row, {extra} rows beyond what was sent "
                f"({lost_how})")
        result["rows_match"] = not lost and not extra
        meets = (result["heartbeats_failed"] == 0 and lost == 0 and not extra and hold["rtt_ms"]["p99"] <= 50
                 and (latency["p99_ms"] or 1e9) <= 2000)
        result["meets_latency_targets"] = meets
        return result
    finally:
        server.stop()
        pg.stop()


IDLE_STATEMENTS_WINDOW_S = 60


def idle_memory(args, work, server_tar, agent_home):
    pg = Postgres(work)
    pg.start()
    server = Server(server_tar, work, pg, nmt=True)
    points = []
    try:
        server.start()
        ca = server.seed()
        time.sleep(5)

        def measure(n):
            server.jcmd("GC.run")
            time.sleep(2)
            server.jcmd("GC.run")
            heap = server.jcmd("GC.heap_info")
            used = re.search(r"used (\d+)K", heap)
            nmt = server.jcmd("VM.native_memory", "summary")
            total = re.search(r"Total: reserved=\d+KB, committed=(\d+)KB", nmt)
            heap_nmt = re.search(r"Java Heap \(reserved=\d+KB, committed=(\d+)KB", nmt)
            rss, _ = rss_pss_mb(server.pid())
            point = {"agents": n, "heap_used_after_gc_kb": int(used.group(1)) if used else None,
                     "nmt_committed_kb": int(total.group(1)) if total else None,
                     "nmt_non_heap_committed_kb": (int(total.group(1)) - int(heap_nmt.group(1))) if total and heap_nmt else None,
                     "rss_mb": round(rss, 1)}
            log("idle memory:", point)
            return point

        points.append(measure(0))
        for n in args.idle_agents:
            run = Loadtest(agent_home, work, f"idle{n}", ca, n, 3600, args.idle_ramp, 0).start()
            try:
                run.wait_for(lambda s: s.get("active", 0) >= n * 0.995 and s.get("phase") == "hold",
                             args.idle_ramp + 900, f"{n} idle agents")
                time.sleep(5)
                # what the server asks of the database while agents are connected and none is due
                stmt0, xact0, t0 = pg.statements(), pg.transactions(), time.time()
                time.sleep(IDLE_STATEMENTS_WINDOW_S)
                elapsed = time.time() - t0
                point = measure(n)
                point["connected"] = run.live().get("streams")
                point["db_statements_per_s"] = round((pg.statements() - stmt0) / elapsed, 2)
                point["db_transactions_per_s"] = round((pg.transactions() - xact0) / elapsed, 2)
                points.append(point)
            finally:
                run.stop()
            time.sleep(5)
    finally:
        server.stop()
        pg.stop()

    def slope(key):
        xs = [p["agents"] for p in points if p.get(key) is not None]
        ys = [p[key] * 1024 for p in points if p.get(key) is not None]
        if len(xs) < 2:
            return None
        mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
        return round(sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs))

    heap_slope = slope("heap_used_after_gc_kb")
    native_slope = slope("nmt_non_heap_committed_kb")
    return {"points": points, "heap_bytes_per_agent": heap_slope, "native_non_heap_bytes_per_agent": native_slope,
            "bytes_per_agent": (heap_slope or 0) + (native_slope or 0),
            "method": "least-squares slope over the points: heap used after a full GC + NMT committed outside the heap; "
                      f"db_statements_per_s: the server's statements (pg_stat_statements) over {IDLE_STATEMENTS_WINDOW_S} s "
                      "with the agents connected and no heartbeat due"}


def reconnect_storm(args, work, server_tar, agent_home):
    pg = Postgres(work)
    pg.start()
    server = Server(server_tar, work, pg)
    n = args.storm_agents
    try:
        server.start()
        ca = server.seed()
        run = Loadtest(agent_home, work, "storm", ca, n, 10, args.storm_ramp, 0, status_every=1).start()
        try:
            run.wait_for(lambda s: s.get("active", 0) >= n * 0.99 and s.get("phase") == "hold",
                         args.storm_ramp + 900, f"{n} agents heartbeating")
            time.sleep(5)
            log(f"reconnect storm: restarting the server under {n} agents")
            old_cpu = cpu_seconds(server.pid(), children=False)
            t0 = time.time()
            old_total = server.stop()
            stopped = time.time() - t0
            server.start(wait=False)
            run.wait_for(lambda s: s.get("active", n) < n * 0.5, 120, "agents to notice the restart")
            server.wait_ready()
            ready = time.time() - t0
            cpu_ready = cpu_seconds(server.pid(), children=False)
            run.wait_for(lambda s: s.get("active", 0) >= n * 0.99, 600, "99% heartbeating again")
            seconds = time.time() - t0
            cpu_new = cpu_seconds(server.pid(), children=False)
            live = run.live()
            # CPU of the server JVMs from SIGTERM to 99 %: the old one's stop + the new one's start and storm
            stop_cpu = max(0.0, (old_total or old_cpu) - old_cpu)
            cpu = {"server_cpu_s_stop": round(stop_cpu, 1), "server_cpu_s_start_to_ready": round(cpu_ready, 1),
                   "server_cpu_s_start_to_99pct": round(cpu_new, 1), "server_cpu_s_storm": round(stop_cpu + cpu_new, 1)}
            log(f"reconnect storm: stopped {stopped:.1f} s, ready {ready:.1f} s, 99 % {seconds:.1f} s after SIGTERM; "
                f"server CPU {cpu}")
        finally:
            run.stop()
        log_text = open(server.log, errors="replace").read()
        return {"agents": n, "seconds_to_99pct": round(seconds, 1), "server_stop_s": round(stopped, 1),
                "server_ready_s": round(ready, 1), "reconnects": live.get("reconnects"), **cpu,
                "method": "seconds from SIGTERM of the old server; server_cpu_s_* = utime+stime of the server JVMs",
                "out_of_memory": "OutOfMemoryError" in log_text,
                "pool_exhaustion": bool(re.search(r"Connection is not available|pool.*exhaust", log_text, re.I))}
    finally:
        server.stop()
        pg.stop()


def queue(args, work):
    """JMH (benchmarks/jmh): publish + consume, 1 producer (publishAsync) + 1 consumer (poll/commit), ~200-byte records."""
    jar = os.path.join(ROOT, "benchmarks", "jmh", "target", "ctops-benchmarks-jmh.jar")
    log("building the JMH benchmarks: mvn -B -q -pl benchmarks/jmh -am package -DskipTests")
    subprocess.run(["mvn", "-B", "-q", "-pl", "benchmarks/jmh", "-am", "package", "-DskipTests"], cwd=ROOT, check=True)
    include = "WalQueueBenchmark|KafkaQueueBenchmark" if args.kafka else "WalQueueBenchmark"
    raw = os.path.join(work, "jmh.json")
    sizes = ["-wi", "3", "-w", "3s", "-i", "3", "-r", "3s"] if args.quick else []  # C2 needs a few s on a busy machine
    run = subprocess.run(["java", "-jar", jar, include, "-rf", "json", "-rff", raw] + sizes,
                         capture_output=True, text=True, cwd=work)
    print(run.stdout[-8000:], run.stderr[-2000:] if run.returncode else "", flush=True)
    if run.returncode:
        raise RuntimeError(f"JMH exited with {run.returncode}")
    result = {"method": "JMH 1.37 (benchmarks/jmh): 1 producer publishing ~200-byte records with publishAsync, 1 consumer "
                        "polling (500 at most) and committing, the producer at most 20,000 records ahead; WalQueueBenchmark "
                        "(local WAL, fsync never / always with group commit) and KafkaQueueBenchmark (queue-kafka backend, "
                        "a real 1-node KRaft broker started by the benchmark, acks=all)"}
    for entry in json.load(open(raw)):
        metric = entry["primaryMetric"]
        score, error = round(metric["score"]), round(metric.get("scoreError") or 0)
        if entry["benchmark"].endswith("WalQueueBenchmark.publishAndConsume"):
            name = "local_nofsync" if entry["params"]["fsync"] == "NEVER" else "local_fsync"
        elif entry["benchmark"].endswith("KafkaQueueBenchmark.publishAndConsume"):
            name = "kafka"
        else:
            continue
        result[f"{name}_records_per_s"] = score
        result[f"{name}_records_per_s_error"] = error
    return result


def agent_footprint(args, work, server_tar, agent_home):
    pg = Postgres(work)
    pg.start()
    server = Server(server_tar, work, pg)
    agent = None
    try:
        server.start()
        ca = server.seed()
        data = os.path.join(work, "agent-data")
        shutil.rmtree(data, ignore_errors=True)
        os.makedirs(data)
        config = os.path.join(work, "agent.toml")
        with open(config, "w") as f:
            f.write(f'[ingest]\naddress = "localhost:{GRPC_PORT}"\nca_cert_file = "{ca}"\n'
                    f'[agent]\norg_token = "{TOKEN}"\ndata_dir = "{data}"\nheartbeat_interval_secs = 10\n')
        env = dict(os.environ, CT_OPS_AGENT_CDS_DIR=os.path.join(data, "cds"))
        command = [os.path.join(agent_home, "bin", "ctops-agent"), "run", "--config", config]
        if args.agent_train_cds:
            # the first run writes the class-data-sharing archive at its exit; the measured run maps it
            trainer = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=open(os.path.join(work, "agent-cds.log"), "w"))
            time.sleep(25)
            trainer.send_signal(signal.SIGTERM)
            trainer.wait(60)
        agent = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=open(os.path.join(work, "agent.log"), "w"))
        time.sleep(args.agent_warmup)
        pid = agent.pid
        c0, t0 = cpu_seconds(pid), time.time()
        samples = []
        while time.time() - t0 < args.agent_duration:
            time.sleep(5)
            samples.append(rss_pss_mb(pid))
        cpu = (cpu_seconds(pid) - c0) / (time.time() - t0) * 100
        rss = max(s[0] for s in samples)
        pss = max(s[1] or 0 for s in samples)
        return {"interval_s": 10, "warmup_s": args.agent_warmup, "duration_s": args.agent_duration,
                "rss_mb": round(rss, 1), "pss_mb": round(pss, 1), "cpu_percent_of_core": round(cpu, 3),
                "cds_archive_trained": args.agent_train_cds,
                "launcher": "bin/ctops-agent as shipped (see agent/README.md for its JVM settings)"}
    finally:
        if agent and agent.poll() is None:
            agent.send_signal(signal.SIGTERM)
            agent.wait(60)
        server.stop()
        pg.stop()


BENCHMARKS = ["queue", "agent", "fleet", "idle", "storm"]


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("benchmarks", nargs="*", default=BENCHMARKS, help="any of " + ", ".join(BENCHMARKS))
    p.add_argument("--quick", action="store_true", help="small sizes and short durations (~10-15 min in all)")
    p.add_argument("--agents", type=int, help="fleet: virtual agents (default 19000; quick 1000)")
    p.add_argument("--ramp", type=int, help="fleet: ramp seconds (default 300; quick 120)")
    p.add_argument("--hold", type=int, help="fleet: hold seconds (default 600; quick 90)")
    p.add_argument("--misbehave", help="fleet: also run bad clients of these kinds next to the agents "
                                       "(fast,oversized,slow-reader,silent-tls; passed to loadtest --misbehave)")
    p.add_argument("--misbehaving", type=int, default=10, help="fleet: bad clients of each kind (default 10)")
    p.add_argument("--idle-agents", type=lambda s: [int(x) for x in s.split(",")],
                   help="idle memory: agent counts besides 0 (default 5000,10000,19000; quick 500,1500)")
    p.add_argument("--storm-agents", type=int, help="reconnect storm: agents (default 10000; quick 1000)")
    p.add_argument("--no-kafka", dest="kafka", action="store_false", help="queue: skip the Kafka benchmark")
    p.add_argument("--agent-duration", type=int, help="agent footprint: measured seconds (default 600; quick 60)")
    a = p.parse_args()
    q = a.quick
    a.agents = a.agents or (1000 if q else 19000)
    a.ramp = a.ramp or (120 if q else 300)
    a.hold = a.hold or (90 if q else 600)
    a.idle_agents = a.idle_agents or ([500, 1500] if q else [5000, 10000, 19000])
    a.idle_ramp = 30 if q else 240
    a.storm_agents = a.storm_agents or (1000 if q else 10000)
    a.storm_ramp = 30 if q else 240
    a.agent_duration = a.agent_duration or (60 if q else 600)
    a.agent_warmup = 20 if q else 60
    a.agent_train_cds = not q

    os.makedirs(OUT, exist_ok=True)
    info = machine()
    log(f"machine: {info['cores']} cores, {info['memory_gb']} GB, {info['cpu']}")
    commit = source_commit()  # before the runs: a commit made while they run is not what they measured
    server_tar, agent_tar = ensure_tarballs()
    agent_home = unpack(agent_tar, os.path.join(OUT, "agent"))
    for name in a.benchmarks:
        work = os.path.join(OUT, name)
        os.makedirs(work, exist_ok=True)
        started = time.time()
        log(f"--- {name}")
        try:
            if name == "fleet":
                result = fleet(a, work, server_tar, agent_home)
            elif name == "idle":
                result = idle_memory(a, work, server_tar, agent_home)
            elif name == "storm":
                result = reconnect_storm(a, work, server_tar, agent_home)
            elif name == "queue":
                result = queue(a, work)
            elif name == "agent":
                result = agent_footprint(a, work, server_tar, agent_home)
            else:
                sys.exit(f"bench: unknown benchmark {name}")
        except Exception as e:  # keep going: one broken benchmark must not lose the others' figures
            log(f"{name} failed: {e}")
            result = {"failed": str(e)}
        result["machine"] = info
        result["seconds"] = round(time.time() - started)
        result["date"] = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
        result["quick"] = q
        result["command"] = " ".join(["benchmarks/run-all"] + sys.argv[1:])  # BENCHMARKS.md names the runs behind it
        result["commit"] = commit
        os.makedirs(RUNS, exist_ok=True)
        with open(os.path.join(RUNS, f"{name}.json"), "w") as f:
            json.dump(result, f, indent=2)
            f.write("\n")
        log(f"{name} ({info['cores']} cores, {info['memory_gb']} GB):", json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
