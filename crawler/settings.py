"""Polite Scrapy defaults for crawling regional news sites."""

from __future__ import annotations

import importlib.metadata
import logging

from store import config

BOT_NAME = "waspada"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"


def user_agent() -> str:
    """The User-Agent naming the project, its version and how a site's admin reaches the operator
    (setting `user_agent_contact`, WASPADA_USER_AGENT_CONTACT: a URL or mailto:)."""
    try:
        version = importlib.metadata.version("waspada")
    except importlib.metadata.PackageNotFoundError:
        version = "0"
    return f"Waspada/{version} (+{config.get('user_agent_contact')}; conflict early-warning research)"


# crawler.run.scrapy_settings replaces it with user_agent(), which carries the configured contact.
USER_AGENT = "Waspada (+https://github.com/waspada-id/waspada; conflict early-warning research)"
ROBOTSTXT_OBEY = True

CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
CONCURRENT_ITEMS = 16  # Scrapy starts this many tasks per callback output; 100 costs more than it brings
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0

DOWNLOAD_MAXSIZE = 5 * 1024 * 1024
DOWNLOAD_WARNSIZE = 0
DOWNLOAD_TIMEOUT = 30

RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 408, 429]
RETRY_BACKOFF_BASE = 1.0  # seconds; doubled at each further attempt (crawler.middlewares)
RETRY_BACKOFF_MAX = 30.0
REDIRECT_MAX_TIMES = 5

HTTPCACHE_ENABLED = False
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "WARNING"
LOG_INSTALL_ROOT_HANDLER = False  # the waspada CLI owns the root handler
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
FEED_EXPORT_ENCODING = "utf-8"
EXTRACT_WORKERS = -1  # processes extracting article pages; -1: one per CPU beyond the first, 0: inline

DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.BackoffRetryMiddleware": 550,
    "crawler.middlewares.ConditionalGetMiddleware": 560,
}
ITEM_PIPELINES = {"crawler.pipelines.StorePipeline": 300}

# tldextract (used by Scrapy's cookie and offsite code) tries the network once; keep it quiet.
logging.getLogger("tldextract").setLevel(logging.CRITICAL)
logging.getLogger("filelock").setLevel(logging.CRITICAL)
