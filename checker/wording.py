"""The structure of a clerk's line, before any word in it is compared with the catalogue.

Clerks wrap the service they buy in places, years, batches and contract notes:
`2026年北留镇、润城镇居家养老上门服务（第二批）`, `临时救助金（川底镇）`,
`乡村振兴驻村工作队专项晋庙铺范谷坨村`. None of that changes what is bought, so it is
taken off first, by form rather than by name: a place is a short name ending in an
administrative suffix (省 市 县 区 旗 镇 乡 街道 村 社区 …) standing where clerks put
places (in brackets, at the start, at the end, in a list), which works for every county
without a gazetteer. Common nouns that end in the same characters (农村, 城乡, 社区矫正 …)
are not places and stay.

Lines copied from a procurement register wrap it in the notice or contract that names it
(`关于…服务项目的采购合同`, `…竞争性磋商（包一）`), and lines written as performance targets end
in how much and how well (`…，满意度达90%以上`); neither says what is bought either.

A row of a clerk's table has a frame as well: a list number (1. 三、 ①), its amount (30万元), the
table's label (政府购买…, （政府购买服务）), quotes, footnote marks, price and priority notes (（含税）,
【重点】). It goes first, before spaces do. `without_own_name` takes off the department's own name
written in front of a line, and `code_in_item` finds a catalogue code written in the item.

`Wording.structure(text)` returns the line with places, years, batches, contract notes, the
register's wrapping and target clauses removed, and the contents of other brackets kept as
words (`工程（管网改造）` keeps 管网改造). Works notes such as （续建） are kept: they say what is
bought. `Wording.as_written(text)` is the same reading with the register's contract and method
words kept, for the negative list (`办公电脑采购竞争性磋商` is goods by its 采购).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_HAN = "\u4e00-\u9fff"
# Administrative suffixes, longest first so that 街道办事处 wins over 街道.
_SUFFIX = "(?:街道办事处|办事处|街道|社区|居委会|村委会|自治区|自治县|开发区|新区|省|市|县|区|旗|镇|乡|村)"
# Words that end like a place but name a kind of place or a scope, not a place: kept.
_COMMON_PLACE_WORDS = frozenset("""
城乡 农村 乡村 城市 城镇 乡镇 村镇 社区 城区 园区 景区 辖区 小区 山区 矿区 林区 牧区 灾区 库区 片区 街区 校区 社区 市区 郊区
老区 新区 全省 全市 全县 全区 全镇 全乡 全村 各省 各市 各县 各区 各镇 各乡 各村 本省 本市 本县 本区 本镇 本乡 本村
驻村 进村 到村 入村 下乡 返乡 回乡 家乡 老乡 城中村 行政村 自然村 贫困村 示范村 传统村 名村 名镇 重镇 小镇 集镇 特色小镇
超市 菜市 早市 门市 闹市 都市 集市 夜市 上市 股市 城市 示范区 保护区 功能区 服务区 开发区 实验区 试验区 风景区 保税区 行政区 生活区 居住区
农业农村 城乡社区 城市社区 农村社区 和谐社区 智慧社区 美丽乡村 村村 户户 县乡 乡村组 村组 村庄 农庄 山庄 田庄 组组
""".split())
# Function words and service words never found inside a place name but found around one.
_NOT_IN_NAME = re.compile("[的和与及或等进入驻到去往送在为对向从于给把替被买购雇请]|附近|周边|服务|管理|工作|建设|振兴|项目|专项|经费|资金|保洁|清扫|运营|维护"
                          "|监测|培训|宣传|养老|救助|补助|补贴|安置|治理|整治|改造|文化|文明|医疗|卫生|教育|法律|社会"
                          "|修建|新建|新修|翻修|维修|改建|扩建|铺设|硬化|发放|实施|开展|组织|完成|推进|落实"
                          "|运维|运行|管护|养护|检测|巡查|巡护|路灯|照明|供水|排水|污水|垃圾|绿化|消防"
                          # People served: 精神障碍患者社区康复 is community care for patients, not a 社区.
                          "|患者|病人|人员|老人|儿童|群众|居民|学生|妇女|残疾|家庭|青少年")
_KINDS_OF_PLACE = re.compile("|".join(sorted(_COMMON_PLACE_WORDS, key=len, reverse=True)) + f"|{_SUFFIX}")
_NOT_BEFORE_SUFFIX = set("乡镇村县市区省农驻进入到下返回全各本每该")
_PLACE = re.compile(f"[{_HAN}]{{1,7}}?{_SUFFIX}")
_LIST_SEP = "、，,和及与/ "
_YEAR = re.compile(r"(?:19|20)\d{2}(?:\s*[-—~至到]\s*(?:19|20)?\d{2})?\s*年?(?:度|上半年|下半年|全年|第[一二三四1-4]季度)?")
_PERIOD = re.compile(r"(?:上半年|下半年|全年|年度|第[一二三四1-4]季度|[1-9]\d?月份?)")
_BATCH = re.compile(r"第[一二三四五六七八九十百\d]+(?:批次?|期|轮|阶段|标段|包)|[一二三四五六七八九十\d]+期|(?:首|前|后|新)?批次")
_CONTRACT = re.compile(r"续签|续期|续聘|续约|新增|追加|结转|延续|延期|调整|预留|定点机构|试点"
                       r"|(?:中央|省|市|县|区|乡镇|本)级?(?:配套|资金|转移支付)|配套资金|上级(?:资金|补助)")  # where the money comes from
_BRACKETS = re.compile(r"[(\[【〔［<《]([^()\[\]【】〔〕［］<>《》]*)[)\]】〕］>》]")
_FILLER = re.compile(r"[\s、，,；;：:和及与/·.\-—~等各共个所名\d一二三四五六七八九十两]+")
_COUNTED = re.compile(r"[一二三四五六七八九十两\d]+个")
_SCOPE = re.compile("等?[\\d一二三四五六七八九十两]+个(?:乡镇|镇|乡|行政村|村|社区|街道|县区|县|区)|(?:全|各|本)(?:乡镇|省|市|县|区|镇|乡|村)(?![级域内])|(?:全|各|本)?(?:省|市|县|区|乡镇|镇|乡|村|社区|街道)(?:级|域|内|范围内|辖区)|辖区内?|范围内|所辖|涉及|片区")

CACHE_LIMIT = 16_384
_SUFFIX_AT_END = re.compile(f"{_SUFFIX}$")
_STREET_ENDINGS = set("路街巷里苑湾")
_KINDS_ENDING = ("城乡", "小区", "园区", "景区", "山区", "矿区", "林区", "牧区", "灾区", "库区", "片区", "街区", "校区", "辖区",
                 "农村", "乡村", "山村", "渔村", "示范区", "保护区", "功能区", "服务区", "试验区", "实验区")
_KINDS_AT_END = re.compile(f"(?:{'|'.join(_KINDS_ENDING)})$")
# How a procurement register or website names a contract or notice: the method, the document and
# the lot wrap the service (关于XX服务项目的采购合同, XX服务竞争性磋商（包一）, XX框架协议) and say
# nothing of what is bought. 采购 itself stays: 办公电脑采购 is goods, whatever notice names it.
_METHODS = "竞争性磋商|竞争性谈判|公开招标|邀请招标|询价|单一来源|框架协议"
_PROCUREMENT_TAIL = re.compile(
    "(?:(?:项目)?(?:的)?(?:中标(?:成交)?结果公告|成交结果公告|结果公告|招标公告|更正公告|终止公告|公告|公示|"
    f"{_METHODS}|(?<=采购)意向|(?<=采购)需求|合同书|合同|协议书)|政府采购(?:项目)?|[-—:：\\s]+)+$")
_NOTICE_TAIL = re.compile("(?:中标(?:成交)?结果公告|成交结果公告|结果公告|招标公告|更正公告|终止公告|公告|公示)+$")
_DOCUMENT = re.compile("(?:项目)?(?:的)?(?:中标|成交|结果|招标|更正|终止|公告|公示|合同|协议书|意向|需求)")
_BUYING_BEFORE_NOTICE = re.compile("(?:政府)?采购(?:项目)?$")
_METHOD_BEFORE_BUYING = re.compile(f"(?:{_METHODS})采购$")
_LOT = re.compile(r"(?:第?[一二三四五六七八九十\d]+|[A-Z])(?:包|标段)(?:[:：])?|包[一二三四五六七八九十\d]+|项目编号[:：]?[\w-]+|服务期(?:限)?[:：]?[一二三四五六七八九十\d]+(?:个月|年|天)")
_ABOUT = re.compile(f"^[{_HAN}、]{{0,20}}?关于")  # 关于…, XX局关于…, 柳泉镇关于…: whoever issues it
# A budget line written as a performance target (绩效目标) ends in how much and how well:
# 委托第三方提供照料护理服务，服务对象满意度达90%以上，全年不少于3000人次. Clauses that only state a
# target are taken off when another clause is left to say what is bought. (Purpose clauses,
# 保障…/提高…, stay: they often hold the service itself, 保障县城公共绿地日常养护.)
_CLAUSE_SPLIT = re.compile("[,，;；。!！]")
_TARGET_CLAUSE = re.compile("(?:率|满意度|知晓度|覆盖面)(?:达到|达|不低于|保持在|保持|在|超过|高于|提高到|提升到)?"
                            "[\\d.]+%?(?:以上)?$|^(?:全年|年度|累计|每年)?(?:完成|办理|开展|服务|受益|覆盖)?.{0,4}?"
                            "(?:不少于|不低于|超过|达到|约)?[\\d.]+(?:万|余)?(?:人次|人|户|件|次|批次|场次|场|期|家|个|亩|平方米|公里|千米|吨|株|份)"
                            "(?:以上|左右)?$|^(?:全年|确保|力争)?(?:不发生|未发生|杜绝|零).{0,12}(?:事故|事件|案件)$")
# What a clerk puts around any line, saying nothing of what is bought: the table's own label
# (（政府购买服务）, 政府购买…), the amount (30万元, （预算：12.5万元）), a list number (1. 2、 一、 （三）),
# a footnote mark (* ※ ★) and the sentence's last stop.
_LABEL = ("政府购买服务事项|政府购买服务项目|政府购买服务|购买服务|政府采购服务|政府采购|服务类"
          "|(?:不)?含(?:增值)?税(?:价|费)?|含运费|重点(?:项目)?|常规(?:项目)?|经常性(?:项目)?")  # price and priority notes
_AMOUNT = r"(?:(?:预算|金额|资金|经费)(?:金额)?[:：]?)?(?:约|共计?|合计)?\d+(?:\.\d+)?(?:万元|万|元)"
# The line's own amount, not a target's (金额达到5000万元) or a rate's (每人500元).
_TRAILING_AMOUNT = re.compile("(?<![\\d.达到于过超至为是每人户月年亩次准])"
                              "[,，;；\\s]*(?:(?:预算|金额)(?:金额)?[:：]?)?(?:约|共计?|合计)?\\d+(?:\\.\\d+)?(?:万元|万|元)$")
_LEADING_LABEL = re.compile(r"^(?:(?:通过)?政府购买(?:服务)?(?:方式)?|(?:资金|经费)?(?:主要)?用于)[:：\-—]?")
_ENUMERATION = re.compile(r"^(?:\(?[一二三四五六七八九十]{1,3}[)、.]|\(\d{1,3}\)|\d{1,3}(?:[、)]|\.(?!\d)))")
_CIRCLED = re.compile("^\\s*[\u2460-\u2473\u2776-\u2793]")  # ① ❶ ➀: NFKC would make them plain digits
_MARKS = re.compile(r"^[*※★☆▲△#]+|[*※★☆▲△#。;；,，、.]+$")
# Whether a line may have a frame at all: what each frame starts or ends with, or holds.
_FRAMED = re.compile("^\\s*[\\d(（\\[【《一二三四五六七八九十*※★☆▲△#“”\"'‘’「」『』政通资经主用]|[元万*※★☆▲△#。;；,，、.】》\\]“”\"'‘’「」『』]\\s*$"
                     "|[“”\"'‘’「」『』]")
_QUOTES = re.compile("[“”‘’\"'「」『』]")  # quotation marks say nothing of what is bought (“智慧政协”运维费)
_WRAPPED = re.compile(r"^[《【\[]([^《》【】\[\]]+)[》】\]]$")  # the whole line in 《》 or 【】
_NOTE_ONLY = re.compile(f"(?:{_YEAR.pattern}|{_PERIOD.pattern}|{_BATCH.pattern}|{_CONTRACT.pattern}|{_LABEL}|{_AMOUNT}"
                        f"|{_FILLER.pattern})+")
_SUFFIX_LAST = set("处道区会县省市旗镇乡村")
_LONGEST_PLACE = 7 + 5 + 4  # a name, the longest suffix, and list separators before it
_LONGER_NAME = {"乡": ("镇", "县"), "镇": ("县",), "村": ("村委会",)}  # 宁乡镇, 武乡县, 天镇县, 张村村委会
_LEADING_PLACE = re.compile(f"[{_LIST_SEP}]*({_PLACE.pattern})")
_TRAILING_PLACE = re.compile(f"[{_LIST_SEP}]*((?:{_PLACE.pattern}))$")
_LEADING_SCOPE = re.compile(f"^(?:{_SCOPE.pattern}|[{_LIST_SEP}])+")


def fold(text: str) -> str:
    """NFKC (full-width letters, digits and brackets to half-width) without spaces."""
    if not text:
        return ""
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return "".join(text.split())


def _is_place(token: str) -> bool:
    if token in _COMMON_PLACE_WORDS:
        return False
    suffix = _SUFFIX_AT_END.search(token)
    name = token[: suffix.start()] if suffix else ""
    if _KINDS_AT_END.search(token):
        return False  # 老旧小区, 工业园区, 美丽乡村: a kind of place, not a place's name
    if len(name) >= 2 and name[-1] in _STREET_ENDINGS:
        return True  # 建设路社区, 解放街道: a community named after its street is a place whatever the street's name
    if len(name) == 2 and token[len(name):] in _LONGER_NAME.get(name[-1], ()) and name[0] not in _NOT_BEFORE_SUFFIX:
        return True  # 宁乡镇, 张村村委会: a one-character name with its 乡 or 村 (下乡镇 is no town)
    # 美丽乡村, 法律进社区, 帮扶驻村: the word before the suffix is a common noun or a verb, not a name.
    return bool(name) and not _NOT_IN_NAME.search(name) and name[-1] not in _NOT_BEFORE_SUFFIX


@lru_cache(maxsize=4096)
def _own_name_pattern(department: str) -> re.Pattern | None:
    """The department's name as a clerk may write it before a line: whole (泽州县应急管理局), or from
    after any of its 省/市/县/区/旗 on (应急管理局; 阳泉市郊区退役军人事务局 → 退役军人事务局; 中共泽州县委
    宣传部 → 宣传部), spaces allowed between characters."""
    name = "".join(unicodedata.normalize("NFKC", department).split())
    forms = {name} | {name[i + 1:] for i, ch in enumerate(name) if ch in "省市县区旗"}
    forms |= {f[1:] for f in forms if f.startswith("委")}  # 县委宣传部: the 县委's 宣传部
    forms = {f for f in forms if len(f) >= 3}
    if not forms:
        return None
    spaced = "|".join("\\s*".join(map(re.escape, f)) for f in sorted(forms, key=len, reverse=True))
    return re.compile(f"^\\s*(?:{spaced})[\\s:：\\-—]*")


def without_own_name(item: str, department: str) -> str:
    """The item without the department's own name in front of it: a line is no different for being
    written 泽州县应急管理局安全生产应急救援演练 in 泽州县应急管理局's own table."""
    if not item or not department:
        return item
    pattern = _own_name_pattern(department)
    text = unicodedata.normalize("NFKC", item) if not unicodedata.is_normalized("NFKC", item) else item
    m = pattern.match(text) if pattern else None
    if m is None or len("".join(text[m.end():].split())) < 2:
        return item
    return text[m.end():]


