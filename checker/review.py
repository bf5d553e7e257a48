"""The finance reviewers' record: lines, append-only decisions chained by hash, the gate.

SQLite, in WAL mode with short transactions and retries on busy, so that two reviewers
deciding at the same moment lose nothing. A decision is never updated or deleted: a change
of mind is a new decision that supersedes the old. Each decision's hash covers its fields
and the hash of the one before it, so `audit verify` finds an edited or deleted record.
"""
from __future__ import annotations

import base64
import getpass
import hashlib
import json
import os
import random
import sqlite3
import time
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

SCHEMA_VERSION = 3
ACTIONS = ("approve", "reject", "return")
GENESIS = "0" * 64
NETWORK_FS = {"nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "fuse.sshfs", "afs", "ncpfs", "glusterfs", "ceph"}
DEFAULT_DB = "svccheck-review.sqlite"

_SCHEMA_V1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE lines (
    line_id TEXT PRIMARY KEY,
    department TEXT NOT NULL,
    item TEXT NOT NULL,
    code TEXT NOT NULL,
    amount TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    verdict TEXT NOT NULL,
    severity TEXT,
    result TEXT NOT NULL
);
CREATE TABLE submissions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    file TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    submitted_at TEXT NOT NULL,
    lines INTEGER NOT NULL
);
CREATE TABLE decisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    line_id TEXT NOT NULL REFERENCES lines(line_id),
    action TEXT NOT NULL CHECK (action IN ('approve', 'reject', 'return')),
    code TEXT,
    reason TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    decided_at TEXT NOT NULL,
    answers TEXT NOT NULL,
    catalog TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE
);
CREATE INDEX decisions_line ON decisions(line_id, id);
"""

# Each entry takes the schema from version N to N+1.
_MIGRATIONS = {
    1: """
ALTER TABLE submissions ADD COLUMN catalog TEXT NOT NULL DEFAULT '';
CREATE INDEX submissions_sha ON submissions(sha256);
""",
    # The decided facts of a line as columns, so that decisions, the gate and suggestions read
    # them rather than a rendered record (`result` stays, for the report's history).
    2: """
