"""Online grouping: each article is put in a story as it comes, never all again.

An article joins the story it is a near-duplicate of (text signatures, Jaccard ≥
``DUPLICATE``), else the story whose centroid its title and lead are most like (TF-IDF
cosine ≥ ``JOIN``), else founds a story named after itself. A near-duplicate of members
of two stories merges them: the older story keeps its id, the other's becomes an alias.
Candidates come from LSH buckets and from the postings of the article's rarest terms
within ``WINDOW_DAYS``, so the work per article does not grow with the archive.

An edited article is taken out and placed again, and may move; the members it brought
into its story are placed again after it, and those that no longer belong go to another
story or found one together (the story splits). Thresholds: README, "Stories".
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import datetime

from newsmirror.store.stories import GroupedArticle, StoryState, StoryTables
from newsmirror.stories.features import Features, features
from newsmirror.stories.minhash import bands, pack, similarity, unpack

JOIN = 0.2  # TF-IDF cosine of an article and a story's centroid to join it
DUPLICATE = 0.5  # estimated Jaccard similarity of two texts' shingles: near-duplicates
WINDOW_DAYS = 3  # a story's articles are within this many days of each other's
DUPLICATE_WINDOW_DAYS = 30  # a reprint may come weeks later
NAME_BOOST = 1.5  # a name (person, place, organization) weighs this much more
QUERY_TERMS = 8  # the article's heaviest terms whose postings give candidates
POSTINGS_LIMIT = 100  # the newest articles taken from one term's postings


@dataclass(frozen=True)
class Item:
    """An article to group: its latest revision's title and text, and its time."""

    article_id: str
    revision: int
    at: datetime
    title: str
    text: str


@dataclass
class Placement:
    story: str
    via: str = ""
    merged: tuple[str, ...] = ()


def term_weights(found: Features) -> dict[str, float]:
    """The weights grouping keeps: title terms twice, names boosted."""
    return {term: weight * (NAME_BOOST if term in found.names else 1.0)
            for term, weight in found.terms.items()}


