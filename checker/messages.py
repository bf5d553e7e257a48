"""Every sentence the command line says around the findings, in Chinese (the default) and English.

Findings have their own templates in rules/*.yaml; this catalogue holds the rest: errors,
summaries, the gate, the audit, decisions. `say` is strict: a missing fact raises, and a test
checks that both languages have every message with the same placeholders.
"""
from __future__ import annotations

import os
import string

MESSAGES: dict[str, tuple[str, str]] = {
    "error": ("错误：{message}", "Error: {message}"),
    "interrupted": ("svccheck：已中断；没有留下写了一半的输出。", "svccheck: interrupted; no output was left half-written."),
    "aborted": ("已取消。", "Aborted."),
    "internal-error": ("svccheck 内部错误（{kind}：{detail}）。这是 svccheck 的缺陷，不是您文件的问题：请连同所运行的命令报告"
                       "（加 --debug 可看详情）。",
                       "svccheck: internal error ({kind}: {detail}). This is a bug in svccheck, not in your file: please "
                       "report it with the command you ran (add --debug for the details)."),
    "lint-summary": ("{errors} 个错误，{warnings} 个警告", "{errors} error(s), {warnings} warning(s)"),
    "import-done": ("{out}：{sectors} 个部门目录，{entries} 个四级条目，{errata} 条勘误",
                    "{out}: {sectors} sector lists, {entries} level-4 entries, {errata} errata applied"),
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

ACTIONS = {"approve": ("同意", "approve"), "reject": ("不同意", "reject"), "return": ("退回修改", "return")}


def default_lang() -> str:
    """$SVCCHECK_LANG when it is en or zh, else zh."""
    lang = os.environ.get("SVCCHECK_LANG", "zh").lower()
    return "en" if lang.startswith("en") else "zh"


def say(key: str, lang: str | None = None, **facts) -> str:
    """A message of the catalogue in `lang` (default: $SVCCHECK_LANG, else Chinese), facts filled in."""
    zh, en = MESSAGES[key]
    return (en if (lang or default_lang()) == "en" else zh).format_map(facts)


def action(name: str, lang: str | None = None) -> str:
    zh, en = ACTIONS[name]
    return en if (lang or default_lang()) == "en" else zh


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


# Errors are raised in English where they happen (intake, the store, the catalogue); these turn
# the common ones into Chinese when shown. A message with no pattern here is shown as raised.
_ERRORS_ZH: list[tuple[str, str]] = [
    (r"file not found", "找不到文件"),
    (r"is a folder, not a file", "这是文件夹，不是文件"),
    (r"cannot read \((.*)\)", r"无法读取（\1）"),
    (r"the file is empty: no header row", "文件是空的：没有表头"),
    (r"the sheet is empty: no header row", "工作表是空的：没有表头"),
    (r"no item column: looked in the first (\d+) rows for a header naming (.*); the first rows are: (.*)",
     r"找不到项目列：前 \1 行中没有含 \2 的表头；前几行是：\3"),
    (r"no item column: expected one of (.*); found (.*)", r"找不到项目列：应为 \1 之一；实际的列为 \2"),
    (r"not a readable XLSX workbook \((.*)\)", r"不是可读取的 XLSX 工作簿（\1）"),
    (r"not a CSV text file or an XLSX workbook \(binary content\)", "既不是 CSV 文本文件，也不是 XLSX 工作簿（二进制内容）"),
    (r"no sheet '(.*)'; sheets: (.*)", r"没有名为“\1”的工作表；现有工作表：\2"),
    (r"sheet '(.*)' is a chart, not a table; name a worksheet with --sheet", r"工作表“\1”是图表，不是表格；请用 --sheet 指定工作表"),
    (r"--sheet applies to XLSX workbooks only", "--sheet 只适用于 XLSX 工作簿"),
    (r"(?:about )?(\d+) (?:data )?rows, more than the limit of (\d+); raise it with --max-rows",
     r"约 \1 行，超过 \2 行的上限；可用 --max-rows 提高"),
    (r"more than (\d+) (?:data )?rows, the limit; raise it with --max-rows", r"超过 \1 行的上限；可用 --max-rows 提高"),
    (r"unknown encoding '(.*)'", r"未知的编码“\1”"),
    (r"line (\d+): not valid (\S+) \(byte (0x[0-9a-f]+)\)", r"第 \1 行：不是有效的 \2 编码（字节 \3）"),
    (r"cannot write (.*): (.*); any earlier (.*) is unchanged", r"无法写入 \1：\2；原有的 \3 未被改动"),
    (r"--format xlsx needs -o FILE\.xlsx", "--format xlsx 需要 -o 文件.xlsx"),
    (r"--sector '(.*)': no such sector list", r"--sector “\1”：没有这个部门目录"),
    (r"(.*): no such file or folder", r"\1：没有这个文件或文件夹"),
    (r"no line (\S+) in (.*); run `svccheck review FILE` first; nothing was recorded",
     r"\2 中没有行 \1；请先运行 svccheck review 文件；未记录任何决定"),
    (r"a decision needs a reason \(--reason\)", "决定需要理由（--reason）"),
]


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
                return re.sub(r"\brow (\d+): ", r"第 \1 行：", prefix + m.expand(zh))
    return message
