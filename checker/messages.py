"""Every sentence the command line says around the findings, in Chinese (the default) and English.

Findings have their own templates in rules/*.yaml; this catalogue holds the rest: errors,
summaries, the gate, the audit, decisions. `say` is strict: a missing fact raises, and a test
checks that both languages have every message with the same placeholders.
"""
from __future__ import annotations

import os
import string
from typing import Any

MESSAGES: dict[str, tuple[str, str]] = {
    "error": ("错误：{message}", "Error: {message}"),
    "interrupted": ("svccheck：已中断；没有留下写了一半的输出。", "svccheck: interrupted; no output was left half-written."),
    "aborted": ("已取消。", "Aborted."),
    "internal-error": ("svccheck 内部错误（{kind}：{detail}）。这是 svccheck 的缺陷，不是您文件的问题：请连同所运行的命令报告"
                       "（加 --debug 可看详情）。",
                       "svccheck: internal error ({kind}: {detail}). This is a bug in svccheck, not in your file: please "
                       "report it with the command you ran (add --debug for the details)."),
    "lint-summary": ("{errors} 个错误，{warnings} 个警告", "{errors} error(s), {warnings} warning(s)"),
    "import-unparsed": ("{out}：{sectors} 个部门目录，{entries} 个四级条目，应用 {errata} 条勘误，{unparsed} 行无法读取",
                        "{out}: {sectors} sector lists, {entries} level-4 entries, {errata} errata applied, "
                        "{unparsed} unreadable line(s)"),
    "checked-against": ("按目录 {edition} 核对", "checked against {edition}"),
    "diff-was": ("原为 {was}", "was {was}"),
    "diff-summary": ("新增 {added}，删除 {removed}，改名 {renamed}，移动 {moved}",
                     "{added} added, {removed} removed, {renamed} renamed, {moved} moved"),
    "import-unmapped": ("注意：{count} 个部门目录没有部门名单，预算单位将无法对应到它们（{sectors}）；"
                        "用 --departments-from 旧版目录 带上，或在 {out}/sectors/ 中填写 departments",
                        "note: {count} lists have no department mapping, so no budget department will map to them "
                        "({sectors}); carry them over with --departments-from OLD_EDITION, or fill in departments "
                        "in {out}/sectors/"),
    "import-no-edition": ("注意：{out} 没有 edition.yaml：核对结果只能以文件夹名称指明目录版本，lint 也无从对照原文；"
                          "请写明 id、文号、发布机关和 source（path、sha256），可复制旧版的修改",
                          "note: {out} has no edition.yaml: results can name the edition only by its folder, and lint "
                          "cannot compare it with its text; write its id, document number, issuer and source (path, "
                          "sha256), for instance from a copy of the old one"),
    "import-could-not-read": ("{source}:{line}：无法读取：{text}", "{source}:{line}: could not read: {text}"),
    "lint-source-line": (" [原文第 {line} 行]", " [source line {line}]"),
    "progress": ("\r  已核对 {done}{total} 行，每秒 {rate} 行{eta}   ", "\r  {done}{total} rows, {rate} rows/s{eta}   "),
    "explain-json-only": ("--explain 的内容（比较用的文本、候选条目及得分）只写入 JSON 输出：请加 --format json 或 -o 结果.json。",
                          "--explain's detail (the text as compared, the candidates and their scores) is written "
                          "to JSON output only: add --format json or -o out.json."),
    "sheet-chosen": ("{file}：第一张表“{first}”里没有表格，读的是“{sheet}”（要读别的表，用 --sheet）。",
                     "{file}: the first sheet “{first}” holds no table; read “{sheet}” (name another with --sheet)."),
    "no-data-rows": ("{file}：表头下面没有数据行，没有可核对的内容。", "{file}: no data rows under the header; nothing to check."),
    "progress-eta": ("，约剩 {seconds} 秒", ", about {seconds} s left"),
    "serve-exposed": ("警告：正在 {host} 上监听：其他机器可以访问此页面并记录决定，且没有登录。只在可信的网络中使用。",
                      "warning: listening on {host}: other machines can reach this page and record decisions; "
                      "there is no login. Use only on a network you trust."),
    "serve-listening": ("svccheck serve：{url}（按 Ctrl-C 停止）", "svccheck serve: {url} (Ctrl-C to stop)"),
    "review-footer": ("已记录 {lines} 行到 {db}；{undecided} 行待决定{decided}（svccheck decide 行号… approve|reject|return "
                      "--reason 理由）",
                      "{lines} lines recorded in {db}; {undecided} need a decision{decided} (svccheck decide LINE_ID… "
                      "approve|reject|return --reason …)"),
    "review-footer-decided": ("（另有 {count} 行已决定）", " ({count} more already decided)"),
    "decided": ("{line}：{action}{code}，决定人 {reviewer}（第 {number} 条决定，{hash}）",
                "{line}: {action}{code} by {reviewer} (decision {number}, {hash})"),
    "gate-broken": ("未通过：{db} 中的决定记录链校验失败（{problem}）；请运行 svccheck audit verify 并从备份恢复",
                    "BLOCKED: the decision record in {db} is broken ({problem}); run `svccheck audit verify` and "
                    "restore it from a backup"),
    "gate-pass": ("通过：{file}：共 {lines} 行，所有需要决定的行均已同意",
                  "PASS: {file}: {lines} lines, every line that needs a decision is approved"),
    "gate-blocked": ("未通过：{file}：{lines} 行中仍有 {blocking} 行阻止审批",
                     "BLOCKED: {file}: {blocking} of {lines} lines still block approval"),
    "gate-line": ("  {line}  第 {row} 行  [{severity}] {verdict}  {item}：{reason}",
                  "  {line}  row {row}  [{severity}] {verdict}  {item}: {reason}"),
    "gate-no-approval": ("尚无同意的决定", "no approving decision"),
    "gate-refused": ("{reviewer} 的决定为“{action}”：{reason}", "{action} by {reviewer}: {reason}"),
    "gate-stale": ("{reviewer} 的同意（第 {number} 条决定）之后，该行的{what}已变化；请重新决定",
                   "approved by {reviewer} (decision {number}) before its {what} changed; decide again"),
    "report-done": ("{out}：共 {lines} 行，{blocking} 行阻止审批；链头 {head}",
                    "{out}: {lines} lines, {blocking} blocking; chain head {head}"),
    "audit-ok": ("完整：共 {count} 条决定，链头 {head}", "OK: {count} decisions, chain head {head}"),
    "audit-broken": ("校验失败：{problem}；此前 {count} 条决定校验无误；最后完好的链头 {head}",
                     "BROKEN: {problem}; {count} decisions verified before it; last good head {head}"),
    "backup-done": ("{out}：{db} 的备份，含 {count} 条决定", "{out}: backup of {db} with {count} decisions"),
}