ALTER TABLE lines ADD COLUMN sectors TEXT NOT NULL DEFAULT '[]';
ALTER TABLE lines ADD COLUMN matched_code TEXT;
ALTER TABLE lines ADD COLUMN matched_sector TEXT;
ALTER TABLE lines ADD COLUMN score REAL;
ALTER TABLE lines ADD COLUMN findings TEXT NOT NULL DEFAULT '[]';
ALTER TABLE lines ADD COLUMN catalog TEXT NOT NULL DEFAULT '';
""",
}


class ReviewError(Exception):
    """The review database cannot be used (exit 2)."""


class UnknownLine(ReviewError):
    """A decision names a line that is not recorded in the store."""


@dataclass(frozen=True)
class Decision:
    """One recorded decision."""

    id: int
    line_id: str
    action: str
    code: str | None
    reason: str
    reviewer: str
    decided_at: str
    answers: list[str]
    catalog: str
    prev_hash: str
    hash: str

    def to_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def default_reviewer() -> str:
    """$SVCCHECK_REVIEWER, else the login name."""
    try:
        return os.environ.get("SVCCHECK_REVIEWER") or getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def now() -> str:
    """UTC time, ISO 8601 with microseconds."""
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def _norm(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text or "").split())


def _amount_text(amount) -> str:
    return "" if amount is None else format(amount.normalize(), "f")


def line_ids(results) -> list[str]:
    """A short stable id per line from its department, item, code and amount.

    Reordering a file keeps every id; a line repeated word for word gets `-2`, `-3` … in the
    order the copies appear, so each line of a file still has its own id.
    """
    seen: dict[str, int] = {}
    out = []
    for r in results:
        key = "\x1f".join((_norm(r.department), _norm(r.item), _norm(r.given_code), _amount_text(r.amount_wan)))
        digest = hashlib.sha256(key.encode("utf-8")).digest()
        base = "L" + base64.b32encode(digest[:7]).decode("ascii").rstrip("=")[:10]
        seen[base] = seen.get(base, 0) + 1
        out.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return out


def decision_hash(prev_hash: str, record: dict) -> str:
    """The chained hash of a decision: its fields (canonical JSON) after the previous hash."""
    body = json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256((prev_hash + "\n" + body).encode("utf-8")).hexdigest()


def _hashed_fields(d: dict) -> dict:
    return {k: d[k] for k in ("id", "line_id", "action", "code", "reason", "reviewer", "decided_at", "answers",
                              "catalog")}


def is_network_path(path: Path) -> str | None:
    """The filesystem type when `path` lies on a network filesystem (cheap checks only), else None."""
    text = str(path)
    if text.startswith("\\\\") or text.startswith("//"):
        return "UNC share"
    try:
        mounts = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    target = str(path.resolve().parent)
    best, fstype = "", None
    for line in mounts:
        parts = line.split()
        if len(parts) < 3:
            continue
        mount_point = parts[1].replace("\\040", " ")
        if (target == mount_point or target.startswith(mount_point.rstrip("/") + "/")) and len(mount_point) > len(best):
            best, fstype = mount_point, parts[2]
    return fstype if fstype in NETWORK_FS else None


SQLITE_MAGIC = b"SQLite format 3\x00"
RECOVERY = ("To recover: run `svccheck audit verify --db COPY` on a copy, or restore the latest "
            "`svccheck db backup`; do not keep deciding into this file.")



def lock_timeout() -> float:
    """Seconds to wait for another reviewer's write ($SVCCHECK_LOCK_TIMEOUT, default 30)."""
    try:
        return max(0.1, float(os.environ.get("SVCCHECK_LOCK_TIMEOUT", "30")))
    except ValueError:
        return 30.0


