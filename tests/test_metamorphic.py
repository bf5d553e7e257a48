"""Metamorphic tests: a place, a year, a batch or contract note added to a line never changes
its verdict or its entry (issue #8). Every labelled line of the fixtures is rewritten in each
of the ways clerks add them, with places the matcher has never seen."""
import importlib.util
import random
from pathlib import Path

import pytest

from checker import catalog
from checker.match import Engine

FIXTURES = Path(__file__).parent / "fixtures"
_spec = importlib.util.spec_from_file_location("accuracy", Path(__file__).parents[1] / "bench" / "accuracy.py")
accuracy = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(accuracy)


@pytest.fixture(scope="module")
def engine():
    return Engine(catalog.load())


LABELLED = sorted(p.name for p in FIXTURES.glob("*.csv")
                  if "labelled" in p.name or p.name in ("holdout.csv", "heldback-blind-5.csv", "heldback-blind-7.csv",
                                                     "heldback-blind-8.csv", "heldback-blind-9.csv",
                                                     "heldback-blind-10.csv", "heldback-blind-11.csv",
                                                     "heldback-blind-12.csv"))


@pytest.mark.parametrize("name", LABELLED)
def test_places_years_and_notes_change_no_verdict(engine, name):
    _assert_no_verdict_changes(engine, name, accuracy.rewrites)


@pytest.mark.parametrize("name", LABELLED)
def test_a_list_number_an_amount_or_the_tables_label_changes_no_verdict(engine, name):
    # 政府购买机动车驾驶人考场服务 had become goods, 城乡低保金发放（政府购买服务） a service, and
    # 5.安全生产应急救援演练 another department's: the frame of a table row is not the line.
    _assert_no_verdict_changes(engine, name, accuracy.frames)