SEVERITIES = {"error": ("错误", "error"), "warning": ("警告", "warning"), "info": ("提示", "info")}
RULE_HEADERS = (("编号", "名称", "级别", "设立原因"), ("id", "name", "severity", "why"))

ACTIONS = {"approve": ("同意", "approve"), "reject": ("不同意", "reject"), "return": ("退回修改", "return")}


# The English names of the verdicts (the Chinese are outputs.VERDICT_ZH); machine output keeps the ids.
VERDICT_EN = {
    "unreadable": "unreadable", "total": "total row", "blank": "blank row", "not_a_service": "not a service",
    "malformed_code": "malformed code", "unknown_code": "unknown code",
    "code_not_allowed": "code not in the department's lists", "code_mismatch": "code does not fit the item",
    "other_department": "in another department's list", "outside_catalogue": "outside the catalogue", "ok": "ok",
}

# Every label of the reviewer's report (reports.py) and of the local web page (serve.py and its
# templates): one table, zh/en pairs with the same placeholders, as MESSAGES. The labels are
# plain text; `label_markup` escapes them for HTML and puts the facts in as given.
LABELS: dict[str, tuple[str, str]] = {
    # both: the gate and the decision record
    "gate-text-broken": ("未通过：决定记录链校验失败，记录可能被修改或删除，不能据此审批",
                         "BLOCKED: the decision record fails verification; it may have been edited or deleted and "
                         "cannot support an approval"),
    "gate-text-blocked": ("未通过：{count} 行待处理", "BLOCKED: {count} line(s) to deal with"),
    "gate-text-pass": ("通过：所有需决定的行均已同意", "PASS: every line that needs a decision is approved"),
    "title": ("政府购买服务审核报告", "Purchase-of-services review report"),
    "file": ("文件", "File"),
    "catalog": ("目录", "Catalogue"),
    "generated": ("生成时间", "Generated"),
    "gate": ("审核结论", "Review result"),
    "chain": ("决定记录链", "Decision record"),
    "chain-head": ("链头", "Chain head"),
    "chain-ok": ("完整", "intact"),
    "chain-failed": ("校验失败", "fails verification"),
    "department": ("部门", "Department"),
    "item": ("项目", "Item"),
    "row": ("行", "Row"),
    "line-id": ("行号 ID", "Line ID"),
    "given-code": ("填报代码", "Code given"),
    "verdict": ("结论", "Verdict"),
    "severity": ("严重程度", "Severity"),
    "findings": ("说明", "Findings"),
    "entry": ("对应条目", "Catalogue entry"),
    "alternatives": ("其他候选", "Other candidates"),
    "amount-wan": ("金额（万元）", "Amount (10,000 yuan)"),
    "wan": ("{amount} 万元", "{amount} × 10,000 yuan"),
    "total": ("合计", "Total"),
    "unrecognised": ("未识别", "not recognised"),
    "list-sep": ("、", ", "),
    "alt-sep": ("；", "; "),
    "undecided": ("未决定", "undecided"),
    "superseded": (" （已被后续决定取代）", " (superseded by a later decision)"),
    "decision-code": ("，条目 {code}", ", entry {code}"),
    "decision-line": ("{at} {reviewer}：{action}{code}；理由：{reason}{superseded}",
                      "{at} {reviewer}: {action}{code}; reason: {reason}{superseded}"),
    "dept-sectors": ("{department}（适用目录：{sectors}）", "{department} (catalogue lists: {sectors})"),
    "row-n": ("第 {row} 行", "Row {row}"),
    "score": (" （得分 {score}）", " (score {score})"),
    "alt-score": (" （{score}）", " ({score})"),
    # the report
    "report-chain-broken": ("决定记录链校验失败：记录在写入后被修改或删除。请用 svccheck audit verify 查明，并从备份恢复后重新审核。",
                            "The decision record fails verification: records were edited or deleted after they were "
                            "written. Find out with svccheck audit verify, restore it from a backup and review again."),
    "report-strict": ("（含警告行）", " (warnings count)"),
    "report-chain-state": ("{state}，链头 {head}", "{state}, chain head {head}"),
    "report-summary": ("汇总（按部门和结论，行数 / 金额）", "Summary (by department and verdict, lines / amount)"),
    "report-flagged": ("需要关注的行（{count}）", "Lines needing attention ({count})"),
    "report-none": ("无", "None"),
    "report-others": ("其余各行（{count}）", "Other lines ({count})"),
    "report-code-amount": ("填报代码 / 金额", "Code given / amount"),
    "report-verdict-cell": ("{name} {id}（{severity}）", "{name} {id} ({severity})"),
    "report-decision": ("审核决定", "Decision"),
    "report-footer": ("由 svccheck 生成。目录外服务须按财预〔2017〕87号报财政部门审核备案；不属于政府购买服务的事项依据财政部令第102号第十条。",
                      "Made by svccheck. Services outside the catalogue are reported to the finance department for "
                      "review and filing (Cai Yu [2017] No. 87); what is not a government purchase of services "
                      "follows article 10 of Ministry of Finance Order No. 102."),
    "sheet-lines": ("审核行", "Lines"),
    "sheet-summary": ("汇总", "Summary"),
    "sheet-review": ("审核信息", "Review"),
    "xlsx-sector": ("对应目录", "Catalogue list"),
    "xlsx-code": ("对应代码", "Catalogue code"),
    "xlsx-score": ("得分", "Score"),
    "xlsx-current": ("当前决定", "Current decision"),
    "xlsx-history": ("决定历史", "Decision history"),
    "xlsx-lines": ("行数", "Lines"),
    "xlsx-blocking": ("待处理行", "Lines to deal with"),
    "xlsx-gate-broken": ("未通过：决定记录链校验失败", "BLOCKED: the decision record fails verification"),
    "xlsx-gate-blocked": ("未通过", "BLOCKED"),
    "xlsx-gate-pass": ("通过", "PASS"),
    "xlsx-chain-failed": ("校验失败：记录被修改或删除，不能据此审批",
                          "fails verification: records were edited or deleted; cannot support an approval"),
    # the web page (svccheck serve)
    "page-title": ("svccheck 政府购买服务核对", "svccheck purchase-of-services check"),
    "page-reviewer": ("审核人", "Reviewer"),
    "page-save": ("保存", "Save"),
    "page-catalog": ("目录：{catalog}", "Catalogue: {catalog}"),
    "page-footer": ("svccheck serve — 仅在本机运行；上传的文件只保存在内存中。",
                    "svccheck serve — runs on this machine only; uploaded files are kept in memory only."),
    "page-drop": ("将 CSV、XLSX 或 XLS 文件拖到这里，或", "Drop a CSV, XLSX or XLS file here, or"),
    "page-check": ("核对", "Check"),
    "page-max": ("（不超过 {mb} MB）", "(at most {mb} MB)"),
    "page-loaded": ("已载入：", "Loaded: "),
    "page-lines": ("（{total} 行）", "({total} lines)"),
    "page-gate": ("审核结论：{text}", "Review result: {text}"),
    "page-chain": ("决定记录链：", "Decision record: "),
    "page-chain-broken": ("校验失败（{problem}），请用 svccheck audit verify 查明并从备份恢复",
                          "fails verification ({problem}); find out with svccheck audit verify and restore it from "
                          "a backup"),
    "page-chain-ok": ("完整，{count} 项决定，链头", "intact, {count} decision(s), chain head"),
    "page-chain-none": ("尚无决定", "no decisions yet"),
    "page-download": ("下载：", "Download: "),
    "page-dl-xlsx": ("核对结果 XLSX", "results XLSX"),
    "page-dl-csv": ("核对结果 CSV", "results CSV"),
    "page-dl-report": ("审核报告 HTML", "review report HTML"),
    "page-dl-report-xlsx": ("审核报告 XLSX", "review report XLSX"),
    "page-summary": ("汇总（按部门，行数 / 金额 万元）", "Summary (by department, lines / amount in 10,000 yuan)"),
    "page-amount-total": ("金额合计（万元）", "Total amount (10,000 yuan)"),
    "page-lines-heading": ("各行", "Lines"),
    "page-all": ("全部", "all"),
    "page-filter": ("筛选", "Filter"),
    "page-shown": ("显示 {shown} / {total} 行", "showing {shown} of {total} lines"),
    "page-code": ("目录代码", "Catalogue code"),
    "page-entry": ("目录条目", "Catalogue entry"),
    "page-score": ("得分", "Score"),
    "page-amount": ("金额", "Amount"),
    "page-decision": ("决定", "Decision"),
    "page-needs-decision": ("待决定", "needs a decision"),
    "page-decision-by": ("{action}（{reviewer}）", "{action} ({reviewer})"),
    "page-start": ("上传一个预算文件（CSV、XLSX 或 XLS，与 {command} 读取的相同）开始核对。",
                   "Upload a budget file (CSV, XLSX or XLS, as {command} reads) to check it."),
    "page-back": ("← 返回 {name}", "← back to {name}"),
    "page-row-item": ("第 {row} 行：{item}", "Row {row}: {item}"),
    "page-severity": ("（{severity}）", " ({severity})"),
    "page-history": ("决定历史", "Decision history"),
    "page-record-heading": ("记录决定（审核人：{reviewer}）", "Record a decision (reviewer: {reviewer})"),
    "page-code-optional": ("同意时按目录条目（可选，四级代码）", "On approval, the catalogue entry (optional, level-4 code)"),
    "page-reason": ("理由", "Reason"),
    "page-record": ("记录", "Record"),
    "page-recorded": ("已记录：{action}（{reviewer}，决定 {id}）", "Recorded: {action} ({reviewer}, decision {id})"),
    "page-forbidden": ("页面已过期或来源不明（CSRF 校验失败）：请刷新页面后重试。",
                       "CSRF token missing or wrong: reload the page and try again (403)"),
    "page-no-line": ("没有这个文件或这一行：请核对地址中的行号；服务重启过的话，文件需重新上传。",
                     "no such file or line: check the line id in the address; after a restart, upload the file again"),
    "page-no-file": ("没有这个文件：请核对地址；服务重启过的话，文件需重新上传。",
                     "no such file: check the address; after a restart, upload the file again"),
    "page-file-gone": ("这个文件已不在服务器内存中，请重新上传。", "This file is no longer in the server's memory; upload it again."),
    "page-choose-file": ("请选择一个 CSV、XLSX 或 XLS 文件。", "Choose a CSV, XLSX or XLS file."),
    "page-unreadable": ("{name}：无法读取（{problem}）", "{name}: cannot read ({problem})"),
    "page-too-large": ("文件过大：上限 {mb} MB", "file too large: the limit is {mb} MB"),
}


