"""Is this a person's name? Cleaning what bylines, meta tags and JSON-LD call the author.

Pages fill author fields with more than names: ``By X | March 5``, ``作者：X 来源：Y``, a
profile URL, the site's name, ``www.yunnan.cn,云南日报报业集团``, a user id. A byline that
says only which organisation published the page is no author, so it is dropped.

A Chinese name found without a label (``（常书香 马丹阳）`` at the end of a story) is taken
only when it starts with a common family name: that is what tells a name from any other
two or three characters in parentheses.
"""

from __future__ import annotations

import re

from newsmirror.text.datetext import find_dates

HAN = "\u4e00-\u9fff"
_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖萧田董袁潘于蒋蔡余杜叶"
    "程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱丘江尹薛闫阎段雷侯龙史陶"
    "黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申"
    "欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙"
    "鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米"
    "柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封"
    "谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼满闻位厉伊仝区郜阚花权强帅屠豆朴盖"
    "练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊乌母裘亓"
    "修邰赫杭况那宿鲜印逯隆茹诸战慕危银亢嵇公湛宾戎勾茅利於居揭干但尉冶斯元束檀衣信展阴昝"
    "智幸奉植衡富尧闭由呂張劉陳楊黃趙吳孫馬鄭謝許韓馮鄧蔣葉蘇魏盧鍾譚陸範賈韋鄒龔錢嚴戴顏聶")
_COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容",
                      "令狐", "长孙", "宇文", "司徒", "夏侯", "端木", "歐陽", "司馬")
# What names of organisations end with: 新华网, 新闻晨报, 汉斯出版社, 云南日报报业集团 …
_ORGANISATION_ENDINGS = (
    "报", "報", "网", "網", "社", "台", "刊", "站", "部", "局", "会", "會", "院", "所", "厅",
    "处", "委", "办", "司", "校", "馆", "团", "中心", "频道", "新闻", "杂志", "政府", "在线",
    "论坛", "博客", "平台", "工作室", "网络", "传媒", "媒体", "文章", "作者", "转载", "编辑部",
    "大学", "中学", "小学", "学校", "医院", "银行", "公司", "集团",
)
_ORGANISATION_WORDS = re.compile(
    r"(?<![a-z])(?:publishers?|press|media|news|group|inc|ltd|llc|corp(?:oration)?|team|staff"
    r"|agency|network|magazine|company|editors|editorial|newsroom|wire|online)(?![a-z])", re.I)
# Words that start with a family name's character but name no one: site sections and
# buttons (关闭, 房产, 时政 …) met where bylines are looked for.
_NOT_NAMES = frozenset({
    "关闭", "关于", "房产", "房价", "文娱", "文化", "文学", "文章", "时政", "时尚", "时间", "军事",
    "国际", "国内", "国家", "游戏", "江湖", "申请", "查看", "查实", "明星", "金融", "高清", "高考",
    "安全", "常见", "平安", "海外", "黄金", "万元", "全国", "全部", "更多", "首页", "和平", "向上",
    "司法", "官方", "官博", "公告", "公益", "宁波", "景点", "车型", "应用", "周末", "方法", "方案",
    "文摘", "书摘", "原文", "原标题", "来自", "于是", "都市", "华人", "商业", "管理", "解读",
    "admin", "administrator", "anonymous", "unknown", "guest", "editor", "user", "username",
    "follow", "follow author", "more", "share", "by", "author", "authors", "none", "null",
    "佚名", "匿名", "未知", "网友", "原创", "本站", "综合", "转载", "编辑", "记者", "作者",
    "本报", "组图", "图片", "视频", "资料图", "资料", "全文", "待续", "未完", "完", "摄影",
    "供图", "通讯员", "实习生", "评论", "推荐", "相关", "图文", "专稿", "来源", "声明",
})
_MARKER = re.compile(
    r"^\s*(?:(?:(?:written|posted|reported|story|words)\s+)?by|par|von|por|door|di)\s*[:：]?\s+"
    r"|^\s*(?:作\s*者|撰文|撰稿|执笔人?|文|本报记者|特约记者|记者|来源)"
    r"\s*(?:[:：/／]|\s)\s*",
    re.I)
