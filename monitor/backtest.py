"""Backtests: run history through a fresh, isolated pipeline and measure rule changes.

Isolation is by construction: the pipeline gets in-memory stores only, and no
sink or Redis client is ever created here, so a backtest cannot touch the live
system's state or deliver an alert.

* Sources: ``.jsonl`` archives, or a Kafka topic read over a time range
  (``--since``/``--until``), merged into one stream ordered by published time.
* ``--compare BASE``: run the same stream with the base topics file too and
  report alerts only in A, only in B, in both, and tags gained/lost per topic.
* ``--labels FILE``: score topics, troop-figure values and action types against
  expected values (precision, recall, F1), with the misses and false alarms.
"""

from __future__ import annotations

import html
import json
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from monitor.analysis.fanout import prepared
from monitor.analysis.pipeline import Pipeline, PipelineConfig, fact_sentences
from monitor.analysis.topics import TopicSet
from monitor.errors import InputError, MonitorError
from monitor.gcutil import frozen
from monitor.models import Alert, Analysis, Article, format_time, parse_time

_RELATIVE = re.compile(r"^(\d+)([mhdw])$")
Progress = Callable[[int], None]


def parse_when(value: str, *, now: datetime | None = None) -> datetime:
    """ISO-8601, or relative like ``7d``, ``12h``, ``30m``, ``2w`` (before now)."""
    m = _RELATIVE.match(value.strip())
    if m:
        n, unit = int(m.group(1)), m.group(2)
        delta = {"m": timedelta(minutes=n), "h": timedelta(hours=n), "d": timedelta(days=n), "w": timedelta(weeks=n)}
        return (now or datetime.now(UTC)) - delta[unit]
    when = parse_time(value, what="time")
    if when is None:
        raise InputError(f"not a time: {value!r}")
    return when


def read_jsonl(paths: Sequence[Path]) -> tuple[list[Article], list[str]]:
    """Articles from archives; bad records are reported (file:line) and skipped."""
    out: list[Article] = []
    errors: list[str] = []
    for path in paths:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            errors.append(f"{path}: cannot read: {exc.strerror}")
            continue
        for n, line in enumerate(lines, 1):
            if line.strip():
                try:
                    out.append(Article.from_json(line, default_id=f"{path.name}:{n}"))
                except InputError as exc:
                    errors.append(f"{path}:{n}: {exc.reason}")
    return out, errors


def parse_offsets(spec: str) -> dict[int | None, tuple[int, int]]:
    """``"100-200"`` (every partition) or ``"0:100-200,1:50-90"`` -> {partition or None: (start, end)}."""
    out: dict[int | None, tuple[int, int]] = {}
    for part in spec.split(","):
        m = re.fullmatch(r"\s*(?:(\d+):)?(\d+)-(\d+)\s*", part)
        if not m or int(m.group(2)) > int(m.group(3)):
            raise InputError(f"bad offset range {part!r}: expected START-END or PARTITION:START-END")
        out[int(m.group(1)) if m.group(1) is not None else None] = (int(m.group(2)), int(m.group(3)))
    return out


