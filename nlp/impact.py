"""Impact extraction: people killed and injured, buildings or vehicles damaged, from Indonesian text."""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

import numpy as np
from spacy.attrs import IS_SPACE, LOWER
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from nlp.classifier.taxonomy import IMPACT_FIELDS, empty_impact

# fmt: off
UNITS = {
    "nol": 0, "satu": 1, "se": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7,
    "delapan": 8, "sembilan": 9, "sepuluh": 10, "sebelas": 11, "seratus": 100, "seribu": 1000,
}
SINGLE = {"seorang": 1, "sebuah": 1, "seunit": 1, "sepasang": 2}
# Vague quantities read as lower bounds: "belasan" is at least 11, "puluhan" at least 20.
VAGUE = {"beberapa": 2, "belasan": 11, "puluhan": 20, "ratusan": 200, "ribuan": 2000}
SCALES = {"belas": 10, "puluh": 10, "ratus": 100, "ribu": 1000}
NUMBER_WORDS = set(UNITS) - {"se"} | set(SINGLE) | set(VAGUE) | set(SCALES)

KILLED = ["tewas", "meninggal", "meninggal dunia", "terbunuh", "gugur", "wafat", "menewaskan",
          "korban jiwa", "dibunuh", "ditemukan tewas", "merenggut nyawa", "kehilangan nyawa",
          "tewasnya", "meninggalnya", "gugurnya", "terbunuhnya"]
INJURED = ["luka", "luka-luka", "terluka", "luka berat", "luka ringan", "cedera", "mencederai", "melukai",
           "kritis", "luka tembak", "luka bacok", "dianiaya"]
DAMAGED = ["dibakar", "terbakar", "rusak", "dirusak", "hangus", "hancur", "membakar", "merusak",
           "dihancurkan", "rusak berat", "rusak ringan", "ludes", "kerusakan", "pembakaran", "perusakan",
           "pengrusakan"]
# Keywords whose count follows them: "menewaskan dua warga"; nouns take only what follows them
# ("tewasnya dua warga", "pembakaran 3 rumah").
NOUNS = {"tewasnya", "meninggalnya", "gugurnya", "terbunuhnya", "pembakaran", "perusakan", "pengrusakan"}
ACTIVE = {"menewaskan", "melukai", "mencederai", "membakar", "merusak", "merenggut"} | NOUNS

# Who a count may be ("24 pekerja dan satu anggota TNI tewas"): an earlier item of a list must name one.
PERSONS = {"orang", "warga", "korban", "jiwa", "anggota", "personel", "polisi", "prajurit", "pelajar",
           "siswa", "mahasiswa", "pemuda", "petugas", "pekerja", "buruh", "karyawan", "penumpang", "anak",
           "pria", "wanita", "perempuan", "laki-laki", "pendemo", "demonstran", "aparat", "tentara",
           "pelaku", "tukang", "guru", "nakes", "tni", "polri", "brimob", "sipil", "penduduk", "santri",
           "suporter", "nelayan", "petani", "satpam", "remaja", "bocah", "balita", "ibu", "bapak", "kakek",
           "nenek", "sopir", "pengemudi", "penambang", "pendulang", "pengendara", "pendatang", "operator",
           "honorer", "kepala", "orang-orang", "wartawan", "jurnalis", "pewarta"}
