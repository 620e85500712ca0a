"""An "unsure" judgement is a label (conflict NULL): stored, shown, counted apart, never trained on."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from workbench_helpers import csrf_token, fill_db, log_in, running_server

from nlp.training.label_quality import agreement, conflicts
from nlp.training.labels import export_labels, latest_labels
from store.db import open_db
from waspada.cli import cli
from waspada.datasette import labeling


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    db = fill_db(tmp_path_factory.mktemp("unsure") / "waspada.db")
    with running_server(db) as url:
        yield url, db


@pytest.fixture
def db_path(tmp_db: Path) -> Path:
    db = open_db(tmp_db)
    db["articles"].insert_all(
        {
            "id": n,
            "title": f"Berita {n}",
            "text": "Isi berita",
            "canonical_url": f"https://contoh.id/{n}",
            "url": f"https://contoh.id/{n}",
            "fetched_at": "2026-11-20T00:00:00+00:00",
            "source": "contoh",
        }
        for n in range(1, 7)
    )
    db.conn.close()
    return tmp_db


def label(db_path: Path, article: int, annotator: str, conflict: int | None, themes: tuple = ()) -> None:
    db = open_db(db_path)
    db["labels"].insert(
        {
            "article_id": article,
            "conflict": conflict,
            "themes": json.dumps(list(themes)),
            "annotator": annotator,
        }
    )
    db.conn.close()


def test_unsure_on_the_article_page_is_stored_and_leads_to_the_next_article(served: tuple[str, Path]) -> None:
    base, db = served
    with httpx.Client(base_url=base, timeout=30) as client:
        log_in(client)
        token = csrf_token(client, "/-/waspada/article/3?queue=1")
        response = client.post(
            "/-/waspada/label/3",
            data={"csrftoken": token, "conflict": "unsure", "note": "tidak jelas", "next": "queue"},
        )
        assert response.status_code == 302 and "/article/3" not in response.headers["location"]
        page = client.get("/-/waspada/article/3").text
    stored = list(open_db(db).query("select conflict, themes, note from labels where article_id = 3"))
    assert stored == [{"conflict": None, "themes": "[]", "note": "tidak jelas"}]
    assert 'id="conflict-unsure" checked' in page and ": ragu-ragu" in page
    assert "/-/waspada/article/3?" not in httpx.get(base + "/-/waspada/queue", timeout=30).text


def test_unsure_keeps_no_themes_and_a_blank_answer_is_still_refused() -> None:
    form = {"conflict": ["unsure"], "themes": ["protest"]}
    assert labeling.parse_form(5, "analis", form).conflict is None
    assert labeling.parse_form(5, "analis", form).themes == ()
    with pytest.raises(labeling.InputError, match="yes, no or unsure"):
        labeling.parse_form(5, "analis", {"conflict": [""]})


def test_unsure_contradicts_nothing_but_is_counted(db_path: Path) -> None:
    label(db_path, 1, "rina", 1, ("protest",))
    label(db_path, 1, "budi", None)  # unsure next to a yes: no conflict
    label(db_path, 2, "rina", 1, ("protest",))
    label(db_path, 2, "budi", 0)
    label(db_path, 2, "sari", None)
    found = conflicts(open_db(db_path))
    assert [(row["article_id"], row["labels"], row["unsure"]) for row in found] == [(2, 2, 1)]
    listed = CliRunner().invoke(cli, ["label", "conflicts", "--db", str(db_path)])
    assert "conflict: yes/no  (+1 unsure)" in listed.output


def test_agreement_leaves_unsure_articles_out_of_kappa_and_says_how_many(db_path: Path) -> None:
    for article, rina, budi in [(1, 1, 1), (2, 0, 0), (3, 1, 0), (4, 0, 0), (5, 1, None), (6, None, None)]:
        label(db_path, article, "rina", rina)
        label(db_path, article, "budi", budi)
    report = agreement(open_db(db_path))
    assert report["items"] == 4 and report["unsure"] == 2
    assert report["pairs"][0]["articles"] == 4 and report["pairs"][0]["unsure"] == 2
    assert report["conflict_agreement"] == 0.75
    shown = CliRunner().invoke(cli, ["label", "agreement", "--db", str(db_path)])
    assert "over 4 paired judgement(s); 2 left out as unsure" in shown.output


def test_training_uses_the_newest_yes_or_no_label_and_skips_unsure_articles(db_path: Path) -> None:
    label(db_path, 1, "rina", 1, ("protest",))
    label(db_path, 1, "budi", None)  # a later unsure does not undo rina's yes
    label(db_path, 2, "budi", None)  # only unsure: not a training example
    label(db_path, 3, "rina", 0)
    rows = latest_labels(open_db(db_path))
    assert [(row["article_id"], row["conflict"], row["themes"]) for row in rows] == [
        (1, True, ["protest"]),
        (3, False, []),
    ]


def test_unsure_survives_export_and_import(db_path: Path, tmp_path: Path) -> None:
    label(db_path, 1, "rina", None)
    label(db_path, 2, "rina", 1, ("protest",))
    assert [row["conflict"] for row in export_labels(open_db(db_path))] == ["unsure", True]
    exported = tmp_path / "labels.csv"
    result = CliRunner().invoke(
        cli, ["label", "export", "--format", "csv", "--out", str(exported), "--db", str(db_path)]
    )
    assert result.exit_code == 0, result.output
    exported.write_text(
        exported.read_text(encoding="utf-8-sig") + "3,ragu-ragu,,,,budi,,\n", encoding="utf-8"
    )
    result = CliRunner().invoke(cli, ["label", "import", str(exported), "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    assert "2 already stored" in result.output  # read back as they were stored, the unsure one included
    stored = [row[0] for row in open_db(db_path).execute("select conflict from labels order by id")]
    assert stored == [None, 1, None]
