"""Labeling in the workbench: accounts, login, CSRF, and labels written to the `labels` table."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from workbench_helpers import ANALYST, csrf_token, fill_db, log_in, running_server

from store.db import open_db
from store.errors import InputError
from waspada.cli import cli
from waspada.datasette import labeling, users


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    db = fill_db(tmp_path_factory.mktemp("labeling") / "waspada.db")
    with running_server(db) as url:
        yield url, db


def stored_labels(db: Path, article_id: int) -> list[dict]:
    database = open_db(db)
    rows = list(database.query("select * from labels where article_id = ? order by id", [article_id]))
    database.conn.close()
    return rows


def test_label_without_login_is_refused(served: tuple[str, Path]) -> None:
    base, db = served
    with httpx.Client(base_url=base, timeout=30) as client:
        token = csrf_token(client)  # a valid CSRF token, but nobody logged in
        response = client.post("/-/waspada/label/3", data={"csrftoken": token, "conflict": "1"})
    assert response.status_code == 403
    assert "Log in" in response.text
    assert stored_labels(db, 3) == []


def test_label_without_csrf_token_is_refused(served: tuple[str, Path]) -> None:
    base, db = served
    with httpx.Client(base_url=base, timeout=30) as client:
        assert log_in(client).status_code == 302
        response = client.post("/-/waspada/label/3", data={"conflict": "1"})
    assert response.status_code == 403
    assert stored_labels(db, 3) == []


def test_wrong_password_does_not_log_in(served: tuple[str, Path]) -> None:
    base, _ = served
    with httpx.Client(base_url=base, timeout=30) as client:
        response = log_in(client, ANALYST, "salah-sandi")
        assert response.status_code == 401 and "kata sandi salah" in response.text  # Indonesian first
        assert "label-form" not in client.get("/waspada/articles/1").text


def test_article_page_shows_model_labels_and_form_after_login(served: tuple[str, Path]) -> None:
    base, _ = served
    with httpx.Client(base_url=base, timeout=30) as client:
        anonymous = client.get("/waspada/articles/1").text
        assert "Model <code>2026.11-test</code>" in anonymous and "0.93" in anonymous
        assert "label-form" not in anonymous and "Masuk sebagai analis" in anonymous
        log_in(client)
        page = client.get("/waspada/articles/1").text
    assert 'id="label-form"' in page
    assert re.search(r'value="communal_violence"[^>]*checked', page), "the model's theme is pre-selected"
    assert not re.search(r'value="protest"[^>]*checked', page)
    assert "0.88" in page  # the model's theme score
    assert all(f'value="{theme}"' in page for theme in labeling.THEMES)


def test_logged_in_label_is_stored_with_annotator_and_time(served: tuple[str, Path]) -> None:
    base, db = served
    with httpx.Client(base_url=base, timeout=30) as client:
        log_in(client)
        token = csrf_token(client, "/waspada/articles/2")
        form = {
            "csrftoken": token,
            "conflict": "1",
            "themes": ["election", "prevention"],
            "province_code": "63",
            "regency_code": "63.03",
            "note": "rakor pilkada",
        }
        response = client.post("/-/waspada/label/2", data=form)
        assert response.status_code == 302 and response.headers["location"].endswith("/-/waspada/article/2")
        page = client.get("/waspada/articles/2").text
    [label] = stored_labels(db, 2)
    assert label["annotator"] == ANALYST and label["created_at"]
    assert (label["conflict"], json.loads(label["themes"])) == (1, ["election", "prevention"])
    assert (label["province_code"], label["regency_code"], label["note"]) == ("63", "63.03", "rakor pilkada")
    assert "Label saved for article 2" in page and "analis: ya; “rakor pilkada”" in page


def test_invalid_label_is_rejected(served: tuple[str, Path]) -> None:
    base, db = served
    with httpx.Client(base_url=base, timeout=30) as client:
        log_in(client)
        token = csrf_token(client, "/waspada/articles/3")
        bad_theme = client.post(
            "/-/waspada/label/3", data={"csrftoken": token, "conflict": "1", "themes": "perang"}
        )
        bad_region = client.post(
            "/-/waspada/label/3",
            data={"csrftoken": token, "conflict": "0", "province_code": "63", "regency_code": "91.71"},
        )
    assert bad_theme.status_code == 400 and "perang" in bad_theme.text
    assert bad_region.status_code == 400
    assert stored_labels(db, 3) == []


def test_queue_walks_to_the_next_candidate(served: tuple[str, Path]) -> None:
    base, db = served
    with httpx.Client(base_url=base, timeout=30) as client:
        queue = client.get("/-/waspada/queue").text
        assert "/-/waspada/article/4?queue=1" in queue
        log_in(client)
        token = csrf_token(client, "/waspada/articles/4?queue=1")
        response = client.post(
            "/-/waspada/label/4", data={"csrftoken": token, "conflict": "0", "next": "queue"}
        )
    assert response.status_code == 302 and "?queue=1" in response.headers["location"]
    assert "/article/4" not in response.headers["location"]
    assert stored_labels(db, 4)[0]["conflict"] == 0


def test_a_removed_analyst_cannot_label(tmp_path: Path) -> None:
    db = fill_db(tmp_path / "w.db")
    with running_server(db) as base, httpx.Client(base_url=base, timeout=30) as client:
        log_in(client)
        database = open_db(db)
        users.remove(database, ANALYST)
        database.conn.close()
        assert "label-form" not in client.get("/waspada/articles/1").text  # the session ended
        token = csrf_token(client)
        response = client.post("/-/waspada/label/1", data={"csrftoken": token, "conflict": "1"})
    assert response.status_code == 403


def test_a_review_tier_article_is_shown_as_such_and_its_form_has_no_preset_answer(tmp_path: Path) -> None:
    db = fill_db(tmp_path / "w.db")
    database = open_db(db)
    with database.conn:
        database.execute(
            "update article_tags set review = 1, conflict = 0, conflict_score = 0.3 where article_id = 3"
        )
    database.conn.close()
    with running_server(db) as base, httpx.Client(base_url=base, timeout=30) as client:
        log_in(client)
        review = client.get("/waspada/articles/3").text
        english = client.get("/waspada/articles/3?lang=en").text
        certain = client.get("/waspada/articles/1").text
    assert re.search(r'id="model-verdict">perlu ditinjau<', review)  # not the "tidak" of its conflict column
    assert re.search(r'id="model-verdict">to review<', english)
    assert not re.search(r'name="conflict"[^>]*checked', review)  # the analyst answers, not the model
    assert re.search(r'id="conflict-yes"\s*checked', certain)  # a model's verdict is still the start


def test_users_commands(tmp_db: Path) -> None:
    db = str(tmp_db)
    runner = CliRunner()
    assert "no analyst accounts yet" in runner.invoke(cli, ["users", "list", "--db", db]).output
    added = runner.invoke(cli, ["users", "add", "sari", "--db", db], input="kata-sandi-1\nkata-sandi-1\n")
    assert added.exit_code == 0, added.output
    assert "sari" in runner.invoke(cli, ["users", "list", "--db", db]).output
    again = runner.invoke(cli, ["users", "add", "sari", "--db", db, "--password", "kata-sandi-2"])
    assert again.exit_code == 1 and "already exists" in again.output
    changed = runner.invoke(cli, ["users", "passwd", "sari", "--db", db, "--password", "kata-sandi-2"])
    assert changed.exit_code == 0
    database = open_db(db)
    stored = database.execute("select password_hash from users").fetchone()[0]
    assert "kata-sandi" not in stored and stored.startswith("pbkdf2_sha256$")
    assert users.verify(database, "sari", "kata-sandi-2") and not users.verify(
        database, "sari", "kata-sandi-1"
    )
    removed = runner.invoke(cli, ["users", "remove", "sari", "--db", db])
    assert removed.exit_code == 0 and not users.exists(database, "sari")


def test_short_password_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="at least"):
        users.add(open_db(tmp_path / "p.db"), "budi", "pendek")


def test_parse_form_keeps_themes_only_for_conflict() -> None:
    label = labeling.parse_form(
        7, "analis", {"conflict": ["0"], "themes": ["protest"], "regency_code": ["63.71"]}
    )
    assert label.themes == () and label.province_code == "63" and label.regency_code == "63.71"
    with pytest.raises(InputError):
        labeling.parse_form(7, "analis", {"themes": ["protest"]})