_asked: list[str] = []  # the --lang of the command line being run (set by cli.run, innermost last)


def default_lang() -> str:
    """The --lang of the command line being run, else $SVCCHECK_LANG when it is en or zh, else zh."""
    if _asked:
        return _asked[-1]
    lang = os.environ.get("SVCCHECK_LANG", "zh").lower()
    return "en" if lang.startswith("en") else "zh"


class asked_lang:
    """While a command line runs, the language its --lang asked for (None: not asked), so that
    what is said before the option is parsed (--help, usage errors) says it in that language."""

    def __init__(self, lang: str | None):
        self.lang = lang if lang in ("zh", "en") else None

    def __enter__(self):
        if self.lang:
            _asked.append(self.lang)

    def __exit__(self, *exc):
        if self.lang:
            _asked.pop()


def say(key: str, lang: str | None = None, **facts) -> str:
    """A message of the catalogue in `lang` (default: $SVCCHECK_LANG, else Chinese), facts filled in."""
    zh, en = MESSAGES[key]
    return (en if (lang or default_lang()) == "en" else zh).format_map(facts)


def severity(name: str, lang: str | None = None) -> str:
    zh, en = SEVERITIES[name]
    return en if (lang or default_lang()) == "en" else zh


def action(name: str, lang: str | None = None) -> str:
    zh, en = ACTIONS[name]
    return en if (lang or default_lang()) == "en" else zh


