"""Frequent hanzi and punctuation, used to score candidate decodings.

GBK bytes often decode "validly" as BIG5 and vice versa, but the wrong decoding
yields mostly rare characters, kana or symbols. The share of frequent
characters tells the right decoding apart even on one short sentence.
"""

from __future__ import annotations

import contextlib

# Roughly the most frequent simplified characters of modern written Chinese,
# plus the vocabulary of government plans and statistical bulletins.
_SIMPLIFIED = (
    "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年"
    "过发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心"
    "她本前开但因只从想实日军者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间"
    "由问很最重并物手应战向头文体政美相见被利什二等产或新己制身果加西斯月话合回特代内信表化老给"
    "世位次度门任常先海通教儿原东声提立及比员解水名真论处走义各入几口认条平系气题活尔更别打女变"
    "四神总何电数安少报才结反受目太量再感建务做接必场件计管期市直德资命山金指克许统区保至队形社"
    "便空决治展马科司五基眼书非则听白却界达光放强即像难且权思王象完设式色路记南品住告类求据程北"
    "边死张该交规万取拉格望觉术领共确传师观清今切院让识候带导争运笑飞风步改收根干造言联持组每济"
    "车亲极林服快办议往元英士证近失转夫令准布始怎呢存未远叫台单影具罗字爱击流备兵连调深商算质团"
    "集百需价花党华城石级整府离况亚请技际约示复病息究线似官火断精满支视消越器容照须九增研写称企"
    "八功吗包片史委乎查轻易早曾除农找装广显吧阿李标谈吃图念六引历首医局突专费号尽另周较注语仅考"
    "落青随选列武红响虽推势参希古众构房半节土投某案黑维革划敢省县镇乡村街道率亿比例左右坚持面施"
    "快升创新项目程居民收均环境态护体健完善机制点任务纲要告预期约束指标公里千米吨亩方以上下低控"
    "累降提高稳定优化巩固拓续服障就育卫康养旅游交通能源碳排放森林覆盖空优良污染绿色数智造研经费"
    "利专企营开放进口贸易外资财政预算支税零售额固城镇户籍粮食耕地用水保险医疗住房租赁货物运输港"
    "站铁航综合治理安全应急防灾减灾乡振兴现代化高质量协调共享改善提供推动促进加强深入扎实全力打"
    "造重大战略规划实施推行落实完成达成超过增幅同比环比百分点万元亿元人次平方户元件台套座家所条"
)

# Traditional forms of frequent characters whose simplified form differs.
_TRADITIONAL = (
    "這個們來說為時會國對從動現兩長樣將還發經過後進與實點兒問頭機電場開關門學當歲無義聽見車書記話"
    "讓認論請誰調讀議變產業區濟總達標費價環測報資設務導術際員幣億萬層礎歷農鄉鎮縣級於陽華東處應邊"
    "給氣裡種體軍爾數條統質決隊領確傳師觀識廣運組轉須難權並規劃綱實選歡極結構獲勞戰爭壓響語紅嚴聯"
    "題麼據屆議幕蘇閉黨預勢積準備辦項補創險醫療衛態護網絡訊號強財稅貿購銷額單營園銀貸噸畝畫築舊職"
    "錢節羅愛擊備連團計稱內區劃續優鞏擴穩碳排綠營專養遊礦鐵橋島灣熱燈廳圖館據臺灣幾麗們歷陸灣傳"
    "興協調享參與衝號處參復雜護經濟發展總額預計預測戶籍糧食糧買賣價貨運輸港龍風飛馬鳥魚門問間聞"
)

_PUNCTUATION = "，。、；：？！“”‘’（）《》〈〉【】「」『』—…·％　０１２３４５６７８９"

COMMON: frozenset[str] = frozenset(_SIMPLIFIED + _TRADITIONAL + _PUNCTUATION)


def _table(codec: str, first: int, last: int, trails: tuple[range, ...]) -> frozenset[str]:
    chars = set()
    for lead in range(first >> 8, (last >> 8) + 1):
        for trail in (t for r in trails for t in r):
            if not first <= (lead << 8 | trail) <= last:
                continue
            with contextlib.suppress(UnicodeDecodeError):  # unassigned code point
                chars.add(bytes((lead, trail)).decode(codec))
    return frozenset(chars)


# The "level 1" (frequent) hanzi block of each national standard: GB 2312
# B0A1-D7F9 (3755 characters) and Big5 A440-C67E (5401 characters). Real text
# stays almost entirely inside its own codec's block; a wrong decoding mostly
# lands outside it (symbols, kana, extension or private-use characters).
GB_LEVEL1: frozenset[str] = _table("gb2312", 0xB0A1, 0xD7F9, (range(0xA1, 0xFF),))
BIG5_LEVEL1: frozenset[str] = _table("big5", 0xA440, 0xC67E, (range(0x40, 0x7F), range(0xA1, 0xFF)))
