"""The ``monitor`` command.

Subcommands are thin: they parse arguments, build components from
:class:`~monitor.settings.Settings` and call into the package. Exit codes:
0 success, 1 when some input was rejected or a run failed, 2 usage errors.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from monitor import __version__
from monitor.errors import ConfigError, InputError, MonitorError
from monitor.models import Article

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


def cmd_analyze(args: argparse.Namespace) -> int:
    from monitor.analysis.pipeline import Pipeline, PipelineConfig
    from monitor.analysis.topics import TopicSet

    try:
        topics = TopicSet.load(args.topics) if args.topics else None
    except ConfigError as exc:
        _err(str(exc))
        return EXIT_USAGE
    pipeline = Pipeline(PipelineConfig(topics=topics))
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


# --------------------------------------------------------------------------- parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="monitor", description="Stream-processing news monitor.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("analyze", help="analyse article files as one stream; one JSON line per article")
    p.add_argument("--topics", type=Path, help="topics YAML (default: the packaged topics)")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE", help=".jsonl (one article per line) or .txt files")
    p.set_defaults(func=cmd_analyze)

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
    return code


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
