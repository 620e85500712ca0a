"""Indonesian news boilerplate: bylines, credits, "Baca juga", share widgets, tags, comment forms."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

BYLINE = re.compile(
    r"^\s*(?P<label>Oleh|Penulis|Reporter|Pewarta|Wartawan|Kontributor|Editor|Redaktur|Penyunting|Foto)"
    r"\s*[:：\-–]?\s*(?P<name>[^\n]{1,80})$",
    re.I,
)
AUTHOR_LABELS = {"oleh", "penulis", "reporter", "pewarta", "wartawan", "kontributor", "laporan"}
# Tribun's opening line: "Laporan Wartawan Tribunnews.com, Fahdi Fahlevi".
REPORT_LINE = re.compile(
    r"^\s*(?P<label>Laporan)\s+(?:Wartawan|Reporter|Koresponden|Kontributor)\b[^,\n]{0,50},\s*"
    r"(?P<name>[^,\n]{2,60})$",
    re.I,
)
DROP_LINE = re.compile(
    r"^\s*(?:baca\s+juga|lihat\s+juga|simak\s+juga|baca\s+selengkapnya|bagikan|share\s+this|share|"
    r"tags?|topik|kata\s+kunci|dibaca|ikuti\s+kami|follow\s+us|sumber\s+foto|copyright|disclaimer|"
    r"load\s+more|muat\s+lebih)\b|^\s*©|^\s*baca\s*:",  # "© 2007 - 2015 okezone.com": no \b after ©
    re.I,
)
# Promotions of the outlet's apps, channels and videos, and ad labels: dropped when they are short lines.
PROMO_LINE = re.compile(
    r"^\s*(?:(?:advertisement|iklan)\s*$|scroll\s+to\s+continue|"
    r"simak\s+(?:juga\s+)?video|saksikan\s+(?:juga\s+)?video|"
    r"dapatkan\s+(?:update|informasi|berita)|ikuti\s+(?:berita|update|terus|juga|saluran)|"
    r"artikel\s+ini\s+(?:telah\s+)?tayang|klik\s+(?:di\s+)?sini|(?:download|unduh)\s+aplikasi|"
    r"halaman\s+selanjutnya|lanjutkan\s+membaca)\b",
    re.I,
)
PROMO_MAX_CHARS = 200
# A line of page links only: "Halaman: 1 2 3 Selanjutnya", "Page 1 of 2", "Tampilkan Semua".
PAGE_NAV_LINE = re.compile(
    r"^[\W\d_]*(?:(?:halaman|laman|page|of|dari|selanjutnya|sebelumnya|berikutnya|next|prev|previous|"
    r"tampilkan|semua|show|all|lihat)\b[\W\d_]*)+$",
    re.I,
)
PAGE_NAV_MAX_CHARS = 80
# Another article's headline in parentheses within a paragraph: "… Kamis (11/2/2016). (Baca juga: …)".
INLINE_RELATED = re.compile(r"\s*\(\s*(?:baca|lihat|simak)(?:\s+(?:juga|pula))?\s*:[^()]{1,200}\)", re.I)
# A caption left in the text: a line ending with its photo's credit, "… Sumoharjo. (Foto: Kabar/Andi)".
CAPTION_LINE = re.compile(
    r"\((?:foto|photo|dok\.?|dokumentasi|ilustrasi|sumber\s+foto)\b[^()]{0,80}\)\s*$", re.I
)
CAPTION_MAX_CHARS = 300
# The label of an embed the page plays by script: "Video:", "Foto Pilihan", nothing to read under it.
EMBED_LABEL = re.compile(r"^\s*(?:video|foto|galeri|infografis)(?:\s+(?:pilihan|terkait))?\s*:?\s*$", re.I)
# Calls to follow the outlet's Telegram, WhatsApp channel or Google News: often longer, with a link.
CHANNEL_PROMO = re.compile(
    r"^\s*(?:dapatkan|simak|ikuti|gabung|bergabung|follow|pilih|klik|yuk|jangan\s+lewatkan)\b"
    r".*(?:t\.me/|whatsapp\.com/channel|(?:grup|saluran|channel)\s+(?:telegram|whatsapp)|"
    r"(?:telegram|whatsapp)\s+(?:channel|grup|group)|google\s+news)",
    re.I,
)
CHANNEL_PROMO_MAX_CHARS = 500
# "Video: https://…", "(Foto: http://…)", "KONTAK: info@…": a label and a link, nothing to read.
LINK_LINE = re.compile(r"^\(?[\w .]{1,30}:\s*(?:https?://\S+|\S+@\S+\.\w+)\)?$", re.I)
# A placeholder of an embed the page fills by script: "[Gambas:Video 20detik]", "[embed]".
PLACEHOLDER_LINE = re.compile(r"^\[[^\[\]]{1,60}\]$")
# The signature line under an embedded tweet: "— The GRAMMYs (@TheGRAMMYs) February 16, 2016".
TWEET_SIGNATURE = re.compile(r"^[—–-]\s*.{1,60}\(@\w{1,30}\)\s+\w+\s+\d{1,2},?\s+\d{4}$")
# Everything after one of these is page furniture, not the article.
STOP_LINE = re.compile(
    r"^\s*(?:mungkin\s+anda\s+menyukai|tinggalkan\s+balasan|berita\s+terkait|artikel\s+terkait|"
    r"baca\s+berita\s+lainnya|komentar|related\s+posts|leave\s+a\s+reply|berita\s+lainnya|terpopuler)\b",
    re.I,
)
SHARE_WORDS = re.compile(
    r"^(?:facebook|twitter|whatsapp|telegram|line|email|x|linkedin|pinterest|copy link)$", re.I
)
# "MC Kalsel/Jml", "(ant)", "(ROS)", "[did]", "(MC Kalsel/Jml)", "Sumber: MC Kalsel" alone at the end.
CREDIT_LINE = re.compile(
    r"^\s*(?:\(?[A-Za-z][\w .\-]{0,30}(?:/[\w .\-]{1,20}){1,3}\)?|\([A-Za-z]{2,6}\)|\[[A-Za-z]{2,6}\]|"
    r"[a-z]{2,6}|"
    r"(?:Sumber|Source)\s*:\s*[^\n]{1,60})\s*\.?\s*$"
)
SHORT_ITEM_WORDS = 6  # list items this short are links or widgets; longer ones may be article bullets
CREDIT_TAIL = re.compile(
    r"\s*(?P<credit>\((?:[A-Za-z][\w .\-]{0,30}(?:/[\w .\-]{1,20}){1,3}|[a-z]{2,6})\)|\[[a-z]{2,6}\])\s*$"
)  # "(ant)", "(MC Kalsel/Jml)", "(kpl/pur/tch)", "[did]"
# "(ROS)" glued to the last sentence; only after its full stop, since "… Nasional (BNN)" names a body.
CAPS_CREDIT_TAIL = re.compile(r"(?<=[.!?\"”])\s*(?P<credit>\([A-Z]{2,6}\))\s*$")
NAME_LINE = re.compile(r"^(?:[A-Z][\w.'’-]*)(?:\s+[A-Z][\w.'’-]*){0,3}$")  # "DINI TEJA" alone at the end


# No article is longer: a bigger body is a page dump or a runaway template, and one such text
# (5.1 M characters was seen) would stall every later stage. Longer texts are cut at a paragraph end.
MAX_TEXT_CHARS = 100_000


def cap_text(text: str, limit: int = MAX_TEXT_CHARS) -> str:
    """The text cut to at most `limit` characters, at the last paragraph (else word) break before it."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    cut = head.rfind("\n\n")
    if cut < limit // 2:
        cut = head.rfind(" ")
    return head[: cut if cut > 0 else limit].rstrip()


