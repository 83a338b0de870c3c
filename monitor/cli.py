"""The ``monitor`` command.

Subcommands are thin: they parse arguments, build components from
:class:`~monitor.settings.Settings` and call into the package. Exit codes:
0 success, 1 when some input was rejected or a run failed, 2 usage errors.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import signal
import sys
from collections.abc import Awaitable, Callable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from monitor import __version__
from monitor.errors import ConfigError, InputError, MonitorError
from monitor.models import Article

if TYPE_CHECKING:
    from monitor.settings import Settings

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2
JSONL_SUFFIXES = {".jsonl", ".ndjson"}


def _err(message: str) -> None:
    print(f"monitor: {message}", file=sys.stderr)


# --------------------------------------------------------------------------- analyze


def read_articles(path: Path) -> Iterator[Article | InputError]:
    """Articles from one input file, in order; bad records come as InputError (the rest go on)."""
    name = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        yield InputError("no such file", file=name)
        return
    except OSError as exc:
        yield InputError(f"cannot read: {exc.strerror}", file=name)
        return
    if not raw.strip():
        yield InputError("empty file", file=name)
        return
    if b"\x00" in raw[:8192]:
        yield InputError("binary file (NUL bytes), expected UTF-8 text", file=name)
        return
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        yield InputError(f"not UTF-8 text (byte {exc.start})", file=name)
        return
    if path.suffix.lower() in JSONL_SUFFIXES:
        for lineno, line in enumerate(content.splitlines(), 1):
            if not line.strip():
                continue
            try:
                yield Article.from_json(line, default_id=f"{path.name}:{lineno}")
            except InputError as exc:
                yield InputError(exc.reason, file=name, line=lineno)
    else:
        yield Article(id=path.name, text=content)


def _first_date(paths: Sequence[Path], *, limit: int = 1000) -> datetime | None:
    """When the first dated article of the input was published (looking at most ``limit`` articles in)."""
    from monitor.analysis.temporal import infer_published

    seen = 0
    for path in paths:
        for item in read_articles(path):
            if isinstance(item, Article):
                dated = item.published or infer_published(item.text)
                if dated is not None:
                    return dated
            seen += 1
            if seen >= limit:
                return None
    return None


def cmd_analyze(args: argparse.Namespace) -> int:
    from monitor.analysis.pipeline import Pipeline, PipelineConfig
    from monitor.analysis.topics import TopicSet

    try:
        topics = TopicSet.load(args.topics) if args.topics else None
    except ConfigError as exc:
        _err(str(exc))
        return EXIT_USAGE
    pipeline = Pipeline(PipelineConfig(topics=topics))
    start = _first_date(args.files)
    if start is not None:
        # Undated articles read before the first dated one belong to the same stream: place them at
        # its time rather than today's (their stories and "in June" are read against it).
        pipeline.start_clock(start)
    rejected = 0
    out = sys.stdout
    for path in args.files:
        for item in read_articles(path):
            if isinstance(item, InputError):
                rejected += 1
                _err(str(item))
                continue
            analysis = pipeline.process(item)
            out.write(json.dumps(analysis.to_dict(), ensure_ascii=False) + "\n")
            out.flush()
    if rejected:
        _err(f"{rejected} input record(s) rejected")
    return EXIT_REJECTED if rejected else EXIT_OK


# --------------------------------------------------------------------------- config


def cmd_config_show(args: argparse.Namespace) -> int:
    from monitor.settings import Settings

    settings = Settings()
    # SecretStr fields print as '**********': secrets never reach the terminal.
    print(settings.model_dump_json(indent=2))
    return EXIT_OK


# --------------------------------------------------------------------------- run / demo / alerts


def _settings(args: argparse.Namespace) -> Settings:
    from monitor.settings import Settings

    overrides: dict[str, object] = {}
    if getattr(args, "data_dir", None):
        overrides["data_dir"] = args.data_dir
    if getattr(args, "metrics_port", None) is not None:
        overrides["metrics_port"] = args.metrics_port
    return Settings(**overrides)  # type: ignore[arg-type]


def _run_until_signal(main: Callable[[asyncio.Event], Awaitable[None]]) -> None:
    """Run ``main(stop)``; SIGINT/SIGTERM set ``stop`` so in-flight work finishes cleanly."""

    async def runner() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await main(stop)

    asyncio.run(runner())


def cmd_run(args: argparse.Namespace) -> int:
    from monitor.feeds.config import load_feeds
    from monitor.logs import setup_logging
    from monitor.runtime.embedded import EmbeddedRunner

    settings = _settings(args)
    setup_logging(settings.log_level)
    feeds = load_feeds(args.feeds or settings.feeds.feeds_file)
    runner = EmbeddedRunner(settings, feeds)
    _run_until_signal(lambda stop: runner.run(stop, once=args.once))
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from monitor.demo.run import run_demo
    from monitor.logs import setup_logging

    setup_logging("WARNING")

    async def main(stop: asyncio.Event) -> None:
        task = asyncio.create_task(run_demo(follow=args.follow, metrics_port=args.metrics_port or 0,
                                            data_dir=args.data_dir))
        stopper = asyncio.create_task(stop.wait())
        done, _ = await asyncio.wait({task, stopper}, return_when=asyncio.FIRST_COMPLETED)
        if task not in done:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        stopper.cancel()

    _run_until_signal(main)
    return EXIT_OK


def cmd_alerts_resend(args: argparse.Namespace) -> int:
    from monitor.alerts.dispatcher import DeadLetters, Dispatcher, SqliteDeliveredStore, resend
    from monitor.logs import setup_logging
    from monitor.runtime.embedded import build_sinks
    from monitor.state.sqlite import connect

    settings = _settings(args)
    setup_logging(settings.log_level)
    path = args.file or settings.alerts.dead_letter_path or settings.data_dir / "dead_letters.jsonl"

    async def main() -> int:
        import httpx

        async with httpx.AsyncClient(timeout=10.0) as client:
            sinks = build_sinks(settings.alerts, client, data_dir=settings.data_dir)
            conn = connect(settings.data_dir / "state.db")
            dispatcher = Dispatcher(sinks, delivered=SqliteDeliveredStore(conn))
            report = await resend(DeadLetters(path), dispatcher)
            conn.close()
        print(f"resent {report.delivered}, still failing {report.failed}, unknown sink {report.unknown_sink}")
        return EXIT_OK if report.failed == 0 and report.unknown_sink == 0 else EXIT_REJECTED

    return asyncio.run(main())


def cmd_worker(args: argparse.Namespace) -> int:
    from monitor.logs import setup_logging
    from monitor.stream.worker import run_worker

    settings = _settings(args)
    setup_logging(settings.log_level)
    run_worker(settings, poll=not args.no_poll)
    return EXIT_OK


def cmd_poll(args: argparse.Namespace) -> int:
    from monitor.logs import setup_logging
    from monitor.stream.worker import run_poller

    settings = _settings(args)
    setup_logging(settings.log_level)
    run_poller(settings)
    return EXIT_OK


def cmd_stack(args: argparse.Namespace) -> int:
    from monitor import stack

    settings = _settings(args)
    if args.action == "up":
        info = stack.up(settings.data_dir, kafka_port=args.kafka_port, redis_port=args.redis_port)
        print("\n".join(f"{k}: {v}" for k, v in info.items()))
    elif args.action == "down":
        stack.down(settings.data_dir)
        print("stopped")
    else:
        states = stack.status(settings.data_dir)
        print("\n".join(f"{k}: {v}" for k, v in states.items()))
        return EXIT_OK if all(v == "running" for v in states.values()) else EXIT_REJECTED
    return EXIT_OK


def cmd_backtest(args: argparse.Namespace) -> int:
    from monitor import backtest as bt
    from monitor.analysis.topics import TopicSet

    if args.processes is not None and args.processes < 1:
        _err(f"--processes must be at least 1, got {args.processes}")
        return EXIT_USAGE
    articles, errors = bt.read_jsonl(args.files)
    if args.topic:
        settings = _settings(args)
        since = bt.parse_when(args.since) if args.since else None
        until = bt.parse_when(args.until) if args.until else None
        offsets = bt.parse_offsets(args.offsets) if args.offsets else None
        got, errs = asyncio.run(bt.read_topic(settings.kafka.bootstrap_servers, args.topic, since, until, offsets))
        articles += got
        errors += errs
    for e in errors:
        _err(e)
    if not articles:
        _err("no articles in the given range/files")
        return EXIT_REJECTED
    topics = TopicSet.load(args.topics) if args.topics else None
    base = TopicSet.load(args.compare) if args.compare else None
    labels = bt.read_labels(args.labels) if args.labels else None
    if args.quiet:
        report = bt.backtest(articles, topics=topics, base_topics=base, labels=labels, processes=args.processes)
    else:
        from rich.progress import MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        total = len(articles) * (2 if base is not None else 1)
        with Progress(TextColumn("backtest"), MofNCompleteColumn(), TextColumn("{task.speed} articles/s"),
                      TimeRemainingColumn(), transient=True) as bar:
            task = bar.add_task("articles", total=total)
            report = bt.backtest(articles, topics=topics, base_topics=base, labels=labels,
                                 progress=lambda n: bar.advance(task, n), processes=args.processes)
    if args.report:
        path = bt.write_report(args.report, report)
        _err(f"report written to {path}")
    if args.quiet:
        print(json.dumps(report["summary"]))
    else:
        from rich.console import Console
        from rich.table import Table

        console = Console()
        t = Table(title="Backtest")
        t.add_column("measure")
        t.add_column("value", justify="right")
        for k, v in report["summary"].items():
            t.add_row(k, json.dumps(v) if isinstance(v, dict) else str(v))
        if "compare" in report:
            c = report["compare"]
            t.add_row("alerts only in candidate", str(len(c["only_in_candidate"])))
            t.add_row("alerts only in base", str(len(c["only_in_base"])))
            t.add_row("alerts in both", str(c["in_both"]))
        console.print(t)
        if "scores" in report:
            s = Table(title="Scores")
            for col in ("field", "precision", "recall", "f1", "tp", "fp", "fn"):
                s.add_column(col)
            for name, v in report["scores"]["fields"].items():
                s.add_row(name, *(str(v[c]) for c in ("precision", "recall", "f1", "tp", "fp", "fn")))
            console.print(s)
    return EXIT_REJECTED if errors else EXIT_OK


def cmd_replay(args: argparse.Namespace) -> int:
    from monitor import backtest as bt

    settings = _settings(args)
    since = bt.parse_when(args.since) if args.since else None
    until = bt.parse_when(args.until) if args.until else None
    n = asyncio.run(bt.replay(settings.kafka.bootstrap_servers, args.source, args.target, since=since, until=until,
                              rate=args.rate, dry_run=args.dry_run, run_id=args.run_id))
    print(f"{'would send' if args.dry_run else 'sent'} {n} record(s) from {args.source} to {args.target}")
    return EXIT_OK


# --------------------------------------------------------------------------- parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="monitor", description="Stream-processing news monitor.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("analyze", help="analyse article files as one stream; one JSON line per article")
    p.add_argument("--topics", type=Path, help="topics YAML (default: the packaged topics)")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE", help=".jsonl (one article per line) or .txt files")
    p.set_defaults(func=cmd_analyze)

    p = sub.add_parser("run", help="poll feeds, analyse and alert in one process (embedded, no broker)")
    p.add_argument("--feeds", type=Path, help="feeds YAML (default: the packaged public feed list)")
    p.add_argument("--data-dir", type=Path, help="state directory (default: ./data or MONITOR_DATA_DIR)")
    p.add_argument("--metrics-port", type=int, help="port for /metrics and /healthz (0: any free port)")
    p.add_argument("--once", action="store_true", help="poll every feed once, deliver, and exit")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("demo", help="offline demo on bundled sample feeds")
    p.add_argument("--follow", action="store_true", help="keep running after the first cycle")
    p.add_argument("--metrics-port", type=int, default=0)
    p.add_argument("--data-dir", type=Path, help="keep the demo's state here (default: a temporary directory)")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("worker", help="distributed worker: Faust agents on Kafka, state in Redis, pollers")
    p.add_argument("--no-poll", action="store_true", help="analyse and deliver only; run pollers elsewhere")
    p.add_argument("--data-dir", type=Path)
    p.add_argument("--metrics-port", type=int)
    p.set_defaults(func=cmd_worker)

    p = sub.add_parser("poll", help="distributed pollers only (produce articles to Kafka)")
    p.add_argument("--data-dir", type=Path)
    p.add_argument("--metrics-port", type=int)
    p.set_defaults(func=cmd_poll)

    p = sub.add_parser("backtest", help="run history through an isolated pipeline; compare rules; score labels")
    p.add_argument("files", nargs="*", type=Path, metavar="FILE", help=".jsonl archives")
    p.add_argument("--topic", help="read this Kafka topic (e.g. news.articles) over --since/--until")
    p.add_argument("--since", help="ISO time or relative (7d, 12h)")
    p.add_argument("--until", help="ISO time or relative")
    p.add_argument("--offsets", help="offset ranges instead of times: START-END or P:START-END[,P:START-END]")
    p.add_argument("--topics", type=Path, help="candidate topics file")
    p.add_argument("--compare", type=Path, metavar="BASE_TOPICS", help="base topics file to compare with")
    p.add_argument("--labels", type=Path, help="JSONL of expected results per article id")
    p.add_argument("--report", type=Path, metavar="DIR", help="write report.json and report.html here")
    p.add_argument("--quiet", action="store_true", help="one JSON summary line, for scripts")
    p.add_argument("--processes", type=int, metavar="N",
                   help="processes that analyse articles (default: one per CPU from 2,000 articles; "
                        "results do not depend on it)")
    p.set_defaults(func=cmd_backtest)

    p = sub.add_parser("replay", help="re-publish a range of a topic so live agents re-process it")
    p.add_argument("--from", dest="source", required=True, help="source topic")
    p.add_argument("--to", dest="target", required=True, help="target topic (e.g. news.articles)")
    p.add_argument("--since")
    p.add_argument("--until")
    p.add_argument("--rate", type=float, help="records per second (throttle)")
    p.add_argument("--dry-run", action="store_true", help="count what would be sent")
    p.add_argument("--run-id", default="replay", help="recorded in a 'replay-run' header")
    p.set_defaults(func=cmd_replay)

    p = sub.add_parser("stack", help="local Kafka + Redis + worker without Docker")
    p.add_argument("action", choices=["up", "down", "status"])
    p.add_argument("--data-dir", type=Path)
    p.add_argument("--kafka-port", type=int, default=9092)
    p.add_argument("--redis-port", type=int, default=6379)
    p.set_defaults(func=cmd_stack)

    p = sub.add_parser("alerts", help="alert delivery tools")
    asub = p.add_subparsers(dest="alerts_command", required=True, metavar="ACTION")
    a = asub.add_parser("resend", help="deliver dead-lettered alerts again")
    a.add_argument("--file", type=Path, help="dead-letter file (default: DATA_DIR/dead_letters.jsonl)")
    a.add_argument("--data-dir", type=Path)
    a.set_defaults(func=cmd_alerts_resend)

    p = sub.add_parser("config", help="inspect configuration")
    csub = p.add_subparsers(dest="config_command", required=True, metavar="ACTION")
    c = csub.add_parser("show", help="print the effective settings (secrets hidden)")
    c.set_defaults(func=cmd_config_show)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.func(args)
    except ConfigError as exc:
        _err(str(exc))
        return EXIT_USAGE
    except MonitorError as exc:
        _err(str(exc))
        return EXIT_REJECTED
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away ("monitor analyze ... | head"): stop quietly, as Unix tools do. Point
        # stdout at /dev/null so the interpreter's final flush does not raise again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141  # 128 + SIGPIPE, what a shell reports for a tool killed by it
    return code


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
