/* syrmap search keys: a port of gazetteer/normalize.py (normalize, variant_key, skeletons).
 *
 * The page's place list carries keys made in Python; the typed query gets the same keys here.
 * tests/test_browser_search.py runs this port and Python on thousands of gazetteer names and
 * requires them to agree, so a change to normalize.py that is not ported here fails the tests.
 */
function syrmapSearchKeys(tables) {
  "use strict";
  var GENERIC = tables.generic || {}, ARTICLES = {};
  (tables.articles || []).forEach(function (a) { ARTICLES[a] = true; });
  var AR_RE = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/g;
  var LA_RE = /[A-Za-z\u00C0-\u024F\u1E00-\u1EFF]/g;
  var BIDI = /[\u200e\u200f\u202a-\u202e\u2066-\u2069\u200b-\u200d\ufeff]/g;
  var MARKS = /[ʿʾʼʻ’‘`'´ʹ′]/g;
  var TASHKEEL = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]/g;
  var AR_LETTERS = { "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ک": "ك", "ی": "ي",
    "ؤ": "و", "ئ": "ي", "ۀ": "ه", "ە": "ه", "ڪ": "ك", "،": " ", "؛": " ", "؟": " ", "٫": " ", "٬": " " };
  "٠١٢٣٤٥٦٧٨٩".split("").forEach(function (d, i) { AR_LETTERS[d] = String(i); });
  "۰۱۲۳۴۵۶۷۸۹".split("").forEach(function (d, i) { AR_LETTERS[d] = String(i); });
  var DIGRAPHS = [["sch", "S"], ["tch", "S"], ["sh", "S"], ["ch", "S"], ["kh", "h"], ["gh", "G"], ["dj", "j"],
    ["dh", "d"], ["th", "t"], ["ph", "f"], ["ck", "k"], ["ou", "u"], ["oo", "u"], ["ee", "i"],
    ["ie", "i"], ["ay", "i"], ["ai", "i"], ["ei", "i"], ["ey", "i"], ["aw", "u"], ["au", "u"], ["ow", "u"]];
  var LA_LETTERS = { q: "k", c: "k", g: "G", p: "b", v: "f", x: "k", e: "a", o: "u", y: "i" };
  var AR_CLASS = { "ب": "b", "پ": "b", "ت": "t", "ث": "t", "ج": "j", "چ": "j", "ح": "h", "خ": "h", "د": "d",
    "ذ": "d", "ر": "r", "ز": "z", "س": "s", "ش": "S", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "",
    "غ": "G", "ف": "f", "ڤ": "f", "ق": "k", "ك": "k", "گ": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h",
    "و": "", "ي": "", "ا": "", "ء": "" };

  function tr(s, table) { var out = ""; for (var ch of s) out += ch in table ? table[ch] : ch; return out; }
  function count(s, re) { var m = s.match(re); return m ? m.length : 0; }
  function scriptOf(s) {
    var ar = count(s, AR_RE), la = count(s, LA_RE);
    return ar === 0 && la === 0 ? "" : ar >= la ? "ar" : "latn";
  }
  function words(s) { return s.replace(/[^\p{L}\p{N}\s]|_/gu, " ").replace(/\s+/g, " ").trim(); }
  function normalize(s) {
    if (!s) return "";
    s = String(s).normalize("NFKC").replace(BIDI, "").replace(MARKS, "");
    s = tr(s.replace(TASHKEEL, ""), AR_LETTERS);
    s = s.toLowerCase().replace(/ß/g, "ss").normalize("NFKD").replace(/\p{M}/gu, "");
    s = s.replace(/ı/g, "i").replace(/ø/g, "o").replace(/đ/g, "d");
    return words(s);
  }
  function stripArticle(w) {
    var prefixes = ["وال", "بال", "فال", "لل", "ال"];
    for (var i = 0; i < prefixes.length; i++) {
      var p = prefixes[i];
      if (w.indexOf(p) === 0 && w.length - p.length >= 2) return w.slice(p.length);
    }
    return w;
  }
  function generic(w) { return Object.prototype.hasOwnProperty.call(GENERIC, w) ? GENERIC[w] : w; }
  function latinWords(norm) {
    var ws = norm.split(" ").filter(function (w) { return w; });
    var kept = ws.filter(function (w, i) { return !(ARTICLES[w] && i + 1 < ws.length); }).map(generic);
    return kept.length ? kept : ws;
  }
  function foldLatinWord(w, last) {
    DIGRAPHS.forEach(function (d) { w = w.split(d[0]).join(d[1]); });
    w = tr(w, LA_LETTERS).replace(/(.)\1+/gu, "$1");
    if (w.length > 2 && w[w.length - 1] === "h" && "ai".indexOf(w[w.length - 2]) >= 0) w = w.slice(0, -1);
    if (!last && w.length > 3 && w.slice(-2) === "at") w = w.slice(0, -1);
    return w;
  }
  function variantKey(s) {
    var norm = normalize(s);
    if (scriptOf(norm) === "ar") return norm.split(" ").filter(Boolean).map(function (w) { return generic(stripArticle(w)); }).join("");
    var ws = latinWords(norm);
    return ws.map(function (w, i) { return foldLatinWord(w, i === ws.length - 1); }).join("");
  }
  function arabicSkeleton(norm) {
    return norm.split(" ").filter(Boolean).map(function (w) {
      w = stripArticle(w);
      if (w[w.length - 1] === "ه" && w.length > 2) w = w.slice(0, -1);
      var head = { "و": "w", "ي": "y" }[w[0]] || "";
      return head + tr(head ? w.slice(1) : w, AR_CLASS);
    }).join("");
  }
  function latinSkeleton(norm) {
    var ws = latinWords(norm);
    return ws.map(function (w, i) {
      var folded = foldLatinWord(w, i === ws.length - 1);
      var head = (folded[0] === "w" || folded[0] === "i") && (w[0] === "w" || w[0] === "y") ? folded[0] : "";
      var rest = head ? folded.slice(1) : folded, out = head.replace("i", "y");
      for (var ch of rest) if ("aiuw".indexOf(ch) < 0 && !/[0-9]/.test(ch)) out += ch;
      return out;
    }).join("");
  }
  function squeeze(s) { return s.replace(/(.)\1+/gu, "$1"); }
  function skeletons(s) {
    var norm = normalize(s);
    if (!norm) return [];
    var skel = squeeze(scriptOf(norm) === "ar" ? arabicSkeleton(norm) : latinSkeleton(norm));
    var out = [skel], first = norm.split(" ")[0];
    if ((first.slice(0, 2) === "al" || first.slice(0, 2) === "el") && first.length >= 7 && scriptOf(first) === "latn")
      out.push(squeeze(latinSkeleton(norm.slice(2))));
    if (skel.indexOf("G") >= 0) { out.push(skel.replace(/G/g, "k")); out.push(skel.replace(/G/g, "j")); }
    return out.filter(function (x, i) { return x && out.indexOf(x) === i; }).sort();
  }
  /* The keys of one text, as maps/search.py name_keys() makes them. */
  function keys(s) {
    if (!s || !String(s).trim()) return [];
    var all = ["n:" + normalize(s), "v:" + variantKey(s)].concat(skeletons(s).map(function (k) { return "s:" + k; }));
    return all.filter(function (k, i) { return k.length > 2 && all.indexOf(k) === i; });
  }
  return { normalize: normalize, variantKey: variantKey, skeletons: skeletons, keys: keys };
}
