"""The Chinese of every --help text, keyed by the English written beside the command.

The English in cli.py is the msgid (as with gettext): a command's help is written once where
the command is defined, and its Chinese lives here. A test fails when a help text has no
Chinese, so a new option cannot ship half-translated. `\b` keeps click from rewrapping a
paragraph, in either language.
"""
from __future__ import annotations

ZH: dict[str, str] = {
    # click's own
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本并退出。",
    # svccheck
    "Check government purchase-of-services lines against the Shanxi guiding catalogue\n"
    "(山西省部门政府购买服务指导性目录, 晋财综〔2025〕28号).\n\n\b\n"
    "Exit codes: 0 clean, 1 findings at or above the failing severity, 2 usage or input error,\n"
    "3 an internal error of svccheck (add --debug for the traceback), 130 interrupted.":
        "按《山西省部门政府购买服务指导性目录》（晋财综〔2025〕28号）核对政府购买服务项目。\n\n\b\n"
        "退出码：0 无问题；1 有达到失败级别的问题；2 用法或输入错误；\n"
        "3 svccheck 内部错误（加 --debug 显示详情）；130 已中断。",
    "Lint catalogue YAML: edition folders, files (as many as given, as a pre-commit hook passes\n"
    "them; an edition's own edition/levels/errata/import.yaml stands for its whole edition), or\n"
    "(no path) the bundled catalogue.":
        "检查目录 YAML：目录版本文件夹或文件（可给多个，与 pre-commit 钩子传入的方式相同；版本自身的 "
        "edition/levels/errata/import.yaml 代表整个版本）；不给路径时检查自带的目录。",
    "sarif: SARIF 2.1.0 for code-scanning tools.": "sarif：SARIF 2.1.0 格式，供代码扫描工具使用。",
    "Warnings fail too (exit 1).": "警告也算失败（退出码 1）。",
    "Only these rules (ids or prefixes such as CT0); repeatable.": "只检查这些规则（编号或前缀，如 CT0）；可重复。",
    "Not these rules (ids or prefixes); repeatable.": "不检查这些规则（编号或前缀）；可重复。",
    "Another severity for a rule (error, warning or info), e.g. CT05=error; repeatable.":
        "改变某条规则的级别（error、warning 或 info），如 CT05=error；可重复。",
    "Language of messages (default: $SVCCHECK_LANG, else zh).": "提示信息的语言（默认取 $SVCCHECK_LANG，否则为中文 zh）。",
    "Import, export and inspect catalogue editions.": "导入、导出和查看目录版本。",
    "Import the published table text SOURCE into the YAML layout.\n\n"
    "Without --errata the import is faithful: codes and names as printed, levels from the\n"
    "column each name stands in; `svccheck lint DIR` then reports the defects.":
        "把公布的目录表格文本 SOURCE 导入为 YAML 目录。\n\n"
        "不加 --errata 时按原样导入：编码和名称与印刷件一致，层级取自名称所在的列；"
        "之后用 `svccheck lint 文件夹` 列出原文的缺陷。",
    "Edition folder to write (sectors/, levels.yaml, import.yaml).": "写入的目录版本文件夹（sectors/、levels.yaml、import.yaml）。",
    "Apply the corrections of this errata.yaml (default: a faithful import).": "应用该 errata.yaml 中的勘误（默认按原样导入）。",
    "Take each list's department names and keywords from this earlier edition folder where the output folder "
    "has none.": "输出文件夹中没有部门名单的部门目录，从这个旧版目录文件夹中取部门全称和关键词。",
    "What changed from edition folder OLD to NEW: entries added, removed, renamed, moved.":
        "列出目录版本文件夹 OLD 到 NEW 的变化：新增、删除、改名、移动的条目。",
    "Every node as a row: sector, level, code, name, parent, source_line.":
        "每个节点一行导出：部门目录、层级、编码、名称、上级编码、原文行号。",
    "Catalogue edition folder (default: the bundled shanxi-2025).": "目录版本文件夹（默认为自带的 shanxi-2025）。",
    "Check each purchase-of-services line of FILE (CSV, XLSX, XLS or - for stdin) against the catalogue.\n\n"
    "Every line gets one verdict: not_a_service, malformed_code, unknown_code, code_not_allowed,\n"
    "code_mismatch, other_department, outside_catalogue or ok (unreadable for rows that could\n"
    "not be read, total for “合计”/“小计” rows, blank for empty rows), the entry it belongs to,\n"
    "and its findings.\n"
    "Rows stream from the file through the checker to the output, so memory does not grow\n"
    "with the number of lines (except for the terminal table).":
        "逐行核对 FILE（CSV、XLSX、XLS，或用 - 表示标准输入）中的政府购买服务项目。\n\n"
        "每行得到一个结论：不属于购买服务、编码格式错误、编码不存在、编码不在本部门目录、编码与内容不符、"
        "属于其他部门目录、目录外或符合（无法读取的行为“无法读取”，合计/小计行为“合计行”，空行为“空行”），"
        "以及所属条目和各项问题。各行从文件流经核对写到输出，内存不随行数增长（终端表格除外）。",
    "Output format.": "输出格式。",
    "Write to this file instead of standard output.": "写入该文件而不是标准输出。",
    "Output format (default: table on a terminal, json otherwise).": "输出格式（默认：终端上为表格，否则为 json）。",
    "Write to this file instead of standard output (required for xlsx).": "写入该文件而不是标准输出（xlsx 格式必须指定）。",
    "Exit 1 when any line has a finding of this severity or worse.": "任一行有该级别或更严重的问题时，退出码为 1。",
    "JSON: add to each line the text as compared and the scores of the top candidates.":
        "JSON 输出中为每行附上参与比较的文本和得分最高的候选条目。",
    "No progress line and no summary on stderr.": "不在标准错误输出上显示进度和汇总。",
    "No summary on stderr.": "不在标准错误输出上显示汇总。",
    "Processes that decide lines in parallel on long files (default 1; 0: one per core).":
        "长文件中并行判定各行的进程数（默认 1；0 表示每个 CPU 核一个）。",
    "CSV encoding (default: UTF-8 with or without BOM, else GB18030).": "CSV 的编码（默认：UTF-8，带或不带 BOM，否则 GB18030）。",
    "Workbook sheet, XLSX or XLS, by name or number (default: the first that holds a table).":
        "工作簿（XLSX、XLS）的工作表，名称或序号（默认：第一张有表格的）。",
    "Unit of the amount column when its header does not say (default “万元”).":
        "金额列的单位，表头未注明时使用（默认为万元）：wan 万元，yuan 元。",
    "Sector list(s) for every line, overriding the department (e.g. “民政” or “卫生健康,体育”).":
        "所有行都按这些部门目录核对，不看预算单位（如 民政，或 卫生健康,体育）。",
    "Refuse files with more rows than this (default 1,000,000).": "行数超过此数的文件不予读取（默认 1,000,000）。",
    "Check FILE and record it in the review database; list the lines that need a decision.\n\n"
    "Each line gets a short id from its department, item, code and amount, so a resubmitted or\n"
    "reordered file keeps the decisions already taken.":
        "核对 FILE 并记入审核数据库，列出需要决定的行。\n\n"
        "每行按单位、项目、编码和金额得到一个短编号，重新提交或调整了行序的文件仍保留已作出的决定。",
    "Warnings, and matches marked for confirmation, need a decision too.": "警告和务必人工确认的匹配也需要决定。",
    "Review database (default: $SVCCHECK_DB, else ./svccheck-review.sqlite).":
        "审核数据库（默认取 $SVCCHECK_DB，否则为 ./svccheck-review.sqlite）。",
    "Who decides (default: $SVCCHECK_REVIEWER, else the login name).": "决定人（默认取 $SVCCHECK_REVIEWER，否则为登录名）。",
    "Record a decision on one or more lines; a later decision supersedes an earlier one.":
        "对一行或多行记录决定；后作出的决定取代先前的。",
    "Why: recorded with the decision.": "理由：与决定一并记录。",
    "With approve: accept the line under this catalogue entry.": "与 approve 同用：按该目录条目同意此行。",
    "Exit 0 when FILE may pass: every line with an error approved, none rejected or returned.":
        "FILE 可以通过时退出码为 0：每个有错误的行都已同意，且没有不同意或退回的行。",
    "Warnings, and matches marked for confirmation, need an approving decision too.":
        "警告和务必人工确认的匹配也需要同意的决定。",
    "Write the reviewer's report: a self-contained HTML page or an XLSX workbook.":
        "生成审核报告：独立的 HTML 页面或 XLSX 工作簿。",
    "report.html or report.xlsx": "report.html 或 report.xlsx",
    "Count warnings, and matches marked for confirmation, as needing a decision.":
        "警告和务必人工确认的匹配也算作需要决定。",
    "A local web page: check FILE… (or uploads), filter the lines, record decisions, see the gate.\n\n"
    "Needs the optional extra: pip install 'svccheck[serve]'. Listens on 127.0.0.1 only, unless\n"
    "--host says otherwise.":
        "本机网页：核对 FILE…（或上传的文件），筛选各行，记录决定，查看审批结论。\n\n"
        "需要安装可选组件：pip install 'svccheck[serve]'。只在 127.0.0.1 上监听，除非用 --host 另行指定。",
    "Address to listen on; anything but this machine needs saying so (and is warned about).":
        "监听地址；本机以外的地址须明确指定（并会给出警告）。",
    "Do not open the page in the web browser.": "不在浏览器中打开页面。",
    "Check the record of decisions.": "校验决定记录。",
    "Recompute the hash chain of decisions; exit 1 and name the first bad record if anything changed.":
        "重新计算决定的哈希链；若有改动，退出码为 1 并指出第一条有问题的记录。",
    "Look after the review database.": "维护审核数据库。",
    "Copy the review database to DESTINATION with SQLite's online backup (safe while others decide).":
        "用 SQLite 在线备份把审核数据库复制到 DESTINATION（他人同时作决定也安全）。",
    "The rules: list them; draft aliases from reviewers' approvals.": "规则：列出规则；根据审核人的同意决定起草别名。",
    "Every rule: id, name, severity and why it exists (from rules/lint.yaml and rules/match.yaml).":
        "列出每条规则：编号、名称、级别及设立原因（取自 rules/lint.yaml 和 rules/match.yaml）。",
    "Only this family's rules.": "只列出这一类规则。",
    "Turn approvals that put an item under an entry into alias suggestions (YAML for rules/aliases.yaml).":
        "把将某项目归入某条目的同意决定整理为别名建议（供 rules/aliases.yaml 使用的 YAML）。",
    "Print the shell completion script for SHELL.\n\n\b\n"
    "bash:  eval \"$(svccheck completion bash)\"        (in ~/.bashrc)\n"
    "zsh:   eval \"$(svccheck completion zsh)\"         (in ~/.zshrc)\n"
    "fish:  svccheck completion fish > ~/.config/fish/completions/svccheck.fish":
        "输出 SHELL 的命令补全脚本。\n\n\b\n"
        "bash:  eval \"$(svccheck completion bash)\"        （写入 ~/.bashrc）\n"
        "zsh:   eval \"$(svccheck completion zsh)\"         （写入 ~/.zshrc）\n"
        "fish:  svccheck completion fish > ~/.config/fish/completions/svccheck.fish",
}