def _spaces_as_clauses(text: str) -> str:
    """A space before a clause that states a target separates it, as a comma would (完成抽检800批次
    问题产品处置率100%); any other space (居家 养老, XX项目 采购需求概况：…) goes."""
    parts = text.split()
    if len(parts) < 2:
        return text
    out = parts[0]
    for part in parts[1:]:
        clause = _CLAUSE_SPLIT.split(part)[0]
        target = len(_CLAUSE_SPLIT.split(out)[-1]) >= 4 and bool(_TARGET_CLAUSE.search(clause))
        out += ("，" if target else "") + part
    return out


_MAY_HOLD_A_CODE = re.compile("[AaＡａ][\\d０-９]")
_CODE_IN_ITEM = re.compile(r"[(\[【]?(?<![A-Za-z0-9])[Aa]\d{6}(?!\d)[)\]】]?")


def code_in_item(item: str) -> tuple[str, str] | None:
    """A catalogue code written in the item instead of the code column (`A040207居家养老服务`,
    copied from the printed list with its code, or `居家养老上门服务（A040207）`): the code and the
    item without it, when there is exactly one and words are left."""
    if not _MAY_HOLD_A_CODE.search(item):
        return None  # most lines: no letter A at all
    text = unicodedata.normalize("NFKC", item) if not unicodedata.is_normalized("NFKC", item) else item
    found = list(_CODE_IN_ITEM.finditer(text))
    codes = {m.group(0).strip("()[]【】").upper() for m in found}
    if len(codes) != 1:
        return None
    rest = _CODE_IN_ITEM.sub(" ", text).strip(" \t-—:：")
    return (codes.pop(), rest) if len("".join(rest.split())) >= 2 else None


