"""Download the upstream reference datasets into the data directory (for users without ../shared)."""

from __future__ import annotations

import csv
import gzip
import io
import json
import tarfile
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from importlib import resources
from pathlib import Path

from gazetteer.exc import SourceError
from gazetteer.fileio import atomic_write

__all__ = ["fetch", "UPSTREAM"]

_TIMEOUT_S = 60


def _upstream() -> list[dict[str, str]]:
    text = resources.files("gazetteer").joinpath("data/upstream.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(line for line in text.splitlines() if not line.startswith("#")))


UPSTREAM = _upstream()


def _url(template: str) -> str:
    """The URL to fetch: '@NAME' becomes the URL-encoded text of gazetteer/data/NAME (an Overpass query)."""
    if "@" not in template:
        return template
    head, name = template.split("@", 1)
    query = resources.files("gazetteer").joinpath("data", name).read_text(encoding="utf-8")
    query = "\n".join(line for line in query.splitlines() if not line.lstrip().startswith("//"))
    return head + urllib.parse.quote(query, safe="")


def _download(url: str) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=_TIMEOUT_S) as response:  # noqa: S310 (fixed https URLs)
            return response.read()
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise SourceError(f"cannot download {url}: {reason} (offline? copy the files into the data directory)") from exc


def _unpack(content: bytes, how: str, member: str) -> bytes:
    if how.startswith("zip:"):
        with zipfile.ZipFile(io.BytesIO(content)) as zf:
            return zf.read(how[4:])
    if how == "filter-sy":
        lines = content.decode("utf-8").splitlines(keepends=True)
        return "".join(line for line in lines if line.startswith("SY.")).encode("utf-8")
    if how == "wof-bundle":
        return _wof_bundle(content)
    if how == "overpass-json":
        try:  # a rate-limit or timeout page is HTML: fail here, not at build time
            data = json.loads(content)
        except ValueError:
            data = None
        if not isinstance(data, dict) or "elements" not in data:
            raise SourceError("the Overpass API answered without elements (busy? try again later)")
        return content
    if how == "ne-syria":
        data = json.loads(content)
        data["features"] = [f for f in data["features"] if f["properties"].get("ADM0_A3") == "SYR"]
        return json.dumps(data).encode("utf-8")
    return content


def _wof_bundle(tarball: bytes) -> bytes:
    """Every record under data/ of a WOF repository tarball, one JSON per line, gzip'd."""
    out = io.BytesIO()
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as tar, gzip.open(out, "wt", encoding="utf-8") as gz:
        for member in tar:
            if member.isfile() and "/data/" in member.name and member.name.endswith(".geojson") \
                    and "-alt-" not in member.name:
                record = json.load(tar.extractfile(member))
                gz.write(json.dumps(record, ensure_ascii=False) + "\n")
    return out.getvalue()


def fetch(data_dir: Path, *, only: list[str] | None = None) -> list[Path]:
    """Download each upstream file into data_dir/<folder>/ (atomically); returns the files written."""
    written = []
    for entry in UPSTREAM:
        if only and entry["folder"] not in only:
            continue
        content = _unpack(_download(_url(entry["url"])), entry["unpack"], entry["file"])
        target = data_dir / entry["folder"] / entry["file"]
        written.append(atomic_write(target, lambda tmp, data=content: Path(tmp).write_bytes(data)))
    return written
