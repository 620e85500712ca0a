"""Fleet jobs: one job per host, so two sources on one portal are never crawled by two processes."""

from __future__ import annotations

from crawler.fleet.jobs import by_host, job_id


def source(name: str, home: str) -> dict:
    return {"name": name, "home_url": home}


def test_sources_on_one_host_make_one_job_and_ports_are_hosts_of_their_own() -> None:
    groups = by_host(
        [
            source("kalsel", "https://www.kalselprov.go.id/"),
            source("kalsel-berita", "https://kalselprov.go.id/berita/"),
            source("mc", "https://mc.kalselprov.go.id/"),
            source("local-a", "http://127.0.0.1:8001/"),
            source("local-b", "http://127.0.0.1:8002/"),
        ]
    )
    assert {host: [s["name"] for s in group] for host, group in groups.items()} == {
        "kalselprov.go.id": ["kalsel", "kalsel-berita"],
        "mc.kalselprov.go.id": ["mc"],
        "127.0.0.1:8001": ["local-a"],
        "127.0.0.1:8002": ["local-b"],
    }


def test_job_ids_name_the_host_in_the_characters_rq_accepts() -> None:
    ids = [job_id(host) for host in ("kalselprov.go.id", "mc.kalselprov.go.id", "127.0.0.1:8001")]
    assert ids == ["crawl-kalselprov-go-id", "crawl-mc-kalselprov-go-id", "crawl-127-0-0-1-8001"]