class Grouper:
    """Places articles in stories, over the grouping tables (inside a transaction)."""

    def __init__(self, tables: StoryTables, join: float = JOIN) -> None:
        self.tables = tables
        self.join = join  # another value only to measure it (bench/stories.py)
        self.merges = 0
        self.splits = 0
        self.moved = 0
        self.founded = False  # whether the last article placed founded a story
        # articles whose story changed without a revision of their own: an output renders
        # their pages and their stories' pages again (the consumer notes them in the feed)
        self.regrouped: set[str] = set()

    def group(self, item: Item) -> str:
        """Place ``item`` (again, if it was grouped at an older revision); its story."""
        was = self.tables.member(item.article_id)
        if was is not None and was.revision == item.revision:
            return was.story_id
        found = features(item.title, item.text, item.at)
        article = GroupedArticle(
            article_id=item.article_id, story_id="", revision=item.revision, at=item.at,
            day=found.day, terms=term_weights(found), names=found.names,
            signature=pack(found.signature), buckets=tuple(bands(found.signature)))
        orphans: list[GroupedArticle] = []
        if was is not None:
            orphans = self._take_out(was, item.at)
        story = self._place(article, item.at)
        if was is not None and story != was.story_id:
            self.moved += 1
            self._left(was.story_id, story, item.at)
        for orphan in orphans:  # what it brought in, placed again after it
            self._replace_orphan(orphan, item.at)
        return story

    def _left(self, story: str, went_to: str, at: datetime) -> None:
        """An article left ``story`` for ``went_to``: a member that stays is noted (its
        story's page lists one article fewer); a story it emptied becomes an alias of
        ``went_to``, so that a link to it still leads to the article."""
        now = self.tables.resolve(story)
        if now is None:
            self.tables.add_alias(story, went_to, at)
        elif (member := self.tables.any_member(now)) is not None:
            self.regrouped.add(member)

    def _replace_orphan(self, orphan: GroupedArticle, at: datetime) -> None:
        """A member whose way into its story has gone: it stays if it still belongs
        there (or is all that is left of it), else it is placed again, and a story it
        founds then is split from the one it left."""
        current = self.tables.member(orphan.article_id)
        if current is None or self._belongs(current):
            return
        more = self._take_out(current, at)
        left = self.tables.resolve(current.story_id)
        story = self._place(replace(current, story_id="", via="",
                                    buckets=tuple(bands(unpack(current.signature)))), at)
        if story != current.story_id:
            self.regrouped.add(current.article_id)
            self._left(current.story_id, story, at)
        if self.founded and left is not None:
            self.splits += 1
            self.tables.mark_split(story, left)
        for orphan_of_orphan in more:
            self._replace_orphan(orphan_of_orphan, at)

    def _belongs(self, member: GroupedArticle) -> bool:
        """Whether ``member`` is as near its story's other members as joining asks."""
        state = self.tables.stories([member.story_id]).get(member.story_id)
        if state is None or state.size <= 1:
            return True
        idf = self._idf(member.terms)
        held = self.tables.story_weights([member.story_id], member.terms).get(
            member.story_id, {})
        others = {t: held.get(t, 0.0) - w for t, w in member.terms.items()}
        own2 = sum(((held.get(t, 0.0)) ** 2 - others[t] ** 2) * idf[t] ** 2
                   for t in member.terms)
        rest = replace(state, norm2=state.norm2 - own2)
        vector = {t: w * idf[t] for t, w in member.terms.items()}
        length = math.sqrt(sum(x * x for x in vector.values()))
        return bool(length) and _cosine(vector, length, others, idf, rest) >= self.join

    def _take_out(self, member: GroupedArticle, at: datetime) -> list[GroupedArticle]:
        orphans = self.tables.brought_by(member.article_id)
        idf = self._idf(member.terms)
        held = self.tables.story_weights([member.story_id], member.terms).get(
            member.story_id, {})
        delta = sum(((held.get(t, 0.0) - w) ** 2 - held.get(t, 0.0) ** 2) * idf[t] ** 2
                    for t, w in member.terms.items())
        self.tables.remove(replace(member, buckets=tuple(bands(unpack(member.signature)))),
                           delta, at)
        return orphans

    def _idf(self, terms: dict[str, float]) -> dict[str, float]:
        """IDF by the frequencies now: ln((N + 1) / (df + 1)) + 1."""
        total = self.tables.count()
        df = self.tables.document_frequencies(terms)
        return {t: math.log((total + 1) / (df.get(t, 0) + 1)) + 1 for t in terms}

    def _place(self, article: GroupedArticle, at: datetime) -> str:
        idf = self._idf(article.terms)
        vector = {t: w * idf[t] for t, w in article.terms.items()}
        placement = self._duplicate_of(article) or self._closest(article, vector, idf)
        self.founded = placement is None
        if placement is None:
            placement = Placement(self.tables.new_story(article.article_id, article.day, at))
        for merged in placement.merged:
            self._merge(placement.story, merged, at)
        held = self.tables.story_weights([placement.story], article.terms).get(
            placement.story, {})
        delta = sum(((held.get(t, 0.0) + w) ** 2 - held.get(t, 0.0) ** 2) * idf[t] ** 2
                    for t, w in article.terms.items())
        self.tables.add(replace(article, story_id=placement.story, via=placement.via), delta)
        return placement.story

    def _duplicate_of(self, article: GroupedArticle) -> Placement | None:
        """The story of the article's near-duplicates, the others merged into it."""
        signature = unpack(article.signature)
        best: dict[str, tuple[float, str]] = {}
        for other, story, packed in self.tables.bucket_neighbours(
                article.buckets, article.day - DUPLICATE_WINDOW_DAYS,
                article.day + DUPLICATE_WINDOW_DAYS):
            score = similarity(signature, unpack(packed))
            if score >= DUPLICATE and score > best.get(story, (0.0, ""))[0]:
                best[story] = (score, other)
        if not best:
            return None
        states = self.tables.stories(best)
        ordered = sorted(states.values(), key=lambda state: state.founded)
        survivor = ordered[0].id
        return Placement(survivor, best[survivor][1],
                         tuple(state.id for state in ordered[1:]))

    def _closest(self, article: GroupedArticle, vector: dict[str, float],
                 idf: dict[str, float]) -> Placement | None:
        """The story whose centroid is nearest, at ``JOIN`` or above."""
        length = math.sqrt(sum(x * x for x in vector.values()))
        if not length:
            return None
        unseen = _unseen(self.tables.count())
        heaviest = sorted((t for t in vector if idf[t] < unseen),
                          key=lambda t: (-vector[t], t))[:QUERY_TERMS]
        votes: dict[str, dict[str, float]] = {}
        for term in heaviest:
            for other, story in self.tables.term_neighbours(
                    term, article.day - WINDOW_DAYS, article.day + WINDOW_DAYS,
                    POSTINGS_LIMIT):
                shared = votes.setdefault(story, {})
                shared[other] = shared.get(other, 0.0) + vector[term]
        if not votes:
            return None
        states = self.tables.stories(votes)
        weights = self.tables.story_weights(states, vector)
        scored = []
        for story, state in states.items():
            score = _cosine(vector, length, weights.get(story, {}), idf, state)
            if score >= self.join:
                scored.append((-score, state.founded, story))
        if not scored:
            return None
        story = min(scored)[2]
        return Placement(story, max(votes[story].items(), key=lambda kv: (kv[1], kv[0]))[0])

    def _merge(self, survivor: str, merged: str, at: datetime) -> None:
        weights = self.tables.all_weights(survivor)
        for term, weight in self.tables.all_weights(merged).items():
            weights[term] = weights.get(term, 0.0) + weight
        idf = self._idf(weights)
        norm2 = sum((w * idf[t]) ** 2 for t, w in weights.items())
        self.tables.merge(survivor, merged, norm2, at)
        self.merges += 1


def _unseen(total: int) -> float:
    """The IDF of a term no other article has: it finds no candidate."""
    return math.log(total + 1) + 1 - 1e-9


def _cosine(vector: dict[str, float], length: float, held: dict[str, float],
            idf: dict[str, float], state: StoryState) -> float:
    if state.norm2 <= 0:
        return 0.0
    dot = sum(x * held.get(t, 0.0) * idf[t] for t, x in vector.items())
    return dot / (length * math.sqrt(state.norm2))
