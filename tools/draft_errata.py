"""Draft catalog/shanxi-2025/errata.yaml from lint findings on a faithful import.

A maintainer's aid, run once per edition: the mechanical corrections (wrap spaces,
canonical level names, wrong columns, missing A) are drafted from lint; the ones that
need judgement (lost headings, lost parents, misprinted codes, bundled names) are
listed in HAND below with their reasons. Review the output before committing it.

    python tools/draft_errata.py data/source/shanxi-catalogue-2025.txt > errata.yaml
"""
import sys
import tempfile
from pathlib import Path

from checker import importer, lint, yamlio
from checker.text import unwrap

HAND = [
    dict(line=719, kind="misprinted-code", field="code", printed="A040102", corrected="A140102", sector="自然资源",
         why="代码不以上级 A1401（防灾减灾预警、预报服务）开头；同级依次为 A140101、A140103，应为 A140102。"),
    dict(line=1221, kind="misprinted-code", field="code", printed="A050301", corrected="A150301", sector="文化和旅游",
         why="代码不以上级 A1503（公共公益展览服务）开头，应为 A150301。"),
    dict(line=1787, kind="misprinted-code", field="code", printed="A160401", corrected="A160901", sector="民营经济发展",
         why="代码不以上级 A1609（行业人才培养服务）开头，应为 A160901。"),
    dict(line=664, kind="lost-content", field="lost", printed="公共信息服务", corrected=None, sector="财政",
         why="财政目录 A1501 公共信息服务下的四级条目在分页处与人力资源和社会保障的标题一同丢失，原文无法恢复；保留该三级目录并标注内容缺失。"),
    dict(line=667, kind="lost-heading", field="heading", anchor="A030201 职业技能培训服务", printed=None,
         corrected="人力资源和社会保障", sector="人力资源和社会保障",
         why="分页处丢失部门标题：目录（第29页）列有人力资源和社会保障；此段代码在财政目录中重复出现（A0303、A04、A15 等），内容为人社业务。"),
    dict(line=667, kind="lost-parent", field="node", anchor="A030201 职业技能培训服务", printed=None,
         corrected="A 公共服务", sector="人力资源和社会保障", why="随部门标题一同丢失的一级目录，按共用分类补回。"),
    dict(line=667, kind="lost-parent", field="node", anchor="A030201 职业技能培训服务", printed=None,
         corrected="A03 就业公共服务", sector="人力资源和社会保障", why="随部门标题一同丢失的二级目录，按共用分类补回。"),
    dict(line=667, kind="lost-parent", field="node", anchor="A030201 职业技能培训服务", printed=None,
         corrected="A0302 职业技能培训服务", sector="人力资源和社会保障", why="随部门标题一同丢失的三级目录，按共用分类补回。"),
    dict(line=692, kind="lost-parent", field="node", anchor="A1604 行业职业资格准入和水平评价管理服务", printed=None,
         corrected="A16 行业管理服务", sector="人力资源和社会保障",
         why="A1604 前缺少其二级目录 A16，按共用分类补回。"),
    dict(line=1821, kind="lost-heading", field="heading", anchor="A04 社会保障服务", printed=None,
         corrected="戒毒管理", sector="戒毒管理",
         why="分页处丢失部门标题：目录（第71页）列有戒毒管理；此段在监狱管理目录中重复出现 A04、A05 等代码，内容为戒毒业务。"),
    dict(line=1821, kind="lost-parent", field="node", anchor="A04 社会保障服务", printed=None,
         corrected="A 公共服务", sector="戒毒管理", why="随部门标题一同丢失的一级目录，按共用分类补回。"),
    dict(line=1906, kind="lost-heading", field="heading", anchor="A 公共服务", printed=None,
         corrected="工商业联合会", sector="工商业联合会",
         why="分页处丢失部门标题：目录（第75页）列有工商业联合会；此段在林业和草原目录中重复出现一级目录 A，内容为商会业务。"),
    dict(line=838, kind="bundled-name", field="parts", printed="危险废物监督管理指南服务, 固体废物污染控制标准规范制定服务",
         corrected=["危险废物监督管理指南服务", "固体废物污染控制标准规范制定服务"], sector="生态环境",
         why="名称并列两项服务；列出各项供匹配与审核使用，代码和印刷名称不变。"),
    dict(line=2157, kind="bundled-name", field="parts", printed="科普实践活动；科普讲解活动；气象研学活动",
         corrected=["科普实践活动", "科普讲解活动", "气象研学活动"], sector="气象",
         why="名称并列三项活动；列出各项供匹配与审核使用，代码和印刷名称不变。"),
    dict(line=2162, kind="bundled-name", field="parts", printed="电视天气预报节目;气象旅游推广宣传服务",
         corrected=["电视天气预报节目", "气象旅游推广宣传服务"], sector="气象",
         why="名称并列两项服务；列出各项供匹配与审核使用，代码和印刷名称不变。"),
]