class Store:
    """An open review database.

    `create` makes a new store at a path where there is no file; an existing file must be a
    svccheck store and is never overwritten or re-initialised. `read_only` opens it for
    commands that only read (gate, report, audit verify), so a reviewer's read-only copy or
    an archived store on read-only media works.
    """

    def __init__(self, path: Path, create: bool = True, read_only: bool = False, on_wait=None):
        self.path = Path(path)
        self.read_only = read_only
        self.on_wait = on_wait
        network = is_network_path(self.path)
        if network:
            raise ReviewError(f"{self.path}: on a network filesystem ({network}); SQLite's locking is not "
                              "reliable there. Keep the review database on a local disk.")
        exists = self.path.exists()
        self._new = not exists
        if exists:
            self._check_file()
        elif not create or read_only:
            raise ReviewError(f"{self.path}: no review database here; `svccheck review FILE` creates one")
        try:
            self.conn = self._connect(exists)
            self.conn.row_factory = sqlite3.Row
            self._check_integrity()
            self._prepare()
        except sqlite3.DatabaseError as exc:
            raise ReviewError(f"{self.path}: not a usable review database ({exc}). {RECOVERY}") from None

    def _check_file(self) -> None:
        """An existing file is a store or is refused: nothing is re-initialised over it."""
        try:
            with self.path.open("rb") as f:
                head = f.read(len(SQLITE_MAGIC))
        except IsADirectoryError:
            raise ReviewError(f"{self.path}: is a folder, not a review database") from None
        except OSError as exc:
            raise ReviewError(f"{self.path}: cannot read ({exc.strerror})") from None
        if head != SQLITE_MAGIC:
            what = "an empty file" if not head else "not an SQLite file"
            raise ReviewError(f"{self.path}: {what}, not a svccheck review database; it was left untouched. "
                              f"Name another --db, or restore the store from a backup.")

    def _connect(self, exists: bool) -> sqlite3.Connection:
        uri = self.path.resolve().as_uri()
        if self.read_only:
            try:
                conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=lock_timeout(), isolation_level=None)
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
                return conn
            except sqlite3.OperationalError:
                # A store in a folder we cannot write to: WAL needs its -shm file, so read it as
                # an immutable snapshot instead.
                return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, isolation_level=None)
        # A short busy timeout: `transaction` does the waiting itself, so that it can say so.
        conn = sqlite3.connect(f"{uri}?mode={'rw' if exists else 'rwc'}", uri=True, timeout=0.2,
                               isolation_level=None)
        conn.execute("PRAGMA busy_timeout = 200")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        return conn

    def _check_integrity(self) -> None:
        problems = [r[0] for r in self.conn.execute("PRAGMA quick_check")]
        if problems != ["ok"]:
            raise ReviewError(f"{self.path}: the review database is damaged ({'; '.join(problems[:3])}). {RECOVERY}")

    def close(self) -> None:
        self.conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def backup(self, destination: Path) -> int:
        """Copy the store with SQLite's online backup (consistent while others write); the number of decisions."""
        destination = Path(destination)
        tmp = destination.with_name(f".{destination.name}.{os.getpid()}.tmp")
        try:
            target = sqlite3.connect(str(tmp))
            try:
                self.conn.backup(target)
            finally:
                target.close()
            os.replace(tmp, destination)
        except (OSError, sqlite3.Error) as exc:
            tmp.unlink(missing_ok=True)
            raise ReviewError(f"{destination}: cannot write the backup ({exc})") from None
        return self.conn.execute("SELECT count(*) FROM decisions").fetchone()[0]


    # ------------------------------------------------------------------ schema
    def _prepare(self) -> None:
        if self.read_only:
            tables = {r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if "meta" not in tables or "decisions" not in tables:
                raise ReviewError(f"{self.path}: an SQLite file, but not a svccheck review database")
            if self.schema_version() > SCHEMA_VERSION:
                raise ReviewError(f"{self.path}: written by a newer svccheck (schema version "
                                  f"{self.schema_version()}); upgrade svccheck")
            return
        with self.transaction():
            tables = {r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if not tables and self.conn.execute("PRAGMA page_count").fetchone()[0] <= 1 and self._new:
                for statement in _statements(_SCHEMA_V1):
                    self.conn.execute(statement)
                self.conn.execute("INSERT INTO meta(key, value) VALUES ('schema_version', '1')")
                self.conn.execute("INSERT INTO meta(key, value) VALUES ('created_at', ?)", (now(),))
            elif not tables:
                raise ReviewError(f"{self.path}: an SQLite file with no tables, not a svccheck review database")
            elif "meta" not in tables:
                raise ReviewError(f"{self.path}: an SQLite file, but not a svccheck review database")
            version = self.schema_version()
            if version > SCHEMA_VERSION:
                raise ReviewError(
                    f"{self.path}: written by a newer svccheck (schema version {version}; this one reads up to "
                    f"{SCHEMA_VERSION}). Upgrade svccheck; the database was not changed.")
            while version < SCHEMA_VERSION:
                for statement in _statements(_MIGRATIONS[version]):
                    self.conn.execute(statement)
                version += 1
                self.conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(version),))

    def schema_version(self) -> int:
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return int(row[0]) if row else 0

    @contextmanager
    def transaction(self):
        """BEGIN IMMEDIATE … COMMIT, waiting (and saying so once) while another writer holds the lock."""
        if self.read_only:
            raise ReviewError(f"{self.path}: opened read-only; this command does not write")
        deadline = time.monotonic() + lock_timeout()
        told = False
        attempt = 0
        while True:
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                break
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise
                if time.monotonic() >= deadline:
                    raise ReviewError(f"{self.path}: another reviewer's write held the database for more than "
                                      f"{lock_timeout():g} s; nothing was recorded. Try again, or raise "
                                      "SVCCHECK_LOCK_TIMEOUT.") from None
                if not told and self.on_wait is not None:
                    self.on_wait(f"{self.path}: waiting for another reviewer's write to finish…")
                    told = True
                attempt += 1
                time.sleep(min(0.5, 0.02 * attempt) + random.random() * 0.02)
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    # ------------------------------------------------------------------ lines
    def record(self, file: str, sha256: str, reviewer: str, catalog: str, results, ids: list[str]) -> None:
        """Store (or refresh) every line of a checked file and the submission itself."""
        stamp = now()
        rows = []
        for r, line_id in zip(results, ids):
            findings = [{"rule": f.rule, "severity": f.severity, "args": dict(f.args)} for f in r.findings]
            rows.append((line_id, r.department, r.item, r.given_code, _amount_text(r.amount_wan), stamp, stamp,
                         r.verdict, r.severity, json.dumps(r.to_dict(), ensure_ascii=False, default=str),
                         json.dumps(list(r.sectors), ensure_ascii=False), r.code, r.sector, r.score,
                         json.dumps(findings, ensure_ascii=False, default=str), catalog))
        with self.transaction() as conn:
            conn.executemany(
                "INSERT INTO lines(line_id, department, item, code, amount, first_seen, last_seen, verdict, severity,"
                " result, sectors, matched_code, matched_sector, score, findings, catalog)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(line_id) DO UPDATE SET"
                " last_seen=excluded.last_seen, verdict=excluded.verdict, severity=excluded.severity,"
                " result=excluded.result, sectors=excluded.sectors, matched_code=excluded.matched_code,"
                " matched_sector=excluded.matched_sector, score=excluded.score, findings=excluded.findings,"
                " catalog=excluded.catalog", rows)
            conn.execute("INSERT INTO submissions(file, sha256, reviewer, submitted_at, lines, catalog)"
                         " VALUES (?,?,?,?,?,?)", (file, sha256, reviewer, stamp, len(rows), catalog))

    def line(self, line_id: str) -> sqlite3.Row | None:
        return self.conn.execute("SELECT * FROM lines WHERE line_id = ?", (line_id,)).fetchone()

    # ------------------------------------------------------------------ decisions
    def decide(self, line_id: str, action: str, reason: str, reviewer: str, catalog: str,
               code: str | None = None) -> Decision:
        """Append a decision for a line; it supersedes that line's earlier ones."""
        return self.decide_many([line_id], action, reason, reviewer, catalog, code)[0]

    def decide_many(self, line_ids: list[str], action: str, reason: str, reviewer: str, catalog: str,
                    code: str | None = None) -> list[Decision]:
        """Append the same decision for several lines, all or none: every id is checked first, and
        all are recorded in one transaction."""
        if action not in ACTIONS:
            raise ReviewError(f"unknown action {action!r}; use one of {', '.join(ACTIONS)}")
        if not reason.strip():
            raise ReviewError("a decision needs a reason (--reason)")
        out = []
        with self.transaction() as conn:
            lines = {}
            for line_id in line_ids:
                line = conn.execute("SELECT findings FROM lines WHERE line_id = ?", (line_id,)).fetchone()
                if line is None:
                    raise ReviewError(f"no line {line_id} in {self.path}; run `svccheck review FILE` first; "
                                      "nothing was recorded")
                lines[line_id] = line
            last = conn.execute("SELECT hash FROM decisions ORDER BY id DESC LIMIT 1").fetchone()
            prev = last["hash"] if last else GENESIS
            seq = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'decisions'").fetchone()
            next_id = (seq[0] if seq else 0) + 1
            for line_id in line_ids:
                answers = [f["rule"] for f in json.loads(lines[line_id]["findings"])]
                reason_text, decided_at = reason.strip(), now()
                record = {"id": next_id, "line_id": line_id, "action": action, "code": code,
                          "reason": reason_text, "reviewer": reviewer, "decided_at": decided_at, "answers": answers,
                          "catalog": catalog}
                digest = decision_hash(prev, record)
                conn.execute(
                    "INSERT INTO decisions(id, line_id, action, code, reason, reviewer, decided_at, answers, catalog,"
                    " prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    (record["id"], line_id, action, code, record["reason"], reviewer, record["decided_at"],
                     json.dumps(answers), catalog, prev, digest))
                out.append(Decision(next_id, line_id, action, code, reason_text, reviewer, decided_at, answers,
                                    catalog, prev, digest))
                prev, next_id = digest, next_id + 1
            conn.execute("INSERT INTO meta(key, value) VALUES ('chain_head', ?) ON CONFLICT(key) DO UPDATE "
                         "SET value = excluded.value", (prev,))
        return out

    def history(self, line_id: str) -> list[Decision]:
        """Every decision on a line, oldest first."""
        return [_decision(r) for r in self.conn.execute(
            "SELECT * FROM decisions WHERE line_id = ? ORDER BY id", (line_id,))]

    def current(self, line_ids: list[str]) -> dict[str, Decision]:
        """The latest decision of each of these lines that has one."""
        wanted = set(line_ids)
        out: dict[str, Decision] = {}
        for row in self.conn.execute("SELECT * FROM decisions ORDER BY id"):
            if row["line_id"] in wanted:
                out[row["line_id"]] = _decision(row)  # later rows supersede earlier ones
        return out

    def all_decisions(self) -> list[Decision]:
        return [_decision(r) for r in self.conn.execute("SELECT * FROM decisions ORDER BY id")]

    # ------------------------------------------------------------------ audit
    def verify(self) -> tuple[bool, str, str | None, int]:
        """(ok, chain head, description of the first bad record or None, records checked)."""
        prev = GENESIS
        count = 0
        expected_id = 1
        for row in self.conn.execute("SELECT * FROM decisions ORDER BY id"):
            d = _decision(row)
            if d.id != expected_id:
                return False, prev, f"decision {expected_id} is missing (next is {d.id}): records were deleted", count
            if d.prev_hash != prev:
                return False, prev, f"decision {d.id}: its link to the previous record is broken (deleted or edited)", count
            recomputed = decision_hash(prev, _hashed_fields(d.to_dict()))
            if recomputed != d.hash:
                return False, prev, f"decision {d.id}: its content was edited after it was recorded", count
            prev = d.hash
            count += 1
            expected_id += 1
        seq = self.conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'decisions'").fetchone()
        if seq and seq[0] >= expected_id:
            return False, prev, f"decisions {expected_id}…{seq[0]} were deleted from the end of the chain", count
        head = self.conn.execute("SELECT value FROM meta WHERE key = 'chain_head'").fetchone()
        if head is not None and head[0] != prev:
            return False, prev, "the last decisions were removed or replaced (the recorded chain head differs)", count
        return True, prev, None, count