@pytest.mark.parametrize("name", LABELLED)
def test_the_departments_own_name_in_front_changes_no_verdict(engine, name):
    # Clerks write their unit before the line (泽州县应急管理局安全生产应急救援演练, 住房和城乡建设局…):
    # 195 development lines had changed verdict or entry with it.
    rows = accuracy.load(FIXTURES / name)
    base = [(res.verdict, res.code) for res in accuracy.check(rows, engine)]
    variants = [dict(r, item=v) for r in rows for v in (f"{r['department']}{r['item']}",
                                                         f"{accuracy.without_county(r['department'])} {r['item']}")]
    changed = [(v["item"], base[i // 2], (res.verdict, res.code))
               for i, (v, res) in enumerate(zip(variants, accuracy.check(variants, engine)))
               if (res.verdict, res.code) != base[i // 2]]
    assert not changed, changed[:10]


def _assert_no_verdict_changes(engine, name, rewrite):
    rows = accuracy.load(FIXTURES / name)
    rng = random.Random(5)
    variants = [dict(r, item=v) for r in rows for v in rewrite(r["item"], rng)]
    base = [(res.verdict, res.code) for res in accuracy.check(rows, engine)]
    per_row = len(variants) // len(rows)
    changed = [(v["item"], base[i // per_row], (res.verdict, res.code))
               for i, (v, res) in enumerate(zip(variants, accuracy.check(variants, engine)))
               if (res.verdict, res.code) != base[i // per_row]]
    assert not changed, changed[:10]


@pytest.mark.parametrize("line, verdict", [
    ("遗属补助（大阳镇）", "not_a_service"),
    ("临时救助金（川底镇）", "not_a_service"),
    ("困难群众基本生活救助金发放（高都镇）", "not_a_service"),
    ("村级文化广场建设", "not_a_service"),
    ("污水管网工程（管网改造）", "not_a_service"),
    ("道路硬化工程（续建）", "not_a_service"),
])
def test_issue_examples_are_not_services(engine, line, verdict):
    rows = [{"department": "泽州县民政局", "item": line, "code": "", "amount_wan": "1"}]
    (res,) = accuracy.check(rows, engine)
    assert res.verdict == verdict


def test_a_village_in_the_line_is_taken_off_but_words_are_not(engine):
    structure = engine.wording.structure
    assert structure("乡村振兴驻村工作队专项晋庙铺范谷坨村") == "乡村振兴驻村工作队专项"
    assert structure("2026年柳泉镇、石门乡居家养老上门服务（第二批）") == "居家养老上门服务"
    # A town named …乡 is a 镇, a village named …村 has its 村委会: neither is left behind.
    assert structure("宁乡镇、金罗镇、枝柯镇农村客运班线运营") == "农村客运班线运营"
    assert structure("居家养老上门服务宁乡镇") == structure("东乡镇居家养老上门服务") == "居家养老上门服务"
    assert structure("张村村委会门前道路保洁") == "门前道路保洁"
    # Common nouns shaped like places stay: they say what is bought.
    for kept in ("农村留守儿童关爱", "城乡社区治理", "建设美丽乡村宣传", "法律进社区宣传", "社区矫正"):
        assert structure(kept) == kept
    # A service's words before a bracketed scope are no place's name (路灯运维城区 is no district).
    assert "路灯运维" in structure("路灯运维（城区段）")
    # A procurement method after the line changes nothing: 工程量 (quantities) is no works either way.
    rows = [{"department": "某某县审计局", "item": item, "code": "", "amount_wan": "1"}
            for item in ("请造价咨询公司派人帮着核几个项目的工程量", "请造价咨询公司派人帮着核几个项目的工程量询价采购（包三）")]
    plain, procured = accuracy.check(rows, engine)
    assert plain.verdict == procured.verdict != "not_a_service"
    # A spoken 的 at the end goes, as the procurement register's 关于…的采购合同 takes it off.
    assert structure("请人到超市买菜回来化验，看有没有超标的") == structure("关于请人到超市买菜回来化验，看有没有超标的的采购合同")
    # Where the money comes from is a note, like a year.
    assert structure("2026年城市最低生活保障资金（县级配套）") == "城市最低生活保障资金"


def test_a_table_rows_number_amount_label_and_marks_are_taken_off_but_a_targets_figures_stay(engine):
    structure = engine.wording.structure
    for framed in ("1.居家养老上门服务", "12、居家养老上门服务", "三、居家养老上门服务", "（二）居家养老上门服务",
                   "①居家养老上门服务", "居家养老上门服务 30万元", "居家养老上门服务（预算：12.5万元）",
                   "居家养老上门服务，预算30万元", "政府购买居家养老上门服务", "居家养老上门服务（政府购买服务）",
                   "*居家养老上门服务※", "居家养老上门服务。", "用于居家养老上门服务", "资金主要用于居家养老上门服务",
                   "“居家养老上门服务”", "《居家养老上门服务》", "居家养老上门服务（含税）", "【重点】居家养老上门服务"):
        assert structure(framed) == "居家养老上门服务", framed
    # Figures that are the line's own words stay: a date, a rate, a target, a hotline.
    assert structure("3.15消费者权益日宣传") == "3.15消费者权益日宣传"
    assert structure("一次性创业补贴每人5000元").endswith("5000元")
    assert structure("意向成交额不低于5000万元").endswith("5000万元")
    assert structure("12345热线") == "12345热线"
    # A target set off by a space instead of a comma is a target all the same; other spaces go.
    assert structure("委托第三方开展食品监督抽检 抽检不少于800批次 问题产品处置率100%") == \
        structure("委托第三方开展食品监督抽检，抽检不少于800批次，问题产品处置率100%")
    assert structure("居家 养老 上门服务") == "居家养老上门服务"
    # The table's label alone is all there is: it stays.
    assert structure("政府购买服务") == "政府购买服务"


def test_the_notice_or_contract_around_a_service_is_taken_off_but_goods_stay_goods(engine):
    structure = engine.wording.structure
    assert structure("关于阳城县2026年居家养老上门服务项目的采购合同") == "居家养老上门服务项目"
    assert structure("沁水县民政局关于购买婚姻家庭辅导服务的询价采购") == "购买婚姻家庭辅导服务"
    assert structure("社区社会工作服务站运营项目公开招标公告（第二标段）") == "社区社会工作服务站运营"
    assert structure("困难群众家庭经济状况核对服务框架协议（2026-2027年）") == "困难群众家庭经济状况核对服务"
    rows = [{"department": "泽州县公安局", "item": item, "code": "", "amount_wan": "1"}
            for item in ("执法记录仪采购中标（成交）结果公告（包一）", "办公电脑采购竞争性磋商（包二）",
                         "2026年度警用无人机采购项目合同书", "敬老院厨房炊具采购竞争性磋商（包一）",
                         "公益岗补贴单一来源采购公示（包三）", "优抚对象定期抚恤金（第一批）框架协议",
                         "学校智慧黑板采购项目（包一）")]
    assert [r.verdict for r in accuracy.check(rows, engine)] == ["not_a_service"] * 7
    watched, = accuracy.check([{"department": "中国人民政治协商会议某某县委员会办公室",
                                "item": "关于政协网络舆情监控的采购合同", "code": "", "amount_wan": "1"}], engine)
    assert watched.verdict == "ok"  # 关于…的采购合同 names a contract: no purchase of 监控 cameras
    # A service's own 采购 before a document is the register's: 培育项目…采购合同 buys the training.
    assert structure("高素质农民培育项目（第一包：粮食生产类）采购合同") == "高素质农民培育项目粮食生产类"


def test_a_performance_target_keeps_only_the_clauses_that_say_what_is_bought(engine):
    structure = engine.wording.structure
    assert structure("委托第三方为分散供养特困人员提供照料护理服务，服务对象满意度达90%以上") == \
        "委托第三方为分散供养特困人员提供照料护理服务"
    assert structure("完成食品安全监督抽检1200批次，抽检合格率达到98%，全年不发生重大食品安全事故") == "完成食品安全监督抽检1200批次"
    assert structure("为高龄老人提供上门助餐服务，全年服务不少于3000人次，惠及800余户") == "为高龄老人提供上门助餐服务"
    # A line that is nothing but targets stays whole: something must be read.
    assert structure("满意率达到95%，全年不少于300件") == "满意率达到95%,全年不少于300件"
    rows = [{"department": "泽州县民政局", "item": item, "code": "", "amount_wan": "1"}
            for item in ("居家养老上门服务", "居家养老上门服务，服务老人不少于500人，满意度达到95%以上",
                         "发放高龄津贴，惠及老人3500余人，发放准确率达到100%")]
    plain, targeted, transfer = accuracy.check(rows, engine)
    assert (targeted.verdict, targeted.code) == (plain.verdict, plain.code) == ("ok", "A040207")
    assert transfer.verdict == "not_a_service"  # the negative list reads the line without its targets too