ROOT_WHY = "部门目录缺少一级目录“A 公共服务”（二级目录名称印在一级列，或根本未印），按共用分类补回。"
NAME_WHY = {
    "A1801": "一至三级目录为共用分类，A1801 为“对外合作与交流服务”；印刷名称属于另一个三级目录。其下四级代码按印刷保留，因为部门照此引用。",
}


def main(source: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        importer.run_import(Path(source), out)
        levels = yamlio.load(out / "levels.yaml")["levels"]
        problems = lint.lint([out])
        table = importer.parse_source(Path(source).read_text(encoding="utf-8"))
        by_line = {r.line: r for r in table.rows}
        sector_of = {}
        for path in (out / "sectors").glob("*.yaml"):
            doc = yamlio.load(path)
            stack = list(doc["nodes"])
            while stack:
                node = stack.pop()
                sector_of[node["line"]] = doc["sector"]
                stack.extend(node.get("children", []))
    drafted = []
    for p in problems:
        row = by_line.get(p.source_line)
        sector = sector_of.get(p.source_line)
        if p.rule == "CT05":
            drafted.append(dict(line=p.source_line, kind="missing-leading-a", field="code", printed=row.code,
                                corrected="A" + row.code, sector=sector,
                                why=f"印刷代码缺少前导字母 A；其上级及同级代码均以 A 开头，应为 A{row.code}。"))
        elif p.rule == "CT07":
            drafted.append(dict(line=p.source_line, kind="wrong-column", field="column", printed=row.column,
                                corrected=len(row.code) // 2 + 1, sector=sector,
                                why=f"{row.code} 是二级代码，名称却印在一级目录列。"))
        elif p.rule == "CT08":
            drafted.append(dict(line=p.source_line, kind="missing-root", field="node",
                                anchor=importer.row_text(row), printed=None, corrected="A 公共服务",
                                sector=sector, why=ROOT_WHY))
        elif p.rule == "CT09":
            canonical = levels.get(row.code) if len(row.code) <= 5 else None
            drafted.append(dict(line=p.source_line, kind="wrapped-name", field="name", printed=row.name,
                                corrected=canonical or unwrap(row.name), sector=sector,
                                why="PDF 换行在名称中留下空格。"))
        elif p.rule == "CT10":
            canonical = levels[row.code]
            why = NAME_WHY.get(row.code) or (
                f"一至三级目录为共用分类，{row.code} 的规范名称（多数部门目录的写法）为“{canonical}”。")
            drafted.append(dict(line=p.source_line, kind="non-canonical-name", field="name", printed=row.name,
                                corrected=canonical, sector=sector, why=why))
    drafted.extend(HAND)
    # Inserts before the same line keep the order listed (heading first, then parents).
    drafted.sort(key=lambda e: (e["line"], e["field"] not in ("heading",), e["field"] != "node"))
    items = []
    for number, e in enumerate(drafted, start=1):
        item = {"id": f"E{number:03d}", "line": e["line"], "sector": e["sector"], "kind": e["kind"],
                "field": e["field"]}
        if "anchor" in e:
            item["anchor"] = e["anchor"]
        item.update(printed=e["printed"], corrected=e["corrected"], why=e["why"])
        items.append(item)
    header = ("# Errata of the published text of 晋财综〔2025〕28号, as extracted in\n"
              "# data/source/shanxi-catalogue-2025.txt. Every correction made to the printed text is here:\n"
              "# source line, what was printed, what it is corrected to, and why.\n"
              "# `svccheck catalog import SOURCE -o DIR --errata errata.yaml` applies them; lint checks that\n"
              "# each still matches the source (CT14).\n")
    sys.stdout.write(yamlio.dump({"errata": items}, header))


if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] in ("-h", "--help") or not Path(sys.argv[1]).is_file():
        sys.exit(__doc__.strip() + "\n\nusage: python tools/draft_errata.py PUBLISHED_TEXT > errata.yaml")
    main(sys.argv[1])
