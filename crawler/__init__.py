"""The crawler stage: Scrapy spiders that fetch Indonesian regional news into the database."""