# … and the words that may stand between a count and its keyword besides them.
PEOPLE = PERSONS | {
    "massa", "lainnya", "di", "antaranya", "ojek", "pengunjuk", "rasa", "kkb", "masyarakat", "desa", "dunia",
    "sedikitnya", "setidaknya", "sekitar", "kurang", "lebih", "juga", "yang", "akibat", "diduga",
    "dilaporkan", "mengalami", "menderita", "dalam", "peristiwa", "itu", "tersebut", "ini", "lagi",
    "mengakibatkan", "menyebabkan", "membuat", "sebanyak", "total", "tercatat", "berjumlah", "mencapai",
    "menjadi", "bertambah", "security", "kelompok", "kerusuhan", "insiden", "kejadian", "bentrokan",
    "bentrok", "tawuran", "serangan", "keamanan", "perusahaan", "pejalan", "kaki", "lokal", "proyek",
    "jalan", "terkena", "berusia", "tahun", "alami",
}
THINGS = {"rumah", "bangunan", "kantor", "gedung", "mobil", "motor", "sepeda", "kendaraan", "unit", "kios",
          "toko", "sekolah", "gereja", "masjid", "musala", "mushola", "pura", "vihara", "pos", "honai",
          "truk", "bus", "angkot", "fasilitas", "warung", "lapak", "rumah-rumah", "ruko", "balai", "pasar",
          "puskesmas", "polsek", "polres", "koramil", "ibadah", "bangsal", "gudang", "alat", "berat",
          "ekskavator", "kapal", "perahu", "speedboat", "pondok", "gubuk", "asrama", "tempat", "rumah dinas"}
# Words before a list's joiner that make it no list of people ("Dua kelompok bentrok, tiga orang luka").
NOT_LISTED = {"kelompok", "kerusuhan", "insiden", "kejadian", "bentrokan", "bentrok", "tawuran", "serangan",
              "peristiwa", "akibat", "dalam"}
ANIMALS = {"ekor", "sapi", "kambing", "babi", "ayam", "gajah", "ikan", "kerbau", "hektare", "ha", "hektar"}
UNIT_WORDS = {"jam", "hari", "pekan", "minggu", "bulan", "tahun", "menit", "detik", "km", "kilometer",
              "meter", "m", "persen", "%", "kali", "kg", "ton", "rupiah", "rp", "juta", "miliar", "triliun",
              "wib", "wita", "wit", "tahunan", "kilo", "liter", "lokasi", "titik", "kecamatan", "desa"}
BEFORE_NOT_COUNT = {"pada", "tahun", "sejak", "tanggal", "pukul", "usia", "berusia", "umur", "nomor", "no",
                    "pasal", "ke", "jalan", "jl", "rt", "rw", "km", "kilometer", "periode", "selama"}
STOP_WORDS = {"dan", "serta", "sedangkan", "sementara", "namun", "tetapi", "atau", "sedang"}
LIST_JOINERS = {"dan", "serta", ","}
# Words that may stand between a damage keyword and its count: "membakar sedikitnya 3 rumah".
DAMAGE_FILLERS = {"sebanyak", "sedikitnya", "setidaknya", "sekitar", "kurang", "lebih", "total", "juga",
                  "pula", "lagi", "hingga", "mencapai"}
# fmt: on
# A sentence about the past or a running tally ("Tahun 1998 lalu ... ratusan rumah dibakar", "dua bulan
# terakhir ini belasan orang tewas") does not give the figures of the event an article reports.
HISTORY = re.compile(
    r"\btahun\s+(?:19|20)\d\d\b|\b(?:19|20)\d\d\s+lalu\b|\btahun\s+lalu\b"
    r"|\b(?:pekan|minggu|bulan|tahun)\s+(?:terakhir|belakangan)\b|\bsepanjang\s+(?:tahun|(?:19|20)\d\d)\b"
)
WINDOW = 6
DAMAGE_WINDOW = 9  # "dua unit traktor tangan milik warga Waetana dibakar"
DIGITS = re.compile(r"^\d{1,3}(?:\.\d{3})+$|^\d+$")


def parse_count(words: list[str]) -> int | None:
    """The value of a run of number words or digits: "dua puluh lima" → 25, "1.200" → 1200."""
    if len(words) == 1:
        word = words[0]
        if DIGITS.match(word):
            return int(word.replace(".", ""))
        if word in SINGLE:
            return SINGLE[word]
        if word in VAGUE:
            return VAGUE[word]
    total, current = 0, 0
    for word in words:
        if DIGITS.match(word):
            current += int(word.replace(".", ""))
        elif word in UNITS:
            current += UNITS[word]
        elif word in SCALES:
            scale = SCALES[word]
            current = (current or 1) * scale if word != "belas" else (current or 1) + 10
            if scale == 1000:
                total, current = total + current, 0
        else:
            return None
    return total + current or None