def check_decision(store: Store, cat, line_ids: list[str], action: str, code: str | None) -> None:
    """The checks `decide` makes before anything is written (raises ReviewError): a known action,
    a code only with approve, a level-4 code that is an entry of each line's lists, every line
    recorded in the store. Shared by `svccheck decide` and `svccheck serve`."""
    from . import codes

    if action not in ACTIONS:
        raise ReviewError(f"unknown action {action!r}; use one of {', '.join(ACTIONS)}")
    if not line_ids:
        raise ReviewError("no line ids given; nothing was recorded")
    if code is not None:
        if action != "approve":
            raise ReviewError("--code goes with approve")
        if not codes.WELL_FORMED.match(code) or codes.level_of(code) != 4:
            raise ReviewError(f"--code {code!r}: not a level-4 catalogue code")
    for line_id in line_ids:
        line = store.line(line_id)
        if line is None:
            raise UnknownLine(f"no line {line_id} in {store.path}; run `svccheck review FILE` first; "
                              "nothing was recorded")
        if code is not None:
            sectors = json.loads(line["sectors"]) or [s.name for s in cat.sectors]
            if not any(cat.entry(s, code) for s in sectors):
                raise ReviewError(f"--code {code}: not an entry of {'、'.join(sectors)} (line {line_id}); "
                                  "nothing was recorded")


