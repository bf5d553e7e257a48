"""`svccheck match`: verdicts, codes, misprints, departments (on lines written for these tests)."""
from __future__ import annotations

import json

import pytest

HEADER = "部门名称,项目名称,目录代码,金额（万元）\n"


def run(invoke, tmp_path, lines: str, *args, name="in.csv"):
    path = tmp_path / name
    path.write_text(HEADER + lines, encoding="utf-8")
    result = invoke("match", path, "--format", "json", *args)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)["results"]


@pytest.mark.parametrize(
    "line, verdict, code",
    [
        ("泽州县民政局,城乡特困人员家访服务,,3", "ok", "A040303"),
        ("泽州县民政局,低保特困人员家访服务,A040303,3", "ok", "A040303"),
        ("泽州县统计局,打印机采购,,3", "not_a_service", None),
        ("泽州县交通运输局,乡村道路拓宽改建工程,A130401,300", "not_a_service", None),
        ("泽州县民政局,困难群众临时生活补助发放,,30", "not_a_service", None),
        ("泽州县市场监督管理局,执法辅助人员劳务派遣,,30", "not_a_service", None),
        ("泽州县民政局,低保特困人员家访服务,A04O303,3", "malformed_code", "A040303"),
        ("泽州县民政局,低保特困人员家访服务,A049999,3", "unknown_code", None),
        ("泽州县民政局,低保特困人员家访服务,A170303,3", "code_not_allowed", "A040303"),
        ("泽州县水务局,河湖管护监测服务,A170303,16", "code_mismatch", "A170305"),
        ("泽州县民政局,森林草原火险等级预测预警服务,,9", "other_department", "A140101"),
        ("泽州县民政局,机关办公楼物业管理服务,,20", "outside_catalogue", None),
    ],
)
def test_each_verdict(invoke, tmp_path, line, verdict, code):
    (r,) = run(invoke, tmp_path, line + "\n")
    assert (r["verdict"], r["code"]) == (verdict, code)
    assert r["row"] == 1 and r["findings"] or verdict == "ok"


def test_other_department_names_the_sector(invoke, tmp_path):
    (r,) = run(invoke, tmp_path, "泽州县民政局,森林草原火险等级预测预警服务,,9\n")
    assert r["sector"] == "林业和草原" and r["sectors"] == ["民政"]
    assert any(f["rule"] == "MT07" and "林业和草原" in f["message"] for f in r["findings"])


def test_outside_catalogue_says_review_and_filing_and_class_b(invoke, tmp_path):
    (r,) = run(invoke, tmp_path, "泽州县民政局,机关办公楼物业管理服务,,20\n")
    rules = {f["rule"]: f for f in r["findings"]}
    assert rules["MT08"]["severity"] == "warning" and "财预〔2017〕87号" in rules["MT08"]["message"]
    assert "MT09" in rules and "物业" in rules["MT09"]["message"]


def test_not_a_service_cites_its_source(invoke, tmp_path):
    (r,) = run(invoke, tmp_path, "泽州县统计局,办公家具购置,,3\n")
    (f,) = [f for f in r["findings"] if f["rule"] == "MT01"]
    assert f["severity"] == "error" and "第102号" in f["message"]


def test_services_around_goods_are_not_goods(invoke, tmp_path):
    (r,) = run(invoke, tmp_path, "泽州县广播电视服务中心,应急广播设备维修维护,,3\n")
    assert r["verdict"] != "not_a_service"


def test_printed_misprints_resolve_with_a_warning(invoke, tmp_path):
    (r,) = run(invoke, tmp_path, "晋城市规划和自然资源局泽州分局,地质灾害监测预警服务,A040102,5\n")
    assert r["verdict"] == "ok" and r["code"] == "A140102"
    (f,) = [f for f in r["findings"] if f["rule"] == "MT03"]
    assert f["severity"] == "warning" and "A040102" in f["message"] and "E0" in f["message"]


def test_a_printed_code_without_its_a_is_malformed_and_names_the_erratum(invoke, tmp_path):
    # Issue #8: a code lacking the leading A is malformed whatever its origin; the erratum is an extra note.
    (r,) = run(invoke, tmp_path, "泽州县住房和城乡建设管理局,住建行业标准制修订辅助服务,160601,6\n")
    assert (r["verdict"], r["code"]) == ("malformed_code", "A160601")
    assert {f["rule"] for f in r["findings"]} >= {"MT02", "MT03"}


def test_a_malformed_code_standing_for_another_lists_code_says_so_and_names_the_own_entry(invoke, tmp_path):
    # A15O102 reads A150102, which 民政's list does not hold: still malformed, and not allowed too.
    (r,) = run(invoke, tmp_path, "泽州县民政局,社区志愿服务宣传,A15O102,2\n")
    assert r["verdict"] == "malformed_code"
    assert [f["rule"] for f in r["findings"]][:2] == ["MT02", "MT05"]
    assert "A150102" in r["findings"][0]["message"] and "A150102" in r["findings"][1]["message"]
    assert (r["sector"], r["code"], r["entry"]) == ("民政", "A150201", "志愿服务宣传服务")
    table = invoke("match", str(tmp_path / "in.csv"), "--format", "table").output
    assert "应为“A150102”" in table.replace("\n", "").replace(" ", "") and "不在本部门目录" in table.replace("\n", "").replace(" ", "")


def test_misprint_of_another_sector_is_not_resolved(invoke, tmp_path):
    (r,) = run(invoke, tmp_path, "泽州县民政局,低保特困人员家访服务,A040102,5\n")
    assert not any(f["rule"] == "MT03" for f in r["findings"])


def test_multi_list_department(invoke, tmp_path):
    rows = run(invoke, tmp_path, "泽州县卫生健康和体育局,全民健身和公益性体育活动推广服务,,5\n"
                                 "泽州县卫生健康和体育局,卫生健康知识宣传服务,,5\n")
    assert [r["sector"] for r in rows] == ["体育", "卫生健康"]
    assert rows[0]["sectors"] == ["卫生健康", "体育"]


def test_unknown_department_is_checked_against_all_lists(invoke, tmp_path):
    (r,) = run(invoke, tmp_path, "某某中心,森林草原火险等级预测预警服务,,9\n")
    assert any(f["rule"] == "MT10" for f in r["findings"])
    assert r["code"] == "A140101" and r["sector"] == "林业和草原"