@lru_cache(maxsize=4)
def _matchers(vocab_id: int, vocab: object) -> tuple[Matcher, PhraseMatcher]:
    """The number matcher and the impact-keyword matcher for one vocabulary.

    The keywords go to a PhraseMatcher on LOWER (a hash lookup per token, in C): a token Matcher scanning
    every token of every article cost more than tokenizing it. Pattern docs are built from words, never
    with a tokenizer (feeding strings through a shared tokenizer fills its cache).
    """
    numbers = Matcher(vocab)
    numbers.add("NUM", [[{"LOWER": {"IN": sorted(NUMBER_WORDS)}, "OP": "+"}], [{"LIKE_NUM": True}]])
    keywords = PhraseMatcher(vocab, attr="LOWER")
    for label, phrases in (("killed", KILLED), ("injured", INJURED), ("damaged", DAMAGED)):
        keywords.add(label, [Doc(vocab, words=phrase.split()) for phrase in phrases])
    return numbers, keywords


def _numbers(doc: Doc | Span, matcher: Matcher) -> dict[int, tuple[int, int]]:
    """Map the start token of each number span to (end token, value)."""
    offset = doc.start if isinstance(doc, Span) else 0
    spans = filter_spans([doc[start:end] for _, start, end in matcher(doc)])
    title_case = _title_case(doc)
    found: dict[int, tuple[int, int]] = {}
    for span in spans:
        start, end = span.start - offset, span.end - offset
        value = parse_count([token.lower_ for token in span])
        if value is None or _is_time(doc, start, end) or (not title_case and _in_name(doc, start)):
            continue
        found[start] = (end, value)
    return found


def _title_case(doc: Doc | Span) -> bool:
    """True for a headline-style sentence, where most words start with a capital."""
    words = [token.text for token in doc if token.is_alpha]
    return bool(words) and sum(word[0].isupper() for word in words) > 0.6 * len(words)


def _in_name(doc: Doc | Span, start: int) -> bool:
    """True when a capitalized number word continues a name: "Simpang Lima", "Kota Tujuh"."""
    word = doc[start].text
    previous = doc[start - 1].text if start > 0 else ""
    return word.isalpha() and word.istitle() and previous.isalpha() and previous[0].isupper()


def _is_time(doc: Doc | Span, start: int, end: int) -> bool:
    """True when the number is a date, year, clock time or measurement rather than a count."""
    before = doc[start - 1].lower_ if start > 0 else ""
    after = doc[end].lower_ if end < len(doc) else ""
    following = doc[end + 1].lower_ if end + 1 < len(doc) else ""
    subset = after == "diantaranya" or (after == "di" and following == "antaranya")
    return (
        before in BEFORE_NOT_COUNT
        or after in UNIT_WORDS
        or after in ANIMALS
        or subset
        or _is_year(doc, start, end)
    )


def _is_year(doc: Doc | Span, start: int, end: int) -> bool:
    """True for a bare year ("Olimpiade 2012 Meninggal"); "2000 orang" stays a count."""
    text = doc[start].text
    after = doc[end].lower_ if end < len(doc) else ""
    return end - start == 1 and text.isdigit() and 1900 <= int(text) <= 2099 and after not in PEOPLE | THINGS


def _fits(words: list[str], label: str) -> bool:
    """True when the words between a number and a keyword suit the keyword's field."""
    lowered = [word.lower() for word in words]
    if any(word in ANIMALS for word in lowered):
        return False
    if label == "damaged":
        return any(word in THINGS for word in lowered)
    if lowered and lowered[0] in THINGS:
        return False  # "dua rumah ..." counts buildings; "dua personel Polres ..." still counts people
    pairs = zip(words, lowered, strict=True)
    return all(low in PEOPLE or word[:1].isupper() or word.isdigit() for word, low in pairs)


