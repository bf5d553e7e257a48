"""`svccheck serve`: a local web page for checking a file and recording the reviewers' decisions.

Starlette + Jinja2 (the optional extra `svccheck[serve]`), server-rendered pages with a little
JavaScript, every asset served from the package (no CDN). Uploaded files are kept in memory
(multipart parts above 1 MB are spooled by Starlette to the temporary folder) and never
written anywhere else; each loaded file is recorded in the review store as `svccheck review`
does. Every request opens its own `Store`, so several reviewers may decide at once. POST
requests need the per-browser CSRF token (cookie + form field or `X-CSRF-Token` header).
"""
from __future__ import annotations

import hashlib
import io
import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from . import catalog as catalog_module
from . import intake, reports, review
from .match import NOT_LINES, Engine, Summary
from .messages import action as action_name, error_text, label, label_markup, on_a_form, say, severity, verdict_name
from .outputs import VERDICT_ZH, verdict_label, verdict_reason

HERE = Path(__file__).parent
MAX_UPLOAD = 20 * 1024 * 1024  # bytes: a county's budget is far below this
MAX_FILES = 32  # loaded files kept in memory; the oldest is forgotten first
CSRF_COOKIE = "svccheck_csrf"
REVIEWER_COOKIE = "svccheck_reviewer"


class TooLarge(Exception):
    pass


class BodyLimit:
    """ASGI middleware: a request body over `limit` bytes is answered 413 (by its Content-Length,
    or while it streams when there is none)."""

    def __init__(self, app, limit: int, lang: str = "zh"):
        self.app, self.limit, self.lang = app, limit, lang

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    too_big = int(value) > self.limit
                except ValueError:
                    too_big = True
                if too_big:
                    return await _too_large(self.limit, self.lang)(scope, receive, send)
        seen = 0
        started = False

        async def counted():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise TooLarge()
            return message

        async def tracked_send(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted, tracked_send)
        except TooLarge:
            if not started:
                await _too_large(self.limit, self.lang)(scope, receive, send)


