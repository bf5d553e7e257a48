#!/usr/bin/env python3
"""Write data/samples/county-summary-2026.xlsx: a county summary workbook laid out the way
county finance bureaus lay them out (title, 单位 note, two-row header, a department merged
over its lines, 小计 and 合计 rows, amounts in 元). The lines are made up for the sample;
the layout is the point. Run it again to regenerate the file."""
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

LINES = {
    "泽州县民政局": [
        ("居家养老上门服务（北留镇、周村镇）", "A040207", 360000),
        ("低保特困人员家访服务", "A040303", 85000),
        ("社区社会工作服务站运营（第二批）", "", 240000),
        ("困难群众基本生活救助金发放（高都镇）", "", 1200000),
    ],
    "泽州县司法局": [
        ("人民调解员培训", "", 35000),
        ("法律援助案件办理（2026年度）", "", 80000),
        ("机关办公楼物业管理", "", 150000),
    ],
    "泽州县教育局": [
        ("校园食品安全抽检", "", 60000),
        ("购置学生课桌椅", "", 420000),
    ],
}


def main() -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "汇总表"
    ws.append(["泽州县2026年政府购买服务预算汇总表"])
    ws.merge_cells("A1:H1")
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append(["编制：泽州县财政局", None, None, None, None, None, None, "单位：元"])
    ws.append(["序号", "预算单位", "购买服务项目名称", "指导性目录代码", "预算金额", None, None, "备注"])
    ws.append([None, None, None, None, "合计", "一般公共预算", "其他资金", None])
    for col in "ABCDH":
        ws.merge_cells(f"{col}3:{col}4")
    ws.merge_cells("E3:G3")
    number = 0
    for department, lines in LINES.items():
        first = ws.max_row + 1
        for item, code, amount in lines:
            number += 1
            ws.append([number, department, item, code or None, amount, amount, 0, None])
        ws.merge_cells(f"B{first}:B{ws.max_row}")
        ws.append([None, "小    计", None, None, sum(a for *_, a in lines), None, None, None])
    ws.append(["合    计", None, None, None, sum(a for lines in LINES.values() for *_, a in lines), None, None, None])
    ws.merge_cells(f"A{ws.max_row}:D{ws.max_row}")
    ws.append(["注：本表金额单位为元。"])
    for col, width in zip("ABCDEFGH", (6, 16, 36, 14, 14, 14, 12, 10)):
        ws.column_dimensions[col].width = width
    out = Path(__file__).resolve().parents[1] / "data" / "samples" / "county-summary-2026.xlsx"
    wb.save(out)
    print(out)


if __name__ == "__main__":
    main()