def _places_only(text: str) -> bool:
    """Whether text is nothing but places, counts and scope words (北留镇、润城镇 / 城区三个街道)."""
    rest = _strip_places_anywhere(_SCOPE.sub("", _COUNTED.sub("", text)))
    return not _FILLER.sub("", _KINDS_OF_PLACE.sub("", rest))


def _strip_places_anywhere(text: str) -> str:
    return _PLACE.sub(lambda m: "" if _is_place(m.group(0)) else m.group(0), text)


def _is_note(text: str) -> bool:
    """A bracket that holds only a year, period, batch or contract note (or places), not what is bought."""
    if _NOTE_ONLY.fullmatch(text):
        return True
    rest = _CONTRACT.sub("", _BATCH.sub("", _PERIOD.sub("", _YEAR.sub("", text))))
    return not _FILLER.sub("", rest) or _places_only(rest)


def _what_is_bought(text: str) -> str:
    """The clauses of a sentence without those that only give its target (all of them when
    every clause is one)."""
    if not _CLAUSE_SPLIT.search(text):
        return text
    clauses = [c for c in _CLAUSE_SPLIT.split(text) if c]
    # A register's method or notice after the last clause (…率达95%以上单一来源采购) leaves it a target.
    kept = [c for c in clauses if not _TARGET_CLAUSE.search(_PROCUREMENT_TAIL.sub("", _BUYING_BEFORE_NOTICE.sub(
        "", _METHOD_BEFORE_BUYING.sub("", c))) or c)]
    return "，".join(kept) if kept and len(kept) < len(clauses) else text