def _decision(row) -> Decision:
    return Decision(row["id"], row["line_id"], row["action"], row["code"], row["reason"], row["reviewer"],
                    row["decided_at"], json.loads(row["answers"]), row["catalog"], row["prev_hash"], row["hash"])


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


def db_path(option: str | None) -> Path:
    """--db, else $SVCCHECK_DB, else ./svccheck-review.sqlite."""
    return Path(option or os.environ.get("SVCCHECK_DB") or DEFAULT_DB)


# ---------------------------------------------------------------------- the gate

@dataclass
class GateLine:
    """A line that keeps the gate closed, and why."""

    line_id: str
    row: int
    item: str
    verdict: str
    severity: str | None
    reason: str  # in English, for the API and logs; `kind` and `facts` let each language say it
    kind: str = ""  # no-approval | refused | stale
    facts: dict = field(default_factory=dict)

    def say(self, lang: str | None = None) -> str:
        """Why the line blocks, in the language asked for."""
        from .messages import action, default_lang, say

        if not self.kind:
            return self.reason
        facts = dict(self.facts)
        if "action" in facts:
            facts["action"] = action(facts["action"], lang)
        if "what" in facts and (lang or default_lang()) != "en":
            facts["what"] = {"findings": "核对结果", "edition": "目录版本"}[facts["what"]]
        return say(f"gate-{self.kind}", lang, **facts)


