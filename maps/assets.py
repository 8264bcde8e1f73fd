"""The browser libraries a map needs: CDN links for online maps, an inlined bundle for offline ones.

No third-party JavaScript is kept in this repository. `fetch_assets` downloads the pinned npm releases
listed in ``data/assets.json`` (checked against their registry integrity hash) into a local cache;
`offline_bundle` reads them back and inlines them, images included, so an offline map needs no network.
"""

from __future__ import annotations

import base64
import hashlib
import json
import mimetypes
import os
import re
import shutil
import tarfile
import tempfile
import urllib.request
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from gazetteer.exc import CacheError, SourceError

__all__ = [
    "Asset",
    "MissingAssetsError",
    "asset_catalogue",
    "assets_dir",
    "fetch_assets",
    "missing_assets",
    "offline_bundle",
    "cdn_links",
]

_CATALOGUE = Path(__file__).with_name("data") / "assets.json"
_ENV_ASSETS = "SYRMAP_ASSETS"
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")


class MissingAssetsError(SourceError):
    """An offline map was asked for but the browser libraries are not in the asset cache."""


@dataclass(frozen=True)
class Asset:
    """One pinned npm package and the files of it that a map loads, in load order."""

    name: str
    version: str
    integrity: str
    js: tuple[str, ...]
    css: tuple[str, ...]

    @property
    def folder(self) -> str:
        """The cache sub-folder holding this exact release."""
        return f"{self.name}-{self.version}"


@cache
def _catalogue() -> dict:
    return json.loads(_CATALOGUE.read_text(encoding="utf-8"))


def asset_catalogue() -> tuple[Asset, ...]:
    """The pinned browser libraries, leaflet first."""
    return tuple(
        Asset(p["name"], p["version"], p["integrity"], tuple(p["js"]), tuple(p["css"]))
        for p in _catalogue()["packages"]
    )


def assets_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """The asset folder: `path`, else $SYRMAP_ASSETS, else ``assets`` in the user data dir.

    Not the gazetteer's cache dir: that cache may be wiped and rebuilt offline, these files cannot be.
    """
    if path:
        return Path(path).expanduser()
    if os.environ.get(_ENV_ASSETS):
        return Path(os.environ[_ENV_ASSETS]).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("syrmap")) / "assets"


def missing_assets(path: str | os.PathLike[str] | None = None) -> list[str]:
    """Names of the pinned packages whose files are not (all) in the cache."""
    root = assets_dir(path)
    return [
        a.folder for a in asset_catalogue() if not all((root / a.folder / f).is_file() for f in a.js + a.css)
    ]


def _check_integrity(data: bytes, integrity: str) -> None:
    algo, _, expected = integrity.partition("-")
    actual = base64.b64encode(hashlib.new(algo, data).digest()).decode()
    if actual != expected:
        raise SourceError(f"downloaded archive does not match its pinned {algo} hash; refusing to use it")


def _download(asset: Asset, timeout: float) -> bytes:
    url = _catalogue()["registry"].format(name=asset.name, version=asset.version)
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:  # noqa: S310 (fixed https registry URL)
            return resp.read()
    except OSError as exc:
        raise SourceError(f"cannot download {asset.folder} from the npm registry: {exc}") from exc


def _unpack(data: bytes, target: Path) -> None:
    """Extract an npm tarball's ``package/`` folder into `target` atomically (temp dir + rename)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        archive = tmp / "package.tgz"
        archive.write_bytes(data)
        with tarfile.open(archive) as tar:
            tar.extractall(tmp / "x", filter="data")
        if target.exists():
            shutil.rmtree(target)
        os.replace(tmp / "x" / "package", target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def fetch_assets(
    path: str | os.PathLike[str] | None = None, *, force: bool = False, timeout: float = 60.0
) -> list[str]:
    """Download the missing pinned libraries (all with `force`) into the cache; return those fetched."""
    root = assets_dir(path)
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CacheError(f"cannot create the asset cache {root}: {exc}") from exc
    wanted = {a.folder for a in asset_catalogue()} if force else set(missing_assets(root))
    fetched = []
    for asset in asset_catalogue():
        if asset.folder in wanted:
            data = _download(asset, timeout)
            _check_integrity(data, asset.integrity)
            _unpack(data, root / asset.folder)
            fetched.append(asset.folder)
    return fetched


def cdn_links() -> tuple[list[str], list[str]]:
    """(js URLs, css URLs) of the pinned libraries on the public CDN, for online maps."""
    tpl = _catalogue()["cdn"]
    js, css = [], []
    for a in asset_catalogue():
        js += [tpl.format(name=a.name, version=a.version, file=f) for f in a.js]
        css += [tpl.format(name=a.name, version=a.version, file=f) for f in a.css]
    return js, css


def _inline_css_urls(css: str, base: Path) -> str:
    """Replace ``url(relative/file.png)`` by a data: URI so the stylesheet loads nothing."""

    def repl(m: re.Match[str]) -> str:
        ref = m.group(2)
        if ref.startswith(("data:", "#", "http:", "https:")):
            return m.group(0)
        file = (base / ref).resolve()
        if not file.is_file():
            return m.group(0)
        mime = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        return f"url(data:{mime};base64,{base64.b64encode(file.read_bytes()).decode()})"

    return _CSS_URL.sub(repl, css)


def _safe_in_script(js: str) -> str:
    # A literal "</script" inside inlined code would end the <script> element early.
    return re.sub(r"</(script)", r"<\\/\1", js, flags=re.IGNORECASE)


def offline_bundle(path: str | os.PathLike[str] | None = None) -> tuple[str, str]:
    """(css, js) of every pinned library, read from the cache, ready to inline; images become data URIs."""
    root = assets_dir(path)
    missing = missing_assets(root)
    if missing:
        raise MissingAssetsError(
            f"offline maps need the map libraries in {root} (missing: {', '.join(missing)}); "
            "run `syrmap assets fetch` once while online"
        )
    css_parts, js_parts = [], []
    for a in asset_catalogue():
        for f in a.css:
            file = root / a.folder / f
            css_parts.append(_inline_css_urls(file.read_text(encoding="utf-8"), file.parent))
        for f in a.js:
            js_parts.append(_safe_in_script((root / a.folder / f).read_text(encoding="utf-8")))
    return "\n".join(css_parts), ";\n".join(js_parts)
