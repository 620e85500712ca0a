"""The crawl fleet: RQ jobs per host on Redis, crawlers push articles to a Redis Stream, one writer stores."""