# An author's label later in a byline (来源：人民网 作者：孙八): the author follows it.
_LATER_AUTHOR = re.compile(r"(?<=\s)(?:作\s*者|撰文|撰稿|本报记者|特约记者|记者)\s*[:：]\s*")
# Credits that name no author: the editor (责任编辑：X, （编辑：X）) and the photographer
# (X 摄, X/摄, 摄影：X, 图/X, X/图).
_NAME = rf"[{HAN}A-Za-z·.\s]{{1,20}}?"
_CREDITS = re.compile(
    rf"[（(\[【]?\s*(?:责任编辑|责编|编辑|校对|审核|审校|监制)\s*[:：/／]?\s*{_NAME}"
    rf"\s*(?=$|[）)\]】|,，;；]|\s(?:作|记|文|来|摄|图))[）)\]】]?"
    rf"|(?:摄影|摄|图片|图)\s*[:：/／]\s*{_NAME}(?=$|[|,，;；\s])"
    rf"|{_NAME}\s*(?:[/／]\s*(?:摄影|摄|供图|图)|摄影?|供图)(?=$|[|,，;；\s)）])")
_TAIL = re.compile(
    r"\s*(?:[|｜•·▪■]|\s-\s|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\b(?:last\s+)?updated\b|\bedited\s+by\b|\bpublished\b|\bposted\b|\bon\s+\w+day\b|"
    r"发布|发表|时间|日期|来源|出处|出自|阅读|评论|字号|编辑[:：]|责任编辑|摄影?\b|报道).*$", re.I)
_LINK = re.compile(r"\(?\s*(?:https?://|www\.)[^\s)]*\s*\)?", re.I)
_URLISH = re.compile(r"https?:|www\.|@|\.(?:com|cn|net|org|html?)\b|[<>=\"{}]", re.I)
_SPLIT = re.compile(r"\s*[,;，；、]\s*|\s+(?:and|&|und|et|y)\s+")
_PADDED_NAME = re.compile(rf"(?<![{HAN}])([{HAN}])[ \u3000]+([{HAN}])(?![{HAN}])")
_MAX_LENGTH = 80
_STRIP = " ,;:：，；/|-–—[]【】"
_LINES = re.compile(r"[\r\n]+")
_MAX_WORDS = 8


def clean_author(text: str) -> str:
    """``text`` as a person's name or names, or ``""`` when it is not one. A line break
    ends the byline (``By X<br>WebMD Health News``). Cleaning a cleaned name changes
    nothing: the steps are repeated until they do (``A:)`` → ``A:`` → ``""``)."""
    cleaned = _clean_once(text)
    for _ in range(4):
        again = _clean_once(cleaned)
        if again == cleaned:
            break
        cleaned = again
    return cleaned


def _clean_once(text: str) -> str:
    text = " | ".join(" ".join(line.split()) for line in _LINES.split(_LINK.sub(" ", text)))
    if later := _LATER_AUTHOR.search(text):
        text = text[later.end():]
    text = _CREDITS.sub(" ", text)
    text = _MARKER.sub("", " ".join(text.split()), count=1).lstrip(_STRIP)
    dates = find_dates(text)
    if dates:
        text = text[:dates[0].start]
    text = _TAIL.sub("", text)
    parts = [_unwrap(p.strip(_STRIP)) for p in _SPLIT.split(text)]
    parts = [p for p in parts if p]
    kept = [p for p in parts if _plausible(p)]
    if not kept:
        return ""
    joined = _unwrap(text.strip(_STRIP)) if len(kept) == len(parts) else ", ".join(kept)
    if len(joined) > _MAX_LENGTH or len(joined.split()) > _MAX_WORDS * 2:
        return ""  # a sentence, not a list of names
    return _PADDED_NAME.sub(r"\1\2", joined)


def is_chinese_name(text: str) -> bool:
    """Two to four Han characters starting with a family name, naming no organisation."""
    if not re.fullmatch(f"[{HAN}]{{2,4}}", text) or text in _NOT_NAMES:
        return False
    if text.endswith(_ORGANISATION_ENDINGS):
        return False
    return text[0] in _SURNAMES or text.startswith(_COMPOUND_SURNAMES)


def _unwrap(text: str) -> str:
    """Drop brackets that enclose the whole text or are left unmatched at its ends."""
    text = text.strip()
    while text and text[0] in "(（" and (text[-1] in ")）" or not re.search("[)）]", text)):
        text = text[1:-1].strip() if text[-1] in ")）" else text[1:].strip()
    while text and text[-1] in ")）" and not re.search("[(（]", text):
        text = text[:-1].strip()
    return text


def _plausible(part: str) -> bool:
    part = part.strip()
    if len(part) < 2 and not re.fullmatch(f"[{HAN}]", part):
        return False
    if len(part) > _MAX_LENGTH or len(part.split()) > _MAX_WORDS or _URLISH.search(part):
        return False
    if any(ch.isdigit() for ch in part) or not any(ch.isalpha() for ch in part):
        return False
    if part.casefold() in _NOT_NAMES or _ORGANISATION_WORDS.search(part):
        return False
    han = re.sub(f"[^{HAN}]", "", part)
    return not (han and len(han) >= 3 and han.endswith(_ORGANISATION_ENDINGS))
