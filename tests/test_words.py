"""Words (issue #8): the step below `accept` on names. A sentence that holds pieces of an
entry's name, glosses and terms but none of them whole is placed by BM25 over character bigrams
of the entry's pooled texts (textmatch.Retrieval), flagged for a person to confirm (MT21)."""
from checker import catalog, textmatch


def test_a_sentence_holding_pieces_of_an_entrys_texts_is_placed_by_its_words(check_lines):
    r, = check_lines(("某某县广播电视局", "调频台发射设备值守检修"))
    assert (r.verdict, r.code) == ("ok", "A150103")  # 广播电视发射传输维护
    mt21 = [f for f in r.findings if f.rule == "MT21"]
    assert mt21, [f.rule for f in r.findings]
    shown = mt21[0].render("zh")
    assert "发射" in shown and "人工确认" in shown and "please confirm" in mt21[0].render("en")


def test_another_lists_entry_by_its_words_is_other_department(check_lines):
    r, = check_lines(("某某县卫生健康局", "重性精神病人回到社区后的康复训练"))
    assert (r.verdict, r.sector, r.code) == ("other_department", "民政", "A040403")
    assert {"MT07", "MT21"} <= {f.rule for f in r.findings}


def test_a_place_year_or_note_does_not_change_a_line_placed_by_words(check_lines):
    plain, *placed = check_lines(("某某县广播电视局", "调频台发射设备值守检修"),
                            ("某某县广播电视局", "2026年调频台发射设备值守检修（柳泉镇、石门乡）"),
                            ("某某县广播电视局", "调频台发射设备值守检修(第二批)"))
    assert all((p.verdict, p.code) == (plain.verdict, plain.code) for p in placed)


def test_a_line_no_entry_evidences_stays_outside(check_lines):
    canteen, printing = check_lines(("某某县公安局", "机关食堂餐饮外包"), ("某某县教育局", "文印服务外包（打印复印）"))
    for r in (canteen, printing):
        assert r.verdict == "outside_catalogue" and not any(f.rule == "MT21" for f in r.findings)


def test_rare_bigrams_outweigh_common_ones_and_the_shown_words_are_stretches_of_the_line():
    entries = catalog.load().all_entries()
    names = {i: e.name for i, e in enumerate(entries)}
    first = next(i for i, n in names.items() if "精神障碍社区康复" in n)
    other = next(i for i, n in names.items() if n.endswith("培训服务") and i != first)
    index = textmatch.Retrieval(entries, {first: ["精神病康复训练"]})
    ranked = dict(index.ranked("精神病人的康复训练服务"))
    assert ranked[first] > ranked.get(other, 0.0)
    # 服务 is in hundreds of names: it weighs next to nothing on its own.
    assert max(dict(index.ranked("服务")).values()) < min(ranked[first], 5.0)
    assert index.shared_words("精神病人的康复训练服务", first)[:2] == ["康复训练", "精神病"]


def test_an_edition_without_glosses_still_ranks_by_names():
    entries = catalog.load().all_entries()
    index = textmatch.Retrieval(entries, {})
    best, _ = index.ranked("流浪乞讨人员救助")[0]
    assert "流浪乞讨" in entries[best].name


def test_words_decide_before_a_weak_name_or_a_back_office_word(check_lines):
    """Below `accept`, the pooled words come before weaker evidence: 代理记账 reads as back-office
    bookkeeping (class B) but, for small firms, is the finance list's own entry; 电焊 training
    for rural workers is 职业技能培训, not the 培训 class's first entry."""
    books, welding = check_lines(("某某县财政局", "为新办的个体户和小微企业免费代理记账报税"),
                                 ("某某县人力资源和社会保障局", "教农村闲着的劳动力学电焊、开挖掘机并考证"))
    assert (books.verdict, books.code) == ("ok", "A030301")
    assert (welding.verdict, welding.code) == ("ok", "A030201")
    assert all(any(f.rule == "MT21" for f in r.findings) for r in (books, welding))


def test_plain_words_sentences_are_part_of_an_entrys_words(check_lines):
    """The fifth pass: four plain-words descriptions per entry (glosses/*.yaml `sentences:`), read
    by the words step only. Lines that share no name, gloss or term with their entry are placed."""
    laundry, litter = check_lines(("某某县民政局", "给没人管的五保老人上门洗衣做饭"),
                                  ("某某县交通运输局", "雇人每天在国道上捡垃圾、清理落石"))
    assert (laundry.verdict, laundry.code) == ("ok", "A040304")
    assert (litter.verdict, litter.code) == ("ok", "A130401")
    assert all(any(f.rule == "MT21" for f in r.findings) for r in (laundry, litter))


