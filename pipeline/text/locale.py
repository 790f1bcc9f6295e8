"""Where a document was written: mainland China ("cn"), Hong Kong ("hk"), Taiwan ("tw"), Macao ("mo"), or "other".

The locale decides what a bare 元 is (yuan, HK$, NT$) and which body a shared short name means (證監會 is the SFC
in Hong Kong news, the CSRC elsewhere). Precedence: the input's `source` (a known outlet), then its `url` (a
known host or the .hk/.tw/.cn domain), then the text's own vocabulary weighed with its script. Written from
general knowledge of each region's usage (docs in docs/linking.md); no news text was copied into these tables.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from pipeline.text.normalizer import HAN_RE

# Bump when a table or rule below changes: the normalize stage's signature carries it.
VERSION = "2"
CN, HK, TW, MO, OTHER = "cn", "hk", "tw", "mo", "other"
LOCALES = (CN, HK, TW, MO, OTHER)
# Every value a record's locale may hold; "" on a record no normalize stage has seen.
UNSET = ""

# Outlet names as a `source` field writes them, matched as substrings of the casefolded field, longest first
# (香港經濟日報 is HKET, the bare 經濟日報 in Traditional is udn's Taiwan paper, 经济日报 in Simplified Beijing's).
# Both scripts are listed where they differ: the source field is not normalized.
SOURCE_OUTLETS: dict[str, tuple[str, ...]] = {
    HK: ("rthk", "香港電台", "香港电台", "明報", "明报", "mingpao", "ming pao", "信報", "信报", "hkej",
         "香港經濟日報", "香港经济日报", "hket", "東方日報", "东方日报", "oriental daily", "on.cc", "東網", "东网",
         "星島", "星岛", "sing tao", "singtao", "stheadline", "頭條日報", "头条日报", "scmp",
         "south china morning post",
         "南華早報", "南华早报", "am730", "香港01", "hk01", "文匯", "文汇", "wen wei po", "wenweipo", "大公報",
         "大公报", "大公文匯", "ta kung pao", "takungpao", "巴士的報", "巴士的报", "bastille post", "bastillepost",
         "經濟通", "经济通", "etnet", "aastocks", "阿思達克", "阿思达克", "香港商報", "香港商报", "成報", "成报",
         "now新聞", "now新闻", "無綫新聞", "无线新闻", "tvb", "有線新聞", "有线新闻", "i-cable", "商業電台", "商业电台",
         "881903", "政府新聞網", "政府新闻网", "news.gov.hk", "info.gov.hk", "點新聞", "点新闻", "dotdotnews",
         "香港政府", "the standard", "信報財經"),
    TW: ("鉅亨", "钜亨", "cnyes", "經濟日報", "money.udn", "聯合報", "联合报", "聯合新聞網", "联合新闻网", "udn",
         "工商時報", "工商时报", "ctee", "中央社", "中央通訊社", "中央通讯社", "focus taiwan", "自由時報", "自由时报",
         "ltn", "中國時報", "中国时报", "中時", "中时", "chinatimes", "china times", "moneydj", "財訊", "财讯",
         "商業周刊", "商业周刊", "商周", "天下雜誌", "天下杂志", "今周刊", "ettoday", "tvbs", "三立", "setn", "民視",
         "民视", "公視", "公视", "風傳媒", "风传媒", "數位時代", "数位时代", "科技新報", "科技新报", "technews",
         "鏡週刊", "镜周刊", "taipei times", "taiwan news", "精實新聞", "精实新闻", "mops", "公開資訊觀測站",
         "公开资讯观测站"),
    MO: ("澳門日報", "澳门日报", "macao daily", "macaodaily", "澳廣視", "澳广视", "tdm", "力報", "力报", "市民日報",
         "市民日报", "華僑報", "华侨报", "濠江日報", "濠江日报", "澳門商報", "澳门商报", "正報", "正报", "新華澳報",
         "新华澳报", "論盡", "论尽", "all about macau", "macau daily times", "macau business", "澳門政府新聞局",
         "澳门政府新闻局", "gcs.gov.mo"),
    CN: ("新浪", "sina", "财联社", "財聯社", "cls.cn", "cailian", "东方财富", "東方財富", "eastmoney", "同花顺",
         "同花順", "10jqka", "证券时报", "證券時報", "stcn", "第一财经", "第一財經", "yicai", "上海证券报", "cnstock",
         "中国证券报", "中證報", "证券日报", "经济观察报", "21世纪经济报道", "每日经济新闻", "界面新闻", "界面",
         "澎湃", "thepaper", "新华社", "新華社", "xinhua", "人民日报", "人民日報", "人民网", "央视", "cctv", "中新社",
         "中国新闻网", "财新", "財新", "caixin", "金融界", "和讯", "hexun", "腾讯财经", "网易财经", "搜狐财经",
         "凤凰财经", "华尔街见闻", "wallstreetcn", "雪球", "xueqiu", "今日头条", "头条", "toutiao", "36氪",
         "证券之星", "中国基金报", "经济参考报", "经济日报", "中国经济网", "券商中国", "上证报", "蓝鲸财经",
         "格隆汇", "智通财经"),
}
# Hosts of the same outlets, for a `url` field (matched as the host or a suffix of it after a dot).
OUTLET_HOSTS: dict[str, tuple[str, ...]] = {
    HK: ("rthk.hk", "mingpao.com", "hkej.com", "hket.com", "on.cc", "stheadline.com", "singtao.com", "scmp.com",
         "am730.com.hk", "hk01.com", "wenweipo.com", "takungpao.com", "bastillepost.com", "etnet.com.hk",
         "aastocks.com", "thestandard.com.hk", "dotdotnews.com", "now.com", "tvb.com", "i-cable.com"),
    TW: ("cnyes.com", "udn.com", "ctee.com.tw", "cna.com.tw", "ltn.com.tw", "chinatimes.com", "moneydj.com",
         "ettoday.net", "tvbs.com.tw", "setn.com", "businessweekly.com.tw", "cw.com.tw", "businesstoday.com.tw",
         "storm.mg", "bnext.com.tw", "technews.tw", "mirrormedia.mg", "taipeitimes.com"),
    CN: ("sina.com.cn", "sina.cn", "finance.sina.com", "cls.cn", "eastmoney.com", "10jqka.com.cn", "stcn.com",
         "yicai.com", "cnstock.com", "cs.com.cn", "zqrb.cn", "eeo.com.cn", "21jingji.com", "nbd.com.cn",
         "jiemian.com", "thepaper.cn", "xinhuanet.com", "news.cn", "people.com.cn", "cctv.com", "chinanews.com.cn",
         "caixin.com", "jrj.com.cn", "hexun.com", "wallstreetcn.com", "xueqiu.com", "toutiao.com", "36kr.com",
         "stockstar.com", "ce.cn", "gelonghui.com", "zhitongcaijing.com"),
}
OUTLET_HOSTS[MO] = ("macaodaily.com", "tdm.com.mo", "exmoo.com", "aamacau.com", "macaubusiness.com",
                    "macaudailytimes.com.mo", "gcs.gov.mo")
COUNTRY_DOMAINS = {".hk": HK, ".tw": TW, ".cn": CN, ".mo": MO}

# Words each region's financial news writes and the others rarely do, in Simplified form (the text is read
# after normalize's t2s). STRONG words all but settle it (按年 is Hong Kong's "year on year", 同比 the mainland's,
# 年增 Taiwan's; 兆元 is Taiwan's trillion); the others are merely more common there.
STRONG_WORDS: dict[str, tuple[str, ...]] = {
    HK: ("按年", "按季", "按月", "本港", "港府", "特首", "行政长官", "立法会", "金管局", "金融管理局", "财政司",
         "政务司", "财库局", "强积金", "积金局", "窝轮", "牛熊证", "孖展", "暗盘", "沽空", "北水", "内地",
         "行政总裁", "港人", "公屋", "差饷", "新界", "九龙", "港岛", "港汇", "联汇", "金发局", "中证监", "房委会",
         "联储局", "息口", "楼价", "收市", "科指", "拆息", "统计处", "供楼", "打工仔"),
    TW: ("台股", "新台币", "台币", "柜买", "上柜", "上市柜", "兴柜", "三大法人", "买超", "卖超", "当冲", "金管会",
         "行政院", "立法院", "总统府", "国发会", "主计总处", "卫福部", "联准会", "辉达", "川普", "年增", "年减",
         "季增", "季减", "月增", "月减", "陆股", "兆元", "法说会", "证交所", "集中市场", "通膨", "那斯达克",
         "费半"),
    CN: ("同比", "环比", "沪指", "深成指", "创业板指", "主力资金", "龙虎榜", "两融", "我国", "党中央", "省委",
         "市委", "北向资金"),
    # Macao's own words: its government, currency, districts and gaming industry (澳元 is the Australian dollar).
    MO: ("澳门特区", "澳门特别行政区", "澳门政府", "澳门元", "澳门币", "葡币", "氹仔", "路氹", "博彩", "赌收",
         "澳门金管局", "澳门金融管理局", "经济财政司", "澳门行政长官", "澳门特首", "澳门立法会", "濠江", "澳门居民"),
}
WEAK_WORDS: dict[str, tuple[str, ...]] = {
    HK: ("港元", "港币", "恒指", "港股", "恒生指数", "国指", "蓝筹", "香港", "特区", "港交所", "联交所", "港铁",
         "人行", "领展", "减息", "按揭", "招股"),
    TW: ("投信", "自营商", "填息", "经济部", "执行长", "大陆", "台积电", "鸿海", "联发科", "台湾", "台北", "加权指数",
         "央行", "记忆体", "软体", "网路", "伺服器", "升息"),
    CN: ("人民币", "A股", "沪深", "国务院", "发改委", "国资委", "南向资金", "科创板", "北交所", "上交所", "深交所",
         "两市", "人民银行", "公募", "万亿"),
    MO: ("澳门", "横琴", "赌场", "澳门人"),
}
STRONG, WEAK = 3, 1
# What the script says before any word is read: Simplified text is mainland news unless the words say clearly
# otherwise (mainland papers cover 港股 and 恒指 every day); Traditional text is Hong Kong or Taiwan news.
SCRIPT_PRIOR = {"hans": {CN: 2 * STRONG}, "hant": {}}
# A locale needs this much evidence, and this much more than the next one, to be chosen from the text.
MIN_SCORE, MIN_MARGIN = 2, 1
# A Hong Kong outlet's story is Macao's with at least one strong Macao word and a weak one (澳门特区政府 … 澳门).
MACAO_MIN_SCORE = STRONG + WEAK
# Hong Kong's words that Macao's government uses too: no evidence between the two SARs (财政司 is inside Macao's
# 经济财政司).
SAR_WORDS = ("特首", "行政长官", "立法会", "财政司", "特区")


def _matchers() -> dict[str, list[tuple[re.Pattern[str], int]]]:
    out: dict[str, list[tuple[re.Pattern[str], int]]] = {}
    for table, weight in ((STRONG_WORDS, STRONG), (WEAK_WORDS, WEAK)):
        for locale, words in table.items():
            out.setdefault(locale, []).append((re.compile("|".join(map(re.escape, words))), weight))
    return out


def _distinct_hits(pattern: re.Pattern[str], text: str) -> int:
    return len(set(pattern.findall(text)))


_WORDS = _matchers()


def source_locale(source: object) -> str | None:
    """The locale of a known outlet named in a `source` field (longest outlet name first), or None."""
    if not isinstance(source, str) or not source.strip():
        return None
    folded = source.casefold()
    hits = [(len(name), locale) for locale, names in SOURCE_OUTLETS.items() for name in names if name in folded]
    return max(hits)[1] if hits else None


def url_locale(url: object) -> str | None:
    """The locale of a known outlet's host, or of a .hk/.tw/.cn host (a www.x.com.hk counts too), or None."""
    if not isinstance(url, str) or "." not in url:
        return None
    try:
        host = (urlsplit(url if "//" in url else f"//{url}").hostname or "").casefold()
    except ValueError:
        return None
    for locale, hosts in OUTLET_HOSTS.items():
        if any(host == h or host.endswith(f".{h}") for h in hosts):
            return locale
    return next((locale for suffix, locale in COUNTRY_DOMAINS.items() if host.endswith(suffix)), None)