async def read_topic(bootstrap: str, topic: str, since: datetime | None, until: datetime | None,
                     offsets: dict[int | None, tuple[int, int]] | None = None) -> tuple[list[Article], list[str]]:
    """Every article of a Kafka topic whose record time is in [since, until) — or whose offset is in
    the given [start, end) ranges — over all partitions."""
    from aiokafka import AIOKafkaConsumer, TopicPartition
    from aiokafka.admin import AIOKafkaAdminClient

    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        described = await admin.describe_topics([topic])
    finally:
        await admin.close()
    if not described or described[0].get("error_code") or not described[0].get("partitions"):
        raise MonitorError(f"unknown topic {topic!r} on {bootstrap}")
    tps = [TopicPartition(topic, p["partition"]) for p in described[0]["partitions"]]
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, group_id=None,
                                auto_offset_reset="earliest")
    await consumer.start()
    out: list[Article] = []
    errors: list[str] = []
    try:
        consumer.assign(tps)
        ends = await consumer.end_offsets(tps)
        if offsets is not None:
            chosen = [tp for tp in tps if tp.partition in offsets or None in offsets]
            for tp in tps:
                rng = offsets.get(tp.partition, offsets.get(None))
                if rng is None:
                    ends[tp] = 0
                    continue
                ends[tp] = min(ends[tp], rng[1])
                consumer.seek(tp, rng[0])
            tps = chosen
        elif since is not None:
            found = await consumer.offsets_for_times({tp: int(since.timestamp() * 1000) for tp in tps})
            for tp in tps:
                ts = found.get(tp)
                if ts is None:
                    consumer.seek(tp, ends[tp])
                else:
                    consumer.seek(tp, ts.offset)
        else:
            # Explicit offsets: seek_to_beginning() is lazy and can race with position().
            starts = await consumer.beginning_offsets(tps)
            for tp in tps:
                consumer.seek(tp, starts[tp])
        pending = set()
        for tp in tps:
            if await consumer.position(tp) < ends[tp]:
                pending.add(tp)
        # Records at or past a partition's end (offset ranges) are not read.
        stop_ms = int(until.timestamp() * 1000) if until else None
        while pending:
            batch = await consumer.getmany(*pending, timeout_ms=1000)
            for tp, msgs in batch.items():
                for m in msgs:
                    if m.offset >= ends[tp]:
                        pending.discard(tp)
                        break
                    if m.offset + 1 >= ends[tp] or (stop_ms is not None and m.timestamp >= stop_ms):
                        pending.discard(tp)
                    if stop_ms is not None and m.timestamp >= stop_ms:
                        break
                    try:
                        out.append(Article.from_json(m.value or b""))
                    except InputError as exc:
                        errors.append(f"{topic}[{tp.partition}]@{m.offset}: {exc.reason}")
            if not batch:
                for tp in list(pending):
                    if await consumer.position(tp) >= ends[tp]:
                        pending.discard(tp)
    finally:
        await consumer.stop()
    return out, errors


def ordered(articles: Iterable[Article]) -> list[Article]:
    """One stream in published order (undated articles keep their place after the dated ones before them)."""
    return sorted(articles, key=lambda a: a.published.timestamp() if a.published else float("inf"))


def alert_key(alert: Alert | dict[str, Any]) -> tuple[Any, ...]:
    d = alert.to_dict() if isinstance(alert, Alert) else alert
    if d["kind"] == "troop_figure":
        return ("troop_figure", d.get("actor"), d.get("value"))
    return ("diplomatic_action", d.get("type"), tuple(sorted(d.get("actors", []))), tuple(sorted(d.get("targets", []))))


@dataclass
class Run:
    analyses: list[Analysis]
    alerts: list[Alert] = field(default_factory=list)

    @classmethod
    def of(cls, articles: Sequence[Article], topics: TopicSet | None, *, progress: Progress | None = None,
           processes: int | None = None) -> Run:
        """Analyse the stream; the stateless half of the work is spread over ``processes`` processes
        (default: one per CPU for large inputs). The results do not depend on the number."""
        return cls.many(articles, [topics], progress=progress, processes=processes)[0]

    @classmethod
    def many(cls, articles: Sequence[Article], topic_sets: Sequence[TopicSet | None], *,
             progress: Progress | None = None, processes: int | None = None) -> list[Run]:
        """One run per topics file over the same stream, each with its own state.

        Only topic tags depend on the topics file, so each article is prepared once and
        re-tagged for the other runs: a comparison costs little more than one run.
        """
        pipelines = [Pipeline(PipelineConfig(topics=t)) for t in topic_sets]  # memory stores: isolated
        analyses: list[list[Analysis]] = [[] for _ in pipelines]
        first, rest = pipelines[0], pipelines[1:]
        with frozen():  # the pipelines and the whole input stay to the end
            for p in prepared(articles, first, processes=worker_processes(processes, len(articles))):
                analyses[0].append(first.commit(p))
                for pipeline, out in zip(rest, analyses[1:], strict=True):
                    tags = pipeline.topics.tag(p.sentences, title=p.article.title, facts=fact_sentences(
                        p.troop_figures, p.casualties, p.diplomatic_actions))
                    out.append(pipeline.commit(replace(p, topics=tags)))
                if progress is not None:
                    progress(len(pipelines))
        return [cls(a, [al for an in a for al in an.alerts]) for a in analyses]


# Below this many articles, starting worker processes (~1 s) costs more than it saves.
PARALLEL_FROM = 2_000