def cap_paragraphs(paragraphs: list[str], limit: int = MAX_TEXT_CHARS) -> list[str]:
    """Paragraphs whose joined text stays within `limit` characters."""
    return [p for p in cap_text("\n\n".join(paragraphs), limit).split("\n\n") if p]


@dataclass
class Cleaned:
    """Body paragraphs without boilerplate, plus what was pulled out of them."""

    paragraphs: list[str] = field(default_factory=list)
    author: str | None = None
    credit: str | None = None
    editor: str | None = None

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def lead(self) -> str:
        return self.paragraphs[0] if self.paragraphs else ""


def normalize_space(text: str) -> str:
    """Collapse runs of whitespace (incl. non-breaking spaces) into single spaces."""
    return re.sub(r"\s+", " ", text.replace("\xa0", " ")).strip()


def byline(line: str) -> tuple[str, str] | None:
    """(label, name) when the line is a byline like "Penulis : Rahmadi"."""
    match = BYLINE.match(line) or REPORT_LINE.match(line)
    if not match or len(line) > 100:
        return None
    label = match.group("label").lower()
    name = match.group("name").split("|")[0].strip(" :|-–")  # "Ardiana | Editor: Budi": one name per label
    if label == "kontributor":
        name = name.rsplit(", ", 1)[-1]  # "Kontributor Sampit, Yuliantino": the name after the place
    if label == "oleh" and ":" not in line and len(name.split()) > 5:
        return None  # a sentence that starts with "Oleh karena itu …"
    if label == "oleh" and name.lower().startswith(("karena", "sebab", "itu")):
        return None
    return label, name


