"""Benchmark: incident maps of 10k and 100k synthetic incidents vs a naive folium map.

Measures build time (incident_map + save_map), HTML size and time to first rendered markers in
headless Chromium (offline map, every network request blocked). The naive baseline is one
folium.Marker per point inside a folium MarkerCluster, measured in the same run; its CDN libraries
are served from the local asset folder so both load without network.

Run: python benchmarks/bench_maps.py [--sizes 10000 100000] [--naive-max 100000]
"""

from __future__ import annotations

import argparse
import html
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import maps  # noqa: E402

RAW = ROOT.parent / "shared" / "data" / "raw"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
TYPES = ["Shelling", "Air strike", "Armed clash", "Explosion", "Attack", "قصف"]
RENDER_TIMEOUT_S = 120
DEBIAN_JQUERY = Path("/usr/share/javascript/jquery/jquery.min.js")
# Enough of jQuery for folium's popups when Debian's libjs-jquery is not installed.
JQUERY_STUB = (
    b"window.$=function(s){var t=document.createElement('template');"
    b"t.innerHTML=s.trim();return [t.content.firstChild];};"
)


def syria_outline():
    """Syria's outline from the shared OCHA governorates, else its bounding box."""
    import geopandas as gpd
    import shapely

    path = RAW / "ocha_syr_admin1" / "syr_admin1_ocha.geojson"
    if path.exists():
        return shapely.union_all(gpd.read_file(path).geometry.values)
    return shapely.box(35.7, 32.3, 42.4, 37.3)


def synthetic(n: int, outline, seed: int = 7) -> pd.DataFrame:
    """n incidents at random points inside Syria with the geocoder's output columns."""
    import shapely

    rng = np.random.default_rng(seed)
    minx, miny, maxx, maxy = outline.bounds
    lon, lat = np.empty(0), np.empty(0)
    while len(lon) < n:
        x = rng.uniform(minx, maxx, 2 * n)
        y = rng.uniform(miny, maxy, 2 * n)
        inside = shapely.contains_xy(outline, x, y)
        lon, lat = np.concatenate([lon, x[inside]]), np.concatenate([lat, y[inside]])
    lon, lat = lon[:n], lat[:n]
    place = rng.integers(0, 3000, n)
    return pd.DataFrame(
        {
            "event_id": [f"E{i:06d}" for i in range(n)],
            "date": (pd.Timestamp("2019-01-01") + pd.to_timedelta(rng.integers(0, 730, n), "D")).strftime(
                "%Y-%m-%d"
            ),
            "event_type": rng.choice(TYPES, n),
            "fatalities": rng.poisson(0.8, n),
            "location": [f"Place {p}" for p in place],
            "notes": [f"Report {i % 997}: incident near place {p}" for i, p in enumerate(place)],
            "geo_lat": lat.round(5),
            "geo_lon": lon.round(5),
            "geo_status": rng.choice(["resolved", "ambiguous"], n, p=[0.9, 0.1]),
            "geo_method": rng.choice(["exact", "variant", "fuzzy"], n),
            "geo_confidence": rng.uniform(0.5, 1, n).round(2),
            "geo_precision": rng.choice([1, 2, 3], n, p=[0.8, 0.15, 0.05]),
            "geo_name": [f"Place {p}" for p in place],
            "geo_name_ar": [f"مكان {p}" for p in place],
            "geo_place_id": [f"P{p}" for p in place],
            "geo_adm1_name": rng.choice(["Aleppo", "Idleb", "Hama", "Lattakia"], n),
        }
    )


def naive_map(df: pd.DataFrame):
    """The baseline: one folium.Marker (with an escaped popup) per incident in a MarkerCluster."""
    import folium
    from folium.plugins import MarkerCluster

    m = folium.Map(location=[35, 38.5], zoom_start=7)
    cluster = MarkerCluster().add_to(m)
    for row in df.itertuples(index=False):
        popup = html.escape(f"{row.date} {row.geo_name} {row.event_type} {row.notes}")
        folium.Marker([row.geo_lat, row.geo_lon], popup=popup).add_to(cluster)
    return m


