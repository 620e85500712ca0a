"""The workbench's security findings, each with the input that reproduced it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from workbench_helpers import ANALYST, PASSWORD, csrf_token, fill_db, log_in, running_server

from store.db import open_db
from waspada.datasette import security, users


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path, Path]]:
    folder = tmp_path_factory.mktemp("security")
    db, log = fill_db(folder / "waspada.db"), folder / "serve.log"
    with running_server(db, log=log) as url:
        yield url, db, log


@pytest.mark.parametrize(
    "value",
    [
        "/\\evil.example",
        "/\t/evil.example",
        "//evil.example",
        "/%2F/evil.example",
        "/%5Cevil.example",
        "https://evil.example/",
        "/\n/evil.example",
        "evil.example",
        "/%09/evil.example",
    ],
)
def test_next_outside_the_site_is_refused(value: str) -> None:
    assert security.safe_next(value) == "/"


def test_next_on_the_site_is_kept() -> None:
    assert security.safe_next("/waspada/articles/3?queue=1") == "/waspada/articles/3?queue=1"


@pytest.mark.parametrize("value", ["/\\evil.example", "/\t/evil.example"])
def test_login_never_redirects_off_site(served: tuple[str, Path, Path], value: str) -> None:
    base, _, _ = served
    with httpx.Client(base_url=base, timeout=30) as client:
        token = csrf_token(client)
        form = {"csrftoken": token, "username": ANALYST, "password": PASSWORD, "next": value}
        response = client.post("/-/waspada/login", data=form)
    assert response.status_code == 302 and response.headers["location"] == "/"


def test_thirty_wrong_passwords_lock_the_account_and_the_address(tmp_path: Path) -> None:
    db = fill_db(tmp_path / "w.db")
    with running_server(db) as base, httpx.Client(base_url=base, timeout=30) as client:
        statuses = [log_in(client, ANALYST, f"salah-{n}").status_code for n in range(30)]
        right = log_in(client, ANALYST, PASSWORD)
        other_user = log_in(client, "budi", "apa-saja-1")
    assert statuses[:5] == [401] * 5 and set(statuses[5:]) == {429}
    assert right.status_code == 429 and "waspada_session" not in right.headers.get("set-cookie", "")
    assert other_user.status_code == 429  # the same client address is locked too


def test_throttle_opens_again_after_the_lockout() -> None:
    now = [0.0]
    throttle = security.LoginThrottle(max_failures=5, window=900, clock=lambda: now[0])
    keys = security.throttle_keys("Rina", "10.0.0.1")
    for _ in range(5):
        throttle.failed(keys)
    assert throttle.locked(security.throttle_keys("rina", "10.0.0.9")) > 0  # any case of the name
    now[0] = 901.0
    assert throttle.locked(keys) == 0


def test_unknown_user_costs_one_hash_check_like_a_known_one(
    tmp_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = open_db(tmp_db)
    users.add(db, "rina", "rahasia-sekali")
    checked: list[str] = []
    real = users.check_password
    monkeypatch.setattr(
        users, "check_password", lambda pw, stored: checked.append(stored) or real(pw, stored)
    )
    assert not users.verify(db, "tidak-ada", "rahasia-sekali")
    assert not users.verify(db, "rina", "salah-sekali")
    assert len(checked) == 2 and all(stored.startswith("pbkdf2_sha256$260000$") for stored in checked)


def test_accounts_and_notes_are_not_readable_anonymously(served: tuple[str, Path, Path]) -> None:
    base, db, _ = served
    database = open_db(db)
    database["labels"].insert(
        {"article_id": 1, "conflict": 1, "themes": "[]", "annotator": ANALYST, "note": "sumber: intel"}
    )
    database.conn.close()
    sql = "select (select group_concat(name) from users) as names, note, annotator from labels"
    rows = httpx.get(base + "/waspada.json", params={"sql": sql, "_shape": "array"}).json()
    assert rows and all(row == {"names": None, "note": None, "annotator": None} for row in rows)
    page = httpx.get(base + "/waspada/labels.json", params={"_shape": "array"}).json()
    assert all(row["note"] is None and row["annotator"] is None for row in page)


@pytest.mark.parametrize("change", ["passwd", "remove"])
def test_password_change_or_removal_ends_sessions(tmp_path: Path, change: str) -> None:
    db = fill_db(tmp_path / "w.db")
    with running_server(db) as base, httpx.Client(base_url=base, timeout=30) as client:
        log_in(client)
        assert "label-form" in client.get("/waspada/articles/1").text
        database = open_db(db)
        if change == "passwd":
            users.set_password(database, ANALYST, "sandi-baru-sekali")
        else:
            users.remove(database, ANALYST)
        database.conn.close()
        assert "label-form" not in client.get("/waspada/articles/1").text
        response = client.post("/-/waspada/label/1", data={"csrftoken": csrf_token(client), "conflict": "1"})
    assert response.status_code == 403


@pytest.mark.parametrize(("setting", "secure"), [("1", True), ("", False)])
def test_session_cookie_is_secure_behind_https(tmp_path: Path, setting: str, secure: bool) -> None:
    db = fill_db(tmp_path / "w.db")
    env = {"WASPADA_SECURE_COOKIES": setting}
    with running_server(db, env=env) as base, httpx.Client(base_url=base, timeout=30) as client:
        cookie = log_in(client).headers["set-cookie"]
    assert "waspada_session=" in cookie and ("Secure" in cookie) == secure


def test_non_utf8_form_answers_400(served: tuple[str, Path, Path]) -> None:
    base, _, _ = served
    with httpx.Client(base_url=base, timeout=30) as client:
        log_in(client)
        token = csrf_token(client)
        body = f"csrftoken={token}&conflict=1&note=".encode() + b"\xff\xfe"
        headers = {"content-type": "application/x-www-form-urlencoded"}
        labeled = client.post("/-/waspada/label/3", content=body, headers=headers)
        login = client.post("/-/waspada/login", content=b"username=\xff", headers=headers)
    assert labeled.status_code == 400 and login.status_code == 400


def test_huge_label_id_answers_400(served: tuple[str, Path, Path]) -> None:
    base, _, _ = served
    with httpx.Client(base_url=base, timeout=30) as client:
        log_in(client)
        data = {"csrftoken": csrf_token(client), "conflict": "1"}
        response = client.post(f"/-/waspada/label/{10**23}", data=data)
    assert response.status_code == 400


def test_anonymous_write_api_answers_403_in_one_log_line(served: tuple[str, Path, Path]) -> None:
    base, _, log = served
    response = httpx.post(base + "/waspada/labels/-/insert", json={"row": {"article_id": 1, "conflict": 1}})
    missing = httpx.get(base + "/waspada/no_such_table")
    assert response.status_code == 403 and missing.status_code == 404
    text = log.read_text(encoding="utf-8")
    assert "Traceback" not in text and "locals" not in text
    assert sum("/waspada/labels/-/insert" in line for line in text.splitlines()) == 1
    assert sum("/waspada/no_such_table" in line for line in text.splitlines()) == 1


@pytest.mark.parametrize("debug", [False, True])
def test_a_real_500_is_one_line_and_the_traceback_only_at_debug(tmp_path: Path, debug: bool) -> None:
    db, log = fill_db(tmp_path / "w.db"), tmp_path / "serve.log"
    with running_server(db, log=log, debug=debug) as base:
        database = open_db(db)
        database.execute("alter table article_places rename to article_places_old")  # the page breaks
        database.conn.close()
        failed = httpx.get(base + "/-/waspada/article/1", timeout=30)
    assert failed.status_code == 500
    lines = [line for line in log.read_text(encoding="utf-8").splitlines() if "/-/waspada/article/1" in line]
    assert len(lines) == 1 and "500" in lines[0]
    assert ("Traceback" in log.read_text(encoding="utf-8")) == debug
