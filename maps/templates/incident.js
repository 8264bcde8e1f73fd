/* syrmap incident map: draws the embedded payload with Leaflet and its plugins.
 *
 * All user text reaches the page through textContent (never innerHTML), so markup hidden in a
 * place name or a note shows as text and never runs. Markers are built once from column arrays and
 * handed to Leaflet.markercluster in one addLayers call, which keeps 100k incidents responsive.
 */
function syrmapIncidentMap(map, D) {
  "use strict";
  D.labels = Object.fromEntries(Object.entries(D.labels).map(function (kv) { return [kv[0], String(kv[1]).replace(/_/g, " ")]; }));
  var F = D.fields, n = D.n, DAY = 86400000;
  // markercluster needs a map maxZoom (offline, no tile layer sets one) and builds one cluster level
  // per zoom between min and max, so a tight range (country to street) keeps 100k points fast.
  map.setMaxZoom(16);
  map.setMinZoom(6);

  function column(c) {
    if (!c) return function () { return null; };
    if (Array.isArray(c)) return function (i) { return c[i]; };
    var v = c.values, codes = c.codes;
    if (codes) return function (i) { var k = codes[i]; return k < 0 ? null : v[k]; };
    return function (i) { return v[i]; };
  }
  var get = {};
  // The place fields' keys and popup rows come from the Python field registry (D.popup); `dist` is the
  // geocoder's audit column (km to the table's own point).
  ["type", "orig", "date", "fat", "text", "notes", "actors", "dist"].concat(D.popup.keys).forEach(function (k) { get[k] = column(F[k]); });

  function el(tag, cls, text, attrs) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (attrs) for (var a in attrs) e.setAttribute(a, attrs[a]);
    return e;
  }
  function isoDay(d) { return d === null ? "" : new Date(d * DAY).toISOString().slice(0, 10); }
  function fmt(x) { return (Math.round(x * 10) / 10).toLocaleString("en"); }

  /* ---------- panes and vector layers ---------- */
  map.createPane("syrmapBase").style.zIndex = 250;
  map.createPane("syrmapAreas").style.zIndex = 350;
  var L_ = D.layers || {};

  function featureLabel(p) {
    var box = el("span", "syrmap-label");
    box.appendChild(el("span", null, p.name));
    if (p.name_ar) box.appendChild(el("span", "syrmap-ar", p.name_ar, { dir: "rtl", lang: "ar" }));
    return box;
  }
  function areaTooltip(p, count) {
    var box = featureLabel(p);
    if (count !== undefined) box.appendChild(el("div", null, count + " events shown"));
    if (p.area_km2) box.appendChild(el("div", null, "≈ " + fmt(p.area_km2) + " km²"));
    return box;
  }

  // Tile-less basemap: outline, admin lines and place labels (offline, or the default of a self-contained map).
  var baseLayers = {};
  if (D.basemap) {
    var vector = L.layerGroup();
    if (D.basemap.outline) L.geoJSON(D.basemap.outline, { pane: "syrmapBase", interactive: false,
      style: { color: "#6b6b6b", weight: 1.5, fillColor: "#f6f3ea", fillOpacity: 1 } }).addTo(vector);
    if (L_.adm1) L.geoJSON(L_.adm1, { pane: "syrmapBase", interactive: false,
      style: { color: "#a39e93", weight: 0.8, fill: false, dashArray: "4 3" } }).addTo(vector);
    // District lines from zoom 8, sub-district lines from zoom 10.
    var lines = D.basemap.lines ? [2, 3].map(function (level) {
      return L.geoJSON(D.basemap.lines, { pane: "syrmapBase", interactive: false,
        filter: function (f) { return f.properties.level === level; },
        style: { color: "#c9c3b6", weight: level === 2 ? 0.7 : 0.4, fill: false } });
    }) : [];
    var labelLayer = L.layerGroup().addTo(vector);
    var labels = D.basemap.labels || [];
    // Labels come most important first; each is drawn from its zoom on, unless it would overlap one
    // already placed (boxes estimated from text length, checked on a coarse screen grid).
    var drawLabels = function () {
      if (!map.hasLayer(vector)) return;
      var z = map.getZoom(), size = map.getSize(), cell = 64, grid = {}, placed = 0;
      lines.forEach(function (layer, k) { var want = z >= (k ? 10 : 8); if (want !== map.hasLayer(layer)) want ? layer.addTo(map) : map.removeLayer(layer); });
      labelLayer.clearLayers();
      for (var i = 0; i < labels.length && placed < 400; i++) {
        var p = labels[i];
        if (p[4] > z) continue;
        var pt = map.latLngToContainerPoint([p[0], p[1]]);
        var w = 6.2 * (String(p[2]).length + (p[3] ? String(p[3]).length + 1 : 0)) + 6, h = p[5] ? 16 : 14;
        var box = [pt.x - w / 2, pt.y - h / 2, pt.x + w / 2, pt.y + h / 2];
        if (box[2] < 0 || box[3] < 0 || box[0] > size.x || box[1] > size.y) continue;
        var cells = [], clash = false;
        for (var gx = Math.floor(box[0] / cell); gx <= Math.floor(box[2] / cell) && !clash; gx++) {
          for (var gy = Math.floor(box[1] / cell); gy <= Math.floor(box[3] / cell) && !clash; gy++) {
            var key = gx + ":" + gy, here = grid[key] || [];
            for (var b = 0; b < here.length; b++) {
              var o = here[b];
              if (box[0] < o[2] && box[2] > o[0] && box[1] < o[3] && box[3] > o[1]) { clash = true; break; }
            }
            cells.push(key);
          }
        }
        if (clash) continue;
        cells.forEach(function (key) { (grid[key] = grid[key] || []).push(box); });
        placed++;
        var label = featureLabel({ name: p[2], name_ar: p[3] });
        L.marker([p[0], p[1]], { pane: "syrmapBase", interactive: false, keyboard: false,
          icon: L.divIcon({ className: "syrmap-place-label syrmap-label-l" + p[5], html: label, iconSize: null }) }).addTo(labelLayer);
      }
      map.getContainer().setAttribute("data-syrmap-labels", placed);
    };
    map.on("zoomend moveend overlayadd baselayerchange", drawLabels);
    vector.on("add", function () { setTimeout(drawLabels, 0); });
    vector.on("remove", function () { lines.forEach(function (layer) { map.removeLayer(layer); }); });
    baseLayers["Vector basemap (offline)"] = vector;
  }
  (D.tiles || []).forEach(function (t) {
    baseLayers[t.name] = L.tileLayer(t.url, { attribution: t.attribution, maxZoom: t.max_zoom || 18 });
  });
  var firstBase = Object.keys(baseLayers)[0];
  if (firstBase) baseLayers[firstBase].addTo(map);
  // The vector basemap is drawn from OCHA/GeoNames data, whose licences ask for this line.
  if (D.basemap || !D.tiles || !D.tiles.length) map.attributionControl.addAttribution(D.attribution || "");

  var overlays = {};
  // Keyed by user data (P-codes, ids): no prototype, so "constructor" or "__proto__" is just a key.
  var boundaryByPcode = Object.create(null), regionById = Object.create(null);
  var choro = {};
  [[1, "Governorates", "adm1p"], [2, "Districts", "adm2p"]].forEach(function (spec) {
    var fc = L_["adm" + spec[0]];
    if (!fc) return;
    fc.features.forEach(function (f) { boundaryByPcode[f.properties.pcode] = f; });
    overlays[spec[1]] = L.geoJSON(fc, { pane: "syrmapAreas",
      style: { color: "#555", weight: spec[0] === 1 ? 1.6 : 0.7, fill: true, fillOpacity: 0 },
      onEachFeature: function (f, layer) { layer.bindTooltip(function () { return areaTooltip(f.properties); }, { sticky: true }); }
    });
    if (D.choropleth && F[spec[2]]) {
      var layer = L.geoJSON(fc, { pane: "syrmapAreas", style: { color: "#777", weight: 0.6, fillOpacity: 0.65 },
        onEachFeature: function (f, lyr) {
          lyr.bindTooltip(function () { return areaTooltip(f.properties, choro[spec[0]].counts[f.properties.pcode] || 0); }, { sticky: true });
        } });
      choro[spec[0]] = { layer: layer, key: spec[2], counts: Object.create(null) };
      overlays["Events per " + (spec[0] === 1 ? "governorate" : "district")] = layer;
    }
  });
  if (overlays.Governorates) overlays.Governorates.addTo(map);

  if (L_.regions && L_.regions.features.length) {
    var regions = L.layerGroup();
    L.geoJSON(L_.regions, { pane: "syrmapAreas",
      style: function (f) { return { color: "#7b3294", weight: 1.2, dashArray: f.geometry.type.indexOf("Line") >= 0 ? null : "5 4", fillOpacity: 0.06 }; },
      onEachFeature: function (f, layer) {
        regionById[f.properties.place_id] = f;
        layer.bindTooltip(function () { return areaTooltip(f.properties); }, { sticky: true });
      } }).addTo(regions);
    L_.regions.features.forEach(function (f) {
      if (!f.properties.label) return;
      L.tooltip({ permanent: true, direction: "center", className: "syrmap-region-label", interactive: false })
        .setLatLng(f.properties.label).setContent(featureLabel(f.properties)).addTo(regions);
    });
    overlays["Regions & fronts"] = regions;
    // A full region catalogue covers the country; show it by default only when it is small.
    if (L_.regions.features.length <= 12) regions.addTo(map);
  }

  /* ---------- markers ---------- */
  var types = D.types, prec3 = [];
  function radius(i) { var f = get.fat(i); return 5 + (f > 0 ? Math.min(11, 2.5 * Math.sqrt(f)) : 0); }
  performance.mark("syrmap-start");
  var markers = new Array(n), latlngs = new Array(n);
  for (var i = 0; i < n; i++) {
    var hollow = get.prec(i) === 3, color = types[get.type(i)].color;
    latlngs[i] = [D.lat[i], D.lon[i]];
    markers[i] = L.circleMarker(latlngs[i], {
      idx: i, radius: radius(i), color: hollow ? color : "#333", weight: hollow ? 2.5 : 1,
      dashArray: hollow ? "4 3" : null, fillColor: color, fillOpacity: hollow ? 0 : 0.85,
      className: "syrmap-marker" + (hollow ? " syrmap-area" : "")
    });
  }
  performance.mark("syrmap-markers-built");
  var cluster = L.markerClusterGroup({ chunkedLoading: true, showCoverageOnHover: false,
    maxClusterRadius: 50, spiderfyOnMaxZoom: true, disableClusteringAtZoom: 15 });
  overlays["Incidents"] = cluster;
  cluster.addTo(map);
  var heat = L.heatLayer([], { radius: 18, blur: 16, maxZoom: 11, minOpacity: 0.35 });
  overlays["Heatmap"] = heat;

  /* ---------- popups ---------- */
  function areaOf(i) {
    var pid = get.pid(i), name = get.name(i);
    if (pid && regionById[pid]) return regionById[pid];
    if (pid && boundaryByPcode[pid]) return boundaryByPcode[pid];
    var levels = [["adm2p", "adm2"], ["adm1p", "adm1"]];
    for (var k = 0; k < levels.length; k++) {
      var code = get[levels[k][0]](i);
      if (code && boundaryByPcode[code] && get[levels[k][1]](i) === name) return boundaryByPcode[code];
    }
    return null;
  }
  var highlight = L.layerGroup().addTo(map);
  function row(table, label, value, auto) {
    if (value === null || value === undefined || value === "") return;
    var tr = el("tr");
    tr.appendChild(el("th", null, label));
    tr.appendChild(el("td", null, value, auto ? { dir: "auto" } : null));
    table.appendChild(tr);
    return tr;
  }
  var PREC = { 1: "1 · the place itself", 2: "2 · near it / small area", 3: "3 · larger area" };
  function precisionRows(t, i, label) {
    var p = get.prec(i);
    row(t, label, PREC[p] || p);
    if (p !== 3) return;
    var area = areaOf(i);
    if (area) {
      row(t, "Area", area.properties.name + (area.properties.area_km2 ? " · ≈ " + fmt(area.properties.area_km2) + " km²" : ""));
      highlight.clearLayers();
      L.geoJSON(area, { interactive: false, style: { color: types[get.type(i)].color, weight: 2, dashArray: "4 3", fillOpacity: 0.12 } }).addTo(highlight);
    } else row(t, "Area", "shape not known; the point is the area's centre");
  }
  function popupFor(i) {
    var box = el("div", "syrmap-popup"), name = get.name(i), ar = get.name_ar(i);
    box.appendChild(el("div", "syrmap-popup-title", name || get.text(i) || "(unnamed)", { dir: "auto" }));
    if (ar) box.appendChild(el("div", "syrmap-popup-ar", ar, { dir: "rtl", lang: "ar" }));
    var t = el("table");
    row(t, "Date", isoDay(get.date(i)));
    var ty = types[get.type(i)], orig = get.orig(i);
    row(t, D.labels.type, ty.group && ty.group !== ty.name && ty.group !== "Other labels" ? ty.group + " · " + ty.name : ty.name, true);
    if (orig && orig !== ty.name && orig !== ty.group + " / " + ty.name) row(t, D.labels.orig, orig, true);
    row(t, D.labels.fat, get.fat(i));
    row(t, "Actors", get.actors(i), true);
    row(t, "Original text", get.text(i), true);
    D.popup.rows.forEach(function (spec) {
      if (spec.keys[0] === "prec") { precisionRows(t, i, spec.label); return; }
      var seen = [];
      spec.keys.forEach(function (k, j) {
        var v = get[k](i);
        if (v === null || v === undefined || v === "") return;
        v = typeof v === "number" && spec.digits[j] !== null ? v.toFixed(spec.digits[j]) : String(v);
        if (spec.unless_text && v === get.text(i)) return;
        if (seen.indexOf(spec.prefix[j] + v) < 0) seen.push(spec.prefix[j] + v);
      });
      var tr = row(t, spec.label, seen.join(spec.sep), true);
      if (tr) tr.firstChild.setAttribute("title", spec.label_ar);
    });
    var dist = get.dist(i);
    if (dist !== null && dist !== undefined) row(t, "Distance to the table's point", fmt(+dist) + " km");
    row(t, D.labels.notes, get.notes(i), true);
    box.appendChild(t);
    return box;
  }
  // Pan popups clear of the legend (bottom right) and the title/layer controls (top right).
  function popupOptions() {
    var legendBox = document.querySelector(".syrmap-legend");
    var w = legendBox ? legendBox.offsetWidth + 20 : 20;
    return { maxWidth: 360, autoPanPaddingTopLeft: [60, 20], autoPanPaddingBottomRight: [w, 20] };
  }
  cluster.on("click", function (e) {
    var i = e.layer.options.idx;
    highlight.clearLayers();
    L.popup(popupOptions()).setLatLng(e.layer.getLatLng()).setContent(popupFor(i)).openOn(map);
  });
  map.on("popupclose", function () { highlight.clearLayers(); });

  /* ---------- filters, legend and counts ---------- */
  var activeType = types.map(function () { return true; });
  var days = F.date ? F.date.filter(function (d) { return d !== null; }) : [];
  // reduce, not Math.min.apply: 100k arguments overflow the call stack.
  var dmin = days.length ? days.reduce(function (a, b) { return a < b ? a : b; }) : null;
  var dmax = days.length ? days.reduce(function (a, b) { return a > b ? a : b; }) : null;
  var range = [dmin, dmax];
  var legend = L.control({ position: "bottomright" }), countEl, fromLabel, toLabel;

  function apply() {
    var shown = [], pts = [], full = range[0] === dmin && range[1] === dmax;
    for (var c in choro) choro[c].counts = Object.create(null);
    for (var i = 0; i < n; i++) {
      if (!activeType[get.type(i)]) continue;
      var d = get.date(i);
      if (d === null ? !full : d < range[0] || d > range[1]) continue;
      shown.push(markers[i]);
      pts.push(latlngs[i]);
      for (var c2 in choro) { var k = get[choro[c2].key](i); if (k) choro[c2].counts[k] = (choro[c2].counts[k] || 0) + 1; }
    }
    cluster.clearLayers();
    cluster.addLayers(shown);
    heat.setLatLngs(pts);
    for (var c3 in choro) restyle(choro[c3]);
    if (countEl) countEl.textContent = shown.length.toLocaleString("en");
    map.getContainer().setAttribute("data-syrmap-shown", shown.length);
    return shown.length;
  }
  var RAMP = ["#ffffcc", "#ffeda0", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#b10026"];
  function restyle(ch) {
    var max = 0;
    for (var k in ch.counts) max = Math.max(max, ch.counts[k]);
    ch.layer.setStyle(function (f) {
      var c = ch.counts[f.properties.pcode] || 0;
      return { fillColor: c ? RAMP[Math.min(RAMP.length - 1, Math.floor(Math.sqrt(c / max) * RAMP.length))] : "#f0f0f0", fillOpacity: c ? 0.7 : 0.25 };
    });
  }

  legend.onAdd = function () {
    var box = el("div", "syrmap-legend leaflet-bar");
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    var count = el("div", "syrmap-count-line");
    countEl = el("b", "syrmap-count", "0");
    count.appendChild(countEl);
    count.appendChild(document.createTextNode(" of " + n.toLocaleString("en") + " events shown"));
    box.appendChild(count);
    if (D.skipped) box.appendChild(el("div", "syrmap-skipped", D.skipped.toLocaleString("en") + " rows without coordinates not mapped"));
    box.appendChild(el("div", "syrmap-legend-head", D.labels.type));
    var lastGroup = null;
    types.forEach(function (t, k) {
      if (t.group && t.group !== lastGroup && types.some(function (u) { return u.group === t.group && u.name !== u.group; })) {
        box.appendChild(el("div", "syrmap-legend-group", t.group));
      }
      lastGroup = t.group;
      var lab = el("label", "syrmap-type");
      var cb = el("input", null, null, { type: "checkbox", "data-type": k });
      cb.checked = true;
      cb.addEventListener("change", function () { activeType[k] = cb.checked; apply(); });
      lab.appendChild(cb);
      var sw = el("span", "syrmap-swatch"); sw.style.background = t.color;
      lab.appendChild(sw);
      lab.appendChild(el("span", null, t.name, { dir: "auto" }));
      box.appendChild(lab);
    });
    if (F.fat) {
      box.appendChild(el("div", "syrmap-legend-head", "Size: " + D.labels.fat));
      var sizes = el("div", "syrmap-sizes");
      [0, 5, 20].forEach(function (f) {
        var r = 5 + (f > 0 ? Math.min(11, 2.5 * Math.sqrt(f)) : 0), item = el("span", "syrmap-size");
        var dot = el("i"); dot.style.width = dot.style.height = 2 * r + "px";
        item.appendChild(dot); item.appendChild(el("span", null, String(f)));
        sizes.appendChild(item);
      });
      box.appendChild(sizes);
    }
    var hollowKey = el("div", "syrmap-hollow-key");
    hollowKey.appendChild(el("i", "syrmap-hollow"));
    hollowKey.appendChild(el("span", null, "hollow: larger area (precision 3)"));
    box.appendChild(hollowKey);
    if (dmin !== null) {
      box.appendChild(el("div", "syrmap-legend-head", "Dates"));
      var from = el("input", "syrmap-from", null, { type: "range", min: dmin, max: dmax, step: 1, value: dmin });
      var to = el("input", "syrmap-to", null, { type: "range", min: dmin, max: dmax, step: 1, value: dmax });
      fromLabel = el("span", "syrmap-from-label", isoDay(dmin)); toLabel = el("span", "syrmap-to-label", isoDay(dmax));
      var timer = null;
      var onInput = function () {
        var a = +from.value, b = +to.value;
        if (a > b) { if (this === from) to.value = a; else from.value = b; a = +from.value; b = +to.value; }
        range = [a, b]; fromLabel.textContent = isoDay(a); toLabel.textContent = isoDay(b);
        clearTimeout(timer); timer = setTimeout(apply, n > 20000 ? 250 : 30);
      };
      from.addEventListener("input", onInput); to.addEventListener("input", onInput);
      [["From ", fromLabel, from], ["To ", toLabel, to]].forEach(function (r) {
        var line = el("div", "syrmap-range"); line.appendChild(el("span", null, r[0])); line.appendChild(r[1]);
        box.appendChild(line); box.appendChild(r[2]);
      });
    }
    return box;
  };
  legend.addTo(map);

  var titleCtl = L.control({ position: "topright" });
  titleCtl.onAdd = function () {
    var box = el("div", "syrmap-title");
    box.appendChild(el("div", "syrmap-title-main", D.title, { dir: "auto" }));
    box.appendChild(el("div", "syrmap-title-sub", n.toLocaleString("en") + " mapped" +
      (D.skipped ? " · " + D.skipped.toLocaleString("en") + " without coordinates" : "")));
    return box;
  };
  titleCtl.addTo(map);

  /* ---------- controls ---------- */
  L.control.layers(baseLayers, overlays, { collapsed: true, position: "topright" }).addTo(map);
  L.control.scale({ imperial: false }).addTo(map);
  if (L.control.fullscreen) L.control.fullscreen({ position: "topleft" }).addTo(map);
  if (L.Control.Measure) {
    // Leaflet >= 1.8 pans to the invisible capture marker on focus; see folium's MeasureControl workaround.
    L.Control.Measure.include({ _setCaptureMarkerIcon: function () {
      this._captureMarker.options.autoPanOnFocus = false;
      this._captureMarker.setIcon(L.divIcon({ iconSize: this._map.getSize().multiplyBy(2) }));
    } });
    new L.Control.Measure({ position: "topleft", primaryLengthUnit: "kilometers", secondaryLengthUnit: "meters",
      primaryAreaUnit: "sqkilometers", secondaryAreaUnit: "hectares",
      units: { sqkilometers: { factor: 1e-6, display: "km²", decimals: 2 } } }).addTo(map);
  }

  // Search by any spelling the resolver accepts: each place carries the keys Python made with the
  // gazetteer's normalize/variant_key/skeletons (maps/search.py); the query gets the same keys from
  // the port in search.js. A query key matches a place key exactly or as its start (typing "Kafr").
  var S = D.search || { places: [] }, searchKeys = syrmapSearchKeys(S);
  var places = Object.create(null);  // keyed by place titles: user data
  S.places.forEach(function (p) { places[p.t] = { title: p.t, loc: latlngs[p.i], idx: p.i, keys: p.k }; });
  function searchPlaces(text) {
    var q = searchKeys.keys(text), hits = [];
    if (!q.length) return hits;
    for (var key in places) {
      var p = places[key], score = 0;
      for (var a = 0; a < q.length && score < 2; a++) {
        var kind = q[a].slice(0, 2), long = q[a].length >= 5;
        for (var b = 0; b < p.keys.length; b++) {
          var k = p.keys[b];
          if (k === q[a]) { score = 2; break; }
          if (long && k.slice(0, 2) === kind && k.indexOf(q[a]) === 0) score = 1;
        }
      }
      if (score) hits.push([score, key]);
    }
    hits.sort(function (x, y) { return y[0] - x[0] || (x[1] < y[1] ? -1 : 1); });
    return hits.map(function (h) { return h[1]; });
  }
  window.syrmapSearch = searchPlaces;
  var placeList = Object.keys(places).map(function (k) { return places[k]; });
  if (L.Control.Search) {
    var searchCtl = new L.Control.Search({
      position: "topleft", initial: false, zoom: 12, marker: false, textPlaceholder: "Search place / ابحث عن مكان",
      propertyName: "title", propertyLoc: "loc", tooltipLimit: 12,
      sourceData: function (text, done) { done(placeList); return { abort: function () {} }; },
      // leaflet-search 3.0.x calls formatData(control, data); older releases formatData(data).
      formatData: function (a, b) {
        var out = Object.create(null);
        (Array.isArray(a) ? a : b).forEach(function (p) { out[p.title] = L.latLng(p.loc); });
        return out;
      },
      filterData: function (text, records) {
        var out = Object.create(null);
        searchPlaces(text).forEach(function (key) { if (records[key]) out[key] = records[key]; });
        return out;
      },
      buildTip: function (text) { return el("li", null, text, { dir: "auto" }); },
      moveToLocation: function (latlng, title, m) {
        m.setView(latlng, 13);
        var p = places[title];
        if (p) L.popup(popupOptions()).setLatLng(latlng).setContent(popupFor(p.idx)).openOn(m);
      }
    });
    map.addControl(searchCtl);
    // Pasted text and Arabic input methods fire "input" but no keyup, the only event leaflet-search
    // (3.0.x) searches on; its own handler is called for them too.
    if (searchCtl._input && searchCtl._handleKeypress) L.DomEvent.on(searchCtl._input, "input", function (e) {
      if (!e.isComposing) searchCtl._handleKeypress({ keyCode: 0 });
    });
  }

  performance.mark("syrmap-controls");
  /* ---------- first draw ---------- */
  var bounds = n ? L.latLngBounds(latlngs) : (D.bounds ? L.latLngBounds(D.bounds) : null);
  if (bounds) map.fitBounds(bounds.pad(0.05), { maxZoom: 12, animate: false });
  apply();
  performance.mark("syrmap-applied");
  window.syrmap = { map: map, cluster: cluster, heat: heat, apply: apply, popupFor: popupFor };
  requestAnimationFrame(function () { map.getContainer().setAttribute("data-syrmap-ready", performance.now().toFixed(0)); });
}