def test_sentences_are_loaded_for_every_entry_and_kept_out_of_names_and_terms():
    from checker.match import Engine, _load_glosses

    engine = Engine(catalog.load())
    loaded = _load_glosses(engine.catalog.path, engine.entries, engine._entry_pos)
    assert len(loaded["sentences"]) == len(engine.entries)
    entry = next(i for i, e in enumerate(engine.entries) if e.code == "A040304" and e.sector == "民政")
    sentence = loaded["sentences"][entry][0]
    assert sentence not in loaded["glosses"].get(entry, []) and sentence not in loaded["terms"].get(entry, [])


def test_a_given_code_loses_to_the_entry_the_words_plainly_make(check_lines):
    """Names score a sentence low against every entry, so they cannot say a code is wrong; the
    words can: 扰动地表、水土流失 make the 水土流失监测 entry, not the 水量监测 code written."""
    wrong, right = check_lines(("某某县水利局", "监测生产建设项目扰动地表、水土流失的情况", "A170302"),
                               ("某某县水利局", "监测生产建设项目扰动地表、水土流失的情况", "A170303"))
    assert (wrong.verdict, wrong.code) == ("code_mismatch", "A170303")
    assert {"MT06", "MT21"} <= {f.rule for f in wrong.findings}
    assert (right.verdict, right.code) == ("ok", "A170303")


def test_a_code_of_another_list_on_a_sentence_gets_the_entry_its_words_make_as_the_suggestion(check_lines):
    # A sentence fits no name well enough to suggest one; its words make 文旅's 非遗 entry.
    r, = check_lines(("某某县文化和旅游局", "把快要失传的民间剪纸、面塑手艺拍下来，请老艺人开班带徒弟", "A080303"))
    assert r.verdict == "code_not_allowed"
    assert r.code and r.code.startswith("A0804")
    assert r.code in next(f.render("zh") for f in r.findings if f.rule == "MT05")


def test_words_that_plainly_make_another_lists_entry_come_before_a_faint_own_name(check_lines):
    # 人社's 农民工市民化监测 shares 农民工 with the line; its words are 司法's legal aid for wages.
    r, = check_lines(("某某县人力资源和社会保障局", "请律师免费替讨不到工钱的农民工打官司、写诉状"))
    assert (r.verdict, r.sector, r.code) == ("other_department", "司法", "A040702")
    assert {"MT07", "MT21"} <= {f.rule for f in r.findings}


def test_words_do_not_place_a_line_that_buys_other_work_than_the_entry_names(check_lines):
    # The people's words (人大代表) match 人大宣传服务; the work bought (培训, 评估) does not.
    training, review = check_lines(("某某县人大常委会办公室", "人大代表履职学习培训班"),
                                   ("某某县人大常委会办公室", "委托律所对两部法规草案做立法后评估"))
    assert training.verdict == review.verdict == "outside_catalogue"


def test_when_other_lists_split_a_line_the_own_entry_of_their_field_takes_it(check_lines):
    # 共青团's 残疾人康复训练 and 民政's 儿童康复 share the words; 残联's own list holds 康复 (A0406).
    split, plain = check_lines(("某某县残疾人联合会", "请机构给脑瘫、自闭症娃娃做康复训练"),
                               ("某某县残疾人联合会", "残疾娃娃的康复训练请机构来做"))
    assert (split.verdict, split.code) == (plain.verdict, plain.code) == ("ok", "A040601")
    assert any(f.rule == "MT21" for f in split.findings)


def test_two_entries_of_one_other_list_near_each_other_make_the_line_that_lists(check_lines):
    # 民政's 送医陪护 and 照料护理 score alike by words: the line is 民政's all the same; 五保 are 特困人员.
    r, = check_lines(("某某县卫生健康局", "五保户住院了没人照顾，请护工陪护"))
    assert (r.verdict, r.sector, r.code) == ("other_department", "民政", "A040306")