def gate(results, ids: list[str], decisions: dict[str, Decision], strict: bool,
         catalog: str | None = None) -> list[GateLine]:
    """The lines that block approval: an error without an approving decision, any line rejected or
    returned, with `strict` a warning or a placement to confirm without an approving decision, and
    an approval given for other findings or under another catalogue edition than the line has now
    (it is stale)."""
    blocking = []
    for r, line_id in zip(results, ids):
        d = decisions.get(line_id)
        if d and d.action in ("reject", "return"):
            blocking.append(GateLine(line_id, r.sheet_row or r.row, r.item, r.verdict, r.severity,
                                     f"{d.action}ed by {d.reviewer}: {d.reason}", "refused",
                                     {"action": d.action, "reviewer": d.reviewer, "reason": d.reason}))
            continue
        if not needs_decision(r, strict):
            continue
        if not (d and d.action == "approve"):
            blocking.append(GateLine(line_id, r.sheet_row or r.row, r.item, r.verdict, r.severity, "no approving decision",
                                     "no-approval"))
            continue
        now_rules = sorted(f.rule for f in r.findings)
        if sorted(d.answers) != now_rules or (catalog is not None and d.catalog != catalog):
            what = "its findings" if sorted(d.answers) != now_rules else "the catalogue edition"
            blocking.append(GateLine(line_id, r.sheet_row or r.row, r.item, r.verdict, r.severity,
                                     f"approved by {d.reviewer} (decision {d.id}) before {what} changed; "
                                     "decide again", "stale",
                                     {"reviewer": d.reviewer, "number": d.id,
                                      "what": "findings" if what == "its findings" else "edition"}))
    return blocking


# Placements the table asks a person to confirm (务必人工确认): a weak name, terms, words.
TO_CONFIRM = frozenset({"MT14", "MT20", "MT21"})


def needs_decision(result, strict: bool) -> bool:
    """Whether a line must be decided before the budget may pass: an error always; with `strict`
    also a warning and a placement to confirm."""
    if result.severity == "error":
        return True
    return strict and (result.severity == "warning" or any(f.rule in TO_CONFIRM for f in result.findings))
