"""False positives of issue 7, class by class, and the 浪潮 count in the cnyes headlines (../shared).

    python bench/link_precision.py [NEWS_DIR]   (default: ../shared/data/news)

Each case is a short constructed phrase of the shape seen in real news with the entity it must not (or
must) link; the count of wrong cases is the figure reported before/after.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from pipeline.glossary import CompiledGlossary, compile_glossary
from pipeline.paths import PROJECT_ROOT, SHARED_DIR
from pipeline.text.normalizer import TextNormalizer

DEFAULT = SHARED_DIR / "data" / "news"
# (class, text, language, entity that must NOT link); the script is Simplified unless the text is Traditional.
MUST_NOT = [
    ("longer name", "中国建筑科学研究院认证中心颁发证书", "zh", "cn.601668"),
    ("longer name", "，唯德康医疗仅实现收入3.74亿元", "zh", "us.DXCM"),
    ("longer name", "公司聚焦于长江三峡旅游产业", "zh", "cn.002627"),
    ("longer name", "營收連兩月回升達3.29億元", "zh", "cn.002259"),
    ("longer name", "軟銀連100億都差得遠了", "zh", "hk.0259"),
    ("longer name", "获得产品认证的最高等级三星级认证", "zh", "kr.005930"),
    ("common word", "入口網站趕搭AI浪潮", "zh", "cn.000977"),
    ("common word", "全球掀起併購浪潮", "zh", "cn.000977"),
    ("generic fund word", "拖欠佛山农村商业银行股份有限公司借款", "zh", "fund.515290"),
    ("generic fund word", "证券基金公司股价大涨", "zh", "fund.512900"),
    ("generic fund word", "富时中国A50指数期货涨1%", "zh", "fund.560350"),
    ("english generic", "the cloud computing ETF Huatai (159273) rose", "en", "cn.600308"),
    ("english generic", "AI Chip Market Dynamics", "en", "fund.159813"),
    ("subsidiary", "南宁比亚迪新能源汽车综合测试场有限公司成立", "zh", "cn.002594"),
    ("other market's short name", "新华社记者今日报道", "zh", "tw.5481"),
    ("other market's short name", "北汽、恒大、蔚来均有新车", "zh", "tw.1325"),
    ("other market's short name", "鴻海旗下安泰電業出售土地", "zh", "cn.600408"),
    ("bare everyday word", "生物医药板块涨幅居前", "zh", "cn.000504"),
    ("listing-file Latin or number", "出口104亿美元", "zh", "tw.3130"),
    ("listing-file Latin or number", "新藥OBI-822試驗結果出爐", "zh", "tw.4174"),
    ("local or foreign body", "广州市发改委发布通知", "zh", "org.ndrc"),
    ("local or foreign body", "巴西央行宣布加息", "zh", "org.pboc"),
    ("longer name", "中国黄金国际股价涨5%", "zh", "cn.600916"),
    ("longer name", "中国移动通信联合会发布报告", "zh", "cn.600941"),
    ("longer name", "运动员约翰·鲍姆加特纳表示", "zh", "us.IT"),
    ("longer name", "这是未来发展趋势", "zh", "hk.1259"),
    ("longer name", "兼任南京新城发展股份有限公司董事", "zh", "hk.1030"),
    ("longer name", '广东蒙娜丽莎建陶有限公司("蒙娜丽莎建陶")获得证书', "zh", "cn.002918"),
]
# (class, text, language, entity that MUST link, its surface)
MUST = [
    ("truncation", "摩根士丹利上调评级", "zh", "us.MS", "摩根士丹利"),
    ("legal-name rule", "海立股份股东杭州富生控股有限公司减持", "zh", "cn.600619", "海立股份"),
    ("legal-name rule", "宁德时代拟收购江西锂业有限公司股权", "zh", "cn.300750", "宁德时代"),
    ("no context needed", "花旗表示降息将延后", "zh", "us.C", "花旗"),
    ("no context needed", "高盛预计明年增长放缓", "zh", "us.GS", "高盛"),
    ("company context", "浪潮信息大涨", "zh", "cn.000977", "浪潮信息"),
    ("own market's short name", "長虹營收創新高", "zh", "tw.5534", "长虹"),
    ("own code cited", "老百姓(603883)涨停", "zh", "cn.603883", "老百姓"),
    ("foreign central bank", "巴西央行宣布加息", "zh", "org.bcb_brazil", "巴西央行"),
    ("private organisation after a place", "宁波高瓴减持股份", "zh", "org.hillhouse", "高瓴"),
]


def false_positives(glossary: CompiledGlossary) -> list[str]:
    """One line per case the linker gets wrong."""
    normalize = TextNormalizer()
    wrong = []
    for kind, raw, lang, entry_id in MUST_NOT:
        text = normalize(raw)
        if any(m.entry_id == entry_id for m in glossary.find(text, lang, normalize.script(raw))):
            wrong.append(f"{kind}: {raw} → {entry_id}")
    for kind, raw, lang, entry_id, surface in MUST:
        text = normalize(raw)
        found = glossary.find(text, lang, normalize.script(raw))
        if not any(m.entry_id == entry_id and text[m.start:m.end] == surface for m in found):
            wrong.append(f"{kind}: {raw} lacks {surface} → {entry_id}")
    return wrong


def langchao_wave(folder: Path, glossary: CompiledGlossary) -> tuple[int, int]:
    """(headlines, 浪潮 linked as a company) over every cnyes month; every such hit there means 'wave'."""
    normalize = TextNormalizer()
    headlines = hits = 0
    for path in sorted(folder.glob("cnyes_headlines_*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                headlines += 1
                text = normalize(row["標題"])
                hits += sum(text[m.start:m.end] == "浪潮" for m in glossary.find(text, "zh"))
    return headlines, hits


def main(argv: list[str]) -> int:
    news = Path(argv[0]) if argv else DEFAULT
    glossary = compile_glossary(PROJECT_ROOT / "glossaries")
    wrong = false_positives(glossary)
    print(f"false-positive classes: {len(wrong)} of {len(MUST_NOT) + len(MUST)} cases wrong")
    for line in wrong:
        print("  ", line)
    if (news / "zh-hant").is_dir():
        headlines, hits = langchao_wave(news / "zh-hant", glossary)
        print(f"cnyes: {hits} 浪潮 linked as Inspur in {headlines} headlines")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