def is_list_item(line: str) -> bool:
    """A line trafilatura wrote from an <li> ("- …")."""
    return line.startswith("- ")


def is_furniture(line: str) -> bool:
    """Share buttons, tag lists, "Baca juga" links, short link-list items, lines without a word."""
    if is_list_item(line) and len(line.split()) <= SHORT_ITEM_WORDS:
        return True  # a sidebar item ("- Kamis, 05/11/2015 09:25 WIB"), not a sentence
    if (
        DROP_LINE.search(line)
        or SHARE_WORDS.match(line)
        or LINK_LINE.match(line)
        or TWEET_SIGNATURE.match(line)
        or PLACEHOLDER_LINE.match(line)
        or (len(line) <= PROMO_MAX_CHARS and PROMO_LINE.match(line))
        or (len(line) <= CAPTION_MAX_CHARS and CAPTION_LINE.search(line))
        or EMBED_LABEL.match(line)
        or (len(line) <= PAGE_NAV_MAX_CHARS and PAGE_NAV_LINE.match(line))
        or (len(line) <= CHANNEL_PROMO_MAX_CHARS and CHANNEL_PROMO.match(line))
    ):
        return True
    return not re.search(r"[^\W\d_]", line)


def introduced_item(line: str, kept: list[str]) -> bool:
    """A list item of a list the text introduces ("Berikut tuntutan para buruh:"): content however short,
    unlike a sidebar's items. The list runs on while items follow one another."""
    if not is_list_item(line) or DROP_LINE.search(line):
        return False
    before = next((p for p in reversed(kept) if not is_list_item(p)), "")  # what the items hang from
    return before.endswith(":")


def take_credit(paragraphs: list[str]) -> str | None:
    """Remove a trailing credit ("MC Kalsel/Jml", "(ant)", "(ROS)", "[did]") and return it."""
    if not paragraphs:
        return None
    last = paragraphs[-1]
    if CREDIT_LINE.match(last) and len(paragraphs) > 1:
        return paragraphs.pop().strip()
    match = CREDIT_TAIL.search(last) or CAPS_CREDIT_TAIL.search(last)
    if match:
        paragraphs[-1] = last[: match.start()].rstrip()
        return match.group("credit").strip()
    return None


def clean(lines: list[str]) -> Cleaned:
    """Drop boilerplate lines, keeping the byline name as author and a trailing credit as credit."""
    result = Cleaned()
    for raw in lines:
        line = INLINE_RELATED.sub("", normalize_space(raw))
        if not line:
            continue
        if STOP_LINE.match(line) and result.paragraphs:
            break
        found = byline(line)
        if found:
            label, name = found
            if label in AUTHOR_LABELS and not result.author:
                result.author = name
            elif label in {"editor", "redaktur", "penyunting"}:
                result.editor = name
            continue
        if is_furniture(line) and not introduced_item(line, result.paragraphs):
            continue
        result.paragraphs.append(line)
    result.paragraphs = cap_paragraphs(result.paragraphs)
    for _ in range(2):  # a credit and a name alone on the last line, in either order
        result.credit = result.credit or take_credit(result.paragraphs)
        if len(result.paragraphs) > 1 and NAME_LINE.match(result.paragraphs[-1]):
            name = result.paragraphs.pop()
            result.author = result.author or name
    return result