def _serve_locally(asset_dir: Path):
    """Route the naive map's CDN files to the local leaflet/markercluster copies; stub the rest."""
    local = {
        "leaflet.js": asset_dir / "leaflet-1.9.4/dist/leaflet.js",
        "leaflet.css": asset_dir / "leaflet-1.9.4/dist/leaflet.css",
        "leaflet.markercluster.js": asset_dir / "leaflet.markercluster-1.5.3/dist/leaflet.markercluster.js",
        "MarkerCluster.css": asset_dir / "leaflet.markercluster-1.5.3/dist/MarkerCluster.css",
        "MarkerCluster.Default.css": asset_dir / "leaflet.markercluster-1.5.3/dist/MarkerCluster.Default.css",
    }

    def handle(route):
        url = route.request.url
        if url.startswith("file:"):
            return route.continue_()
        name = url.rsplit("/", 1)[-1]
        file = local.get(name)
        if file is not None:
            return route.fulfill(path=str(file))
        if "jquery" in name:  # folium builds every popup with $(html)[0]
            if DEBIAN_JQUERY.exists():
                return route.fulfill(path=str(DEBIAN_JQUERY))
            return route.fulfill(body=JQUERY_STUB, content_type="text/javascript")
        return route.fulfill(body=b"", status=200)

    return handle


def first_markers_s(browser, path: Path, handler) -> float:
    """Seconds from navigation to the first marker cluster in the DOM."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.route("**/*", handler)
        t0 = time.perf_counter()
        page.goto(path.as_uri(), wait_until="commit", timeout=RENDER_TIMEOUT_S * 1000)
        page.wait_for_selector(".marker-cluster", timeout=RENDER_TIMEOUT_S * 1000)
        return time.perf_counter() - t0
    finally:
        page.close()


def block_all(route):
    return route.continue_() if route.request.url.startswith("file:") else route.abort()


def measure(build, path: Path, browser, handler) -> dict:
    t0 = time.perf_counter()
    m = build()
    maps.save_map(m, path)
    out = {"build_s": time.perf_counter() - t0, "mb": path.stat().st_size / 1e6}
    try:
        out["render_s"] = first_markers_s(browser, path, handler)
    except Exception as exc:  # a timeout is a result too
        out["render_s"] = float("nan")
        out["note"] = f"no markers within {RENDER_TIMEOUT_S} s ({type(exc).__name__})"
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--naive-max", type=int, default=100_000, help="largest size for the naive map")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    maps.fetch_assets()
    asset_dir = maps.assets_dir()
    outline = syria_outline()
    tmp = Path(tempfile.mkdtemp(prefix="bench_maps_"))
    rows = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for n in args.sizes:
            df = synthetic(n, outline)
            ours = measure(
                lambda df=df: maps.incident_map(df, offline=True), tmp / f"ours_{n}.html", browser, block_all
            )
            rows.append({"n": n, "map": "syrmap (offline)", **ours})
            print(
                f"{n:>7} syrmap: build {ours['build_s']:.1f} s, {ours['mb']:.1f} MB, "
                f"markers after {ours['render_s']:.2f} s",
                flush=True,
            )
            if n <= args.naive_max:
                naive = measure(
                    lambda df=df: naive_map(df), tmp / f"naive_{n}.html", browser, _serve_locally(asset_dir)
                )
                rows.append({"n": n, "map": "naive folium", **naive})
                print(
                    f"{n:>7} naive : build {naive['build_s']:.1f} s, {naive['mb']:.1f} MB, "
                    f"markers after {naive['render_s']:.2f} s {naive.get('note', '')}",
                    flush=True,
                )
                ratio = {k: naive[k] / ours[k] for k in ("build_s", "mb", "render_s")}
                print(
                    f"{n:>7} ratio naive/syrmap: build {ratio['build_s']:.1f}x, size {ratio['mb']:.1f}x, "
                    f"render {ratio['render_s']:.1f}x",
                    flush=True,
                )
        browser.close()
    print()
    print(pd.DataFrame(rows).to_string(index=False, float_format=lambda v: f"{v:.2f}"))
    big = [r for r in rows if r["map"].startswith("syrmap") and r["n"] >= 100_000]
    for r in big:
        ok = r["build_s"] <= 15 and r["mb"] <= 25 and r["render_s"] <= 5
        print(f"targets at {r['n']}: build <= 15 s, <= 25 MB, markers <= 5 s: {'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    main()
