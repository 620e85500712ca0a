"""`python -m crawler.samplesite`: serve the sample news site until Ctrl-C and write its sources file."""

from __future__ import annotations

import argparse
import threading
from pathlib import Path

from crawler.samplesite.generate import SEED
from crawler.samplesite.server import SampleSite


def main(argv: list[str] | None = None) -> None:
    """Parse the options, start the site, print each outlet's URL, wait for Ctrl-C."""
    parser = argparse.ArgumentParser(prog="python -m crawler.samplesite", description=__doc__)
    parser.add_argument("--scale", type=int, default=0, help="add N generated articles (benchmark)")
    parser.add_argument(
        "--sources-out",
        type=Path,
        default=Path("samplesite-sources.yaml"),
        help="where to write the sources YAML (default: samplesite-sources.yaml)",
    )
    parser.add_argument("--articles", type=Path, default=None, help="articles folder (default: bundled)")
    parser.add_argument("--slow-seconds", type=float, default=5.0, help="delay of the timeout page")
    parser.add_argument("--no-broken", action="store_true", help="leave out the broken pages and sources")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added to every answer")
    parser.add_argument("--seed", type=int, default=SEED, help="seed of the generated articles")
    args = parser.parse_args(argv)
    site = SampleSite(
        args.articles,
        scale=args.scale,
        slow_seconds=args.slow_seconds,
        broken=not args.no_broken,
        latency=args.latency,
        seed=args.seed,
    )
    try:
        with site:
            for key, url in site.base_urls.items():
                print(f"{key:15} {url}/")
            print(f"{len(site.articles)} articles; sources written to {site.write_sources(args.sources_out)}")
            print("Serving; press Ctrl-C to stop.", flush=True)
            threading.Event().wait()
    except KeyboardInterrupt:
        print("Stopped.")


if __name__ == "__main__":
    main()