def test_bookkeeping_for_small_firms_is_a_public_service_not_the_offices_own_accounts(check_lines):
    firms, office = check_lines(("某某县工业和信息化局", "帮全县小微企业代理记账、报税"),
                                ("某某县工业和信息化局", "机关代理记账"))
    assert (firms.verdict, firms.sector, firms.code) == ("other_department", "财政", "A030301")
    assert office.verdict == "outside_catalogue" and any(f.rule == "MT09" for f in office.findings)
    # Named as a budget line, the firms before or after the bookkeeping, not after 为/给.
    for item in ("个体工商户代理记账", "小微企业代理记账（2026年度）"):
        named, = check_lines(("某某县工业和信息化局", item))
        assert (named.verdict, named.sector, named.code) == ("other_department", "财政", "A030301"), item


def test_another_lists_code_names_the_entry_the_line_would_get_without_a_code(check_lines):
    # The suggestion had asked names (or words alone) to fit; a sentence placed by the whole
    # decision without its code (heads, terms, words) got no suggestion with one.
    item = "冰雹过后请人到各乡镇地头看看庄稼砸坏了多少，出个评估报告"
    coded, plain = check_lines(("某某县气象局", item, "A160201"), ("某某县气象局", item))
    assert plain.verdict == "ok" and coded.verdict == "code_not_allowed"
    assert coded.code == plain.code == "A140603"  # 灾害性天气灾情评估服务
    assert plain.code in next(f for f in coded.findings if f.rule == "MT05").render("zh")


def test_a_given_code_loses_when_names_and_words_both_put_another_own_entry_above_it(check_lines):
    rating, visit, care = check_lines(("某某县民政局", "请机构给各乡镇敬老院评个等级", "A040201"),
                                      ("某某县民政局", "每季度派人上门看望低保户，问问生活上有啥难处", "A040304"),
                                      ("某某县民政局", "给敬老院的特困老人请护理员照料起居", "A040304"))
    assert (rating.verdict, rating.code) == ("code_mismatch", "A170102")  # 等级评定, not 责任保险
    assert (visit.verdict, visit.code) == ("code_mismatch", "A040303")  # 家访, not 照料护理
    assert (care.verdict, care.code) == ("ok", "A040304")  # the code's own work: kept


def test_an_entry_that_says_its_training_in_another_word_still_names_the_training(check_lines):
    # 工信's own lists name 培训 (产业培训); 军民融合办's 民用爆炸物品行业人才培养 trains people too.
    r, = check_lines(("某某县工业和信息化局", "给民爆企业的爆破员、保管员办安全培训班"))
    assert (r.verdict, r.sector, r.code) == ("other_department", "军民融合办", "A160901")


def test_names_and_words_agreeing_on_the_first_entry_need_no_words_margin(bundled_engine, monkeypatch):
    import numpy as np

    from checker.match import Result

    engine = bundled_engine
    own = [i for i, e in enumerate(engine.entries) if e.sector == "退役军人"][:2]
    assert len(own) == 2
    first, second = own
    ranking = (np.array([first, second]), np.array([40.0, 35.0]))  # 5 apart: less than words_margin
    monkeypatch.setattr(engine.retrieval, "arrays", lambda text: ranking)
    line = Result(row=1, department="某某县退役军人事务局", item="某项服务", given_code="", amount_wan=None, cells={},
                  sectors=("退役军人",))
    assert engine._by_retrieval(line, own_lists=True, above_all=True) is None
    assert engine._by_retrieval(line, own_lists=True, above_all=True, agree_with=first) == first
    assert engine._by_retrieval(line, own_lists=True, above_all=True, agree_with=second) is None


def test_a_code_whose_subject_the_line_names_is_kept_against_a_better_name(check_lines):
    # 短视频 makes the names favour 新媒体制作; 反电诈 is what 公安's A150201 is about.
    named, bare = check_lines(("某某县公安局", "反电诈宣传短视频拍摄", "A150201"), ("某某县公安局", "短视频拍摄制作", "A150201"))
    assert (named.verdict, named.code) == ("ok", "A150201")
    assert (bare.verdict, bare.code) == ("code_mismatch", "A150101")


def test_meeting_logistics_are_not_the_publicity_entry_of_the_body_that_meets(check_lines):
    # The words of 人大宣传服务 hold 人民代表大会; the work bought is 会务.
    r, = check_lines(("某某县人大常委会办公室", "县人民代表大会年度会议会务服务"))
    assert r.verdict == "outside_catalogue" and "MT09" in {f.rule for f in r.findings}
