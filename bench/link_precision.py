"""False positives of issue 7, class by class, and the 浪潮 count in the cnyes headlines (../shared).

    python bench/link_precision.py [NEWS_DIR]   (default: ../shared/data/news)

Each case is a short constructed phrase of the shape seen in real news with the entity it must not (or
must) link; the count of wrong cases is the figure reported before/after.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from pipeline.config import PROJECT_ROOT
from pipeline.glossary import CompiledGlossary, compile_glossary
from stages.normalize import TextNormalizer

DEFAULT = PROJECT_ROOT.parent / "shared" / "data" / "news"
# (class, text, language, entity that must NOT link)
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
]
# (class, text, language, entity that MUST link, its surface)
MUST = [
    ("truncation", "摩根士丹利上调评级", "zh", "us.MS", "摩根士丹利"),
    ("legal-name rule", "海立股份股东杭州富生控股有限公司减持", "zh", "cn.600619", "海立股份"),
    ("legal-name rule", "宁德时代拟收购江西锂业有限公司股权", "zh", "cn.300750", "宁德时代"),
    ("no context needed", "花旗表示降息将延后", "zh", "us.C", "花旗"),
    ("no context needed", "高盛预计明年增长放缓", "zh", "us.GS", "高盛"),
    ("company context", "浪潮信息大涨", "zh", "cn.000977", "浪潮信息"),
]


def false_positives(glossary: CompiledGlossary) -> list[str]:
    """One line per case the linker gets wrong."""
    normalize = TextNormalizer()
    wrong = []
    for kind, raw, lang, entry_id in MUST_NOT:
        text = normalize(raw)
        if any(m.entry_id == entry_id for m in glossary.find(text, lang)):
            wrong.append(f"{kind}: {raw} → {entry_id}")
    for kind, raw, lang, entry_id, surface in MUST:
        text = normalize(raw)
        if not any(m.entry_id == entry_id and text[m.start:m.end] == surface for m in glossary.find(text, lang)):
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
