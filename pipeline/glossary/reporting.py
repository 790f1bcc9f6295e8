"""A company's reporting currency (glossary `reports_in`): the currency its results are presented in.

Hong Kong news writes a bare 元 for Hong Kong dollars, but a mainland company's revenue and profit are RMB
figures (Tencent, Meituan, BYD, the Chinese banks), so the number rule (stages/translators/numbers.py) needs to
know which companies report in RMB. The fact is one field, `reports_in` (an ISO 4217 code), decided here:

1. written in the entry (`reports_in: CNY` in a curated file) or in its generated entry;
2. an A-share listing (.SH/.SZ/.BJ, the entry's own ticker or one of its `tickers`): CNY. A company listed in
   Shanghai, Shenzhen or Beijing is a mainland joint-stock company; mainland accounting standards present its
   statements in RMB, and its H shares (A+H) report the same figures;
3. a Hong Kong listing whose HKEX names are both in a mainland joint-stock company's form (Chinese full name
   …股份有限公司, English …Co., Ltd. / Company Limited / Corporation Limited): an H share, presenting its
   statements in RMB (generate.build_hk writes it into hk.yaml: 农夫山泉股份有限公司 / Nongfu Spring Co., Ltd.).
   A Cayman or Hong Kong company with a 股份有限公司 name and another English form (CITIC Limited, SenseTime
   Group Inc.) is not read so;
4. RED_CHIPS below (read at load time, like rule 2): Hong Kong listings incorporated outside the mainland
   (Cayman, Hong Kong) whose annual reports present their statements in RMB. General knowledge of their annual
   reports' presentation currency; only companies of which that is sure are listed, and those that present in
   US$ (Lenovo, SMIC, Hua Hong, WH Group, AIA, HSBC, Sands China, BeiGene) or HK$ (CITIC, CK Hutchison, China
   Resources Power, China Gas, China Taiping) are left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

CNY = "CNY"
# ISO 4217 codes a `reports_in` field may hold.
REPORTING_CURRENCIES = frozenset({"CNY", "HKD", "USD", "TWD", "EUR", "JPY", "GBP"})
A_SHARE_SUFFIXES = (".SH", ".SZ", ".BJ")
# A mainland joint-stock company's names on HKEX's list (Traditional Chinese, as HKEX writes them).
H_SHARE_ZH_ENDING = ("股份有限公司",)
H_SHARE_EN_ENDING = re.compile(
    r"(?:Co\.?,?\s*Ltd|Company\s+Limited|Corporation\s+Limited|Co\.?,?\s*Limited|Company\s+Ltd|Corporation\s+Ltd)"
    r"\.?\s*$", re.IGNORECASE)
# Not a mainland company however it is written (香港, 開曼: incorporated in Hong Kong or the Cayman Islands).
OFFSHORE_MARKS = ("香港", "開曼", "开曼")

# Red chips and other offshore-incorporated Hong Kong listings with mainland operations that present their
# statements in RMB (HK code → company, for the reader). Sources: each company's annual report (presentation
# currency), general knowledge.
RED_CHIPS: dict[str, str] = {
    "0700": "Tencent", "9988": "Alibaba", "3690": "Meituan", "9618": "JD.com", "1810": "Xiaomi",
    "9999": "NetEase", "9888": "Baidu", "1024": "Kuaishou", "9626": "Bilibili", "9961": "Trip.com",
    "2015": "Li Auto", "9866": "NIO", "9868": "XPeng", "9863": "Leapmotor", "0175": "Geely Automobile",
    "0941": "China Mobile", "0883": "CNOOC", "0762": "China Unicom", "0688": "China Overseas Land",
    "1109": "China Resources Land", "0291": "China Resources Beer", "1209": "China Resources Mixc",
    "0960": "Longfor", "2007": "Country Garden", "2020": "Anta Sports", "2331": "Li Ning",
    "2382": "Sunny Optical", "2688": "ENN Energy", "2269": "WuXi Biologics", "1093": "CSPC Pharmaceutical",
    "1177": "Sino Biopharmaceutical", "6862": "Haidilao", "9992": "Pop Mart", "2313": "Shenzhou International",
    "6186": "China Feihe", "2319": "China Mengniu Dairy", "0151": "Want Want China", "0268": "Kingdee",
    "0285": "BYD Electronic", "1698": "Tencent Music", "6618": "JD Health",
    "0241": "Alibaba Health", "2057": "ZTO Express", "9660": "Horizon Robotics", "2423": "KE Holdings",
    "0656": "Fosun International", "1801": "Innovent Biologics", "3692": "Hansoh Pharmaceutical",
    "1114": "Brilliance China", "0020": "SenseTime", "2618": "JD Logistics", "0772": "China Literature",
    "3888": "Kingsoft", "1357": "Meitu",
}
RED_CHIP_TICKERS = frozenset(f"{code}.HK" for code in RED_CHIPS)


def h_share_form(zh_full: str, en_full: str) -> bool:
    """Both HKEX names are a mainland joint-stock company's (农夫山泉股份有限公司 / Nongfu Spring Co., Ltd.)."""
    return (zh_full.endswith(H_SHARE_ZH_ENDING) and not any(mark in zh_full for mark in OFFSHORE_MARKS)
            and bool(H_SHARE_EN_ENDING.search(en_full.strip())))


def derived_reports_in(tickers: Iterable[str | None], entry_type: str) -> str | None:
    """The reporting currency that a company's listings alone decide: CNY for an A share (rule 2) or a red chip
    listed in RED_CHIPS (rule 4, for curated entries whose HK ticker is not their own, such as Baidu's)."""
    if entry_type != "company":
        return None
    listed = [t for t in tickers if t]
    if any(t.endswith(A_SHARE_SUFFIXES) for t in listed) or any(t in RED_CHIP_TICKERS for t in listed):
        return CNY
    return None


def declares_in_rmb(ticker: str | None, reports_in: str | None) -> bool:
    """A company that reports in RMB and is incorporated in the mainland (an A share, or a Hong Kong listing that
    is no red chip: an H share) declares its dividends in RMB too, by mainland company law, and pays H-share
    holders in HK$ at a stated rate; red chips (Tencent, China Mobile, CNOOC) declare theirs in HK$, and a US
    listing's entry (Baidu, Alibaba) says nothing about where the company is incorporated."""
    if reports_in != CNY or not ticker:
        return False
    return ticker.endswith(A_SHARE_SUFFIXES) or (ticker.endswith(".HK") and ticker not in RED_CHIP_TICKERS)