class Wording:
    """Strips a line's structure, knowing the catalogue's vocabulary.

    `vocabulary` is the set of character bigrams of the catalogue's names: a cut between
    two characters that form one of them (居家养|老北留镇) would split a service word, so a
    place is never cut out there.
    """

    def __init__(self, vocabulary: frozenset[str] = frozenset()):
        self.vocabulary = vocabulary
        self._cache: dict[str, str] = {}
        self._written: dict[str, str] = {}

    def _splits_word(self, before: str, after: str) -> bool:
        return bool(before and after) and (before[-1] + after[0]) in self.vocabulary

    @staticmethod
    def _strip_procurement(text: str) -> str:
        """关于…的采购合同, …竞争性磋商（包一）, …框架协议: the notice or contract around the service."""
        stripped, before = text, None
        while stripped != before:  # a notice may wrap a contract name: 关于…采购合同的采购合同
            before = stripped
            shorter = _PROCUREMENT_TAIL.sub("", stripped)
            if _DOCUMENT.match(stripped[len(shorter):]):
                # …采购合同, …单一来源采购公示: the 采购 before a document is the register's word too
                # (but 敬老院炊具采购竞争性磋商 buys 炊具: before a method, 采购 is the line's own).
                shorter = _BUYING_BEFORE_NOTICE.sub("", shorter)
            stripped = _METHOD_BEFORE_BUYING.sub("", shorter)
            about = _ABOUT.match(stripped)
            if about:
                stripped = stripped[about.end():]
                for tail in ("的采购", "采购", "的"):  # 关于…的采购合同: the register's words, not the line's
                    if stripped.endswith(tail):
                        stripped = stripped[:-len(tail)]
                        break
        if stripped != text and stripped.endswith("的"):
            stripped = stripped[:-1]
        return stripped if len(stripped) >= 2 else text

    @staticmethod
    def _strip_frame(text: str) -> str:
        """The line without its list number, footnote marks, trailing amount and the table's label
        in front (政府购买…): the same line whether a clerk numbered it or not."""
        if not _FRAMED.search(text):
            return text  # most lines: nothing around them
        stripped, before = text, None
        while stripped != before:
            before = stripped
            stripped = _MARKS.sub("", _QUOTES.sub("", stripped)).strip()
            wrapped = _WRAPPED.match(stripped)
            stripped = wrapped.group(1).strip() if wrapped else stripped
            stripped = _ENUMERATION.sub("", stripped)
            stripped = _TRAILING_AMOUNT.sub("", stripped)
            labelled = _LEADING_LABEL.sub("", stripped)
            stripped = labelled if len(labelled) >= 2 else stripped
        return stripped if len("".join(stripped.split())) >= 2 else text

    @staticmethod
    def _inside_about(inner: str, unwrapped: str) -> str:
        """What 关于…的采购合同 wraps, its wrapping taken off once: 关于X采购合同的采购合同 wraps the
        contract X采购合同, whose 采购 is the line's own (goods bought)."""
        inner = _PROCUREMENT_TAIL.sub("", inner)  # the documents and methods after it (合同, 中标结果公告)
        for tail in ("的采购", "的"):
            if inner.endswith(tail):
                inner = inner[:-len(tail)]
                break
        return inner if len(inner) >= 2 else unwrapped

    def _is_place(self, token: str) -> bool:
        """A place by its form, unless what stands before the suffix is a service's own words
        (精神障碍社区康复: 精神障碍 is in a catalogue name, every pair of its characters)."""
        if not _is_place(token):
            return False
        suffix = _SUFFIX_AT_END.search(token)
        name = token[: suffix.start()] if suffix else token
        return len(name) < 3 or not all(name[i:i + 2] in self.vocabulary for i in range(len(name) - 1))

    def _strip_leading_places(self, text: str) -> str:
        while True:
            m = _LEADING_PLACE.match(text)
            # No word check here: a place at the start cannot be the end of a word.
            if not m or not self._is_place(m.group(1)) or len(text) == m.end():
                return text.lstrip(_LIST_SEP)
            end = m.end()
            # A town named …乡 is a 镇 (宁乡镇) and a village named …村 has its 村委会 (张村村委会):
            # the shortest reading of the name leaves them behind.
            longer = next((w for w in _LONGER_NAME.get(m.group(1)[-1], ()) if text.startswith(w, end)), "")
            if longer and len(text) > end + len(longer):
                end += len(longer)
            text = text[end:]

    def _strip_trailing_places(self, text: str) -> str:
        while True:
            # Only a line ending in a suffix character can end in a place; the search looks
            # at the last few characters only, where a place name must fit.
            if not text or text[-1] not in _SUFFIX_LAST:
                return text
            window = len(text) - min(len(text), _LONGEST_PLACE)
            m = _TRAILING_PLACE.search(text, window)
            if not m:
                return text
            token = m.group(1)
            # The longest place-shaped tail that is a place and does not split a word
            # (专项晋庙铺范谷坨村 → 晋庙铺范谷坨村; 居家养老北留镇 → 北留镇).
            start = len(text) - len(token)
            tail = next((token[cut:] for cut in range(len(token) - 2)
                         if _PLACE.fullmatch(token[cut:]) and self._is_place(token[cut:])
                         and not self._splits_word(text[:start + cut], token[cut:])), None)
            if tail is None or len(tail) == len(text):
                return text
            text = text[: len(text) - len(tail)].rstrip(_LIST_SEP)

    def structure(self, text: str) -> str:
        """The line without places, years, batches, contract notes and the procurement notice
        around it; other bracket contents kept as words."""
        cached = self._cache.get(text)
        return cached if cached is not None else self._readings(text)[0]

    def shape(self, text: str) -> str:
        """What a decision reads of the line: its structure, and its written reading where that
        differs (关于X的采购合同 and X采购合同 share a structure, not what the negative list reads), so
        lines of one shape can share one decision."""
        structure = self.structure(text)
        written = self._written.get(text)
        return structure if written is None else f"{structure}\x00{written}"

    def as_written(self, text: str) -> str:
        """The structure with a register's contract and method words kept (…采购合同, …采购竞争性
        磋商; a notice's own words, …中标结果公告, go): what the negative list reads too, since
        办公电脑采购 is goods whatever names it. `关于…的采购合同` is unwrapped all the same: it only
        names a contract."""
        cached = self._written.get(text)  # held only where the readings differ (rarely)
        if cached is None:
            cached = self._cache.get(text)
        return cached if cached is not None else self._readings(text)[1]

    def _readings(self, text: str) -> tuple[str, str]:
        """Both readings, made in one pass: they differ only for a line a procurement register named."""
        if len(self._cache) >= CACHE_LIMIT:
            self._cache.clear()  # long inputs of distinct lines: memory stays flat
            self._written.clear()
        normal = _CIRCLED.sub("", text)
        normal = unicodedata.normalize("NFKC", normal) if not unicodedata.is_normalized("NFKC", normal) else normal
        original = "".join(normal.split())
        # The frame is read before spaces go: 每人5000 67万元 ends in its amount, not in 500067万元.
        folded = "".join(_spaces_as_clauses(self._strip_frame(normal.strip())).split())
        folded = _LOT.sub("", folded)
        folded = _BRACKETS.sub(lambda m: "" if _is_note(m.group(1)) else m.group(1), folded)
        folded = _YEAR.sub("", folded)
        unwrapped = self._strip_procurement(folded)
        # 关于…的采购合同 names a contract, whatever it buys: even the negative list reads it
        # unwrapped, once (关于舆情监控的采购合同 is no purchase of 监控 cameras; 关于X采购合同的采购合同
        # keeps the contract X采购合同 it names, whose 采购 is the line's own). Otherwise a notice says
        # nothing of what is bought (…黑板采购项目中标结果公告 buys 黑板), but a contract or a method
        # may (…采购合同 is often the register's own 采购), so they stay in the written reading.
        about = _ABOUT.match(folded)
        written = (unwrapped if unwrapped == folded
                   else self._inside_about(folded[about.end():], unwrapped) if about
                   else _NOTICE_TAIL.sub("", folded) or folded)
        structure = self._without_targets_and_places(unwrapped, original)
        as_written = structure if written == unwrapped else self._without_targets_and_places(written, original)
        both = (structure, as_written)
        self._cache[text] = structure
        if both[1] != structure:
            self._written[text] = both[1]
        return both

    def _without_targets_and_places(self, folded: str, original: str) -> str:
        folded = _what_is_bought(folded)
        if len(folded) > 2 and folded.endswith("的"):
            folded = folded[:-1]  # 看有没有超标的: a spoken particle, which 关于…的采购合同 takes off too
        folded = self._strip_leading_places(folded)
        folded = self._strip_trailing_places(folded)
        return _LEADING_SCOPE.sub("", folded) or original