def worker_processes(requested: int | None, articles: int) -> int:
    """How many processes prepare articles: ``requested``, or one per usable CPU for large inputs."""
    if requested is not None:
        if requested < 1:
            raise InputError(f"--processes must be at least 1, got {requested}")
        return requested
    if articles < PARALLEL_FROM:
        return 1
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def compare(a: Run, b: Run) -> dict[str, Any]:
    ka, kb = Counter(alert_key(x) for x in a.alerts), Counter(alert_key(x) for x in b.alerts)
    tags: dict[str, dict[str, int]] = {}
    for x, y in zip(a.analyses, b.analyses, strict=True):
        for t in set(x.topics) - set(y.topics):
            tags.setdefault(t, {"gained": 0, "lost": 0})["gained"] += 1
        for t in set(y.topics) - set(x.topics):
            tags.setdefault(t, {"gained": 0, "lost": 0})["lost"] += 1
    return {
        "only_in_candidate": [list(k) for k in (ka - kb).elements()],
        "only_in_base": [list(k) for k in (kb - ka).elements()],
        "in_both": sum((ka & kb).values()),
        "tags": tags,
    }


def _prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def score(run: Run, labels: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Precision/recall/F1 per field (and per topic) on the labelled articles; misses and false alarms listed."""
    by_id = {a.id: a for a in run.analyses}
    unknown = sorted(set(labels) - set(by_id))
    if unknown:
        raise InputError(f"labels name {len(unknown)} article id(s) not in the input, e.g. {unknown[0]!r}")
    counts: dict[str, list[int]] = {}
    problems: list[dict[str, Any]] = []

    def add(name: str, got: set[Any], want: set[Any], art: Analysis, sentences: dict[Any, str]) -> None:
        c = counts.setdefault(name, [0, 0, 0])
        c[0] += len(got & want)
        c[1] += len(got - want)
        c[2] += len(want - got)
        for x in sorted(got - want, key=str):
            problems.append({"article": art.id, "field": name, "false_alarm": x, "sentence": sentences.get(x)})
        for x in sorted(want - got, key=str):
            problems.append({"article": art.id, "field": name, "missed": x})

    for art_id, expected in labels.items():
        art = by_id[art_id]
        if "topics" in expected:
            got, want = set(art.topics), set(expected["topics"])
            add("topics", got, want, art, {})
            for t in got | want:
                add(f"topic:{t}", got & {t}, want & {t}, art, {})
        if "troop_figures" in expected:
            fig_sents: dict[Any, str] = {f.value: f.sentence for f in art.troop_figures}
            want_v = {f["value"] if isinstance(f, dict) else f for f in expected["troop_figures"]}
            add("troop_figures", {f.value for f in art.troop_figures if f.value is not None}, want_v, art, fig_sents)
        if "diplomatic_actions" in expected:
            act_sents: dict[Any, str] = {a.type: a.sentence for a in art.diplomatic_actions}
            want_t = {a["type"] if isinstance(a, dict) else a for a in expected["diplomatic_actions"]}
            add("diplomatic_actions", {a.type for a in art.diplomatic_actions}, want_t, art, act_sents)
        if "duplicate_of" in expected:
            add("duplicate_of", {art.duplicate_of} - {None}, {expected["duplicate_of"]} - {None}, art, {})
    return {"fields": {k: _prf(*v) for k, v in sorted(counts.items())}, "problems": problems}


def read_labels(path: Path) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
        except ValueError as exc:
            raise InputError(f"invalid JSON: {exc}", file=str(path), line=n) from None
        if not isinstance(d, dict) or not isinstance(d.get("id"), str):
            raise InputError("each label needs an 'id'", file=str(path), line=n)
        out[d["id"]] = d
    return out


def summary(run: Run) -> dict[str, Any]:
    per_topic = Counter(t for a in run.analyses for t in a.topics)
    kinds = Counter(a.kind for a in run.alerts)
    return {"articles": len(run.analyses), "alerts": len(run.alerts), "alerts_by_kind": dict(kinds),
            "tagged_by_topic": dict(per_topic), "duplicates": sum(1 for a in run.analyses if a.duplicate_of)}


def figure_history(run: Run) -> dict[str, list[tuple[str, int]]]:
    out: dict[str, list[tuple[str, int]]] = {}
    for al in run.alerts:
        if al.kind == "troop_figure" and al.fact.get("value") is not None:
            when = format_time(al.first_seen) or ""
            out.setdefault(str(al.fact.get("actor")), []).append((when, int(al.fact["value"])))
    return out


def write_report(directory: Path, report: dict[str, Any]) -> Path:
    """``report.json`` and a self-contained ``report.html`` (inline SVG charts, no scripts from elsewhere)."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "report.json").write_text(json.dumps(report, indent=2, default=str))
    s = report["summary"]
    bars = "".join(
        f'<rect x="{10 + i * 60}" y="{150 - v * 140 / max(1, max(s["tagged_by_topic"].values() or [1]))}" '
        f'width="40" height="{v * 140 / max(1, max(s["tagged_by_topic"].values() or [1]))}" fill="#4a7"/>'
        f'<text x="{10 + i * 60}" y="165" font-size="9">{html.escape(t)}</text>'
        for i, (t, v) in enumerate(sorted(s["tagged_by_topic"].items())))
    lines = []
    for actor, points in report.get("figure_history", {}).items():
        top = max(v for _, v in points) or 1
        pts = " ".join(f"{20 + i * 40},{150 - v * 130 / top}" for i, (_, v) in enumerate(points))
        lines.append(f"<h3>{html.escape(actor)}</h3><svg width='400' height='170' role='img'>"
                     f"<polyline points='{pts}' fill='none' stroke='#a44' stroke-width='2'/></svg>")
    timeline = "".join(f"<li>{html.escape(str(a.get('first_seen')))} — {html.escape(a['summary'])}</li>"
                       for a in report.get("alerts", []))
    diff = report.get("compare")
    diff_html = ""
    if diff:
        diff_html = ("<h2>Compared with the base rules</h2><table><tr><th>only in candidate</th><th>only in base</th>"
                     f"<th>in both</th></tr><tr><td>{len(diff['only_in_candidate'])}</td>"
                     f"<td>{len(diff['only_in_base'])}</td><td>{diff['in_both']}</td></tr></table>")
    page = (f"<!doctype html><html><head><meta charset='utf-8'><title>Backtest report</title></head><body>"
            f"<h1>Backtest report</h1><p>{s['articles']} articles, {s['alerts']} alerts, {s['duplicates']} "
            f"duplicates.</p><h2>Articles per topic</h2><svg width='400' height='170' role='img'>{bars}</svg>"
            f"<h2>Troop figures per actor</h2>{''.join(lines) or '<p>none</p>'}{diff_html}"
            f"<h2>Alerts timeline</h2><ol>{timeline}</ol></body></html>")
    out = directory / "report.html"
    out.write_text(page)
    return out


def backtest(articles: Sequence[Article], *, topics: TopicSet | None = None, base_topics: TopicSet | None = None,
             labels: dict[str, dict[str, Any]] | None = None, progress: Progress | None = None,
             processes: int | None = None) -> dict[str, Any]:
    stream = ordered(articles)
    runs = Run.many(stream, [topics] if base_topics is None else [topics, base_topics], progress=progress,
                    processes=processes)
    run = runs[0]
    report: dict[str, Any] = {"summary": summary(run), "alerts": [a.to_dict() for a in run.alerts],
                              "figure_history": figure_history(run)}
    if base_topics is not None:
        report["compare"] = compare(run, runs[1])
    if labels is not None:
        report["scores"] = score(run, labels)
    return report


async def replay(bootstrap: str, source: str, target: str, *, since: datetime | None = None,
                 until: datetime | None = None, rate: float | None = None, dry_run: bool = False,
                 run_id: str = "replay") -> int:
    """Re-publish a range of ``source`` into ``target`` (keys and values unchanged, a ``replay-run``
    header added), throttled to ``rate`` records/s. Returns how many records were (or would be) sent.

    Idempotent downstream: article ids are unchanged, so facts keep their alert ids and delivery
    skips what was already delivered; running the same replay twice alerts nothing new.
    """
    import asyncio
    import time

    from aiokafka import AIOKafkaProducer

    articles, errors = await read_topic(bootstrap, source, since, until)
    if errors:
        raise InputError(f"{len(errors)} malformed record(s) in {source}, e.g. {errors[0]}")
    if dry_run:
        return len(articles)
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        started = time.monotonic()
        for i, art in enumerate(ordered(articles)):
            if rate:
                delay = started + i / rate - time.monotonic()
                if delay > 0:
                    await asyncio.sleep(delay)
            await producer.send_and_wait(target, art.to_json(), key=(art.url or art.id).encode(),
                                         headers=[("replay-run", run_id.encode())])
    finally:
        await producer.stop()
    return len(articles)