def label(key: str, lang: str | None = None, **facts) -> str:
    """A label of the report or the web page in `lang`, facts filled in (plain text)."""
    zh, en = LABELS[key]
    return (en if (lang or default_lang()) == "en" else zh).format_map(facts)


def label_markup(key: str, lang: str | None, escape, **facts) -> str:
    """A label for an HTML page: its own text passed through `escape`, the facts put in as given
    (the caller escapes them, or hands over markup of its own such as a <code> element)."""
    zh, en = LABELS[key]
    out = []
    for literal, name, spec, _ in string.Formatter().parse(en if (lang or default_lang()) == "en" else zh):
        out.append(str(escape(literal)))
        if name is not None:
            out.append(format(facts[name], spec or ""))
    return "".join(out)


def verdict_name(verdict: str, lang: str | None = None) -> str:
    """A verdict as a person reads it: 不属于购买服务 / not a service."""
    from .outputs import VERDICT_ZH

    return VERDICT_EN[verdict] if (lang or default_lang()) == "en" else VERDICT_ZH[verdict]


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


# Errors are raised in English where they happen (intake, the store, the catalogue); these turn
# the common ones into Chinese when shown. A message with no pattern here is shown as raised.
_ERRORS_ZH: list[tuple[str, Any]] = [
    (r"file not found", "找不到文件"),
    (r"is a folder, not a file", "这是文件夹，不是文件"),
    (r"cannot read \((.*)\)", r"无法读取（\1）"),
    (r"the file is empty: no header row", "文件是空的：没有表头"),
    (r"the sheet is empty: no header row", "工作表是空的：没有表头"),
    (r"(.*); no other sheet holds one either \(sheets: (.*); name one with --sheet\)",
     lambda m: f"{error_text(m.group(1), 'zh')}；工作簿的其他表也没有（表：{m.group(2)}；用 --sheet 指定）"),
    (r"named a workbook but text inside, read as CSV: (.*)",
     lambda m: f"文件名是工作簿，内容却是文本，已按 CSV 读取：{error_text(m.group(1), 'zh')}"),
    (r"no header: every row read \(up to (\d+)\) is empty", r"没有表头：读到的行（最多 \1 行）都是空行"),
    (r"no item column: looked in the first (\d+) rows for a header naming (.*); the first rows are: (.*)",
     r"找不到项目列：前 \1 行中没有含 \2 的表头；前几行是：\3"),
    (r"no item column: expected one of (.*); found (.*)", r"找不到项目列：应为 \1 之一；实际的列为 \2"),
    (r"not a readable XLSX workbook \(no workbook part in the package\)", "不是可读取的 XLSX 工作簿（包中没有工作簿部分）"),
    (r"not a readable XLSX workbook \(it has no worksheet\)", "不是可读取的 XLSX 工作簿（没有工作表）"),
    # The library's own words for the usual damage, in Chinese; any other detail is shown as raised.
    (r"not a readable XLSX workbook \((?:BadZipFile: )?File is not a zip file\)",
     "不是可读取的 XLSX 工作簿（文件已损坏或不完整：不是完整的 zip 包；请在 Excel 或 WPS 中重新保存）"),
    (r"not a readable XLS workbook \(XLRDError: Unsupported format, or corrupt file: (.*)\)",
     r"不是可读取的 XLS 工作簿（格式不支持或文件已损坏：\1；请在 Excel 或 WPS 中另存为 .xlsx）"),
    (r"not a readable XLS workbook \(CompDocError: (.*)\)",
     r"不是可读取的 XLS 工作簿（文件已损坏：\1；请在 Excel 或 WPS 中另存为 .xlsx）"),
    (r"not a readable XLSX workbook \((.*)\)", r"不是可读取的 XLSX 工作簿（\1）"),
    (r"not a readable XLS workbook \(it has no worksheet\)", "不是可读取的 XLS 工作簿（没有工作表）"),
    (r"not a readable XLS workbook \((?:IndexError|KeyError|ValueError|AssertionError|error|EOFError|OverflowError): .*\)",
     "不是可读取的 XLS 工作簿（文件已损坏或不完整）；请在 Excel 或 WPS 中另存为 .xlsx 后再检查"),
    (r"not a readable XLS workbook \((.*)\)", r"不是可读取的 XLS 工作簿（\1）；请在 Excel 或 WPS 中另存为 .xlsx 后再检查"),
    (r"not a CSV text file or an XLSX/XLS workbook \(binary content\)",
     "既不是 CSV 文本文件，也不是 XLSX/XLS 工作簿（二进制内容）"),
    (r"erratum (\S+): source line (\d+) reads '(.*)', not '(.*)'",
     r"勘误 \1：原文第 \2 行是“\3”，不是“\4”（勘误与这份原文对不上；新版原文需要新的 errata.yaml）"),
    (r"erratum (\S+): source line (\d+) has (\w+) '(.*)', not '(.*)'",
     r"勘误 \1：原文第 \2 行的 \3 是“\4”，不是“\5”（勘误与这份原文对不上；新版原文需要新的 errata.yaml）"),
    (r"erratum (\S+): source line (\d+) holds no table row",
     r"勘误 \1：原文第 \2 行不是表格行（勘误与这份原文对不上；新版原文需要新的 errata.yaml）"),
    (r"not a valid sector file \((.*)\); run `svccheck lint (.*)`", r"不是有效的部门目录文件（\1）；请运行 svccheck lint \2"),
    (r"no sheet '(.*)'; sheets: (.*)", r"没有名为“\1”的工作表；现有工作表：\2"),
    (r"sheet '(.*)' is a chart, not a table; name a worksheet with --sheet", r"工作表“\1”是图表，不是表格；请用 --sheet 指定工作表"),
    (r"--sheet applies to workbooks \(XLSX, XLS\) only", "--sheet 只适用于工作簿（XLSX、XLS）"),
    (r"(?:about )?(\d+) (?:data )?rows, more than the limit of (\d+); raise it with --max-rows",
     r"约 \1 行，超过 \2 行的上限；可用 --max-rows 提高"),
    (r"more than (\d+) columns: not a budget table", r"超过 \1 列：不是预算表"),
    (r"more than (\d+) (?:data )?rows, the limit; raise it with --max-rows", r"超过 \1 行的上限；可用 --max-rows 提高"),
    (r"unknown encoding '(.*)'", r"未知的编码“\1”"),
    (r"line (\d+): not valid (\S+) \(byte (0x[0-9a-f]+)\)", r"第 \1 行：不是有效的 \2 编码（字节 \3）"),
    (r"cannot write (.*): (.*); any earlier (.*) is unchanged", r"无法写入 \1：\2；原有的 \3 未被改动"),
    (r"cannot write (.*): (.*)", r"无法写入 \1：\2"),
    (r"--format xlsx needs -o FILE\.xlsx", "--format xlsx 需要 -o 文件.xlsx"),
    (r"-o (.*): svccheck writes \.xlsx, \.csv, \.json or \.txt; name the output (.*)",
     r"-o \1：svccheck 只写 .xlsx、.csv、.json 或 .txt 文件；请把输出命名为 \2"),
    (r"--sector '(.*)': no such sector list", r"--sector “\1”：没有这个部门目录"),
    (r"(.*): no such file or folder", r"\1：没有这个文件或文件夹"),
    (r"(.*): lint checks catalogue YAML; a budget table is checked with svccheck match (.*)",
     r"\1：lint 检查的是目录 YAML；预算表请用 svccheck match \2 检查"),
    (r"no line (\S+) in (.*); run `svccheck review FILE` first; nothing was recorded",
     r"\2 中没有行 \1；请先运行 svccheck review 文件；未记录任何决定"),
    (r"a decision needs a reason \(--reason\)", "决定需要理由（--reason）"),
    (r"a decision needs a reviewer's name", "决定需要填写决定人"),
    (r"CSRF token missing or wrong \(X-CSRF-Token header\)", "CSRF 令牌缺失或错误（X-CSRF-Token 请求头）：请先从 /api/token 取得令牌"),
    (r"send the file as multipart field `file`", "请以 multipart 表单字段 `file` 上传文件"),
    (r"file too large", "文件太大"),
    (r"no such file \(upload it again\)", "没有这个文件（请重新上传）"),
    (r"the body is not JSON", "请求体不是 JSON"),
    (r"the body is a JSON object", "请求体应为 JSON 对象"),
    (r"line_ids: a non-empty list of line ids", "line_ids：应为非空的行号列表"),
    (r"action, reason, code and reviewer are strings", "action、reason、code 和 reviewer 应为字符串"),
    (r"more than (\d+) columns in row (\d+): not a budget table", r"第 \2 行超过 \1 列：不是预算表"),
    (r"the workbook unpacks to (\d+) MB, more than the limit of (\d+) MB; save the sheet as CSV instead",
     r"工作簿解压后为 \1 MB，超过 \2 MB 的上限；请把工作表另存为 CSV"),
    (r"the workbook unpacks to (\d+) times its size, a zip bomb rather than a budget table; open and save it in a "
     r"spreadsheet program, or save it as CSV",
     r"工作簿解压后是原大小的 \1 倍，像是压缩炸弹而不是预算表；请在电子表格软件中打开后另存，或另存为 CSV"),
    # the catalogue
    (r"not a catalogue edition \(no sectors/.*\)", "不是目录版本（没有 sectors/ 文件夹）"),
    (r"no sector files under sectors/", "sectors/ 下没有部门目录文件"),
    (r"not a usable catalogue edition \((.*)\); run `svccheck lint (.*)`", r"不是可用的目录版本（\1）；请运行 `svccheck lint \2`"),
    (r"levels\.yaml or errata\.yaml is not shaped as an edition's; run `svccheck lint (.*)`",
     r"levels.yaml 或 errata.yaml 的结构不对；请运行 `svccheck lint \1`"),
    (r"holds a (\w+), not a mapping; run `svccheck lint (.*)`", r"内容是 \1，不是映射；请运行 `svccheck lint \2`"),
    (r"not a valid sector file \((.*)\); run `svccheck lint`", r"不是有效的部门目录文件（\1）；请运行 `svccheck lint`"),
    (r"not a sector file; run `svccheck lint`", "不是部门目录文件；请运行 `svccheck lint`"),
    (r"the rules of (.*): (.*); run `svccheck lint`", r"\1 的规则有误（\2）；请运行 `svccheck lint`"),
    (r"(.*):(\d+): not UTF-8 text \(byte (0x[0-9a-f]+)\)", r"\1 第 \2 行：不是 UTF-8 文本（字节 \3）"),
    (r"malformed erratum \((.*)\)", r"勘误记录格式错误（\1）"),
    # the review store
    (r"no review database here; `svccheck review FILE` creates one", "这里没有审核数据库；运行 `svccheck review 文件` 会创建"),
    (r"is a folder, not a review database", "这是文件夹，不是审核数据库"),
    (r"(an empty file|not an SQLite file), not a svccheck review database; it was left untouched\. "
     r"Name another --db, or restore the store from a backup\.",
     lambda m: ("空文件" if m.group(1) == "an empty file" else "不是 SQLite 文件") +
     "，不是 svccheck 审核数据库；未作任何改动。请用 --db 指定别的文件，或从备份恢复"),
    (r"an SQLite file(?: with no tables)?, but not a svccheck review database|an SQLite file with no tables, not a "
     r"svccheck review database", "是 SQLite 文件，但不是 svccheck 审核数据库"),
    (r"not a usable review database \((.*)\)\. To recover: .*", r"不是可用的审核数据库（\1）。" + "恢复办法：对副本运行 "
     "`svccheck audit verify --db 副本`，或恢复最近一次 `svccheck db backup` 的备份；不要继续在这个文件上作决定。"),
    (r"the review database is damaged \((.*)\)\. To recover: .*", r"审核数据库已损坏（\1）。" + "恢复办法：对副本运行 "
     "`svccheck audit verify --db 副本`，或恢复最近一次 `svccheck db backup` 的备份；不要继续在这个文件上作决定。"),
    (r"written by a newer svccheck \(schema version (\d+)(?:; this one reads up to (\d+))?\)[.;] ?[Uu]pgrade svccheck.*",
     r"由更新版本的 svccheck 写入（结构版本 \1）；请升级 svccheck，数据库未被改动"),
    (r"on a network filesystem \((.*)\); SQLite's locking is not reliable there\. Keep the review database on a "
     r"local disk\.", r"位于网络文件系统（\1）上，SQLite 的加锁在那里不可靠；请把审核数据库放在本地磁盘上"),
    (r"opened read-only; this command does not write", "以只读方式打开；此命令不写入"),
    (r"another reviewer's write held the database for more than (\S+) s; nothing was recorded\. Try again, or raise "
     r"SVCCHECK_LOCK_TIMEOUT\.", r"其他审核人的写入占用数据库超过 \1 秒；未记录任何内容。请重试，或调大 SVCCHECK_LOCK_TIMEOUT"),
    (r"waiting for another reviewer's write to finish…", "正在等待其他审核人的写入完成…"),
    (r"cannot write the backup \((.*)\)", r"无法写入备份（\1）"),
    (r"the review database cannot be used \((.*)\); run `svccheck audit verify` on a copy",
     r"审核数据库无法使用（\1）；请对副本运行 `svccheck audit verify`"),
    (r"unknown action '(.*)'; use one of (.*)", r"未知的决定“\1”；应为 \2 之一"),
    (r"no line ids given; nothing was recorded", "没有给出行号；未记录任何决定"),
    (r"usage: svccheck decide LINE_ID… approve\|reject\|return --reason TEXT",
     "用法：svccheck decide 行号… approve|reject|return --reason 理由"),
    (r"--code goes with approve", "--code 只能与 approve 一起使用"),
    (r"--code '?([^':]*)'?: not a level-4 catalogue code", r"--code “\1”：不是四级目录编码"),
    (r"--code (\S+): not an entry of (.*) \(line (\S+)\); nothing was recorded",
     r"--code \1：不是 \2 目录中的条目（行 \3）；未记录任何决定"),
    # the command line
    (r"(.*): the report is \.html or \.xlsx", r"\1：报告只能是 .html 或 .xlsx"),
    (r"--severity '(.*)': expected RULE=error\|warning\|info with a rule of (.*)",
     r"--severity “\1”：应为 规则=error|warning|info，规则为 \2 之一"),
    (r"'(.*)' names no lint rule; the rules are (.*)", r"“\1”不是任何检查规则；规则有 \2"),
    (r"svccheck serve needs the web extra \((\S+) is missing\): pip install 'svccheck\[serve\]'",
     r"svccheck serve 需要网页组件（缺少 \1）：pip install 'svccheck[serve]'"),
    (r"out of memory: the input is too large for this machine.*", "内存不足：输入对这台机器来说太大；请拆分文件"),
    # click's own usage errors
    (r"No such command '(.*)'\. Did you mean '(.*)'\?", r"没有“\1”这个命令。是不是“\2”？"),
    (r"No such command '(.*)'\.", r"没有“\1”这个命令。"),
    (r"No such option: (\S+)|No such option '(.*)'\.", lambda m: f"没有“{m.group(1) or m.group(2)}”这个选项。"),
    (r"No such option '(.*)'\. Did you mean '(.*)'\?|No such option: (\S+) Did you mean (\S+)\?",
     lambda m: f"没有“{m.group(1) or m.group(3)}”这个选项。是不是“{m.group(2) or m.group(4)}”？"),
    (r"No such option '(.*)'\. \(Possible options: (.*)\)", r"没有“\1”这个选项（可能是：\2）。"),
    (r"Missing argument '(.*)'\.", r"缺少参数 \1。"),
    (r"Missing option '(.*)'\.", lambda m: f"缺少选项 {m.group(1).replace(chr(39) + ' / ' + chr(39), ' / ')}。"),
    (r"Option '(.*)' requires an argument\.", r"选项 \1 需要一个值。"),
    (r"Option '(.*)' does not take a value\.", r"选项 \1 不带值。"),
    (r"Got unexpected extra arguments? \((.*)\)", r"多余的参数（\1）。"),
    (r"Invalid value for '(.*)': '(.*)' is not one of (.*)\.", r"\1 的值“\2”无效：应为 \3 之一。"),
    (r"Invalid value for '(.*)': '(.*)' is not a valid integer(?: range)?\.", r"\1 的值“\2”无效：应为整数。"),
    (r"Invalid value for '(.*)': (\S+) is not in the range (.*)\.", r"\1 的值 \2 无效：应在 \3 范围内。"),
    (r"Invalid value for '(.*)': (?:File|Path|Directory) '(.*)' does not exist\.", r"\1 的值无效：“\2”不存在。"),
    (r"Invalid value for '(.*)': File '(.*)' is a directory\.", r"\1 的值无效：“\2”是文件夹，不是文件。"),
    (r"Invalid value for '(.*)': Directory '(.*)' is a file\.", r"\1 的值无效：“\2”是文件，不是文件夹。"),
    (r"Invalid value for '(.*)': (?:File|Path) '(.*)' is not readable\.", r"\1 的值无效：“\2”不可读取。"),
    (r"Invalid value for '(.*)': (.*)", r"\1 的值无效：\2"),
]

