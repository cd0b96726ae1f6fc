"""The schema, as an append-only list of migrations; its length is the schema version.

Never edit a migration that has shipped: add a new one. ``PRAGMA user_version`` records
how many have been applied.
"""

from __future__ import annotations

MIGRATIONS: tuple[str, ...] = (
    # 1: sources, articles, revisions, fetch log
    """
    CREATE TABLE sources (
        name TEXT PRIMARY KEY,
        url TEXT NOT NULL,
        title TEXT NOT NULL DEFAULT '',
        first_seen_at TEXT NOT NULL,
        last_attempt_at TEXT,
        last_success_at TEXT,
        last_error_at TEXT,
        last_error TEXT,
        consecutive_failures INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        source TEXT NOT NULL REFERENCES sources(name),
        url TEXT NOT NULL,
        first_seen_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL,
        path_date TEXT NOT NULL
    );
    CREATE INDEX articles_by_source ON articles(source, path_date);
    CREATE TABLE revisions (
        id INTEGER PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles(id),
        number INTEGER NOT NULL,
        fetched_at TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        title TEXT NOT NULL,
        author TEXT NOT NULL,
        published TEXT,
        lead_image TEXT NOT NULL,
        caption TEXT NOT NULL,
        lead_image_in_body INTEGER NOT NULL,
        html TEXT NOT NULL,
        text TEXT NOT NULL,
        UNIQUE (article_id, number)
    );
    CREATE TABLE fetch_log (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        source TEXT NOT NULL,
        url TEXT NOT NULL,
        stage TEXT NOT NULL,
        ok INTEGER NOT NULL,
        http_status INTEGER,
        message TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX fetch_log_by_source ON fetch_log(source, at);
    """,
    # 2: conditional GET and cross-run backoff
    """
    CREATE TABLE http_cache (
        url TEXT PRIMARY KEY,
        etag TEXT NOT NULL DEFAULT '',
        last_modified TEXT NOT NULL DEFAULT '',
        body_hash TEXT NOT NULL DEFAULT '',
        stored_at TEXT NOT NULL
    );
    ALTER TABLE sources ADD COLUMN next_check_at TEXT;
    ALTER TABLE sources ADD COLUMN moved_to TEXT NOT NULL DEFAULT '';
    """,
    # 3: re-checks and deletions
    """
    ALTER TABLE articles ADD COLUMN last_checked_at TEXT;
    ALTER TABLE articles ADD COLUMN removed_at TEXT;
    ALTER TABLE articles ADD COLUMN removed_reason TEXT NOT NULL DEFAULT '';
    UPDATE articles SET last_checked_at = last_seen_at;
    CREATE INDEX articles_by_first_seen ON articles(first_seen_at);
    """,
    # 4: small facts about the archive as a whole (what was last published)
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
    # 5: local image copies (images = "local"): an image's URL → the SHA-256 of its bytes,
    # or why it could not be copied; and how far each source's revisions were looked at
    """
    CREATE TABLE images (
        url TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        sha256 TEXT NOT NULL DEFAULT '',  -- '' while there is no copy
        media_type TEXT NOT NULL DEFAULT '',
        extension TEXT NOT NULL DEFAULT '',
        bytes INTEGER NOT NULL DEFAULT 0,
        fetched_at TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        settled INTEGER NOT NULL DEFAULT 0,  -- copied, or failed for good: never fetched again
        last_error TEXT NOT NULL DEFAULT '',
        last_error_at TEXT
    );
    CREATE INDEX images_unsettled ON images(settled, attempts);
    CREATE TABLE image_scans (source TEXT PRIMARY KEY, revision INTEGER NOT NULL);
    """,
    # 6: the headline the page itself gave when last fetched, by which a re-check tells
    # an edited title from a feed title that never matched the page's
    """
    ALTER TABLE articles ADD COLUMN page_title TEXT NOT NULL DEFAULT '';
    """,
    # 7: versions to trust. Where each article's body came from (the feed item or its
    # page: a page's edits are found by fetching it again, a feed item's by the feed),
    # learned for existing archives from the fetch log (an article whose page was fetched
    # when it was first archived); a "gone" answer held until a second check confirms it;
    # removals and restorations as events; and the page furniture of each source that
    # changes from one fetch to the next (a rotating promo line), which is never an edit.
    """
    ALTER TABLE articles ADD COLUMN body_from TEXT NOT NULL DEFAULT 'feed';
    UPDATE articles SET body_from = 'page'
        WHERE url IN (SELECT url FROM fetch_log WHERE stage = 'page' AND ok = 1);
    ALTER TABLE articles ADD COLUMN missing_since TEXT;
    ALTER TABLE articles ADD COLUMN missing_reason TEXT NOT NULL DEFAULT '';
    CREATE TABLE article_events (
        id INTEGER PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles(id),
        at TEXT NOT NULL,
        kind TEXT NOT NULL,  -- removed, restored
        detail TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX article_events_by_article ON article_events(article_id, at);
    INSERT INTO article_events (article_id, at, kind, detail)
        SELECT id, removed_at, 'removed', removed_reason FROM articles
        WHERE removed_at IS NOT NULL ORDER BY removed_at;
    CREATE TABLE volatile_blocks (
        source TEXT NOT NULL,
        template TEXT NOT NULL,
        learned_at TEXT NOT NULL,
        PRIMARY KEY (source, template)
    );
    """,
    # 8: items whose article could not be had (its page failed): each with its own
    # attempts and next try, or given up; the article meanwhile is a placeholder made of
    # the item's title, summary and link (articles.body_from = 'summary')
    """
    CREATE TABLE item_failures (
        article_id TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        url TEXT NOT NULL,
        first_failed_at TEXT NOT NULL,
        last_failed_at TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        next_attempt_at TEXT,  -- NULL: given up
        last_error TEXT NOT NULL,
        http_status INTEGER
    );
    CREATE INDEX item_failures_by_source ON item_failures(source, next_attempt_at);
    """,
    # 9: the ledger of the run captures (data/warc): the files it wrote, the file that
    # holds each payload captured in full (later captures of it are revisit records), and
    # each URL's latest capture, which a replay serves; retention keeps the files these
    # need. Captures made before the ledger are unknown to it, and always kept.
    """
    CREATE TABLE capture_files (file TEXT PRIMARY KEY, first_date TEXT NOT NULL);
    CREATE TABLE capture_payloads (
        digest TEXT PRIMARY KEY,
        uri TEXT NOT NULL,
        date TEXT NOT NULL,
        file TEXT NOT NULL
    );
    CREATE INDEX capture_payloads_by_file ON capture_payloads(file);
    CREATE TABLE capture_latest (
        uri TEXT PRIMARY KEY,
        digest TEXT NOT NULL,
        file TEXT NOT NULL,
        date TEXT NOT NULL
    );
    """,
    # 10: the change feed. Every new article, new revision, removal, restoration and new
    # local image copy gets a sequence number, written by triggers in the transaction that
    # makes the change (so no write path can forget it); each consumer (the publisher, and
    # later the search index, grouping, feeds, the site) keeps its own cursor. Existing
    # archives: each revision as a change, in the order it was archived.
    """
    CREATE TABLE changes (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        article_id TEXT NOT NULL,
        kind TEXT NOT NULL,  -- new, revision, removed, restored, images
        revision INTEGER,
        at TEXT NOT NULL
    );
    CREATE TABLE cursors (consumer TEXT PRIMARY KEY, seq INTEGER NOT NULL);
    CREATE INDEX articles_by_date ON articles(path_date, first_seen_at, id);
    CREATE INDEX articles_by_source_date ON articles(source, path_date, first_seen_at, id);
    CREATE TABLE image_uses (
        url TEXT NOT NULL,
        article_id TEXT NOT NULL,
        PRIMARY KEY (url, article_id)
    ) WITHOUT ROWID;
    INSERT INTO changes (article_id, kind, revision, at)
        SELECT article_id, CASE WHEN number = 1 THEN 'new' ELSE 'revision' END, number,
               fetched_at FROM revisions ORDER BY id;
    CREATE TRIGGER revision_change AFTER INSERT ON revisions BEGIN
        INSERT INTO changes (article_id, kind, revision, at)
        VALUES (NEW.article_id, CASE WHEN NEW.number = 1 THEN 'new' ELSE 'revision' END,
                NEW.number, NEW.fetched_at);
    END;
    CREATE TRIGGER event_change AFTER INSERT ON article_events BEGIN
        INSERT INTO changes (article_id, kind, at) VALUES (NEW.article_id, NEW.kind, NEW.at);
    END;
    CREATE TRIGGER image_copied AFTER UPDATE OF sha256 ON images
    WHEN NEW.sha256 != '' AND OLD.sha256 = '' BEGIN
        INSERT INTO changes (article_id, kind, at)
        SELECT article_id, 'images', COALESCE(NEW.fetched_at, '') FROM image_uses
        WHERE url = NEW.url;
    END;
    CREATE TRIGGER image_copied_at_once AFTER INSERT ON images WHEN NEW.sha256 != '' BEGIN
        INSERT INTO changes (article_id, kind, at)
        SELECT article_id, 'images', COALESCE(NEW.fetched_at, '') FROM image_uses
        WHERE url = NEW.url;
    END;
    """,
    # 11: the archive keeps the article as the publisher had it, with no choice of
    # display (publish.display applies them when a page renders). Archives made before
    # hold inert <ok> links and proxied image URLs: they are converted by a step that
    # knows the mirror's image proxy (store.upgrade), which this flag asks for.
    """
    INSERT INTO meta (key, value) SELECT 'neutral', 'to convert'
        WHERE EXISTS (SELECT 1 FROM revisions);
    """,
    # 12: the local image copier reads the change feed, a cursor per source
    # ('images:<source>'), where it kept the last revision id it had looked at.
    """
    INSERT INTO cursors (consumer, seq)
        SELECT 'images:' || s.source, COALESCE((SELECT MAX(c.seq) FROM changes c
            JOIN revisions r ON r.article_id = c.article_id AND r.number = c.revision
            WHERE r.id <= s.revision), 0)
        FROM image_scans s;
    DROP TABLE image_scans;
    """,
    # 13: the offset a publish time was written in, in minutes east of UTC (``published``
    # stays the UTC moment): the publish date is the date where it was published.
    # NULL for revisions archived before, which were kept in UTC only.
    """
    ALTER TABLE revisions ADD COLUMN published_offset INTEGER;
    """,
    # 14: the static site's paginated indexes list a source's articles in archive order
    # (store.listings), a page at a time.
    """
    CREATE INDEX articles_by_source_seen ON articles(source, first_seen_at, path_date, id);
    """,
    # 15: the git remotes the published mirror is pushed to: each one's last push
    """
    CREATE TABLE pushes (
        remote TEXT PRIMARY KEY,
        last_attempt_at TEXT NOT NULL,
        last_success_at TEXT,
        last_commit TEXT NOT NULL DEFAULT '',
        last_error_at TEXT,
        last_error TEXT NOT NULL DEFAULT '',
        consecutive_failures INTEGER NOT NULL DEFAULT 0
    );
    """,
    # 16: story grouping (stories/): each grouped article's story and features, the
    # stories with their term sums (a centroid without IDF, applied when compared), the
    # LSH buckets of text signatures and the postings of title and lead terms (candidate
    # generation: never all pairs), document frequencies kept as articles come and go,
    # and the ids of stories merged into an older one.
    """
    CREATE TABLE stories (
        id TEXT PRIMARY KEY,
        founded INTEGER NOT NULL,  -- the order stories were made in: the older survives
        first_day INTEGER NOT NULL,  -- days since 1970-01-01 (UTC) of its articles
        last_day INTEGER NOT NULL,
        size INTEGER NOT NULL DEFAULT 0,
        norm2 REAL NOT NULL DEFAULT 0,  -- the centroid's squared length, IDF-weighted
        split_from TEXT NOT NULL DEFAULT '',
        updated_at TEXT NOT NULL
    );
    CREATE INDEX stories_by_last_day ON stories(last_day);
    CREATE TABLE story_articles (
        article_id TEXT PRIMARY KEY,
        story_id TEXT NOT NULL,
        revision INTEGER NOT NULL,
        at TEXT NOT NULL,
        day INTEGER NOT NULL,
        via TEXT NOT NULL DEFAULT '',  -- the member that brought it into its story
        terms TEXT NOT NULL,  -- JSON {term: weight}
        names TEXT NOT NULL,  -- JSON [term]
        signature BLOB NOT NULL
    );
    CREATE INDEX story_articles_by_story ON story_articles(story_id, at);
    CREATE INDEX story_articles_by_via ON story_articles(via) WHERE via != '';
    CREATE TABLE story_buckets (
        bucket INTEGER NOT NULL,
        day INTEGER NOT NULL,
        article_id TEXT NOT NULL,
        PRIMARY KEY (bucket, day, article_id)
    ) WITHOUT ROWID;
    CREATE TABLE story_postings (
        term TEXT NOT NULL,
        day INTEGER NOT NULL,
        article_id TEXT NOT NULL,
        PRIMARY KEY (term, day, article_id)
    ) WITHOUT ROWID;
    CREATE TABLE story_df (term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
    CREATE TABLE story_terms (
        story_id TEXT NOT NULL,
        term TEXT NOT NULL,
        weight REAL NOT NULL,
        PRIMARY KEY (story_id, term)
    ) WITHOUT ROWID;
    CREATE TABLE story_aliases (
        alias TEXT PRIMARY KEY,
        story_id TEXT NOT NULL,
        at TEXT NOT NULL
    );
    INSERT INTO meta (key, value) VALUES ('story_articles', '0'), ('story_founded', '0');
    """,
)