def _listed(words: list[str], label: str) -> bool:
    """True when the words after an earlier number of a list name who it counts (people fields)."""
    lowered = {word.lower() for word in words}
    return label == "damaged" or (bool(lowered & PERSONS) and not lowered & NOT_LISTED)


def _left(doc: Doc | Span, start: int, label: str, numbers: dict, lower: list[str]) -> list[int]:
    """Number start tokens left of a keyword, a list included: "24 pekerja dan satu anggota TNI tewas"."""
    found: list[int] = []
    end = start
    index = start - 1
    window = DAMAGE_WINDOW if label == "damaged" else WINDOW
    while index >= max(0, start - 3 * window) and index > end - 1 - window:
        if doc[index].is_punct or lower[index] in STOP_WORDS:
            if not (found and lower[index] in LIST_JOINERS):
                break
            end, index = index, index - 1
            continue
        starts = [n for n, (n_end, _) in numbers.items() if n <= index < n_end]
        if starts:
            num_start, num_end = starts[0], numbers[starts[0]][0]
            words = [doc[i].text for i in range(num_end, end)]
            if not _fits(words, label) or (found and not _listed(words, label)):
                break
            found.append(num_start)
            if num_start == 0 or lower[num_start - 1] not in LIST_JOINERS:
                break  # a list goes on only through "dan", "serta" or a comma
            end, index = num_start, num_start - 1
            continue
        index -= 1
    return found


def _right(doc: Doc | Span, end: int, label: str, numbers: dict, lower: list[str]) -> list[int]:
    """Number start tokens right of a keyword ("menewaskan dua warga"); damage may list several
    ("membakar empat gedung sekolah dan 1 rumah guru")."""
    first = _next_count(doc, end, label, numbers, lower)
    found = [] if first is None else [first]
    while found and label == "damaged":
        joiner = _joiner_after(doc, numbers[found[-1]][0], lower)
        following = None if joiner is None else _next_count(doc, joiner + 1, label, numbers, lower)
        if following is None or following != joiner + 1:
            break
        found.append(following)
    return found


def _next_count(doc: Doc | Span, end: int, label: str, numbers: dict, lower: list[str]) -> int | None:
    """The first number after `end` that counts for the keyword's field, or None."""
    for index in range(end, min(len(doc), end + WINDOW)):
        if doc[index].is_punct or lower[index] in STOP_WORDS:
            return None
        if index in numbers:
            num_end = numbers[index][0]
            between = lower[end:index]
            after = lower[num_end : num_end + 3]
            if label == "damaged":
                fillers = all(word in DAMAGE_FILLERS for word in between)
                return index if fillers and any(word in THINGS for word in after) else None
            if any(word in THINGS for word in between + after[:1]):
                return None
            return index if all(word in PEOPLE for word in between) else None
    return None


def _joiner_after(doc: Doc | Span, start: int, lower: list[str]) -> int | None:
    """The "dan", "serta" or comma that ends the noun phrase starting at `start`, or None."""
    for index in range(start, min(len(doc), start + WINDOW)):
        if lower[index] in LIST_JOINERS:
            return index
        if doc[index].is_punct or lower[index] in STOP_WORDS:
            return None
    return None


@lru_cache(maxsize=4)
def _stop_hashes(vocab_id: int, vocab: object) -> tuple[np.uint64, ...]:
    """LOWER hashes of the sentence-final punctuation tokens . ! ?"""
    return tuple(np.uint64(vocab.strings.add(mark)) for mark in (".", "!", "?"))


def _sentence_starts(doc: Doc) -> list[int]:
    """Token indices where a sentence starts (after . ! ? or a line break; no sentencizer needed)."""
    if len(doc) < 2:
        return [0]
    array = doc.to_array([LOWER, IS_SPACE])[:-1]
    lower = array[:, 0]
    full_stop, bang, question = _stop_hashes(id(doc.vocab), doc.vocab)
    ends = (lower == full_stop) | (lower == bang) | (lower == question)
    for index in np.flatnonzero(array[:, 1]):
        ends[index] |= "\n" in doc[int(index)].text
    return [0, *(np.flatnonzero(ends) + 1).tolist()]