def test_sector_column_and_option_override(invoke, tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("部门名称,项目名称,sector\n某某中心,森林草原火险等级预测预警服务,林业和草原\n", encoding="utf-8")
    (r,) = json.loads(invoke("match", path, "--format", "json").output)["results"]
    assert r["sectors"] == ["林业和草原"] and r["verdict"] == "ok"
    (r,) = run(invoke, tmp_path, "某某中心,森林草原火险等级预测预警服务,,9\n", "--sector", "林业和草原")
    assert r["sectors"] == ["林业和草原"]
    result = invoke("match", path, "--sector", "不存在的部门")
    assert result.exit_code == 2


def test_abbreviations_are_understood(invoke, tmp_path):
    rows = run(invoke, tmp_path, "泽州县民政局,乡镇社工站运营,,60\n晋城市规划和自然资源局泽州分局,地灾隐患综合遥感识别,,8\n")
    assert [r["code"] for r in rows] == ["A100301", "A010101"]


def test_english_messages(invoke, tmp_path):
    (r,) = run(invoke, tmp_path, "泽州县民政局,机关办公楼物业管理服务,,20\n", "--lang", "en")
    assert any("finance department" in f["message"] for f in r["findings"])


def test_alternatives_and_score(invoke, tmp_path):
    (r,) = run(invoke, tmp_path, "泽州县民政局,低保特困人员照料护理服务,,5\n")
    assert 0 <= r["score"] <= 100 and len(r["alternatives"]) <= 3
    assert all({"sector", "code", "name", "score"} <= set(a) for a in r["alternatives"])


def test_exit_codes_and_fail_on(invoke, tmp_path):
    ok = tmp_path / "ok.csv"
    ok.write_text(HEADER + "泽州县民政局,低保特困人员家访服务,A040303,3\n", encoding="utf-8")
    assert invoke("match", ok, "--format", "json").exit_code == 0
    warn = tmp_path / "warn.csv"
    warn.write_text(HEADER + "泽州县民政局,机关办公楼物业管理服务,,20\n", encoding="utf-8")
    assert invoke("match", warn, "--format", "json").exit_code == 0
    assert invoke("match", warn, "--format", "json", "--fail-on", "warning").exit_code == 1
    err = tmp_path / "err.csv"
    err.write_text(HEADER + "泽州县统计局,打印机采购,,3\n", encoding="utf-8")
    assert invoke("match", err, "--format", "json").exit_code == 1


def test_bundled_sample_runs(invoke):
    from checker import paths

    sample = paths.data_root() / "data" / "samples" / "zezhou-cppcc-2026.csv"
    result = invoke("match", sample, "--format", "json")
    doc = json.loads(result.output)
    assert [r["row"] for r in doc["results"]] == list(range(1, 13))
    verdicts = {r["item"]: r["verdict"] for r in doc["results"]}
    assert verdicts["委员通讯生活补助"] == "not_a_service" and verdicts["遗属补助"] == "not_a_service"
    assert sum(r["amount_wan"] for r in doc["results"]) == pytest.approx(318.52)


def test_not_a_service_without_code_has_no_code_finding(invoke, tmp_path):
    (r,) = run(invoke, tmp_path, "泽州县民政局,困难群众临时生活补助发放,,30\n")
    assert [f["rule"] for f in r["findings"]] == ["MT01"]


def test_words_far_from_the_codes_entry_make_a_mismatch_even_with_a_near_second(check_lines):
    # 特种设备作业人员考核 is a near second to 特种设备检验 by words; both are far from 食品药品抽检.
    r, = check_lines(("某某县市场监督管理局", "在用的电梯锅炉到检验期了，请检验所的人来检一遍", "A170202"))
    assert (r.verdict, r.code) == ("code_mismatch", "A170203")


def test_a_code_whose_entry_the_words_favour_is_kept_against_a_weakly_better_name(check_lines):
    # 体育职业技能培训服务 shares 体育…指导 with the line by name; its words are A090104's (健身指导).
    r, = check_lines(("某某县体育局", "每周一三五早上请社会体育指导员到公园教群众打太极拳、做健身操", "A090104"))
    assert (r.verdict, r.code) == ("ok", "A090104")


def test_a_code_whose_entry_names_what_the_line_does_is_kept_against_the_words(check_lines):
    # 退役军人短期疗养's sentences hold 复员军人…带病回乡…县医院; the line and the code's entry say 体检.
    r, = check_lines(("某某县退役军人事务局", "组织在乡复员军人、带病回乡退伍军人到县医院体检，体检率95%以上", "A050503"))
    assert (r.verdict, r.code) == ("ok", "A050503")


def test_a_code_cut_short_stands_for_the_entry_under_it_whose_words_the_line_holds(check_lines):
    # A04070 is the prefix of six 法律援助/法律咨询 entries of 司法; the line describes the walk-in one.
    walk_in, online = check_lines(("某某县司法局", "法律服务大厅安排律师轮班坐诊，当面给来访群众解答问题", "A04070"),
                                  ("某某县司法局", "在微信小程序上回复群众的法律咨询留言", "A04070"))
    assert (walk_in.verdict, walk_in.code) == ("malformed_code", "A040706")
    assert (online.verdict, online.code) == ("malformed_code", "A040705")


def test_a_code_with_a_digit_dropped_or_doubled_stands_for_the_entry_it_was_copied_from(check_lines):
    dropped, doubled = check_lines(("某某县统计局", "请辅助调查员入户记农户一年的收支账", "A16023"),
                                   ("某某县统计局", "请辅助调查员入户记农户一年的收支账", "A1602033"))
    assert (dropped.verdict, dropped.code) == (doubled.verdict, doubled.code) == ("malformed_code", "A160203")


def test_not_a_service_reports_a_malformed_code_too(invoke, tmp_path):
    (r,) = run(invoke, tmp_path, "泽州县教育局,办公电脑采购,A15040,12\n")
    assert r["verdict"] == "not_a_service" and {"MT01", "MT02"} <= {f["rule"] for f in r["findings"]}


def test_department_names_and_keywords():
    from checker import catalog, departments

    idx = departments.DepartmentIndex(catalog.load())
    assert idx.resolve("泽州县卫生健康和体育局").sectors == ("卫生健康", "体育")
    assert idx.resolve("泽州县水务局").sectors == ("水利",)
    assert idx.resolve("县人社局").sectors == ("人力资源和社会保障",)  # 社会保障 is not another list
    assert idx.resolve("晋城市规划和自然资源局泽州分局").sectors == ("自然资源",)
    assert idx.resolve("县市监局").sectors == ("市场监督管理",)
    assert idx.resolve("泽州县某某中心") == departments.Resolution((), "unknown")
    # 民政 inside 人民政府 / 人民政治协商会议 is no keyword: these are not 民政 departments.
    assert idx.resolve("大同市人民政府外事办公室").sectors == ("外事",)
    assert idx.resolve("代县人民政府办公室").sectors == ("人民政府办公厅（室）",)
    assert idx.resolve("中国人民政治协商会议寿阳县委员会办公室").sectors == ("人民政治协商会议委员会办公厅（室）",)
    assert idx.resolve("阳城县人民政府金融工作办公室").how == "unknown"
    assert idx.resolve("泽州县人民政府民政局").sectors == ("民政",)


def test_level_3_code_asks_for_level_4(invoke, tmp_path):
    (r,) = run(invoke, tmp_path, "中国人民政治协商会议泽州县委员会办公室,政协宣传服务,A1502,1\n")
    assert r["verdict"] == "ok" and r["code"] == "A150201"
    (f,) = [f for f in r["findings"] if f["rule"] == "MT13"]
    assert f["severity"] == "warning" and "A150201" in f["message"]


def test_near_tie_names_both_entries(invoke, tmp_path):
    (r,) = run(invoke, tmp_path, "泽州县人力资源和社会保障局,“人人持证、技能社会”职业技能大赛承办服务,,3\n")
    (f,) = [f for f in r["findings"] if f["rule"] == "MT12"]
    assert "A030202" in f["message"] and "A030201" in f["message"]


def test_a_near_tie_on_names_that_the_words_decide_keeps_the_other_entry_as_an_alternative(invoke, tmp_path):
    # 法律宣传 fits 妇联's 法律援助 and 权益宣传 entries almost equally by name; its words are the 宣传 one's.
    (r,) = run(invoke, tmp_path, "泽州县妇女联合会,妇女儿童权益保护法律宣传,,3\n")
    assert (r["verdict"], r["code"]) == ("ok", "A150204")
    assert "MT21" in [f["rule"] for f in r["findings"]]
    assert "A040701" in [a["code"] for a in r["alternatives"]]


def test_uncertain_match_is_flagged(invoke, tmp_path):
    (r,) = run(invoke, tmp_path, "泽州县人民代表大会常务委员会办公室,人大代表履职专题片,,6\n")
    assert r["verdict"] == "ok" and r["code"] == "A150201"
    # A weak name (MT14) or the words (MT21): either way flagged for a person to confirm.
    assert [f["rule"] for f in r["findings"]] in (["MT14"], ["MT21"])


def test_aliases_from_rules_match_exactly(monkeypatch, tmp_path):
    import shutil

    from checker import catalog, intake, paths
    from checker.match import Engine

    rules_dir = tmp_path / "rules"
    shutil.copytree(paths.rules_dir(), rules_dir)
    (rules_dir / "aliases.yaml").write_text(
        "aliases:\n  - {item: 机关办公楼物业管理服务, sector: 民政, code: A040303}\n", encoding="utf-8")
    monkeypatch.setattr(paths, "rules_dir", lambda: rules_dir)
    csv_path = tmp_path / "a.csv"
    csv_path.write_text(HEADER + "泽州县民政局,机关办公楼物业管理服务,,20\n泽州县统计局,机关办公楼物业管理服务,,20\n",
                        encoding="utf-8")
    mine, other = Engine(catalog.load()).run(intake.read(str(csv_path)))
    assert (mine.verdict, mine.code) == ("ok", "A040303")
    assert other.verdict == "outside_catalogue"  # an alias belongs to its sector's list only


def test_plain_verbs_of_buying_goods_and_the_departments_own_enforcement_are_not_services(check_lines):
    bought, handed_out, punished, checked = check_lines(("某某县卫生健康局", "买三台救护车给乡镇卫生院"), ("某某县卫生健康局", "给村卫生室配发诊疗设备"),
        ("某某县市场监督管理局", "对无证经营户立案查处并作出行政处罚"),
        ("某某县人力资源和社会保障局", "请第三方比对去世人员是否还在领养老金"))
    assert [r.verdict for r in (bought, handed_out, punished)] == ["not_a_service"] * 3
    # Checking who draws a pension is a service around the transfer, not the transfer.
    assert checked.verdict == "ok"


def test_a_service_around_works_is_judged_by_what_the_line_ends_on(check_lines):
    tested, assessed, lift = check_lines(("某某县交通运输局", "对新建公路桥梁开展荷载试验检测"),
        ("某某县气象局", "对拟新建的光伏电站开展气候可行性评估论证"), ("某某县住房和城乡建设局", "老旧小区加装电梯"))
    assert tested.verdict != "not_a_service" and assessed.verdict != "not_a_service"
    assert lift.verdict == "not_a_service"


def test_building_a_road_to_a_village_is_works_and_雪亮工程_is_a_service_only_when_it_is_not_built(check_lines):
    road, cameras, upkeep, desks = check_lines(("某某县交通运输局", "修建通组水泥路"), ("某某县政法委员会", "雪亮工程三期监控点位建设"),
        ("某某县政法委员会", "雪亮工程运行维护"), ("某某县教育局", "为村小更换课桌椅"))
    assert [r.verdict for r in (road, cameras, desks)] == ["not_a_service"] * 3
    assert upkeep.verdict != "not_a_service"


def test_family_planning_support_payments_are_transfers(check_lines):
    rows = check_lines(("某某县卫生健康局", "计划生育家庭特别扶助金发放，惠及300余户"),
                         ("某某县卫生健康局", "独生子女父母奖励扶助金"))
    assert [r.verdict for r in rows] == ["not_a_service"] * 2


def test_transfers_enforcement_and_goods_told_as_sentences_are_not_services(check_lines):
    rows = check_lines(
        ("某某县退役军人事务局", "给今年返乡的退役士兵一次性发放安家补助，年底前发完"),
        ("某某县残疾人联合会", "残疾儿童康复补贴按季度直接打到家长银行卡"),
        ("某某县农业农村局", "落实玉米大豆生产者补贴政策，覆盖全县种植户"),
        ("某某县民政局", "临时救助金（急难型）"),
        ("某某县城市管理局", "执法队员上街巡查占道经营，发现后当场罚款"),
        ("某某县教育局", "给几所乡镇中学换上新的黑板和讲台"),
        ("某某县林业局", "荒山绿化苗木采购（侧柏、油松）"))
    assert [r.verdict for r in rows] == ["not_a_service"] * len(rows)


def test_a_service_named_with_a_vehicle_or_a_benefit_is_still_a_service(check_lines):
    bus, review, handling = check_lines(("某某县教育局", "通过购买校车服务，解决山区学生上下学接送"),
                                        ("某某县民政局", "临时救助金审核确认服务"),
                                        ("某某县民政局", "高龄津贴发放经办服务"))
    assert [r.verdict for r in (bus, review, handling)].count("not_a_service") == 0


@pytest.mark.parametrize("written", ["{}", "2026年{}（第二批）", "柳泉镇王家庄村{}", "关于{}项目的采购合同"])
def test_every_entry_name_as_a_clerk_writes_it_is_its_own_entry(bundled_engine, written):
    """Each of the 1,118 entry names, plain, with a year and batch, behind a town and village, or
    as a contract, is placed under its own entry of its own list (精神障碍社区康复 once lost
    精神障碍社区 as if it were a community's name)."""
    entries = bundled_engine.entries
    probes = [(written.format(e.name), "", (e.sector,)) for e in entries]
    wrong = [(p[0], e.code, got[:2]) for p, e, got in zip(probes, entries, bundled_engine.decide_probes(probes))
             if got[0] != "ok" or not any(x.sector == e.sector and x.code == got[1] and x.name == e.name for x in entries)]
    assert not wrong, wrong[:10]


def test_the_activity_a_line_names_decides_between_entries_that_share_the_rest(check_lines):
    # 卫生健康行业从业人员考试服务 shares all but its activity with the line; the 培训 entry names it.
    r, = check_lines(("某某县卫生健康局", "关于某某县卫生健康行业从业人员技能培训服务项目的采购合同"))
    assert (r.verdict, r.code) == ("ok", "A160901")
    assert "A160401" in [a["code"] for a in r.alternatives]


def test_another_lists_entry_for_other_people_does_not_make_a_line_anothers(check_lines):
    # 退役军人和其他优抚对象体检服务 is the only 体检 entry near a health bureau's check-ups for the old.
    elderly, veterans = check_lines(("某某县卫生健康局", "全县65岁以上常住老年人免费健康体检服务"),
                                    ("某某县卫生健康局", "给全县退役军人每年免费做一次体检"))
    assert elderly.verdict == "outside_catalogue"
    assert (veterans.verdict, veterans.sector, veterans.code) == ("other_department", "退役军人", "A050503")


def test_an_own_entry_by_words_yields_to_another_lists_entry_that_holds_far_more_of_them(check_lines):
    # 农作物病虫害监测 shares 虫 and 监测 with the line; 林草有害生物监测防治 holds the pines and their beetle.
    r, = check_lines(("某某县农业农村局", "松树林里挂诱捕器，每隔半月去查有没有松褐天牛"))
    assert (r.verdict, r.sector, r.code) == ("other_department", "林业和草原", "A060102")


def test_an_own_entry_by_terms_yields_to_another_lists_entry_that_holds_far_more_of_the_words(check_lines):
    # 低保 is a term of 民政's 低保、特困人员家访服务; the line buys legal aid, 司法's entry.
    r, = check_lines(("某某县民政局", "低保户打官司请不起律师的，委托律所免费代理讨薪、离婚案子"))
    assert (r.verdict, r.code) != ("ok", "A040303")
    assert r.verdict in ("outside_catalogue", "other_department")


def test_another_lists_entry_by_words_needs_words_that_name_it_not_only_its_sentences_frame(check_lines):
    # The ferry entry's sentences say 每天早晚…接送…上下学 (by boat); a school bus line shares only that frame.
    bus, ferry = check_lines(("某某县教育局", "山沟里的村子离学校远，雇车每天早晚接送孩子们上下学"),
                             ("某某县教育局", "河对岸没有桥，雇船每天早晚摆渡接送学生过河上下学"))
    assert (bus.verdict, bus.code) != ("other_department", "A130103")
    assert (ferry.verdict, ferry.sector, ferry.code) == ("other_department", "交通运输", "A130103")


def test_numbering_new_estates_is_a_service_not_building_them(check_lines):
    r, = check_lines(("某某县住房和城乡建设局", "请公司给城区新建小区的楼栋统一编门牌号"))
    assert r.verdict != "not_a_service"


def test_a_faint_name_does_not_place_a_line_whose_activity_no_near_entry_names(check_lines):
    # 大学生档案管理服务 shares 学生…档案 with the line; the line buys 体检, which no 教育 entry near it names.
    files, check_ups = check_lines(("某某县教育局", "全县中小学生年度健康体检，建立学生健康档案"),
                                   ("某某县教育局", "委托医院对全县中小学生开展年度健康体检，建立健康档案"))
    assert files.verdict == check_ups.verdict == "outside_catalogue"


def test_a_field_s_standards_entry_does_not_take_a_line_that_buys_the_field_s_own_work(check_lines):
    # 水利行业相关技术标准制定 holds the field's words in its sentences; the line names no standard.
    upkeep, standard = check_lines(("某某县水利局", "各乡镇农村供水工程运行管护（2026年度）"),
                                   ("某某县水利局", "编制农村供水工程运行管护地方标准"))
    assert (upkeep.verdict, upkeep.code) == ("ok", "A121202")
    assert (standard.verdict, standard.code) == ("ok", "A160601")


def test_posts_online_watched_for_the_department_are_its_public_opinion_entry(check_lines):
    r, = check_lines(("中共某某县委网络安全和信息化委员会办公室", "网上出现涉及本县的负面帖子，请公司全天盯着，发现了及时报告"))
    assert (r.verdict, r.code) == ("ok", "A180501")


def test_a_class_word_does_not_place_a_line_at_an_entry_for_other_people(check_lines):
    # 社工 names the 社会工作 class; 未成年人保护工作培训 in it serves children, the line old people.
    r, = check_lines(("某某县民政局", "一个人过日子的老人，请社工每周上门，做饭收拾陪着说话"))
    assert r.code != "A100304"


def test_wall_paintings_and_short_videos_are_publicity(check_lines):
    r, = check_lines(("中共某某县委宣传部", "把移风易俗的内容画成墙画、拍成小视频，放到各村墙上和微信群里"))
    assert (r.verdict, r.code) == ("ok", "A150202")


def test_street_lamps_are_the_lighting_entry(check_lines):
    r, = check_lines(("某某县住房和城乡建设局", "路灯运维（城区段）"))
    assert (r.verdict, r.code) == ("ok", "A110107")


def test_an_own_entry_for_other_people_does_not_take_a_line_by_its_terms(check_lines):
    # 服刑人员体检 is the prison list's only 体检 entry; the prison's own officers' check-ups are not it.
    staff, inmates = check_lines(("山西省某某监狱", "民警、职工每年去医院做一次全身体检"),
                                 ("山西省某某监狱", "请医院给服刑人员做年度体检"))
    assert (staff.verdict, staff.code) != ("ok", "A050501")
    assert (inmates.verdict, inmates.code) == ("ok", "A050501")


def test_disabled_children_are_disabled_people_to_the_served_check(check_lines):
    r, = check_lines(("某某县教育局", "残疾儿童少年送教上门服务"))
    assert (r.verdict, r.code) == ("other_department", "A040602")


def test_equipment_wells_new_roads_and_fines_told_plainly_are_not_services(check_lines):
    rows = check_lines(("某某县公安局", "给交警大队配对讲机和执法记录仪"), ("某某县卫生健康局", "给社区卫生服务中心配一台彩超"),
                       ("某某县水利局", "在缺水村打三眼机井"), ("某某县交通运输局", "新修柳树村到镇上的水泥路", "A130401"),
                       ("某某县城市管理局", "执法队员上街查乱摆摊点，该罚的罚"),
                       ("某某县教育局", "给几所村小购置一批新式触控交互电子白板"))
    assert [r.verdict for r in rows] == ["not_a_service"] * len(rows)


def test_things_fitted_counted_out_or_built_and_shops_closed_by_the_department_are_not_services(check_lines):
    rows = check_lines(("某某县卫生健康局", "给各村卫生室每间诊室装一台电子显示屏"),
                       ("某某县气象局", "购置自动雨量站6套，加密站网"),
                       ("某某县公安局", "留置室按标准改造，装防盗门和摄像头"),
                       ("某某县自然资源局", "塌方点砌一道挡土墙，再挖条截水沟"),
                       ("某某县市场监督管理局", "查黑加油点，该封的就封"))
    assert [r.verdict for r in rows] == ["not_a_service"] * len(rows)


def test_seedlings_new_equipment_and_premiums_paid_for_people_are_not_services(check_lines):
    rows = check_lines(("某某县林业局", "今年造林要买侧柏、油松苗子，差不多十万株"),
                       ("某某县体育局", "新购一批健身路径器材，装到各村广场"),
                       ("某某县医疗保障局", "低保户参加居民医保个人该交的那部分由财政出"),
                       ("某某县民政局", "资助特困人员参加城乡居民医保"),
                       ("某某县工业和信息化局", "对完成智能化改造的企业按投资额给予一次性奖补"),
                       ("某某县公安局", "给交警中队再添三辆摩托车和五台对讲机"),
                       ("某某县民政局", "城乡低保金按月足额发放到户"),
                       ("某某县民政局", "九十岁以上老人每月按人头往社保卡里打钱"),
                       ("某某县残疾人联合会", "困难残疾人生活补贴每月打卡上"),
                       ("某某县交通运输局", "通村的土路铺成柏油路，五公里"),
                       ("某某县公安局", "交警大队对讲机20台、警车3辆"), ("某某县融媒体中心", "直播间摄像机、灯光更新"),
                       ("某某县人力资源和社会保障局", "高校毕业生一次性求职补贴 每人1500"),
                       ("某某县退役军人事务局", "给带病回乡的老兵每月发定补，按名单打到社保卡上"),
                       ("某某县民政局", "冬天给特困户发买煤的钱"), ("某某县林业局", "按亩数把今年该给农户的钱兑现了"),
                       ("某某县教育局", "资助20名困难家庭大学新生每人3000元"),
                       ("某某县交通运输局", "局里的人自己上路查超载，查到了按规定罚"),
                       ("某某县民政局", "确保高龄津贴按季发放到位，发放准确率100%"))
    assert [r.verdict for r in rows] == ["not_a_service"] * len(rows)


def test_a_benefit_fund_with_its_funding_note_and_money_to_build_are_not_services(check_lines):
    fund, build = check_lines(("某某县民政局", "2026年城市最低生活保障资金（县级配套）"),
                              ("某某县气象局", "人工增雨防雹作业点标准化建设资金"))
    assert fund.verdict == build.verdict == "not_a_service"


def test_inspecting_canteens_is_no_back_office_canteen(check_lines):
    own, inspected = check_lines(("某某县水利局", "机关食堂餐饮服务外包"),
                                 ("某某县卫生健康局", "学校食堂、餐饮单位食品监督抽检全年500批次"))
    assert own.verdict == "outside_catalogue" and "MT09" in {f.rule for f in own.findings}
    assert "MT09" not in {f.rule for f in inspected.findings}


def test_helpers_for_the_departments_own_audit_are_back_office_and_a_villages_lawyer_is_not(check_lines):
    helpers, village = check_lines(("某某县审计局", "人手不够，请事务所派两个人跟着审计组下去查几个单位的账"),
                                   ("某某县委政法委员会", "给每个村请一个律师当常年法律顾问，村民有事先问律师"))
    assert helpers.verdict == "outside_catalogue" and "MT09" in {f.rule for f in helpers.findings}
    assert village.verdict == "other_department" and "MT09" not in {f.rule for f in village.findings}


def test_buying_a_service_that_names_cars_or_goods_is_still_a_service(check_lines):
    r, reviewed = check_lines(("某某县交通运输局", "通过购买服务对汽车客运站、道路运输企业开展安全隐患排查", "A010101"),
                              ("某某县工业和信息化局", "技改项目给予奖补前的第三方评审"))
    assert (r.verdict, r.code) == ("ok", "A010101")
    assert reviewed.verdict != "not_a_service"
    taught, = check_lines(("某某县民营经济发展服务中心", "请银行的人给小微企业老板讲怎么申请贷款"))
    assert taught.verdict != "not_a_service"  # teaching how to borrow is no financing
    reviewed, developed, sold = check_lines(
        ("某某县市场监督管理局", "我们委托律师事务所对局里的行政处罚案卷开展评查"),
        ("某某县文化和旅游局", "用发展乡村旅游的钱请公司做线路策划和推介"),
        ("某某县市场监督管理局", "按规定罚没物品委托拍卖机构公开拍卖"))
    for r in (reviewed, developed, sold):  # reviewing fines, planning with project money, auctioning: services
        assert r.verdict != "not_a_service", r.item
    # 购买 before a service whose name holds a thing: the thing is not what is bought (DRG is no DR
    # machine). The thing bought, counted or alone, is goods still.
    exam, analysis, insured, both, alone = check_lines(
        ("某某县公安局", "购买机动车驾驶人考场服务"), ("某某县医疗保障局", "购买DRG/DIP医保反欺诈大数据分析服务"),
        ("某某县公安局", "购买公务车辆保险服务"), ("某某县公安局", "购买执法记录仪20台"),
        ("某某县卫生健康局", "采购DR设备"))
    assert [r.verdict != "not_a_service" for r in (exam, analysis, insured)] == [True] * 3
    assert both.verdict == alone.verdict == "not_a_service"


def test_repairing_delivering_and_upkeep_stay_services(check_lines):
    rows = check_lines(("某某县住房和城乡建设局", "城区道路破损修补"), ("某某县民政局", "老年人助餐配送服务"),
                       ("某某县水利局", "农村机井运行维护"), ("某某县教育局", "学生营养餐配餐服务"),
                       ("某某县林业局", "林区装好的防火探头坏了就修，请公司常年看护后台"),
                       ("某某县水利局", "排水沟清淤疏通"), ("某某县文化和旅游局", "非遗服装展演活动承办"))
    assert "not_a_service" not in [r.verdict for r in rows]


def test_a_village_work_teams_fund_is_the_departments_own_duty_but_assessing_it_is_a_service(check_lines):
    fund, assessed = check_lines(("某某县政协办公室", "驻村工作队专项经费（柳树村）"),
                                 ("某某县农业农村局", "驻村工作队帮扶成效第三方评估"))
    assert fund.verdict == "not_a_service" and assessed.verdict == "ok"


def test_digitising_the_departments_own_records_and_training_its_deputies_are_support_services(check_lines):
    own, deputies, public, scanned, members = check_lines(
        ("某某县人民检察院", "把本院历年的纸质卷宗扫描录入系统"), ("某某县人大常委会办公室", "乡镇人大代表履职知识集中培训"),
        ("某某县人力资源和社会保障局", "流动人员人事档案信息化服务"),
        ("某某县人民法院", "新收案件的纸质材料随收随扫，上传办案平台"),
        ("某某县政协办公室", "组织政协委员到党校集中学习三天"))
    for r in (own, deputies, scanned, members):
        assert r.verdict == "outside_catalogue" and "MT09" in {f.rule for f in r.findings}
    files, shorthand = check_lines(("某某县统计局", "局里多年的纸质档案，请公司逐页扫描成电子版"),
                                   ("某某县政协办公室", "全会期间请速记员记下大会发言，会后出文字稿"))
    for r in (files, shorthand):
        assert r.verdict == "outside_catalogue" and "MT09" in {f.rule for f in r.findings}
    assert public.verdict == "ok"


def test_a_propaganda_writing_fee_is_a_payment_to_a_person_and_a_meeting_fee_is_back_office(check_lines):
    fee, meeting, explained = check_lines(("某某县委宣传部", "外宣稿件稿酬"), ("某某县委宣传部", "宣传部年度机关会议费"),
                                          ("某某县民政局", "救助补贴政策宣传"))
    assert fee.verdict == "not_a_service"
    assert meeting.verdict == "outside_catalogue" and "MT09" in {f.rule for f in meeting.findings}
    assert explained.verdict != "not_a_service"


def test_an_entry_for_other_people_than_the_line_serves_gives_way(check_lines):
    # 农村留守老人关爱服务 shares 农村留守…关爱 with the line but serves the old, not children.
    r, = check_lines(("某某县民政局", "农村留守儿童关爱保护“护苗行动”"))
    assert r.verdict == "ok" and r.code != "A040202" and "儿童" in r.entry_name
    assert "A040202" in [a["code"] for a in r.alternatives]


def test_wages_of_a_public_welfare_post_cite_the_hiring_ground(check_lines):
    r, = check_lines(("某某县人力资源和社会保障局", "公益性岗位人员工资（第二季度）"))
    assert r.verdict == "not_a_service" and "第（五）项" in r.findings[0].render("zh")


def test_engines_of_one_process_share_what_they_build_from_the_same_files_and_only_that(tmp_path):
    import shutil

    from checker import catalog, paths
    from checker.match import Engine

    first, second = Engine(catalog.load()), Engine(catalog.load())
    assert second.retrieval is first.retrieval and second.index is first.index
    copy = tmp_path / "edition"
    shutil.copytree(paths.catalog_dir(), copy)
    other = Engine(catalog.load(copy))
    assert other.retrieval is not first.retrieval  # another edition's files build their own


def test_transfers_told_as_targets_bridges_surfaces_and_a_scanner_added_are_not_services(check_lines):
    rows = check_lines(("某某县民政局", "每季度发放城乡特困人员供养金，做到应发尽发"),
                       ("某某县退役军人事务局", "确保伤残军人抚恤待遇按月足额发放到位"),
                       ("某某县交通运输局", "实施乡村危桥改造3座，保障群众出行"),
                       ("某某县卫生健康局", "乡镇卫生院再添一台DR"),
                       ("某某县体育局", "体育场给跑道铺塑胶，球场换人造草坪"))
    assert [r.verdict for r in rows] == ["not_a_service"] * len(rows)


def test_a_service_around_a_benefit_works_or_new_estates_is_still_a_service(check_lines):
    graded, settled, numbered = check_lines(
        ("某某县民政局", "请第三方对申请护理补贴的老人开展能力等级评定，作为补贴发放依据"),
        ("某某县审计局", "投资审计任务重，请造价咨询公司派人协助审几个工程的结算"),
        ("某某县民政局", "给新建住宅小区编门牌、设地名标志"))
    assert graded.verdict != "not_a_service"
    assert settled.verdict == "outside_catalogue" and "MT09" in {f.rule for f in settled.findings}
    assert numbered.verdict != "not_a_service"


def test_a_benefit_paid_across_town_and_country_is_no_place():
    from checker.wording import Wording
    assert "发放" in Wording().structure("按季发放城乡低保金")


def test_another_lists_entry_for_other_people_gives_way_to_the_one_for_the_lines_people(check_lines):
    # 民政's self-care assessment of 特困人员 holds most of these words, but the line is about 老人.
    r, = check_lines(("某某县卫生健康局", "请评估公司派人入户，看看老人洗脸、穿衣、上厕所能不能自己来，给定个护理等级"))
    assert (r.verdict, r.code) == ("other_department", "A040206")


def test_helping_firms_with_their_borrowing_troubles_is_no_financing(check_lines):
    helped, borrowed = check_lines(("某某县工业和信息化局", "派专员包联重点企业，帮着协调贷款难题和招工需求"),
                                   ("某某县工业和信息化局", "企业技改项目贷款贴息"))
    assert helped.verdict != "not_a_service"
    assert borrowed.verdict == "not_a_service"


def test_guards_for_heritage_sites_are_no_back_office_security(check_lines):
    heritage, office, own = check_lines(("某某县文物局", "几处没人住的古建和遗址，雇保安晚上巡查，防盗掘、防火"),
                                        ("某某县文物局", "机关办公楼保安服务"),
                                        ("某某县文物局", "文物局办公楼保洁和门卫"))
    assert "MT09" not in {f.rule for f in heritage.findings}
    assert office.verdict == own.verdict == "outside_catalogue"
    assert "MT09" in {f.rule for f in office.findings} and "MT09" in {f.rule for f in own.findings}


def test_a_benefits_special_fund_and_auditing_by_hired_intermediaries(check_lines):
    fund, audited = check_lines(("某某县民政局", "困难残疾人生活补贴专项经费"),
                                ("某某县审计局", "部分审计项目聘请中介机构审计"))
    assert fund.verdict == "not_a_service"
    assert audited.verdict == "outside_catalogue" and "MT09" in {f.rule for f in audited.findings}
    settled, rechecked = check_lines(("某某县审计局", "请造价咨询公司参加政府投资项目的结算审计，全年不少于20个"),
                                     ("某某县审计局", "请会计师事务所把几个修路项目的决算再审核一遍"))
    reviewed, = check_lines(("某某县审计局", "委托造价咨询公司审核今年几个修路项目的结算"))
    assert reviewed.verdict == "outside_catalogue" and "MT09" in {f.rule for f in reviewed.findings}
    assert settled.verdict == "outside_catalogue" and "MT09" in {f.rule for f in settled.findings}
    assert rechecked.verdict == "outside_catalogue" and "MT09" in {f.rule for f in rechecked.findings}


def test_a_standards_entry_takes_no_line_by_words_that_names_no_standard(check_lines):
    r, = check_lines(("某某县卫生健康局", "城关、北关两个社区卫生服务站家庭医生上门签约随访"))
    assert r.code != "A160601"  # 卫生健康行业地方标准制定服务


def test_the_words_of_the_whole_line_choose_among_the_entries_a_term_points_to(check_lines):
    # 量血压 is a term of the touring doctors (医疗巡诊); the whole line is a check-up (体检).
    r, = check_lines(("某某县退役军人事务局", "请医院大夫每年下乡给老兵们抽血、量血压、拍胸片，做一回全身检查"))
    assert (r.verdict, r.code) == ("ok", "A050503")
    assert "MT21" in {f.rule for f in r.findings}


def test_a_line_placed_by_its_words_shows_its_names_own_score_not_zero(check_lines):
    # (Its first line, 请社工上门陪独居老人聊天、打扫卫生, is now 居家养老 by name: 上门…打扫 for old people.)
    r, = check_lines(("某某县民政局", "请社工每周去陪独居老人聊天解闷"))
    assert r.verdict == "ok" and "MT21" in {f.rule for f in r.findings}
    assert r.score is not None and r.score > 0  # a placement by words had been shown as 得分 0.0


def test_works_looked_after_in_the_clause_that_names_them_is_a_service(check_lines):
    kept, built = check_lines(
        ("某某县水利局", "委托专业公司对全县淤地坝工程开展日常管护，坝体完好率95%以上", "A121202"),
        ("某某县水利局", "淤地坝工程除险加固"))
    assert (kept.verdict, kept.code) == ("ok", "A121202")
    assert built.verdict == "not_a_service"


def test_making_sure_of_safety_is_no_security_guard(check_lines):
    # 确保安全 holds 保安; a target's 确保安全度汛 does not make the line the office's own guards.
    target, guards = check_lines(("某某县应急管理局", "对全县地质灾害隐患点开展汛前排查，确保安全度汛"),
                                 ("某某县应急管理局", "机关大院保安服务"))
    assert "MT09" not in {f.rule for f in target.findings}
    assert guards.verdict == "outside_catalogue" and "MT09" in {f.rule for f in guards.findings}


def test_people_before_a_community_make_no_place_of_it(check_lines):
    # 精神障碍患者社区康复 is community care for patients; 某某社区 is a place.
    care, place = check_lines(("某某县卫生健康局", "严重精神障碍患者社区康复服务"), ("某某县民政局", "某某社区居家养老服务"))
    assert (care.verdict, care.sector, care.code) == ("other_department", "民政", "A040403")
    assert (place.verdict, place.code) == ("ok", "A040207")


def test_a_lawyer_for_people_in_need_is_not_the_offices_own_counsel(check_lines):
    poor, office = check_lines(("某某县民政局", "请律师事务所给困难群众打官司"), ("某某县民政局", "机关常年法律顾问"))
    assert "MT09" not in {f.rule for f in poor.findings}
    assert office.verdict == "outside_catalogue" and "MT09" in {f.rule for f in office.findings}


def test_a_fair_in_another_country_is_abroad(check_lines):
    abroad, home = check_lines(("中国国际贸易促进委员会某某市委员会", "组织企业赴德国汉诺威参展"),
                               ("中国国际贸易促进委员会某某市委员会", "组织企业参加广交会"))
    assert (abroad.verdict, abroad.code) == ("ok", "A180302")  # 境外展会服务
    assert (home.verdict, home.code) == ("ok", "A180301")  # 境内展会服务


def test_guards_on_duty_at_a_service_hall_are_the_offices_own_security(check_lines):
    r, = check_lines(("某某县行政审批服务管理局", "便民服务中心安保值守"))
    assert r.verdict == "outside_catalogue" and "MT09" in {f.rule for f in r.findings}


def test_premiums_paid_for_people_and_translation_are_told_apart(check_lines):
    paid, interpreted = check_lines(("某某县医疗保障局", "困难群众该交的医保钱由局里替他们付"),
                                    ("某某县外事办公室", "外事活动翻译服务经费"))
    assert paid.verdict == "not_a_service"
    assert interpreted.verdict == "outside_catalogue"  # no list holds translation; 外事规划 is not it


def test_an_entry_for_the_towns_does_not_serve_a_line_about_the_countryside(bundled_engine):
    # 农村 and 城市 are read as whom a service is for, like the people an entry names.
    engine = bundled_engine
    town_water = next(i for i, e in enumerate(engine.entries) if e.code == "A170301" and e.sector.startswith("住房"))
    assert engine._serves_others(engine._people("农村集中供水工程水质检测"), town_water)
    assert not engine._serves_others(engine._people("城镇供水水质抽检"), town_water)


def test_financing_advice_a_subsidy_handed_out_a_machine_replaced_and_traffic_tickets(check_lines):
    advice, paid, replaced, tickets = check_lines(
        ("某某县工商业联合会", "为会员企业提供融资、财税政策咨询"),
        ("某某县农业农村局", "种粮补贴面积核实和发放"),
        ("某某县卫生健康局", "卫生院的老彩超不好用了，换一台新的"),
        ("某某县公安局", "交警上街贴条、开罚单"))
    assert advice.verdict != "not_a_service"
    assert [r.verdict for r in (paid, replaced, tickets)] == ["not_a_service"] * 3


def test_terms_do_not_place_a_line_that_buys_other_work(check_lines):
    # 党员 and 党性教育 are terms of 机关党的工作宣传服务; the line buys training (培训), which it names not.
    r, = check_lines(("中共某某县直属机关工作委员会", "组织机关党员开展党性教育培训"))
    assert r.verdict == "outside_catalogue"


def test_a_fitting_out_firms_contracts_are_no_fitting_out_and_wells_drilled_are_works(check_lines):
    contracts, wells = check_lines(("某某县市场监督管理局", "请律师审查装修公司、健身房合同里的霸王条款"),
                                   ("某某县水利局", "给缺水村打三眼深井"))
    assert contracts.verdict != "not_a_service"
    assert wells.verdict == "not_a_service"


def test_a_weak_name_for_the_towns_does_not_keep_a_countryside_line(check_lines):
    rural, town = check_lines(("某某县住房和城乡建设局", "全县农村集中供水工程季度水质检测"),
                              ("某某县住房和城乡建设局", "城区供水水质季度检测"))
    assert (rural.verdict, rural.sector, rural.code) == ("other_department", "水利", "A170202")
    assert (town.verdict, town.code) == ("ok", "A170301")


def test_so_many_towns_after_a_list_of_towns_is_a_scope_not_words(check_lines):
    from checker.wording import Wording
    assert Wording().structure("甲镇、乙镇等5个乡镇农村集中供水工程水质检测") == "农村集中供水工程水质检测"
    listed, plain = check_lines(("某某县住房和城乡建设局", "甲镇、乙镇等5个乡镇农村集中供水工程水质检测"),
                                ("某某县住房和城乡建设局", "农村集中供水工程水质检测"))
    # The same decision, and an entry for the towns does not keep a countryside line even by a gloss.
    assert (listed.verdict, listed.code) == (plain.verdict, plain.code) == ("other_department", "A170202")


def test_money_into_cards_school_runs_and_travel_costs(check_lines):
    paid, run, travel = check_lines(("某某县退役军人事务局", "每季度把钱打到优抚对象本人的社保卡上"),
                                    ("某某县教育局", "山区学生上下学接送"),
                                    ("某某县应急管理局", "安全检查差旅费"))
    assert paid.verdict == travel.verdict == "not_a_service"
    assert run.verdict == "outside_catalogue"  # a school run names 接送, which no entry of 教育 does


def test_roads_relaid_are_works_and_a_cost_firm_or_an_engineer_around_them_is_not(check_lines):
    relaid, costed, expert = check_lines(("某某县交通运输局", "乡道重新铺一遍，路面加宽"),
                                         ("某某县财政局", "请造价公司审核新建项目的施工预算"),
                                         ("某某县纪律检查委员会", "请懂工程的机构核算案件涉及的工程量"))
    assert relaid.verdict == "not_a_service"
    assert costed.verdict != "not_a_service" and expert.verdict != "not_a_service"


def test_a_back_office_word_yields_when_names_and_words_agree_on_an_own_entry(check_lines):
    # 租用 of a cloud looks like the office's own IT; 行政审批's own list holds 政务云资源服务.
    r, = check_lines(("某某县行政审批服务管理局", "政务云资源租用"))
    assert (r.verdict, r.code) == ("ok", "A150102")


def test_markets_and_going_somewhere_are_no_place_names():
    from checker.wording import Wording
    assert Wording().structure("去超市、菜市场买样品送检") == "去超市、菜市场买样品送检"
    assert Wording().structure("门市部保洁") == "门市部保洁"
    assert Wording().structure("早市、夜市巡查") == "早市、夜市巡查"
    assert Wording().structure("北留镇、润城镇居家养老上门服务") == "居家养老上门服务"


def test_the_words_step_reads_what_phrase_synonyms_bring_and_not_plain_variants(bundled_engine):
    added = bundled_engine.normaliser.added_words
    assert added("租一辆拉着仪器的车沿路开") == ["走航监测车"]
    assert "监督抽样" in added("去集市买几样菜拿回来化验")
    assert added("社工站运营") == [] and added("短视频制作") == []  # plain variants: names only


def test_villagers_watching_a_slopes_cracks_are_the_geohazard_watch_of_natural_resources(check_lines):
    own, other = check_lines(("某某县自然资源局", "汛期雇几个当地人看着后山的裂缝，一有动静就报"),
                             ("某某县应急管理局", "雇村民盯着山上的危岩，下雨天每天看一次"))
    assert (own.verdict, own.code) == ("ok", "A010201")
    assert (other.verdict, other.sector, other.code) == ("other_department", "自然资源", "A010201")


def test_a_road_newly_built_named_in_passing_makes_no_works(check_lines):
    signs, = check_lines(("某某县民政局", "新修的几条通村公路路口缺指路牌，请公司做好立上"))
    assert signs.verdict != "not_a_service"


def test_a_code_written_in_the_item_is_checked_as_the_given_code(check_lines):
    # Copied from the printed list with its code, or put in brackets when the table has no code column.
    copied, bracketed, two, cell = check_lines(
        ("某某县民政局", "A040303 低保、特困人员家访服务"), ("某某县民政局", "独居老人上门做饭打扫（A150201）"),
        ("某某县民政局", "居家养老（A040207、A040208）"), ("某某县民政局", "居家养老上门服务（A150201）", "A040207"))
    assert (copied.verdict, copied.given_code, copied.code) == ("ok", "A040303", "A040303")
    assert [f.rule for f in copied.findings][0] == "MT23" and "A040303" in copied.findings[0].render("zh")
    assert (bracketed.verdict, bracketed.given_code) == ("code_mismatch", "A150201") and bracketed.code != "A150201"
    assert not two.given_code and "MT23" not in [f.rule for f in two.findings]  # which of two: not guessed
    assert cell.given_code == "A040207" and "MT23" not in [f.rule for f in cell.findings]  # the column comes first


def test_a_line_whose_terms_an_own_entry_holds_as_strongly_is_not_another_lists(check_lines):
    # 科普大篷车 is a term of 科技's 科普活动 and a gloss of 共青团's 科普进社区: the own list holds it.
    r, = check_lines(("某某县科学技术局", "科普大篷车下乡进校园巡展"))
    assert (r.verdict, r.sector, r.code) == ("ok", "科技", "A070106")


def test_a_name_like_line_is_no_entry_whose_work_it_never_says(check_lines):
    # Buses run under contract share 城市…交通运营 with the rail drills' name, not its 演练; a
    # sentence that says the work in plain words (测测) still finds its entry.
    buses, outfalls = check_lines(("某某县交通运输局", "城乡公交线路委托运营"),
                                  ("某某县生态环境局", "河边几个排污口每月取一回水，测测超不超标"))
    assert buses.verdict == "outside_catalogue"
    assert (outfalls.verdict, outfalls.code) == ("ok", "A170306")


def test_villagers_picked_to_learn_law_and_a_lawyer_kept_for_defendants_are_their_entries(check_lines):
    picked, kept, sent = check_lines(
        ("某某县司法局", "各社区选出几名热心的居民骨干，请律师定期来讲法，以后邻里矛盾先由他们调解"),
        ("某某县司法局", "法院刑事审判庭旁边安排律师每天值班，被告没钱请律师的可以找他"),
        ("某某县司法局", "选派律师到各村当法律顾问"))
    assert (picked.verdict, picked.code) == ("ok", "A100101")  # 农村（社区）“法律明白人”培养服务
    assert (kept.verdict, kept.code) == ("ok", "A040704")  # 值班律师帮助服务
    assert sent.code != "A100101"  # lawyers sent out are not villagers picked


def test_pests_of_trees_are_forestrys_and_pests_of_crops_stay_with_agriculture(check_lines):
    trees, crops = check_lines(("某某县农业农村局", "村后柳树林里长了天牛，请人来打药"),
                               ("某某县农业农村局", "玉米地里闹粘虫，请植保队来打药"))
    assert (trees.verdict, trees.sector, trees.code) == ("other_department", "林业和草原", "A060102")
    assert (crops.verdict, crops.code) == ("ok", "A120301")


def test_a_student_is_no_other_people_than_a_child(bundled_engine):
    engine = bundled_engine
    visits = next(i for i, e in enumerate(engine.entries) if e.sector == "民政" and e.code == "A040106")
    assert engine.entries[visits].name == "留守儿童家访服务"
    assert not engine._serves_others({"学生"}, visits)
    assert engine._serves_others({"老人"}, visits)


def test_villagers_nearby_are_no_village():
    from checker.wording import Wording
    assert Wording().structure("雇附近村民看护古塔").startswith("雇附近村民")
    assert Wording().structure("南关村、北关村古塔看护") == "古塔看护"


@pytest.mark.parametrize("department,item", [
    # So much an acre, works taken out and put in again, heating converted, pipes and roofs redone.
    ("某某县农业农村局", "种谷子的农户每亩补三十元"),
    ("某某县教育局", "教学楼旧锅炉拆掉改成电采暖"),
    ("某某县住房和城乡建设局", "小区的老暖气管道重新铺一遍"),
    ("某某县教育局", "乡镇学校取暖锅炉改为空气源热泵"),
    ("某某县住房和城乡建设局", "老楼的铁水管全换掉，屋面重做防水"),
    ("某某县住房和城乡建设局", "小区路面重新铺一遍"),
    # Inspectors' own budgets and money each month, told plainly.
    ("某某县市场监督管理局", "药品安全日常巡查执法经费"),
    ("某某县人力资源和社会保障局", "劳动保障监察执法专项经费"),
    ("某某县民政局", "九十岁以上老人每月给点钱"),
    ("某某县民政局", "给八十岁以上老人每月按人头发高龄钱"),
    ("某某县农业农村局", "给合作社买几台播种机"),
    ("某某县农业农村局", "耕地地力保护补贴资金（中央转移支付）"),
    ("某某县公安局", "严查酒驾，查处违法行为3000起"),
    ("某某县教育局", "关于多媒体教室设备的采购合同"),
    # Buildings put up or rebuilt (a reviewer's trial: 司法所业务用房建设 had passed as 统计分析 by its words).
    ("某某县司法局", "司法所业务用房建设"),
    ("某某县民政局", "敬老院食堂改造"),
    ("某某县卫生健康局", "村卫生室新建"),
    # Old things replaced by new ones, roads milled and laid with asphalt again.
    ("某某县教育局", "机房那批用了八年的电脑全部换成新的"),
    ("某某县交通运输局", "县乡公路破损路段铣刨后加铺沥青"),
    ("某某县住房和城乡建设局", "老街坑坑洼洼，整条重铺沥青"),
])
def test_more_ways_of_saying_a_transfer_goods_or_an_own_duty(check_lines, department, item):
    r, = check_lines((department, item))
    assert r.verdict == "not_a_service", item


def test_the_offices_own_books_and_files_stay_class_b_and_a_grading_for_a_benefit_is_a_service(check_lines):
    books, files, kept, graded = check_lines(("某某县民政局", "请人把我们局的账目重新整理一遍"),
                                             ("某某县民政局", "局机关历年文书档案整理扫描"),
                                             ("某某县教育局", "多媒体教室设备维护"),
                                             ("某某县民政局", "请机构给老人评定护理等级，作为发放护理补贴的依据"))
    assert books.verdict == files.verdict == "outside_catalogue"
    assert {"MT09"} <= {f.rule for f in books.findings} and {"MT09"} <= {f.rule for f in files.findings}
    assert kept.verdict != "not_a_service"  # upkeep of equipment is no purchase of it
    assert (graded.verdict, graded.code) == ("ok", "A040206")


def test_a_quoted_negative_term_is_never_cut_inside_a_word(check_lines):
    # A clerk's trial: the finding quoted “购置敬老院护理床及床”, the rule having stopped at 床 of 床垫.
    r, = check_lines(("某某县民政局", "购置敬老院护理床及床垫"))
    (finding,) = [f for f in r.findings if f.rule == "MT01"]
    assert dict(finding.args)["term"].endswith("床垫")


def test_paying_an_institution_by_the_head_is_buying_its_service(check_lines):
    # Money by the head to a care institution is the price of its service, not a benefit to people.
    r, = check_lines(("某某县残疾人联合会", "送残疾孩子去康复中心做训练，按人头给机构结钱"))
    assert r.verdict != "not_a_service"


def test_a_travel_agencys_service_is_no_travel_cost(check_lines):
    r, = check_lines(("某某县财政局", "差旅服务（机票代订）"))
    assert r.verdict != "not_a_service"


@pytest.mark.parametrize("department,item,code", [
    # 整改建议 holds 改建, 确保安全 holds 保安: neither is works nor guards.
    ("某某县社会工作部", "请调查机构测评群众对社区服务的满意度，提出整改建议", "A160302"),
    # Lanes and streets swept are the towns' sanitation.
    ("某某县住房和城乡建设局", "老城区小巷保洁", "A110109"),
    # Other lists' 行业咨询 (A1608) hold the terms 咨询报告; 能源's own A160801 is of their class.
    ("某某县能源局", "请咨询公司对全县光伏、风电项目做行业调研，出咨询报告", "A160801"),
    # 密评 is the commercial cryptography assessment.
    ("某某县行政审批服务管理局", "政务云密评", "A170103"),
    # 宣传 names class A1502 (应急管理新闻宣传); 全民安全宣传教育进基层 (A0802) names 宣传 too and fits better.
    ("某某县应急管理局", "安全宣传进村入户", "A080201"),
    # Samples bought and sent to a lab: food goes to 食品 抽检, goods stay with 产品质量 抽查.
    ("某某县市场监督管理局", "去超市买些吃的拿回来化验", "A170202"),
    ("某某县市场监督管理局", "到工厂和商店买电线、插座送去化验", "A170201"),
    # OA is the office's government IT: the system upkeep entry of the office that runs it.
    ("某某县行政审批服务管理局", "办公自动化系统运维", "A150401"),
    ("某某县行政审批服务管理局", "协同办公系统运维（包二）", "A150401"),
    # 热线 and 窗口受理 tie by name for a 窗口 line: its words tell them apart.
    ("某某县自然资源局", "不动产登记窗口服务外包（2026年度）", "A180601"),
    # Terms (收件, 登记大厅) and words agree on 窗口受理, far above the 热线 that names fit.
    ("某某县自然资源局", "不动产登记大厅收件岗外包", "A180601"),
    # A car carrying instruments round the industrial park is 走航 monitoring: the phrase synonym's
    # word is read by the words step too, not only by names.
    ("某某县生态环境局", "请公司派一辆装着仪器的车，每周绕工业园区跑几圈，看空气哪里超标", "A170310"),
    # Cooking and cleaning in old people's homes is care at home; for 特困 people it stays their 照料护理.
    ("某某县民政局", "请家政公司每周两次上门给高龄独居老人做饭、收拾屋子", "A040207"),
    ("某某县民政局", "给分散供养的特困老人上门做饭、打扫卫生", "A040304"),
    # Taking people's numbers and filling in their forms for them in the hall is 帮办代办, not the window.
    ("某某县行政审批服务管理局", "政务大厅安排志愿者帮不会用手机的老人取号、填表", "A180603"),
    # Psychology lessons given in schools are the schools' 心理健康教育, not 共青团's youth health education.
    ("某某县教育局", "请医院心理科大夫到各中学讲心理健康课", "A020903"),
    # 全民健身运动会 is the name of a games: competitions organised, not fitness promoted.
    ("某某县体育局", "举办全县全民健身运动会，请体育总会承办", "A090102"),
    ("某某县体育局", "承办全县全民健身篮球赛", "A090102"),
    ("某某县体育局", "全民健身日广场舞推广活动", "A090101"),
    # Going round firms one by one is the catalogue's 入企.
    ("某某县工业和信息化局", "派人逐家跑工业企业，把企业的难事记下来", "A160201"),
    # Words put 综合服务 first; the entry next to it by words that names the line's 培训 is the one.
    ("某某县民营经济发展服务中心", "给个体户和小老板办用工、合同方面的培训班，一年3期", "A160901"),
    # Placed by the words step (these stood in test_words.py as a table of the same shape).
    # 人大宣传服务 is entry 0 of the edition: a step that tested the entry for truth had passed it over.
    ("某某县人大常委会办公室", "请电视台拍代表们走访选民的专题节目", "A150201"),
    # 抗体检测 holds 体检; the line's activity is the 检测 its entry names.
    ("某某县农业农村局", "对牛羊开展布病抗体检测", "A120502"),
    # 妇联's and 教育's sports entries hold 太极 and 广播操; 体育's own 健身指导 is of their class (A0901).
    ("某某县体育局", "请教练到小区教居民做广播操、练太极", "A090104"),
    # 调研 is said 调查 in entry names (work_alike); 舆情监测's words do not take a study.
    ("中共某某县委统战部", "宗教领域情况专题调研", "A160201"),
    # 标准地名地址（门牌）编码 names 标准 as an adjective; the entry is the house numbers' own service.
    ("某某县民政局", "新建小区的住户门口没有统一号码，请人挨家挨户编号登记", "A180404"),
])
def test_lines_find_their_own_entry(check_lines, department, item, code):
    r, = check_lines((department, item))
    assert (r.verdict, r.code) == ("ok", code), item


@pytest.mark.parametrize("department,item,sector,code", [
    # A canteen's dishes sent for testing are food sampled: 市场监管's 抽检, not 教育's lunch served.
    ("某某县教育局", "请检测公司去几所幼儿园食堂抽样检测饭菜", "市场监督管理", "A170202"),
    # Children whose parents work away are 留守儿童: 民政's home visits.
    ("某某县教育局", "请老师到父母都在外打工的娃娃家里家访", "民政", "A040106"),
])
def test_lines_belong_to_another_list(check_lines, department, item, sector, code):
    r, = check_lines((department, item))
    assert (r.verdict, r.sector, r.code) == ("other_department", sector, code), item