def _too_large(limit: int, lang: str = "zh") -> Response:
    return PlainTextResponse(label("page-too-large", lang, mb=limit // (1024 * 1024)), status_code=413)


@dataclass
class Loaded:
    """A checked file held in memory."""

    id: str
    name: str
    sha256: str
    columns: list[str]
    results: list
    ids: list[str]
    describe: dict
    catalog: str
    index: dict[str, int] = field(default_factory=dict)  # line id → position


class App:
    """The server's state: the catalogue, one engine, the loaded files, the store's path."""

    def __init__(self, db: Path, catalog_dir: Path | None = None, reviewer: str | None = None,
                 max_upload: int = MAX_UPLOAD, strict: bool = False, lang: str = "zh"):
        self.db = Path(db)
        self.lang = "en" if lang == "en" else "zh"
        self.cat = catalog_module.load(catalog_dir)
        self.engine = Engine(self.cat, self.lang)
        self.engine_lock = threading.Lock()
        self.reviewer = reviewer or review.default_reviewer()
        self.max_upload = max_upload
        self.strict = strict
        self.files: OrderedDict[str, Loaded] = OrderedDict()
        self.files_lock = threading.Lock()

    # ------------------------------------------------------------------ files
    def load(self, data: bytes, name: str, reviewer: str) -> Loaded:
        """Check a file's bytes, record it in the store, keep it in memory (raises intake.InputError)."""
        table = intake._read_bytes(data, name, None, None, None, intake.MAX_ROWS)
        table.sha256 = hashlib.sha256(data).hexdigest()
        with self.engine_lock:
            results = self.engine.run(table)
        ids = review.line_ids(results)
        with self.store(create=True) as store:
            store.record(table.path, table.sha256, reviewer, self.cat.edition_id, results, ids)
        loaded = Loaded(table.sha256[:16], name, table.sha256, list(table.columns), results, ids, table.describe(),
                        self.cat.edition_id, {line_id: i for i, line_id in enumerate(ids)})
        with self.files_lock:
            self.files.pop(loaded.id, None)
            self.files[loaded.id] = loaded
            while len(self.files) > MAX_FILES:
                self.files.popitem(last=False)
        return loaded

    def get(self, file_id: str) -> Loaded | None:
        with self.files_lock:
            return self.files.get(file_id)

    def latest(self) -> Loaded | None:
        with self.files_lock:
            return next(reversed(self.files.values()), None) if self.files else None

    def store(self, create: bool = False, read_only: bool = False) -> review.Store:
        return review.Store(self.db, create=create, read_only=read_only)

    # ------------------------------------------------------------------ review state
    def state(self, f: Loaded) -> dict:
        """Current decisions, the gate and the chain for a file."""
        if not self.db.exists():
            return {"current": {}, "blocking": review.gate(f.results, f.ids, {}, self.strict, f.catalog),
                    "chain_ok": True, "chain_head": review.GENESIS, "chain_problem": None, "decisions": 0}
        with self.store(read_only=True) as store:
            ok, head, problem, count = store.verify()
            current = store.current(f.ids)
        blocking = review.gate(f.results, f.ids, current, self.strict, f.catalog)
        return {"current": current, "blocking": blocking, "chain_ok": ok, "chain_head": head,
                "chain_problem": problem, "decisions": count}

    def gate_dict(self, f: Loaded) -> dict:
        s = self.state(f)
        return _gate_dict(f, s, self.lang)

    def decide(self, line_ids: list[str], action: str, reason: str, code: str | None,
               reviewer: str) -> list[review.Decision]:
        """The same path as `svccheck decide`: every check first, then all recorded in one transaction."""
        if not reviewer.strip():
            raise review.ReviewError("a decision needs a reviewer's name")
        with self.store(create=True) as store:
            review.check_decision(store, self.cat, line_ids, action, code)
            return store.decide_many(line_ids, action, reason, reviewer.strip(), self.cat.edition_id, code)

    def report_data(self, f: Loaded) -> reports.ReportData:
        history: dict[str, list] = {}
        ok, head = True, review.GENESIS
        current: dict = {}
        if self.db.exists():
            with self.store(read_only=True) as store:
                for d in store.all_decisions():
                    history.setdefault(d.line_id, []).append(d)
                ok, head, _, _ = store.verify()
                current = store.current(f.ids)
        return reports.ReportData(f.name, f.catalog, review.now()[:19].replace("T", " ") + " UTC", f.results, f.ids,
                                  history, review.gate(f.results, f.ids, current, self.strict, f.catalog), head, ok,
                                  self.strict)


def _gate_dict(f: Loaded, s: dict, lang: str = "zh") -> dict:
    blocking = s["blocking"]
    passed = s["chain_ok"] and not blocking
    if not s["chain_ok"]:
        text = label("gate-text-broken", lang)
    elif blocking:
        text = label("gate-text-blocked", lang, count=len(blocking))
    else:
        text = label("gate-text-pass", lang)
    return {"file_id": f.id, "pass": passed, "text": text, "chain_ok": s["chain_ok"], "chain_head": s["chain_head"],
            "chain_problem": s["chain_problem"], "decisions": s["decisions"], "lines": len(f.results),
            "blocking": [{"line_id": b.line_id, "row": b.row, "item": b.item, "verdict": b.verdict,
                          "severity": b.severity, "reason": b.reason} for b in blocking]}


# ---------------------------------------------------------------------- helpers

def _csrf(request: Request) -> tuple[str, bool]:
    """The browser's CSRF token, and whether it is new (to be set as a cookie)."""
    token = request.cookies.get(CSRF_COOKIE)
    if token and 20 <= len(token) <= 100 and token.isascii():
        return token, False
    return secrets.token_urlsafe(32), True


def _csrf_ok(request: Request, sent: object) -> bool:
    """Whether the token sent (form field or header) is this browser's cookie token."""
    token = request.cookies.get(CSRF_COOKIE)
    if not token or not isinstance(sent, str) or not sent:
        return False
    return secrets.compare_digest(token.encode("utf-8"), sent.encode("utf-8"))


def _forbidden() -> Response:
    return PlainTextResponse(_both_languages("page-forbidden"), status_code=403)


def _on_the_page(exc: Exception, lang: str) -> str:
    """A review error as the form's reader needs it: in the page's language, naming the form's
    fields rather than the command line's options (--reason, --code)."""
    return on_a_form(error_text(str(exc), lang), lang)


def _both_languages(key: str) -> str:
    """A plain-text page for a browser whose language is not known: Chinese first, then English."""
    return f"{label(key, 'zh')}\n{label(key, 'en')}"


def _reviewer(request: Request, app: App) -> str:
    from urllib.parse import unquote

    name = unquote(request.cookies.get(REVIEWER_COOKIE) or "").strip()
    return name[:100] if name else app.reviewer


def _alternatives(r, lang: str = "zh") -> str:
    return label("alt-sep", lang).join(f"{a['sector']} {a['code']} {a['name']} ({a['score']})" for a in r.alternatives)


def _verdict_text(r, lang: str) -> str:
    """The verdict as the page shows it: outputs.verdict_label, with the English name for the id."""
    text = verdict_label(r, lang)
    return verdict_name(r.verdict, "en") + text[len(r.verdict):] if lang == "en" else text


def _row(r, line_id: str, current, lang: str = "zh", strict: bool = False) -> dict:
    d = current.get(line_id)
    return {
        "line_id": line_id, "row": r.sheet_row or r.row, "department": r.department, "item": r.item,
        "given_code": r.given_code, "verdict": r.verdict, "verdict_label": _verdict_text(r, lang),
        "severity": r.severity or "", "severity_label": severity(r.severity, lang) if r.severity else "",
        "code": r.code or "", "sector": r.sector or "", "entry": r.entry_name or "",
        "score": "" if r.score is None else r.score,
        "amount": "" if r.amount_wan is None else f"{r.amount_wan:,.2f}",
        "explanation": verdict_reason(r, lang), "alternatives": _alternatives(r, lang),
        "needs_decision": review.needs_decision(r, strict),
        "decision": label("page-decision-by", lang, action=action_name(d.action, lang), reviewer=d.reviewer) if d else "",
    }


def _results_json(f: Loaded, app: App) -> dict:
    summary = Summary()
    out = []
    for r, line_id in zip(summary.tap(f.results), f.ids):
        record = r.to_dict()
        record["line_id"] = line_id
        out.append(record)
    return {"tool": "svccheck", "catalog": f.catalog, "file_id": f.id, "results": out, "input": f.describe,
            "summary": summary.to_dict()}


def create_app(db: Path | str | None = None, catalog_dir: Path | None = None, reviewer: str | None = None,
               files: list[str] | None = None, max_upload: int = MAX_UPLOAD, strict: bool = False,
               lang: str = "zh") -> Starlette:
    """The ASGI application, its pages in `lang` (zh or en); FILES are checked and recorded at start."""
    state = App(review.db_path(str(db) if db else None), catalog_dir, reviewer, max_upload, strict, lang)
    lang = state.lang
    for path in files or []:
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise intake.InputError(f"{path}: cannot read ({exc.strerror})") from None
        try:
            state.load(data, str(path), state.reviewer)
        except intake.InputError as exc:
            raise intake.InputError(f"{path}: {exc}") from None
    env = Environment(loader=FileSystemLoader(str(HERE / "templates")), autoescape=select_autoescape(default=True))

    def t(key: str, **facts) -> Markup:
        """A label of the catalogue (messages.LABELS) in the page's language; facts are escaped
        unless they are markup already (`|safe`)."""
        return Markup(label_markup(key, lang, escape, **{k: escape(v) for k, v in facts.items()}))

    env.globals.update(t=t, lang=lang, html_lang="en" if lang == "en" else "zh-CN",
                       actions={name: action_name(name, lang) for name in ("approve", "reject", "return")})

    def render(request: Request, name: str, status: int = 200, **context) -> HTMLResponse:
        token, new = _csrf(request)
        next_url = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        context.update(csrf=token, reviewer=_reviewer(request, state), catalog=state.cat.edition_id, next_url=next_url,
                       max_mb=state.max_upload // (1024 * 1024))
        response = HTMLResponse(env.get_template(name).render(**context), status_code=status)
        if new:
            response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict")
        response.headers["Content-Security-Policy"] = ("default-src 'self'; script-src 'self'; style-src 'self'; "
                                                       "img-src 'self' data:; object-src 'none'; base-uri 'none'; "
                                                       "frame-ancestors 'none'; form-action 'self'")
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    def file_page(request: Request, f: Loaded | None, status: int = 200, message: str | None = None,
                  error: str | None = None) -> HTMLResponse:
        if f is None:
            return render(request, "index.html", status, file=None, message=message, error=error, files=[])
        s = state.state(f)
        verdict = request.query_params.get("verdict", "")
        department = request.query_params.get("department", "")
        rows = []
        for r, line_id in zip(f.results, f.ids):
            if verdict and r.verdict != verdict:
                continue
            if department and r.department != department:
                continue
            rows.append(_row(r, line_id, s["current"], lang, state.strict))
        data = reports.ReportData(f.name, f.catalog, "", f.results, f.ids, {}, [], "", True, False)
        summary = data.summary()
        departments = list(dict.fromkeys(d for d, _ in summary))  # in the file's order
        verdicts = [v for v in VERDICT_ZH if any(v == vv for _, vv in summary)]
        by_department = []  # (VERDICT_ZH gives the verdicts' order; their names follow the page's language)
        for dept in departments:
            cells = []
            for v in verdicts:
                count, amount = summary.get((dept, v), (0, 0))
                cells.append({"count": count or "", "amount": f"{amount:,.2f}" if count and amount else ""})
            total = sum(summary[(dept, v)][1] for v in verdicts if (dept, v) in summary)
            by_department.append({"department": dept, "cells": cells, "total": f"{total:,.2f}"})
        present = [v for v in VERDICT_ZH if any(r.verdict == v for r in f.results)]
        with state.files_lock:
            files = [(x.id, x.name) for x in reversed(state.files.values())]
        return render(request, "index.html", status, file=f, rows=rows, total=len(f.results),
                      gate=_gate_dict(f, s, lang), verdicts=[(v, verdict_name(v, lang)) for v in present],
                      departments=list(dict.fromkeys(r.department for r in f.results
                                                     if r.department and r.verdict not in NOT_LINES)),
                      verdict=verdict, department=department, summary_head=[verdict_name(v, lang) for v in verdicts],
                      by_department=by_department, files=files, message=message, error=error)

    async def index(request: Request) -> Response:
        file_id = request.query_params.get("file")
        f = state.get(file_id) if file_id else state.latest()
        if file_id and f is None:
            return file_page(request, None, 404, error=label("page-file-gone", lang))
        return file_page(request, f)

    async def upload(request: Request) -> Response:
        form = await request.form(max_files=1, max_fields=10)
        if not _csrf_ok(request, form.get("csrf")):
            return _forbidden()
        part = form.get("file")
        if part is None or isinstance(part, str) or not part.filename:
            return file_page(request, state.latest(), 400, error=label("page-choose-file", lang))
        data = await part.read()
        if len(data) > state.max_upload:
            return _too_large(state.max_upload, lang)
        try:
            f = await run_in_threadpool(state.load, data, Path(part.filename).name, _reviewer(request, state))
        except intake.InputError as exc:
            return file_page(request, state.latest(), 400, error=label("page-unreadable", lang, name=part.filename,
                                                                          problem=error_text(str(exc), lang)))
        except review.ReviewError as exc:
            return file_page(request, state.latest(), 409, error=error_text(str(exc), lang))
        return RedirectResponse(f"/?{urlencode({'file': f.id})}", status_code=303)

    async def line_page(request: Request) -> Response:
        f = state.get(request.path_params["file_id"])
        line_id = request.path_params["line_id"]
        if f is None or line_id not in f.index:
            return PlainTextResponse(_both_languages("page-no-line"), status_code=404)
        message = None
        recorded = request.query_params.get("recorded", "")
        if recorded.isdigit() and state.db.exists():
            with state.store(read_only=True) as store:
                d = next((d for d in store.history(line_id) if d.id == int(recorded)), None)
            if d is not None:
                message = label("page-recorded", lang, action=action_name(d.action, lang), reviewer=d.reviewer, id=d.id)
        return line_view(request, f, line_id, message=message)

    def line_view(request: Request, f: Loaded, line_id: str, status: int = 200, message: str | None = None,
                  error: str | None = None) -> HTMLResponse:
        r = f.results[f.index[line_id]]
        history: list = []
        if state.db.exists():
            with state.store(read_only=True) as store:
                history = store.history(line_id)
        s = state.state(f)
        line = _row(r, line_id, s["current"], lang, state.strict)
        return render(request, "line.html", status, file=f, line=line, result=r,
                      findings=[{"rule": x.rule, "severity": x.severity, "severity_label": severity(x.severity, lang),
                                 "message": x.render(lang)} for x in r.findings],
                      history=[{"at": reports.local_time(d.decided_at), "reviewer": d.reviewer,
                                "action": action_name(d.action, lang), "code": d.code or "", "reason": d.reason, "id": d.id,
                                "superseded": i < len(history) - 1} for i, d in enumerate(history)],
                      alternatives=r.alternatives, gate=_gate_dict(f, s, lang), message=message, error=error)

    async def decide_form(request: Request) -> Response:
        form = await request.form(max_files=0, max_fields=50)
        if not _csrf_ok(request, form.get("csrf")):
            return _forbidden()
        f = state.get(str(form.get("file") or ""))
        line_ids = [str(x) for x in form.getlist("line_id")]
        if f is None or not line_ids or any(x not in f.index for x in line_ids):
            return PlainTextResponse(_both_languages("page-no-line"), status_code=404)
        code = str(form.get("code") or "").strip() or None
        action = str(form.get("action") or "")
        if code is not None and action != "approve":
            code = None  # the form's code field only goes with approve
        try:
            recorded = await run_in_threadpool(state.decide, line_ids, action, str(form.get("reason") or ""), code,
                                               _reviewer(request, state))
        except review.UnknownLine as exc:
            return line_view(request, f, line_ids[0], 409, error=_on_the_page(exc, lang))
        except review.ReviewError as exc:
            return line_view(request, f, line_ids[0], 400, error=_on_the_page(exc, lang))
        # Post, then redirect to the line's page: reloading it shows the decision again, never records it twice.
        return RedirectResponse(f"/files/{f.id}/lines/{line_ids[0]}?{urlencode({'recorded': recorded[0].id})}",
                                status_code=303)

    async def set_reviewer(request: Request) -> Response:
        form = await request.form(max_files=0, max_fields=10)
        if not _csrf_ok(request, form.get("csrf")):
            return _forbidden()
        name = str(form.get("reviewer") or "").strip()[:100]
        back = str(form.get("next") or "/")
        if not back.startswith("/") or back.startswith("//"):
            back = "/"
        response = RedirectResponse(back, status_code=303)
        if name:
            from urllib.parse import quote

            response.set_cookie(REVIEWER_COOKIE, quote(name), httponly=True, samesite="strict")
        return response

    def download(kind: str):
        async def endpoint(request: Request) -> Response:
            f = state.get(request.path_params["file_id"])
            if f is None:
                return PlainTextResponse(_both_languages("page-no-file"), status_code=404)
            stem = Path(f.name).stem or "svccheck"
            body, media, name = await run_in_threadpool(_render_download, state, f, kind, stem)
            from urllib.parse import quote

            return Response(body, media_type=media, headers={
                "Content-Disposition": f"attachment; filename=\"svccheck.{name.rsplit('.', 1)[1]}\"; "
                                       f"filename*=UTF-8''{quote(name)}"})
        return endpoint

    async def report_html(request: Request) -> Response:
        f = state.get(request.path_params["file_id"])
        if f is None:
            return PlainTextResponse(_both_languages("page-no-file"), status_code=404)
        page = await run_in_threadpool(lambda: reports.to_html(state.report_data(f), lang))
        return HTMLResponse(page, headers={"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'"})

    # ------------------------------------------------------------------ JSON API
    def _api_error(message: str, status: int) -> JSONResponse:
        """An API error: `error` in English for programs, as before, and `error_zh` for people."""
        return JSONResponse({"error": message, "error_zh": error_text(message, "zh")}, status_code=status)

    async def api_check(request: Request) -> Response:
        if not _csrf_ok(request, request.headers.get("x-csrf-token")):
            return _api_error("CSRF token missing or wrong (X-CSRF-Token header)", 403)
        form = await request.form(max_files=1, max_fields=10)
        part = form.get("file")
        if part is None or isinstance(part, str):
            return _api_error("send the file as multipart field `file`", 400)
        data = await part.read()
        if len(data) > state.max_upload:
            return _api_error("file too large", 413)
        try:
            f = await run_in_threadpool(state.load, data, Path(part.filename or "upload").name,
                                        str(request.headers.get("x-reviewer") or _reviewer(request, state)))
        except intake.InputError as exc:
            return _api_error(f"{part.filename}: {exc}", 400)
        except review.ReviewError as exc:
            return _api_error(str(exc), 409)
        return JSONResponse(_results_json(f, state))

    async def api_file(request: Request) -> Response:
        f = state.get(request.path_params["file_id"])
        if f is None:
            return _api_error("no such file (upload it again)", 404)
        body = _results_json(f, state)
        s = await run_in_threadpool(state.state, f)
        body["gate"] = _gate_dict(f, s)
        for record in body["results"]:
            d = s["current"].get(record["line_id"])
            record["decision"] = d.to_dict() if d else None
        return JSONResponse(body)

    async def api_gate(request: Request) -> Response:
        f = state.get(request.path_params["file_id"])
        if f is None:
            return _api_error("no such file (upload it again)", 404)
        return JSONResponse(await run_in_threadpool(state.gate_dict, f))

    async def api_decisions(request: Request) -> Response:
        if not _csrf_ok(request, request.headers.get("x-csrf-token")):
            return _api_error("CSRF token missing or wrong (X-CSRF-Token header)", 403)
        try:
            body = await request.json()
        except ValueError:
            return _api_error("the body is not JSON", 400)
        if not isinstance(body, dict):
            return _api_error("the body is a JSON object", 400)
        line_ids = body.get("line_ids")
        if not isinstance(line_ids, list) or not line_ids or not all(isinstance(x, str) for x in line_ids):
            return _api_error("line_ids: a non-empty list of line ids", 400)
        fields = {k: body.get(k) for k in ("action", "reason", "code", "reviewer")}
        if any(v is not None and not isinstance(v, str) for v in fields.values()):
            return _api_error("action, reason, code and reviewer are strings", 400)
        try:
            recorded = await run_in_threadpool(state.decide, line_ids, fields["action"] or "", fields["reason"] or "",
                                               fields["code"] or None, fields["reviewer"] or _reviewer(request, state))
        except review.UnknownLine as exc:
            return _api_error(str(exc), 409)
        except review.ReviewError as exc:
            return _api_error(str(exc), 400)
        return JSONResponse({"decisions": [d.to_dict() for d in recorded]})

    async def api_token(request: Request) -> Response:
        """The CSRF token for API clients (also set as the cookie it must come back with)."""
        token, new = _csrf(request)
        response = JSONResponse({"csrf": token})
        if new:
            response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict")
        return response

    routes = [
        Route("/", index),
        Route("/upload", upload, methods=["POST"]),
        Route("/decide", decide_form, methods=["POST"]),
        Route("/reviewer", set_reviewer, methods=["POST"]),
        Route("/files/{file_id}/lines/{line_id}", line_page),
        Route("/files/{file_id}/result.xlsx", download("xlsx")),
        Route("/files/{file_id}/result.csv", download("csv")),
        Route("/files/{file_id}/report.xlsx", download("report.xlsx")),
        Route("/files/{file_id}/report.html", report_html),
        Route("/api/token", api_token),
        Route("/api/check", api_check, methods=["POST"]),
        Route("/api/files/{file_id}", api_file),
        Route("/api/gate/{file_id}", api_gate),
        Route("/api/decisions", api_decisions, methods=["POST"]),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    app = Starlette(routes=routes)
    app.state.svccheck = state
    app.add_middleware(BodyLimit, limit=max_upload + 64 * 1024, lang=lang)  # the form's other fields and boundaries
    return app


def _render_download(state: App, f: Loaded, kind: str, stem: str) -> tuple[bytes, str, str]:
    from . import outputs

    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    if kind == "csv":
        buf = io.StringIO()
        outputs.write_csv(buf, f.results, f.columns, state.lang, Summary())
        return buf.getvalue().encode("utf-8"), "text/csv; charset=utf-8", f"{stem}-svccheck.csv"
    if kind == "xlsx":
        raw = io.BytesIO()
        amount = f.describe.get("mapping", {}).get("amount")
        outputs.write_xlsx(raw, f.results, f.columns, state.lang, Summary(),
                           numeric=frozenset([amount]) if amount else frozenset(),
                           mapping=f.describe.get("mapping", {}))
        return raw.getvalue(), xlsx, f"{stem}-svccheck.xlsx"
    raw = io.BytesIO()
    reports.to_xlsx(state.report_data(f), raw, state.lang)  # type: ignore[arg-type]
    return raw.getvalue(), xlsx, f"{stem}-report.xlsx"


def run(app: Starlette, host: str, port: int, open_browser: bool) -> None:
    """Serve until interrupted; open the page in the browser once the server listens."""
    import uvicorn

    url = f"http://{'[' + host + ']' if ':' in host else host}:{port}/"
    if open_browser:
        import webbrowser

        threading.Timer(1.0, lambda: webbrowser.open(url)).start()
    print(say("serve-listening", app.state.svccheck.lang, url=url), flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
