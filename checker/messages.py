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
