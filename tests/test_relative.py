"""gazetteer.relative: the rules tables and reports share for a place located by another."""

from __future__ import annotations

import shapely
from shapely.geometry import box

from gazetteer import geography
from gazetteer.relative import RELATIVE_CONFIDENCE, RELATIVE_PRECISION, is_capital, km_outside, placed_at
from gazetteer.types import Match


def test_container_polygons_projected_once_and_distances_unchanged(monkeypatch):
    """`km_outside` projects a container's polygon once per process (reports reuse the same containers)."""
    calls = []
    real = geography.project

    def counting(geom, **kwargs):
        calls.append(geom.geom_type)
        return real(geom, **kwargs)

    monkeypatch.setattr(geography, "project", counting)
    area = Match(query="x", status="resolved", lat=35.9, lon=36.6, geometry=box(36.5, 35.8, 36.7, 36.0))
    points = [Match(query="p", status="resolved", lat=lat, lon=lon) for lat, lon in ((36.5, 37.1), (35.0, 36.0))]
    expected = [float(shapely.distance(real(shapely.points(p.lon, p.lat)), real(area.geometry))) / 1000 for p in points]
    assert [km_outside(p, area) for p in points] == expected
    assert [km_outside(p, area) for p in points] == expected
    assert calls.count("Polygon") == 1 and calls.count("Point") == 4
    inside = Match(query="i", status="resolved", lat=35.9, lon=36.6)
    assert km_outside(inside, area) == 0.0


def test_capitals_are_cities_named_as_their_governorate():
    assert is_capital(Match(query="", status="resolved", kind="city", name="Idlib", adm1_name="Idleb"))
    assert not is_capital(Match(query="", status="resolved", kind="city", name="Saraqib", adm1_name="Idleb"))
    assert not is_capital(Match(query="", status="resolved", kind="governorate", name="Idleb", adm1_name="Idleb"))


def test_placed_at_says_so_in_method_precision_confidence_and_reason():
    city = Match(query="Homs", status="resolved", kind="city", name="Homs", lat=34.7, lon=36.7, method="exact",
                 confidence=0.98, precision=1, where_prec=1)
    m = placed_at(city, "Homs - Qwz", "'Qwz' is not in the gazetteer")
    assert (m.query, m.method, m.precision, m.where_prec, m.name) == ("Homs - Qwz", "relative", RELATIVE_PRECISION,
                                                                       RELATIVE_PRECISION, "Homs")
    assert m.confidence == RELATIVE_CONFIDENCE and m.reason == "'Qwz' is not in the gazetteer"
    assert placed_at(city, "x", "r", most=0.3).confidence == 0.3