def text_scores(text: str, script: str = "hans") -> dict[str, int]:
    """Evidence per locale: STRONG or WEAK per distinct marker word, plus the script's prior."""
    scores = dict.fromkeys((CN, HK, TW, MO), 0)
    for locale, prior in SCRIPT_PRIOR.get(script, {}).items():
        scores[locale] += prior
    for locale, matchers in _WORDS.items():
        for pattern, weight in matchers:
            scores[locale] += weight * _distinct_hits(pattern, text)
    return scores


def text_locale(text: str, script: str = "hans") -> str:
    """The locale the (normalized, Simplified) text's own words point to, or "other" when they do not agree
    clearly; Simplified text with no clear sign is mainland news, text with no Chinese at all is "other"."""
    if not HAN_RE.search(text):
        return OTHER
    scores = text_scores(text, script)
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    (best, top), (_, second) = ranked[0], ranked[1]
    if top >= MIN_SCORE and top - second >= MIN_MARGIN:
        return best
    return CN if script == "hans" else OTHER


def detect_locale(text: str, script: str = "hans", source: object = None, url: object = None) -> str:
    """The document's locale: its source outlet, else its url's host, else its words (see the module doc). A
    Hong Kong outlet's story about Macao (its own words outweigh Hong Kong's) is Macao's: its 特区政府 is Macao's
    government and its bare 元 the pataca."""
    outlet = source_locale(source) or url_locale(url)
    if outlet == HK and about_macao(text, script):
        return MO
    return outlet or text_locale(text, script)


def about_macao(text: str, script: str = "hans") -> bool:
    """Macao's own words (MACAO_MIN_SCORE or more) outweigh Hong Kong's in the text, not counting the words both
    SARs use (SAR_WORDS: Macao too has a 行政长官, a 立法会 and a 特区政府)."""
    if "澳" not in text:  # (most texts: one substring test)
        return False
    scores = text_scores(text, script)
    shared = sum(STRONG if word in STRONG_WORDS[HK] else WEAK for word in SAR_WORDS if word in text)
    return scores[MO] >= MACAO_MIN_SCORE and scores[MO] > scores[HK] - shared


def document_locale(texts: Iterable[str], script: str, meta: dict[str, object]) -> str:
    """detect_locale over a document's texts and the `source`/`url` of its metadata."""
    return detect_locale("\n".join(texts), script, meta.get("source"), meta.get("url"))