def zh(text: str | None) -> str | None:
    """The Chinese of a help text (cleaned of its indentation); KeyError when it has none."""
    import inspect

    if text is None:
        return None
    return ZH[inspect.cleandoc(text)]


_CLOSING = set("，。；：、）」》”’！？,.;:)")


def _display_width(text: str) -> int:
    """Terminal columns: two for wide and full-width characters (unicodedata, not wcwidth, to keep
    --help fast)."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _tokens(text: str) -> list[str]:
    """Breakable pieces: a Han character or full-width mark each, a run of other letters, a space."""
    import re

    return re.findall(r"\s+|[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef“”‘’…]|[^\s\u2e80-\u9fff\u3000-\u303f\uff00-\uffef“”‘’…]+",
                      text)


def _join_lines(lines: list[str]) -> str:
    """A paragraph's source lines as one line: a space between words, none between Han characters."""
    out = ""
    for line in (s.strip() for s in lines):
        if out and line and not (_display_width(out[-1]) == 2 or _display_width(line[0]) == 2):
            out += " "
        out += line
    return out


def wrap(text: str, width: int, indent: str = "", first_indent: str | None = None) -> list[str]:
    """Lines of at most `width` terminal columns (Han characters are two), breaking between Han
    characters or at spaces, never putting a closing mark at the start of a line. Paragraphs
    after a `\\b` line are kept as written, as click keeps them."""
    lines: list[str] = []
    first = indent if first_indent is None else first_indent
    for n, paragraph in enumerate(text.split("\n\n")):
        if n:
            lines.append("")
        source = paragraph.split("\n")
        if source and source[0].strip() == "\b":
            lines.extend((first if not lines else indent) + s for s in source[1:])
            continue
        line, used = (first if not lines else indent), 0
        room = width - _display_width(line)
        for token in _tokens(_join_lines(source)):
            w = _display_width(token)
            if used + w > room and used and not token.isspace() and token not in _CLOSING:
                lines.append(line.rstrip())
                line, used, room = indent, 0, width - _display_width(indent)
            if token.isspace() and not used:
                continue
            line += token
            used += w
        lines.append(line.rstrip())
    return lines


def formatter_class():
    """click's help formatter, with wrapping that knows Han characters take two columns."""
    import click

    class ZhHelpFormatter(click.HelpFormatter):
        def write_heading(self, heading: str) -> None:
            self.write(f"{'':>{self.current_indent}}{heading}：\n")

        def write_text(self, text: str) -> None:
            indent = " " * self.current_indent
            self.write("\n".join(wrap(text, self.width, indent)) + "\n")

        def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
            rows = list(rows)
            first_col = min(max((_display_width(a) for a, _ in rows), default=0), col_max) + col_spacing
            for term, text in rows:
                self.write(f"{'':>{self.current_indent}}{term}")
                if not text:
                    self.write("\n")
                    continue
                if _display_width(term) <= first_col - col_spacing:
                    self.write(" " * (first_col - _display_width(term)))
                else:
                    self.write("\n" + " " * (first_col + self.current_indent))
                lines = wrap(text, max(self.width - first_col - self.current_indent, 10))
                self.write(lines[0] + "\n")
                for line in lines[1:]:
                    self.write(" " * (first_col + self.current_indent) + line + "\n")

    return ZhHelpFormatter
