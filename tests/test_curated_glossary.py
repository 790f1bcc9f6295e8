"""The curated global, US, ADR, Taiwan, Japanese, Korean and European names: each links on a short sentence
written here (never news text), one entity per company, well-formed tickers, and codes that agree with the
official listing files in ../shared when they are present."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from pipeline.glossary import CompiledGlossary
from pipeline.glossary.schema import ticker_problem
from stages.link import LinkStage
from stages.normalize import TextNormalizer
from tests.conftest import GLOSSARIES, shared_path
from tests.yaml_files import yaml_entries

COMPANIES = GLOSSARIES / "companies"
CURATED_FILES = sorted(COMPANIES.glob("*.yaml")) + [GLOSSARIES / f"{name}.yaml" for name in
                                                    ("orgs", "people", "indexes", "products", "funds")]
MOPS = "data/listings/tw_listings_en_mops_2024-10-29.csv"
SINA_US = "data/listings/us_stocks_zh_names_gostock_sina_2025-02.csv"
CNYES_JAN = "data/news/zh-hant/cnyes_headlines_202501.csv"
# Share of the January 2025 cnyes headlines that link at least one company: 20.1% (483 of 2,408) before the
# curated global files, 33.4% (805) with them; Taiwan-listed mentions went from 126 to 346.
MIN_HEADLINES_WITH_COMPANY = 0.30
MIN_TAIWAN_MENTIONS = 300
# US primaries of S&P 500 / Nasdaq-100 entries listed after the Sina snapshot (2025-02) or absent from it.
NOT_IN_SINA_2025_02 = {"CRWV": "IPO 2025-03", "SNDK": "spun off from WDC 2025-02", "GEV": "missing from the list",
                       "AMT": "missing from the list", "EQIX": "missing from the list"}

# (sentence written for this test, entity it must link). Traditional sentences are normalized first, as the
# pipeline's normalize stage does before linking.
LINKS = [
    ("英伟达股价周二收涨3%", "us.NVDA"),
    ("輝達市值再創新高", "us.NVDA"),
    ("苹果与微软盘后走低", "us.AAPL"),
    ("苹果与微软盘后走低", "us.MSFT"),
    ("谷歌母公司Alphabet发布财报", "us.GOOGL"),
    ("亚马逊云业务增长放缓", "us.AMZN"),
    ("亞馬遜宣布裁員", "us.AMZN"),
    ("特斯拉交付量低于预期", "us.TSLA"),
    ("摩根大通上调目标价", "us.JPM"),
    ("小摩维持增持评级", "us.JPM"),
    ("摩根士丹利发布研报", "us.MS"),
    ("大摩看好半导体板块", "us.MS"),
    ("高盛认为美联储将降息", "us.GS"),
    ("花旗下调评级", "us.C"),
    ("美银分析师表示", "us.BAC"),
    ("美國銀行第三季獲利", "us.BAC"),
    ("富国银行股价下跌", "us.WFC"),
    ("优步与百度合作", "us.UBER"),
    ("优步与百度合作", "hk.9888"),
    ("福特汽车召回车辆", "us.F"),
    ("通用汽车上调全年指引", "us.GM"),
    ("波音交付飞机", "us.BA"),
    ("英特尔新任CEO", "us.INTC"),
    ("超威发布新款芯片", "us.AMD"),
    ("美光财报超预期", "us.MU"),
    ("博通与OpenAI合作", "us.AVGO"),
    ("高通股价上涨", "us.QCOM"),
    ("甲骨文股价大涨", "us.ORCL"),
    ("奈飞订阅用户增长", "us.NFLX"),
    ("網飛公布財報", "us.NFLX"),
    ("迪士尼乐园营收", "us.DIS"),
    ("可口可乐提价", "us.KO"),
    ("麥當勞銷售回升", "us.MCD"),
    ("星巴克中国业务", "us.SBUX"),
    ("沃爾瑪上調財測", "us.WMT"),
    ("好市多会员费上涨", "us.COST"),
    ("伯克希尔增持日本商社", "us.BRK_B"),
    ("波克夏現金部位創高", "us.BRK_B"),
    ("礼来减肥药销量", "us.LLY"),
    ("禮來股價大漲", "us.LLY"),
    ("辉瑞新药获批", "us.PFE"),
    ("强生公司分拆业务", "us.JNJ"),
    ("欢聚集团股价", "us.YY"),
    ("强生股价下跌", "us.JNJ"),
    ("嬌生股價上漲", "us.JNJ"),
    ("默沙东HPV疫苗", "us.MRK"),
    ("贝莱德资产规模", "us.BLK"),
    ("美超微股價重挫", "us.SMCI"),
    ("应材公布财报", "us.AMAT"),
    ("阿里巴巴云收入增长", "hk.9988"),
    ("拼多多旗下Temu", "us.PDD"),
    ("京东外卖业务", "hk.9618"),
    ("网易游戏收入", "hk.9999"),
    ("携程国际业务", "hk.9961"),
    ("蔚来交付量", "hk.9866"),
    ("小鹏汽车新车型", "hk.9868"),
    ("理想汽车发布i8", "hk.2015"),
    ("极氪私有化", "us.ZK"),
    ("哔哩哔哩广告收入", "hk.9626"),
    ("爱奇艺会员", "us.IQ"),
    ("腾讯音乐付费用户", "hk.1698"),
    ("富途控股季度营收", "us.FUTU"),
    ("老虎证券新增客户", "us.TIGR"),
    ("陆金所控股派息", "hk.6623"),
    ("奇富科技回购", "hk.3660"),
    ("贝壳找房成交额", "hk.2423"),
    ("满帮集团净利润", "us.YMM"),
    ("中通快递件量", "hk.2057"),
    ("百胜中国开店", "hk.9987"),
    ("华住集团入住率", "hk.1179"),
    ("唯品会活跃用户", "us.VIPS"),
    ("新东方财报", "hk.9901"),
    ("好未来涨超13%", "us.TAL"),
    ("高途集团亏损收窄", "us.GOTU"),
    ("名创优品海外门店", "hk.9896"),
    ("禾赛科技激光雷达", "hk.2525"),
    ("小马智行Robotaxi", "hk.2026"),
    ("文远知行获得牌照", "hk.0800"),
    ("瑞幸咖啡门店数", "us.LKNCY"),
    ("中海油产量创新高", "cn.600938"),
    ("东方航空客座率", "cn.600115"),
    ("台積電法說會", "tw.2330"),
    ("台积电ADR", "tw.2330"),
    ("鴻海營收創高", "tw.2317"),
    ("聯發科推出天璣晶片", "tw.2454"),
    ("台達電股價", "tw.2308"),
    ("大立光營收", "tw.3008"),
    ("日月光投控擴產", "tw.3711"),
    ("廣達AI伺服器", "tw.2382"),
    ("緯創與緯穎", "tw.3231"),
    ("緯創與緯穎", "tw.6669"),
    ("華碩與宏碁", "tw.2357"),
    ("華碩與宏碁", "tw.2353"),
    ("英業達出貨", "tw.2356"),
    ("仁寶與和碩", "tw.2324"),
    ("仁寶與和碩", "tw.4938"),
    ("技嘉與微星", "tw.2376"),
    ("技嘉與微星", "tw.2377"),
    ("聯電第三季", "tw.2303"),
    ("力積電轉型", "tw.6770"),
    ("南亞科與華邦電", "tw.2408"),
    ("南亞科與華邦電", "tw.2344"),
    ("旺宏記憶體", "tw.2337"),
    ("中華電信資費", "tw.2412"),
    ("台塑四寶", "tw.1301"),
    ("長榮海運運價", "tw.2603"),
    ("長榮航空載客", "tw.2618"),
    ("華航貨運", "tw.2610"),
    ("富邦金獲利", "tw.2881"),
    ("國泰金配息", "tw.2882"),
    ("兆豐金股利", "tw.2886"),
    ("玉山金與元大金", "tw.2884"),
    ("玉山金與元大金", "tw.2885"),
    ("三星电子股价上涨", "kr.005930"),
    ("三星股价上涨", "kr.005930"),
    ("SK海力士HBM出货", "kr.000660"),
    ("软银集团出售股份", "jp.9984"),
    ("軟銀投資OpenAI", "jp.9984"),
    ("索尼游戏业务", "jp.6758"),
    ("丰田汽车销量", "jp.7203"),
    ("豐田汽車銷量", "jp.7203"),
    ("任天堂新主机", "jp.7974"),
    ("东京电子设备订单", "jp.8035"),
    ("爱德万测试机台", "jp.6857"),
    ("野村证券认为", "jp.8604"),
    ("野村下调预测", "jp.8604"),
    ("阿斯麦光刻机", "nl.ASML"),
    ("艾司摩爾財報", "nl.ASML"),
    ("西门子数字工业", "de.SIE"),
    ("大众汽车裁员", "de.VOW3"),
    ("奔驰销量下滑", "de.MBG"),
    ("宝马在华销量", "de.BMW"),
    ("雀巢提价", "ch.NESN"),
    ("诺和诺德减肥药", "dk.NOVO-B"),
    ("路威酩轩营收", "fr.MC"),
    ("爱立信裁员", "se.ERIC-B"),
    ("诺基亚5G订单", "fi.NOKIA"),
    ("阿斯利康在华投资", "gb.AZN"),
    ("汇丰控股业绩", "hk.0005"),
    ("巴克莱银行认为", "gb.BARC"),
    ("瑞银集团收购", "ch.UBSG"),
    ("渣打银行研报", "gb.STAN"),
    ("桥水基金持仓", "org.bridgewater"),
    ("欧洲央行维持利率", "org.ecb"),
    ("巴菲特致股东信", "person.warren_buffett"),
    ("祖克柏宣布裁員", "person.mark_zuckerberg"),
    ("拉加德表示", "person.christine_lagarde"),
    ("費半指數收高", "index.sox"),
    ("何小鹏表示", "person.he_xiaopeng"),
    ("汤森路透季度营收", "ca.TRI"),
    ("纽约梅隆银行托管资产", "us.BK"),
]

# (sentence, entity it must NOT link): everyday words that contain a short company name.
NOT_LINKED = [
    ("酒店获评三星级", "kr.005930"),
    ("服务社会大众", "de.VOW3"),
    ("日产量达到十万吨", "jp.7201"),
    ("技术达到世界先进水平", "tw.5347"),
    ("两岸统一议题", "tw.1216"),
    ("取得巨大进展", "tw.9921"),
    ("前往大同旅游", "tw.2371"),
    ("南亚地区经济", "tw.1303"),
    ("发挥创意", "tw.3443"),
    ("这项技术可成为突破口", "tw.2474"),
    ("中钢协数据显示", "tw.2002"),
    ("中华电力公司", "tw.2412"),
    ("酒店獲評三星級", "kr.005930"),
    ("技術達到世界先進水準", "tw.5347"),
    ("兩岸統一議題", "tw.1216"),
    ("獲得巨大進展", "tw.9921"),
    ("陽明山國家公園", "tw.2609"),
    ("辉达RTX 50系列显卡", "us.RTX"),
    ("何小鹏表示", "hk.9868"),
    ("采用杜邦分析法", "us.DD"),
    ("高通胀压力", "us.QCOM"),
    ("努力成为龙头", "tw.6239"),
    ("劳动力成本上升", "tw.6239"),
    ("大力拓展市场", "gb.RIO"),
    ("加强生态建设", "us.JNJ"),
    ("海南航空航班", "cn.600029"),
    ("平台化发展", "tw.1326"),
    ("美联储主席杰罗姆·鲍威尔", "jp.6963"),
    ("中通用设备", "hk.2057"),
    ("两国巨大的潜能", "tw.2327"),
    ("一汽-大众达成合作", "tw.4977"),
    ("乌干达发电能力", "tw.6526"),
    ("向普京传达信息", "us.MMC"),
    ("豪华住宅销售", "hk.1179"),
    ("雄安联合争取", "de.ALV"),
    ("5月9日立案调查", "jp.6501"),
    ("康宁医院股价", "us.GLW"),
    ("刘某财富达95亿元", "org.fidelity"),
    ("股东证券账户", "org.tse_jp"),
    ("中国钢铁企业", "tw.2002"),
    ("自动数据处理设备出口", "us.ADP"),
    ("甲骨文研究", "us.ORCL"),
    ("重建美好未来法案", "us.TAL"),
    ("摩根士丹利华鑫基金回应", "us.MS"),
    ("国投瑞银双债债券", "ch.UBSG"),
    ("225万豪车配山寨版音响", "us.MAR"),
    ("〈長榮鋼法說〉鋼構市場", "tw.2603"),
]


def _ids(linker: LinkStage, normalizer: TextNormalizer, text: str) -> set[str]:
    return {m.entity_id for m in linker.mentions(normalizer(text), "zh")}


@pytest.mark.parametrize(("text", "entity_id"), LINKS)
def test_named_example_links(linker: LinkStage, normalizer: TextNormalizer, text: str, entity_id: str) -> None:
    assert entity_id in _ids(linker, normalizer, text)


@pytest.mark.parametrize(("text", "entity_id"), NOT_LINKED)
def test_everyday_word_does_not_link(linker: LinkStage, normalizer: TextNormalizer, text: str,
                                     entity_id: str) -> None:
    assert entity_id not in _ids(linker, normalizer, text)


@pytest.mark.parametrize("ticker", ["7203.T", "285A.T", "005930.KS", "247540.KQ", "6488.TWO", "AZN.L", "BT-A.L",
                                    "SIE.DE", "VOW3.DE", "MC.PA", "ASML.AS", "NESN.SW", "NOVO-B.CO", "ERIC-B.ST",
                                    "NOKIA.HE", "RACE.MI", "ITX.MC", "ABI.BR", "EQNR.OL", "BHP.AX", "D05.SI",
                                    "RELIANCE.NS", "SHOP.TO"])
def test_foreign_ticker_formats_accepted(ticker: str) -> None:
    assert ticker_problem(ticker) is None


@pytest.mark.parametrize("ticker", ["7203.TT", "72030.T", "5930.KS", "0059300.KQ", "azn.L", "SIE..DE", "MC.PAR",
                                    "NOVO-BB.CO", "6488.TWX"])
def test_malformed_foreign_tickers_rejected(ticker: str) -> None:
    assert ticker_problem(ticker) is not None


def _raw_entries() -> list[tuple[Path, dict]]:
    return [(path, entry) for path in CURATED_FILES
            for entry in yaml_entries(path)]


def test_one_entity_per_listing() -> None:
    """A ticker (live or former) belongs to one curated entity: A, H, ADR and Taiwan listings join."""
    owner: dict[str, str] = {}
    for _path, entry in _raw_entries():
        for ticker in [entry.get("ticker"), *entry.get("tickers", []), *entry.get("former_tickers", [])]:
            if ticker:
                assert owner.setdefault(ticker, entry["id"]) == entry["id"], f"{ticker}: {owner[ticker]}, {entry['id']}"


def test_dual_listed_companies_are_one_entity(glossary: CompiledGlossary) -> None:
    """The US line of an HK-listed company is a ticker of the HK entity, never an entity of its own."""
    for hk_id, us_symbol in (("hk.9988", "BABA"), ("hk.9618", "JD"), ("hk.9888", "BIDU"), ("tw.2330", "TSM")):
        assert us_symbol in glossary.entries[hk_id].tickers
        assert f"us.{us_symbol}" not in glossary.entries


def test_script_specific_names() -> None:
    """超微 is AMD in Taiwan and Super Micro on the mainland; 默克 is Merck & Co. in Taiwan, Merck KGaA on the
    mainland: each is given to the linker for one script only, never as a plain alias."""
    entries = {entry["id"]: entry for _path, entry in _raw_entries()}
    for entry_id, key, name in (("us.AMD", "zh_hant", "超微"), ("us.SMCI", "zh_hans", "超微"),
                                ("us.MRK", "zh_hant", "默克"), ("de.MRK", "zh_hans", "默克")):
        aliases = entries[entry_id]["aliases"]
        assert name in aliases[key]
        assert name not in aliases.get("zh", [])


def test_taiwan_codes_match_official_list() -> None:
    """Every curated tw.<code> is a MOPS-listed company, on the market its suffix names (.TW TWSE, .TWO TPEx)."""
    with shared_path(MOPS).open(encoding="utf-8-sig") as fh:
        market = {row["公司代號"]: row["market"] for row in csv.DictReader(fh)}
    checked = 0
    for _path, entry in _raw_entries():
        if entry["id"].startswith("tw."):
            code, _, suffix = entry["ticker"].partition(".")
            assert entry["id"] == f"tw.{code}"
            assert market.get(code) == {"TW": "TWSE", "TWO": "TPEx"}[suffix], entry["id"]
            checked += 1
    assert checked >= 150


def test_us_large_caps_in_sina_list() -> None:
    """S&P 500 / Nasdaq-100 symbols curated here are real US listings (Sina's 2025-02 list of US stocks)."""
    with shared_path(SINA_US).open(encoding="utf-8-sig") as fh:
        listed = {row["code"].removesuffix(".US") for row in csv.DictReader(fh)}
    for name in ("us_tech.yaml", "us_large.yaml"):
        for entry in yaml_entries(COMPANIES / name):
            symbol = entry["ticker"]
            assert symbol in listed or symbol in NOT_IN_SINA_2025_02, entry["id"]


def test_english_words_are_not_company_names(linker: LinkStage) -> None:
    """Canonical English that is also a common word would link every English 'strategy' or 'total': such
    companies carry a longer canonical form (Strategy Inc, Target Corp, Shell plc)."""
    text = ("The total return beat the price target; the strategy of a shell company in the vanguard gave "
            "a giant parade of gigabyte drives and a landmark, prudential, progressive workday.")
    assert {m.entity_id for m in linker.mentions(text, "en")} == set()


def test_english_canonical_names_link(linker: LinkStage) -> None:
    text = "JPMorgan Chase, Strategy Inc and Shell plc rose while Hon Hai and TSMC fell."
    assert {m.entity_id for m in linker.mentions(text, "en")} == {"us.JPM", "us.MSTR", "gb.SHEL", "tw.2317",
                                                                   "tw.2330"}


def test_cnyes_headlines_link_companies(linker: LinkStage, normalizer: TextNormalizer) -> None:
    """Taiwan headlines name Taiwan, US and global companies; the curated files must keep linking them."""
    with shared_path(CNYES_JAN).open(encoding="utf-8-sig") as fh:
        headlines = [row["標題"] for row in csv.DictReader(fh)]
    found = [[m for m in linker.mentions(normalizer(h), "zh") if m.type == "company"] for h in headlines]
    share = sum(bool(f) for f in found) / len(headlines)
    taiwan = sum(1 for f in found for m in f if m.entity_id.startswith("tw."))
    print(f"cnyes 2025-01: {share:.1%} of {len(headlines)} headlines link a company; {taiwan} Taiwan-listed mentions")
    assert share >= MIN_HEADLINES_WITH_COMPANY and taiwan >= MIN_TAIWAN_MENTIONS


# Taiwan usage (issue 7, second round): sentences written for these tests, in Traditional script as Taiwan news
# writes them. An uncommon exchange short name links alone; a financial holding by its brand, in Traditional
# text only; an ETF by its code or name; US names as Taiwan writes them.
TAIWAN_LINKS = [
    ("致伸去年營收創新高", "tw.4915"),
    ("王品擘劃新品牌", "tw.2727"),
    ("國巨可望受惠", "tw.2327"),
    ("晶睿下市前最後交易日", "tw.3454"),
    ("合庫、彰銀淡季不淡", "tw.5880"),
    ("國泰、富邦上半年獲利", "tw.2882"),
    ("00878配息再創新高", "fund.tw00878"),
    ("00933B連7月配息", "fund.tw00933B"),
    ("元大台灣50成交爆量", "fund.tw0050"),
    ("高通財報優於預期", "us.QCOM"),
    ("哈雷機車受關稅衝擊", "us.HOG"),
    ("奇異醫療下修財測", "us.GEHC"),
    ("霸王茶姬美股掛牌", "us.CHA"),
    ("长安今日股价回跌", "cn.000625"),
    ("大宇造船获得新订单", "kr.042660"),
]
TAIWAN_NOT_LINKED = [
    ("全台房市交易降溫", "tw.3038"),  # "all of Taiwan"
    ("綠電交易持續成長", "tw.8440"),  # "green power"
    ("陸工信部推智慧聯網", "tw.5521"),  # the mainland's MIIT
    ("美國高通膨壓力未減", "us.QCOM"),  # "high inflation"
    ("國泰航空載客量增", "tw.2882"),  # Cathay Pacific
    ("中信证券看好A股", "tw.2891"),  # CITIC Securities; 中信 is CTBC only in Traditional text
    ("中信集团发布公告", "tw.2891"),  # Simplified text: CITIC
    ("三星级认证", "jp.7211"),
    ("全家人一起出遊", "tw.5903"),  # "the whole family"
    ("104%！貿易戰再升級", "tw.3130"),  # a number, not the job bank 104
    ("獲利上揚15%", "tw.6222"),  # "rose"; 上揚 was 6222's short name until 2024
]


def _script_ids(linker: LinkStage, normalizer: TextNormalizer, text: str) -> set[str]:
    """Linked ids, with the script the sentence is written in (zh_hant names link only in Traditional text)."""
    return {m.entity_id for m in linker.mentions(normalizer(text), "zh", normalizer.script(text))}


@pytest.mark.parametrize(("text", "entity_id"), TAIWAN_LINKS)
def test_taiwan_usage_links(linker: LinkStage, normalizer: TextNormalizer, text: str, entity_id: str) -> None:
    assert entity_id in _script_ids(linker, normalizer, text)


@pytest.mark.parametrize(("text", "entity_id"), TAIWAN_NOT_LINKED)
def test_taiwan_everyday_words_do_not_link(linker: LinkStage, normalizer: TextNormalizer, text: str,
                                           entity_id: str) -> None:
    assert entity_id not in _script_ids(linker, normalizer, text)


@pytest.mark.parametrize("ticker", ["0050.TW", "006208.TW", "00980A.TW", "00631L.TW", "00933B.TWO"])
def test_taiwan_etf_tickers_accepted(ticker: str) -> None:
    assert ticker_problem(ticker) is None


@pytest.mark.parametrize("ticker", ["00933BB.TWO", "0050.TWN", "00933b.TW"])
def test_malformed_taiwan_etf_tickers_rejected(ticker: str) -> None:
    assert ticker_problem(ticker) is not None


def test_taiwan_etfs_agree_with_twstock() -> None:
    """Every Taiwan ETF in funds.yaml has twstock's code, Chinese short name and market, and its code as a name."""
    import importlib.util

    if importlib.util.find_spec("twstock") is None:
        pytest.skip("twstock not installed (a build-time dependency: pip install -e '.[dev]')")
    from importlib import resources

    normalizer = TextNormalizer()
    listed: dict[str, tuple[str, str]] = {}
    for name, suffix in (("twse_equities.csv", "TW"), ("tpex_equities.csv", "TWO")):
        with (resources.files("twstock") / "codes" / name).open(encoding="utf-8") as fh:
            listed |= {r["code"]: (normalizer(r["name"]), f"{r['code']}.{suffix}") for r in csv.DictReader(fh)
                       if r["type"] == "ETF"}
    funds = [e for _path, e in _raw_entries() if e["id"].startswith("fund.tw")]
    assert len(funds) >= 40
    for entry in funds:
        code = entry["ticker"].partition(".")[0]
        assert (entry["zh"], entry["ticker"]) == listed[code], entry["id"]
        assert code in entry["aliases"]["zh"]
