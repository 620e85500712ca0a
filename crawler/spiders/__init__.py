"""Generic spiders driven by the source registry (wordpress, feed, sitemap)."""