# The operating system's words for the failures a user meets (strerror), in Chinese.
_OS_ZH = {
    "No such file or directory": "没有这个文件或文件夹",
    "Permission denied": "没有权限",
    "Is a directory": "这是文件夹",
    "Not a directory": "路径中有一段不是文件夹",
    "No space left on device": "磁盘空间不足",
    "Read-only file system": "文件系统是只读的",
    "File exists": "文件已存在",
    "Disk quota exceeded": "超出磁盘配额",
    "Too many open files": "打开的文件太多",
    "Input/output error": "输入输出错误",
    "File name too long": "文件名太长",
}


def on_a_form(text: str, lang: str | None = None) -> str:
    """An error said for a web form: the form's field names in place of the command line's options."""
    if (lang or default_lang()) == "en":
        return text.replace(" (--reason)", "").replace("--code ", "code ")
    return text.replace("（--reason）", "").replace("--code ", "目录代码 ")


def error_text(message: str, lang: str | None = None) -> str:
    """An error message in the language asked for (the common ones have Chinese; a `path: ` prefix is kept)."""
    import re

    if (lang or default_lang()) == "en":
        return message
    candidates = [("", message)]
    head, sep, rest = message.partition(": ")
    if sep:
        candidates.append((head + "：", rest))
    for prefix, text in candidates:
        for pattern, zh in _ERRORS_ZH:
            m = re.fullmatch(pattern, text)
            if m:
                said = zh(m) if callable(zh) else m.expand(zh)
                said = re.sub(r"\brow (\d+): ", r"第 \1 行：", prefix + said)
                for english, chinese in _OS_ZH.items():
                    said = said.replace(english, chinese)
                return said
    return message