def extract(doc: Doc, province: str | None = None) -> dict[str, int]:
    """Killed, injured, damaged in a tokenized text: summed within a sentence; per field the first sentence
    with a count wins (the lead tells the event, later sentences add history and other events), unless a
    later one updates it ("korban tewas bertambah menjadi 12 orang").

    With `province` (the article's, once placed), a sentence that names places, none of which can lie in
    that province, tells another place's event ("Demo Pati … belasan korban luka" in an article placed in
    Cirebon): its figures are left out.
    """
    numbers_matcher, keyword_matcher = _matchers(id(doc.vocab), doc.vocab)
    result = empty_impact()
    hits = keyword_matcher(doc)
    if not hits:
        return result  # most articles: no impact word, nothing else to do
    starts = _sentence_starts(doc)
    ends = starts[1:] + [len(doc)]
    by_sentence: dict[int, list[tuple[int, int, int]]] = {}
    for hit in hits:
        by_sentence.setdefault(bisect_right(starts, hit[1]) - 1, []).append(hit)
    for number, sentence_hits in sorted(by_sentence.items()):
        sentence = doc[starts[number] : ends[number]]
        lowered = sentence.text.lower()
        if HISTORY.search(lowered) or (province and _elsewhere(sentence, doc, province)):
            continue
        inside = [hit for hit in sentence_hits if hit[2] <= sentence.end]
        updates = "bertambah" in lowered
        for field, value in _sentence_impact(sentence, numbers_matcher, inside).items():
            if value and (not result[field] or updates):
                result[field] = value
    return result


def _finders(keyword: str) -> tuple:
    """Where to look for a keyword's count, in order: after a noun or an active verb first."""
    if keyword in NOUNS:
        return (_right,)
    return (_right, _left) if keyword in ACTIVE else (_left, _right)


def _elsewhere(sentence: Span, doc: Doc, province: str) -> bool:
    """True when the sentence names regions (doc._.regions) and none may lie in `province`."""
    mentions = doc._.regions if doc.has_extension("regions") else None
    named = [m for m in mentions or [] if sentence.start_char <= m.start < sentence.end_char]
    return bool(named) and all(province not in m.provinces for m in named)


def _sentence_impact(
    sentence: Span, numbers_matcher: Matcher, hits: list[tuple[int, int, int]]
) -> dict[str, int]:
    """Sum the counts tied to impact keywords (doc-level `hits` inside the sentence); each number once."""
    numbers = _numbers(sentence, numbers_matcher)
    lower = [token.lower_ for token in sentence]
    keywords = filter_spans([Span(sentence.doc, s, e, label=m) for m, s, e in hits])
    used: set[int] = set()
    totals = empty_impact()
    for span in keywords:
        label = sentence.doc.vocab.strings[span.label]
        start, end = span.start - sentence.start, span.end - sentence.start
        order = _finders(lower[start])
        for finder in order:
            found = [
                n
                for n in finder(sentence, start if finder is _left else end, label, numbers, lower)
                if n not in used
            ]
            if found:
                used.update(found)
                totals[label] += sum(numbers[n][1] for n in found)
                break
    return totals


def impact_of(text: str) -> dict[str, int]:
    """Impact of a plain text, tokenized with a blank Indonesian pipeline."""
    return extract(_blank()(text))


@lru_cache(maxsize=1)
def _blank() -> Language:
    """A blank Indonesian tokenizer, built once, tuned like build_nlp()'s (same tokens, faster)."""
    from nlp.pipeline import blank_indonesian

    return blank_indonesian()


if not Doc.has_extension("impact"):
    Doc.set_extension("impact", default=None)


@Language.component("waspada_impact")
def waspada_impact(doc: Doc) -> Doc:
    """spaCy component: set doc._.impact = {"killed": n, "injured": n, "damaged": n}."""
    doc._.impact = extract(doc)
    return doc


__all__ = ["IMPACT_FIELDS", "extract", "impact_of", "parse_count", "waspada_impact"]
