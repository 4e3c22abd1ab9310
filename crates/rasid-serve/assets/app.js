// rasid's web interface: one page that draws each view from /api/v1.
//
// Every text that comes from an article or the store is put in the page as text
// (textContent, d3's .text()), never as HTML; snippets' <b> marks are rebuilt as elements
// from the escaped text. Bidi control characters from articles are shown as visible marks
// so that they cannot reorder what is around them. Every view has its own URL; links and
// forms go through history.pushState so that the back button works.
"use strict";

const TYPES = { PER: "شخص", LOC: "مكان", ORG: "منظمة", MISC: "أخرى" };
const QUAD = { 1: "تعاون لفظي", 2: "تعاون مادي", 3: "صراع لفظي", 4: "صراع مادي" };
const STATUS = { reported: "وقع", planned: "مخطط", negated: "منفي", claimed: "مزعوم" };
const TOPIC = {
  culture: "ثقافة", economy: "اقتصاد", internationalNews: "دولي", middleEast: "الشرق الأوسط",
  sport: "رياضة", technology: "تقنية",
};
const view = () => document.getElementById("view");
// CAMEO's twenty families (root codes), in Arabic.
const FAMILY = {
  "01": "تصريح علني", "02": "مناشدة", "03": "إعلان نية التعاون", "04": "تشاور ولقاء", "05": "تعاون دبلوماسي",
  "06": "تعاون مادي", "07": "تقديم مساعدة", "08": "استجابة وتنازل", "09": "تحقيق", "10": "مطالبة",
  "11": "رفض وانتقاد", "12": "رفض", "13": "تهديد", "14": "احتجاج", "15": "استعراض قوة",
  "16": "تقليص العلاقات", "17": "إكراه", "18": "اعتداء", "19": "قتال", "20": "عنف جماعي",
};
const family = (code) => FAMILY[String(code).slice(0, 2)] || code;

// ---------- small DOM helpers: text only ----------

// Bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069).
const BIDI = /[\u202A-\u202E\u2066-\u2069]/g;

/** The text of an article made safe to show: bidi controls become visible marks. */
function textNodes(s) {
  const out = [];
  let last = 0;
  String(s ?? "").replace(BIDI, (c, i) => {
    if (i > last) out.push(document.createTextNode(s.slice(last, i)));
    const mark = document.createElement("span");
    mark.className = "ctl";
    mark.textContent = "U+" + c.codePointAt(0).toString(16).toUpperCase();
    mark.title = "محرف تحكم في الاتجاه";
    out.push(mark);
    last = i + c.length;
    return c;
  });
  if (last < String(s ?? "").length) out.push(document.createTextNode(String(s).slice(last)));
  return out;
}

/** An element with attributes and children (strings become safe text). */
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") e.className = v;
    else if (k === "onclick") e.addEventListener("click", v);
    else e.setAttribute(k, v);
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    if (typeof c === "string" || typeof c === "number") e.append(...textNodes(String(c)));
    else e.append(c);
  }
  return e;
}

/** A link inside the interface (goes through pushState). */
function link(href, ...children) {
  return el("a", { href, "data-nav": "" }, ...children);
}

/** A link out of the interface, only for http(s) addresses. */
function outLink(url, text) {
  try {
    const u = new URL(url);
    if (u.protocol === "http:" || u.protocol === "https:") {
      return el("a", { href: u.href, rel: "noopener noreferrer", target: "_blank", class: "ltr" }, text || u.host);
    }
  } catch (_) { /* not a URL: shown as text */ }
  return el("span", { class: "ltr" }, text || url);
}

const HTML_ENTITIES = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'", "&#x27;": "'", "&#x2F;": "/" };
/** The escaped text of a snippet back to text, in one pass (so that an article's own
 * "&#60;", escaped as "&amp;#60;", stays "&#60;"). */
function unescapeHtml(s) {
  return s.replace(/&(?:amp|lt|gt|quot|#39|#x27|#x2F);|&#(\d{1,7});/g, (m, d) => {
    if (d === undefined) return HTML_ENTITIES[m];
    const n = Number(d);
    return n <= 0x10ffff ? String.fromCodePoint(n) : m;
  });
}

/** A label drawn by d3 or shown as a tooltip: bidi controls dropped (they cannot be
 * shown as marks there). */
function plain(s) { return String(s ?? "").replace(BIDI, ""); }

/** A search snippet (escaped text with <b>…</b> around matched words) as elements. */
function snippet(html) {
  const out = el("div", { class: "snippet t" });
  let bold = false;
  for (const part of String(html).split(/(<b>|<\/b>)/)) {
    if (part === "<b>") bold = true;
    else if (part === "</b>") bold = false;
    else if (part) out.append(bold ? el("mark", {}, unescapeHtml(part)) : el("span", {}, unescapeHtml(part)));
  }
  return out;
}

// Western digits, as Arabic news sites print them (and an Arabic-Indic zero looks like a dot).
function fmt(n) { return Number(n).toLocaleString("en-US"); }

function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }

// ---------- the API ----------

function token() { return sessionStorage.getItem("rasid-token"); }

async function api(path, params) {
  const url = new URL("/api/v1/" + path, location.origin);
  for (const [k, v] of Object.entries(params || {})) if (v !== undefined && v !== null && v !== "") url.searchParams.set(k, v);
  const headers = {};
  if (token()) headers.Authorization = "Bearer " + token();
  const r = await fetch(url, { headers });
  const body = await r.json().catch(() => ({ error: "الخادم أعاد ردا غير مقروء (" + r.status + ")" }));
  if (r.status === 401) throw new NeedToken(body.error);
  if (!r.ok) throw new Error(body.error || ("HTTP " + r.status));
  return body;
}

class NeedToken extends Error {}

function notice(msg) {
  const n = document.getElementById("notice");
  n.hidden = !msg;
  clear(n);
  if (msg) n.append(...textNodes(msg));
}

// ---------- routing ----------

function go(href, replace) {
  if (replace) history.replaceState(null, "", href); else history.pushState(null, "", href);
  render();
}

document.addEventListener("click", (ev) => {
  const a = ev.target.closest("a[data-nav]");
  if (!a || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.button !== 0) return;
  ev.preventDefault();
  go(a.getAttribute("href"));
});
window.addEventListener("popstate", () => render());

// [path, view, the menu entry it belongs to, the page's name (body[data-page])]
const ROUTES = [
  [/^\/search$/, viewSearch, "search", "search"],
  [/^\/articles\/(.+)$/, viewArticle, "search", "article"],
  [/^\/entities\/(.+)$/, viewEntity, "search", "entity"],
  [/^\/network$/, viewNetwork, "network", "network"],
  [/^\/map$/, viewMap, "map", "map"],
  [/^\/events$/, viewEvents, "events", "events"],
  [/^\/stories$/, viewStories, "stories", "stories"],
  [/^\/about$/, viewAbout, "", "about"],
];

let rendering = 0;
async function render() {
  const ticket = ++rendering;
  notice("");
  const path = location.pathname;
  const q = new URLSearchParams(location.search);
  const route = ROUTES.find(([re]) => re.test(path));
  for (const a of document.querySelectorAll(".bar nav a")) a.classList.toggle("active", route && a.dataset.view === route[2]);
  delete document.body.dataset.page;
  if (!route) { clear(view()).append(el("p", {}, "لا توجد صفحة بهذا العنوان.")); return; }
  // The view is drawn apart and shown only if no later navigation has begun meanwhile.
  const root = el("div", {});
  const show = () => { if (ticket === rendering) clear(view()).append(root); return ticket === rendering; };
  const arg = path.match(route[0])[1];
  try {
    await route[1](root, q, arg ? decodeURIComponent(arg) : undefined);
    if (!show()) return;
    document.body.dataset.page = route[3];
    // Milliseconds from the navigation's start (the browser test reads it).
    document.body.dataset.rendered = String(Math.round(performance.now()));
  } catch (e) {
    clear(root);
    if (e instanceof NeedToken) askToken(root, e.message);
    else root.append(el("p", { class: "notice" }, "تعذر عرض الصفحة: " + e.message));
    show();
  }
}

function askToken(root, why) {
  clear(root);
  const input = el("input", { type: "password", name: "token", placeholder: "الرمز", autocomplete: "off" });
  const form = el("form", { class: "query" }, input, el("button", { type: "submit" }, "دخول"));
  form.addEventListener("submit", (ev) => { ev.preventDefault(); sessionStorage.setItem("rasid-token", input.value); render(); });
  root.append(el("h1", {}, "هذا الخادم يطلب رمز دخول"), el("p", { class: "muted" }, why), form);
}

function setParams(q, changes) {
  const n = new URLSearchParams(q);
  for (const [k, v] of Object.entries(changes)) { if (v === null || v === "" || v === undefined) n.delete(k); else n.set(k, v); }
  return n;
}

// ---------- search ----------

const FILTERS = [["source", "المصدر"], ["topic", "الموضوع"], ["person", "شخص"], ["place", "مكان"], ["org", "منظمة"]];
const PAGE = 20;

function queryForm(q, fields) {
  const form = el("form", { class: "query", role: "search" });
  for (const [name, kind, label] of fields) {
    form.append(el("label", { class: "muted" }, label), el("input", { type: kind, name, value: q.get(name) || "", "aria-label": label }));
  }
  form.append(el("button", { type: "submit" }, "عرض"));
  return form;
}

function submitTo(form, base, q, keep) {
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const n = new URLSearchParams();
    for (const k of keep) if (q.get(k)) n.set(k, q.get(k));
    for (const [k, v] of new FormData(form)) if (v) n.set(k, v);
    go(base + (n.toString() ? "?" + n : ""));
  });
}

async function viewSearch(root, q) {
  const form = el("form", { class: "query", role: "search" },
    el("input", { type: "search", name: "q", value: q.get("q") || "", placeholder: "ابحث في الأخبار: كلمات، \"عبارة\"، -استبعاد", "aria-label": "البحث" }),
    el("label", { class: "muted" }, "من"), el("input", { type: "date", name: "from", value: q.get("from") || "" }),
    el("label", { class: "muted" }, "إلى"), el("input", { type: "date", name: "to", value: q.get("to") || "" }),
    el("button", { type: "submit" }, "بحث"));
  submitTo(form, "/search", q, FILTERS.map((f) => f[0]));
  root.append(form);
  const page = Math.max(0, parseInt(q.get("page") || "0", 10) || 0);
  const params = { q: q.get("q"), from: q.get("from"), to: q.get("to"), limit: PAGE, offset: page * PAGE, facets: true };
  for (const [k] of FILTERS) params[k] = q.get(k);
  const r = await api("search", params);
  const chips = el("div", { class: "chips" });
  for (const [k, label] of FILTERS) {
    if (!q.get(k)) continue;
    chips.append(el("span", { class: "chip" }, label + ": ", el("bdi", {}, q.get(k)), " ",
      link("/search?" + setParams(q, { [k]: null, page: null }), "✕")));
  }
  const side = el("aside", { class: "panel facet" });
  const main = el("section", {});
  root.append(chips, el("div", { class: "layout" }, side, main));
  const f = r.facets || {};
  const facet = (title, key, list, label) => {
    if (!list || !list.length) return;
    side.append(el("h3", {}, title));
    const ul = el("ul", {});
    for (const b of list) {
      const shown = label ? label(b) : (b.name || b.value);
      ul.append(el("li", {}, link("/search?" + setParams(q, { [key]: b.name || b.value, page: null }), el("bdi", {}, shown)),
        el("span", { class: "count" }, fmt(b.articles))));
    }
    side.append(ul);
  };
  facet("المصادر", "source", f.sources);
  facet("المواضيع", "topic", f.topics, (b) => TOPIC[b.value] || b.value);
  facet("أشخاص", "person", f.people);
  facet("أماكن", "place", f.places);
  facet("منظمات", "org", f.organisations);
  const mapLink = link("/map?" + setParams(q, { page: null }), "عرض أماكن هذا البحث على الخريطة");
  main.append(el("p", { class: "muted", id: "total" }, `${fmt(r.total)} مقالة`, r.took_ms !== undefined ? ` (${r.took_ms.toFixed(1)} م.ث)` : "", " · ", mapLink));
  for (const n of r.notes) main.append(el("p", { class: "notice" }, n));
  if (f.days && f.days.length) main.append(histogram(f.days, q));
  const ul = el("ol", { class: "hits", start: String(r.offset + 1) });
  for (const h of r.hits) {
    ul.append(el("li", { class: "hit" },
      el("div", { class: "title" }, link("/articles/" + encodeURIComponent(h.id), el("bdi", {}, h.title || h.id))),
      el("div", { class: "meta" }, h.date || "", h.source ? " · " + h.source : ""),
      snippet(h.snippet)));
  }
  main.append(ul);
  const pager = el("div", { class: "pager" });
  if (page > 0) pager.append(link("/search?" + setParams(q, { page: page - 1 || null }), "→ السابق"));
  // The API pages through the first 10,000 hits.
  if ((page + 1) * PAGE < Math.min(r.total, 10000)) pager.append(link("/search?" + setParams(q, { page: page + 1 }), "التالي ←"));
  pager.append(el("span", { class: "muted" }, `صفحة ${fmt(page + 1)} من ${fmt(Math.max(1, Math.ceil(r.total / PAGE)))}`));
  main.append(pager);
}

/** Articles per month (or per day within two months), a bar opens its range. */
function histogram(days, q) {
  const span = (Date.parse(days[days.length - 1].value) - Date.parse(days[0].value)) / 864e5;
  const byMonth = span > 62;
  const counts = new Map();
  for (const d of days) {
    const k = byMonth ? d.value.slice(0, 7) : d.value;
    counts.set(k, (counts.get(k) || 0) + d.articles);
  }
  const data = continuous(counts, byMonth);
  return barChart(data, (d) => {
    const from = byMonth ? d.k + "-01" : d.k;
    const to = byMonth ? lastDay(d.k) : d.k;
    go("/search?" + setParams(q, { from, to, page: null }));
  }, byMonth ? "مقالات في الشهر" : "مقالات في اليوم");
}

/** Every month (or day) from the first to the last key of `counts`, empty ones as 0, so
 * that the bars stand on a time axis. */
function continuous(counts, byMonth) {
  const keys = [...counts.keys()].sort();
  if (!keys.length) return [];
  const out = [];
  const next = (k) => {
    if (byMonth) { const [y, m] = k.split("-").map(Number); return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`; }
    return new Date(Date.parse(k) + 864e5).toISOString().slice(0, 10);
  };
  for (let k = keys[0]; k <= keys[keys.length - 1] && out.length < 5000; k = next(k)) out.push({ k, n: counts.get(k) || 0 });
  return out;
}

function lastDay(month) {
  const [y, m] = month.split("-").map(Number);
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, "0")}`;
}

function barChart(data, onClick, title) {
  const box = el("div", { class: "chart panel" }, el("div", { class: "muted" }, title));
  const W = 900, H = 130, pad = 22;
  const svg = d3.select(box).append("svg").attr("viewBox", `0 0 ${W} ${H}`).attr("role", "img").attr("aria-label", title);
  // Time runs right to left, as the page reads; a few bars are not stretched wide.
  const span = Math.min(W - 20, data.length * 48);
  const x = d3.scaleBand().domain(data.map((d) => d.k)).range([W - 10, W - 10 - span]).padding(0.1);
  const y = d3.scaleLinear().domain([0, d3.max(data, (d) => d.n) || 1]).range([H - pad, 6]);
  svg.selectAll("rect").data(data).join("rect").attr("class", "bar-rect")
    .attr("x", (d) => x(d.k)).attr("width", x.bandwidth()).attr("y", (d) => y(d.n)).attr("height", (d) => y(0) - y(d.n))
    .on("click", (_, d) => onClick && onClick(d))
    .append("title").text((d) => `${d.k}: ${fmt(d.n)}`);
  const ticks = data.filter((_, i) => i % Math.ceil(data.length / 8 || 1) === 0);
  svg.selectAll("text.tick").data(ticks).join("text").attr("class", "tick")
    .attr("x", (d) => x(d.k) + x.bandwidth() / 2).attr("y", H - 6).attr("text-anchor", "middle").text((d) => d.k);
  return box;
}

// ---------- article ----------

const enc = new TextEncoder();
const dec = new TextDecoder();

/** The article's text with its annotations: the text is cut at every byte offset where
 * an annotation starts or ends, and each piece gets the classes of what covers it. */
function annotatedText(text, marks) {
  const bytes = enc.encode(text);
  const cuts = new Set([0, bytes.length]);
  for (const m of marks) { cuts.add(m.start); cuts.add(m.end); }
  const points = [...cuts].filter((c) => c >= 0 && c <= bytes.length).sort((a, b) => a - b);
  const out = el("div", { class: "article-text t", dir: "rtl" });
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const piece = dec.decode(bytes.subarray(a, b));
    const over = marks.filter((m) => m.start <= a && m.end >= b);
    if (!over.length) { out.append(...textNodes(piece)); continue; }
    const span = el("span", {}, piece);
    const tips = [];
    for (const m of over) {
      span.classList.add(...m.cls);
      if (m.tip) tips.push(m.tip);
      if (m.href) span.dataset.href = m.href;
    }
    span.title = plain(tips.join(" · "));
    if (span.dataset.href) span.addEventListener("click", () => go(span.dataset.href));
    out.append(span);
  }
  return out;
}

async function viewArticle(root, _q, id) {
  const r = await api("articles/" + encodeURIComponent(id));
  const a = r.analysis;
  const d = a.document;
  const ents = new Map(a.entities.map((e) => [e.id, e]));
  const hrefOf = (eid) => (r.entity_ids[eid] ? "/entities/" + encodeURIComponent(r.entity_ids[eid]) : undefined);
  const marks = [];
  for (const m of a.mentions) {
    const e = m.entity && ents.get(m.entity);
    const tip = `${TYPES[m.type] || m.type}: ${e ? e.canonical : m.text}${e && e.role ? " — " + e.role : ""}`;
    marks.push({ start: m.start, end: m.end, cls: ["m", m.type], tip, href: m.entity ? hrefOf(m.entity) : undefined });
  }
  for (const t of a.dates) marks.push({ start: t.start, end: t.end, cls: ["d"], tip: `تاريخ: ${t.value || t.text}` });
  for (const qt of a.quotes) {
    const who = qt.speaker && ents.get(qt.speaker);
    marks.push({ start: qt.start, end: qt.end, cls: ["q"], tip: `اقتباس${who ? " — " + who.canonical : qt.speaker_text ? " — " + qt.speaker_text : ""}` });
  }
  root.append(el("h1", { class: "t" }, d.title || d.id),
    el("p", { class: "muted" }, [d.published, d.source, d.author].filter(Boolean).join(" · "), d.url ? " · " : "", d.url ? outLink(d.url) : ""));
  const legend = el("div", { class: "legend" }, el("span", { class: "PER" }, "شخص"), el("span", { class: "LOC" }, "مكان"),
    el("span", { class: "ORG" }, "منظمة"), el("span", { class: "MISC" }, "أخرى"), el("span", { class: "DATE" }, "تاريخ"), el("span", { class: "QUOTE" }, "اقتباس"));
  const text = el("section", { class: "panel" }, legend, annotatedText(a.text, marks));
  const digest = el("aside", { class: "panel digest" });
  root.append(el("div", { class: "layout wide-side" }, text, digest));
  const list = (title, items) => { if (items.length) digest.append(el("h2", {}, title), el("ul", {}, items)); };
  const name = (e) => (hrefOf(e.id) ? link(hrefOf(e.id), el("bdi", {}, e.canonical)) : el("bdi", {}, e.canonical));
  for (const [type, title] of [["PER", "الأشخاص"], ["ORG", "المنظمات"], ["LOC", "الأماكن"]]) {
    list(title, a.entities.filter((e) => e.type === type).map((e) => el("li", {}, name(e),
      e.role ? el("span", { class: "role" }, " — " + e.role) : "", e.affiliation ? el("span", { class: "role" }, " (" + e.affiliation + ")") : "",
      e.latin ? el("span", { class: "role latin" }, e.latin) : "")));
  }
  const bySpeaker = new Map();
  for (const qt of a.quotes) {
    const who = (qt.speaker && ents.get(qt.speaker)?.canonical) || qt.speaker_text || "غير معروف";
    if (!bySpeaker.has(who)) bySpeaker.set(who, []);
    bySpeaker.get(who).push(qt);
  }
  if (bySpeaker.size) {
    digest.append(el("h2", {}, "الاقتباسات حسب المتحدث"));
    for (const [who, qs] of bySpeaker) {
      digest.append(el("div", {}, el("strong", { class: "t" }, who), qs.map((qt) => el("blockquote", { class: "t" }, qt.text))));
    }
  }
  const who = (p) => p && ((p.entity && ents.get(p.entity)?.canonical) || p.text);
  list("الأحداث", a.events.map((e) => eventLine(who(e.source), e.label, who(e.target), e.cameo, e.status, e.place?.name)));
  list("التواريخ", a.dates.map((t) => el("li", {}, el("bdi", {}, t.text), t.value ? el("span", { class: "role ltr" }, " " + t.value) : "")));
  if (a.topic) digest.append(el("h2", {}, "الموضوع"), el("p", {}, TOPIC[a.topic.label] || a.topic.label));
  if (r.near_duplicates.length) list("مقالات شبه مكررة", r.near_duplicates.map((n) => el("li", {}, link("/articles/" + encodeURIComponent(n.id), n.id), ` (${n.similarity.toFixed(2)})`)));
}

function eventLine(source, label, target, code, status, place, extra) {
  return el("li", { class: "event" }, el("bdi", {}, source || "؟"), " ← ", el("strong", { title: label }, family(code)), " ← ", el("bdi", {}, target || "—"),
    " ", el("span", { class: "code", title: label }, code), " ", el("span", { class: "status" }, STATUS[status] || status),
    place ? el("span", { class: "role" }, " · " + place) : "", extra || "");
}

// ---------- entity ----------

/** The search filter that finds an entity of a type (other names: the words). */
function filterOf(type) { return { PER: "person", LOC: "place", ORG: "org" }[type] || "q"; }

async function viewEntity(root, _q, id) {
  const e = await api("entities/" + encodeURIComponent(id));
  root.append(el("h1", { class: "t" }, e.name, " ", el("span", { class: "muted" }, TYPES[e.type] || e.type)));
  const kv = el("dl", { class: "kv" });
  const row = (k, v) => { if (v && (!Array.isArray(v) || v.length)) kv.append(el("dt", {}, k), el("dd", {}, Array.isArray(v) ? v.join("، ") : v)); };
  row("المقالات", fmt(e.articles));
  row("أول ذكر", e.first_seen); row("آخر ذكر", e.last_seen);
  row("كتابات أخرى", e.spellings);
  row("بالحروف اللاتينية", e.latin ? el("span", { class: "ltr" }, e.latin) : "");
  row("الانتماء", e.affiliations.slice(0, 3));
  row("رموز", e.codes);
  if (e.link) row("الربط", e.link.kind === "place" ? `${e.link.name} (${e.link.country}) ${e.link.lat.toFixed(2)}, ${e.link.lon.toFixed(2)}` : `${e.link.code || ""} ${e.link.name || ""}`);
  row("ابحث", link("/search?" + new URLSearchParams({ [filterOf(e.type)]: e.name }), "المقالات التي تذكره"));
  root.append(el("section", { class: "panel" }, kv));
  if (e.days.length) {
    const months = new Map();
    for (const d of e.days) months.set(d.day.slice(0, 7), (months.get(d.day.slice(0, 7)) || 0) + d.articles);
    root.append(barChart(continuous(months, true), (d) => go("/search?" + new URLSearchParams({ [filterOf(e.type)]: e.name, from: d.k + "-01", to: lastDay(d.k) })), "الذكر في الأخبار شهرا بشهر"));
  }
  const cols = el("div", { class: "cols" });
  root.append(cols);
  if (e.roles.length) {
    cols.append(el("section", { class: "panel" }, el("h2", {}, "الألقاب والمناصب عبر الزمن"),
      el("table", { class: "rows" }, el("tr", {}, el("th", {}, "اللقب"), el("th", {}, "مرات"), el("th", {}, "من"), el("th", {}, "إلى")),
        e.roles.map((r) => el("tr", {}, el("td", {}, r.role), el("td", {}, fmt(r.mentions)), el("td", { class: "day" }, (r.first || "").slice(0, 10)), el("td", { class: "day" }, (r.last || "").slice(0, 10)))))));
  }
  if (e.co_mentioned.length) {
    cols.append(el("section", { class: "panel" }, el("h2", {}, "يذكر معه"),
      el("ul", {}, e.co_mentioned.map((c) => el("li", {}, c.id ? link("/entities/" + encodeURIComponent(c.id), el("bdi", {}, c.name)) : el("bdi", {}, c.name),
        el("span", { class: "role" }, ` ${TYPES[c.type] || c.type} · ${fmt(c.articles)}`))))));
  }
  const quotes = el("section", { class: "panel" }, el("h2", {}, `اقتباسات (${fmt(e.quotes.length)} في آخر ${fmt(e.articles_read)} مقالة)`));
  for (const q of e.quotes.slice(0, 20)) {
    quotes.append(el("blockquote", { class: "t" }, q.quote.text), el("div", { class: "muted" }, q.date || "", " · ", link("/articles/" + encodeURIComponent(q.article), el("bdi", {}, q.title))));
  }
  if (!e.quotes.length) quotes.append(el("p", { class: "muted" }, "لا اقتباسات منسوبة إليه."));
  cols.append(quotes);
  const events = el("section", { class: "panel" }, el("h2", {}, "الأحداث التي شارك فيها"));
  events.append(el("ul", {}, e.events.slice(0, 30).map((x) => eventLine(x.source_entity || x.source, x.label, x.target_entity || x.target, x.code, x.status, x.place,
    el("span", { class: "role" }, " · ", x.date || "", " ", link("/articles/" + encodeURIComponent(x.article), "المقالة"))))));
  if (!e.events.length) events.append(el("p", { class: "muted" }, "لا أحداث."));
  cols.append(events);
}

// ---------- network ----------

async function viewNetwork(root, q) {
  const form = el("form", { class: "query" },
    el("label", { class: "muted" }, "من"), el("input", { type: "date", name: "from", value: q.get("from") || "" }),
    el("label", { class: "muted" }, "إلى"), el("input", { type: "date", name: "to", value: q.get("to") || "" }),
    el("select", { name: "kind" }, [["both", "اللقاءات والذكر المشترك"], ["met", "من التقى بمن"], ["mentioned", "الذكر في المقالات نفسها"]]
      .map(([v, t]) => el("option", { value: v, selected: (q.get("kind") || "both") === v ? "" : null }, t))),
    el("button", { type: "submit" }, "عرض"));
  submitTo(form, "/network", new URLSearchParams(), []);
  root.append(el("h1", {}, "من التقى بمن"), form);
  const g = await api("graph", { from: q.get("from"), to: q.get("to"), kind: q.get("kind") || "both", limit: 40 });
  root.append(el("div", { class: "legend" }, el("span", { class: "PER" }, "شخص"), el("span", { class: "ORG" }, "منظمة"), el("span", { class: "LOC" }, "مكان"),
    el("span", {}, "خط أحمر: لقاء أو زيارة"), el("span", {}, "خط رمادي: ذكر في المقالات نفسها")),
  el("p", { class: "muted", id: "graph-size" }, `${fmt(g.nodes.length)} عقدة، ${fmt(g.edges.length)} صلة`));
  const box = el("div", { class: "graph" });
  root.append(box);
  if (!g.nodes.length) { box.append(el("p", { class: "muted" }, "لا صلات في هذه المدة.")); return; }
  const W = 1100, H = 680;
  const svg = d3.select(box).append("svg").attr("viewBox", `0 0 ${W} ${H}`).attr("role", "img").attr("aria-label", "شبكة الصلات");
  const color = { PER: "#1f5fbf", ORG: "#b85c00", LOC: "#1b7f3b", MISC: "#7a3db8" };
  const nodes = g.nodes.map((n) => ({ ...n }));
  const links = g.edges.map((e) => ({ ...e }));
  const maxW = d3.max(links, (l) => l.weight) || 1;
  const r = d3.scaleSqrt().domain([0, d3.max(nodes, (n) => n.articles) || 1]).range([4, 22]);
  // Laid out before it is drawn (300 steps), so the first picture is the settled one;
  // forceX/forceY hold the pieces that link to nothing near the middle.
  const sim = d3.forceSimulation(nodes)
    .force("link", d3.forceLink(links).id((d) => d.id).distance(70).strength((l) => (l.kind === "met" ? 0.7 : 0.2)))
    .force("charge", d3.forceManyBody().strength(-120))
    .force("x", d3.forceX(W / 2).strength(0.07))
    .force("y", d3.forceY(H / 2).strength(0.1))
    .force("collide", d3.forceCollide().radius((d) => r(d.articles) + 6))
    .stop();
  for (let i = 0; i < 300; i++) sim.tick();
  const line = svg.append("g").selectAll("line").data(links).join("line").attr("class", (l) => l.kind)
    .attr("stroke-width", (l) => 1 + 4 * Math.sqrt(l.weight / maxW));
  line.append("title").text((l) => `${l.kind === "met" ? "لقاءات" : "مقالات مشتركة"}: ${fmt(l.weight)} (${l.first || ""} – ${l.last || ""})`);
  const node = svg.append("g").selectAll("g").data(nodes).join("g").attr("class", "node");
  node.append("circle").attr("r", (d) => r(d.articles)).attr("fill", (d) => color[d.type] || "#555")
    .on("click", (_, d) => go("/entities/" + encodeURIComponent(d.id)));
  node.append("title").text((d) => `${plain(d.name)}: ${fmt(d.articles)} مقالة`);
  node.append("text").attr("dy", (d) => -r(d.articles) - 3).attr("text-anchor", "middle").text((d) => plain(d.name));
  const clamp = (v, lo, hi) => Math.max(lo, Math.min(hi, v));
  const draw = () => {
    for (const n of nodes) { n.x = clamp(n.x, 30, W - 30); n.y = clamp(n.y, 24, H - 12); }
    line.attr("x1", (l) => l.source.x).attr("y1", (l) => l.source.y).attr("x2", (l) => l.target.x).attr("y2", (l) => l.target.y);
    node.attr("transform", (d) => `translate(${d.x},${d.y})`);
  };
  draw();
  sim.on("tick", draw);
  node.call(d3.drag()
    .on("start", (ev, d) => { if (!ev.active) sim.alphaTarget(0.3).restart(); d.fx = d.x; d.fy = d.y; })
    .on("drag", (ev, d) => { d.fx = ev.x; d.fy = ev.y; })
    .on("end", (ev, d) => { if (!ev.active) sim.alphaTarget(0); d.fx = null; d.fy = null; }));
  const list = el("ul", { class: "muted" }, g.nodes.slice(0, 40).map((n) => el("li", {}, link("/entities/" + encodeURIComponent(n.id), el("bdi", {}, n.name)), ` · ${fmt(n.articles)}`)));
  root.append(el("details", {}, el("summary", {}, "العقد نصا"), list));
}

// ---------- map ----------

let world = null;
async function worldShapes() {
  if (!world) {
    const r = await fetch("/assets/countries-110m.json");
    const topo = await r.json();
    world = topojson.feature(topo, topo.objects.countries);
  }
  return world;
}

async function viewMap(root, q) {
  const params = {};
  for (const k of ["q", "from", "to", ...FILTERS.map((f) => f[0])]) params[k] = q.get(k);
  const form = el("form", { class: "query", role: "search" },
    el("input", { type: "search", name: "q", value: q.get("q") || "", placeholder: "أماكن أي بحث", "aria-label": "البحث" }),
    el("label", { class: "muted" }, "من"), el("input", { type: "date", name: "from", value: q.get("from") || "" }),
    el("label", { class: "muted" }, "إلى"), el("input", { type: "date", name: "to", value: q.get("to") || "" }),
    el("button", { type: "submit" }, "عرض"));
  submitTo(form, "/map", q, FILTERS.map((f) => f[0]));
  root.append(el("h1", {}, "الأماكن في الأخبار"), form);
  const [p, shapes] = await Promise.all([api("places", params), worldShapes()]);
  root.append(el("p", { class: "muted", id: "map-size" }, `${fmt(p.places.length)} مكانا في ${fmt(p.total)} مقالة · `, link("/search?" + setParams(q, {}), "نتائج البحث")));
  const W = 1000, H = 520;
  const box = el("div", { class: "map" });
  root.append(box);
  const projection = d3.geoNaturalEarth1().fitSize([W, H], { type: "Sphere" });
  const path = d3.geoPath(projection);
  const svg = d3.select(box).append("svg").attr("viewBox", `0 0 ${W} ${H}`).attr("role", "img").attr("aria-label", "خريطة");
  svg.append("path").attr("class", "sphere").attr("d", path({ type: "Sphere" }));
  svg.append("g").selectAll("path").data(shapes.features).join("path").attr("class", "land").attr("d", path);
  const r = d3.scaleSqrt().domain([0, d3.max(p.places, (x) => x.articles) || 1]).range([2, 26]);
  svg.append("g").selectAll("circle").data([...p.places].sort((a, b) => b.articles - a.articles)).join("circle").attr("class", "place")
    .attr("cx", (d) => projection([d.lon, d.lat])[0]).attr("cy", (d) => projection([d.lon, d.lat])[1]).attr("r", (d) => r(d.articles))
    .on("click", (_, d) => go("/search?" + setParams(q, { place: d.name })))
    .append("title").text((d) => `${plain(d.name)}: ${fmt(d.articles)} مقالة`);
  const table = el("table", { class: "rows" }, el("tr", {}, el("th", {}, "المكان"), el("th", {}, "مقالات"), el("th", {}, "البلد")),
    p.places.slice(0, 30).map((x) => el("tr", {}, el("td", {}, x.entity ? link("/entities/" + encodeURIComponent(x.entity), el("bdi", {}, x.name)) : el("bdi", {}, x.name)),
      el("td", {}, fmt(x.articles)), el("td", { class: "ltr" }, x.country))));
  root.append(el("h2", {}, "أكثر الأماكن ذكرا"), table);
}

// ---------- events ----------

async function viewEvents(root, q) {
  const form = queryForm(q, [["actor", "text", "طرف"], ["code", "text", "رمز CAMEO"], ["country", "text", "بلد"], ["from", "date", "من"], ["to", "date", "إلى"]]);
  submitTo(form, "/events", new URLSearchParams(), []);
  root.append(el("h1", {}, "الأحداث يوما بيوم"), form);
  const r = await api("events", { from: q.get("from"), to: q.get("to"), actor: q.get("actor"), code: q.get("code"), country: q.get("country"), status: q.get("status"), limit: 100, order: "desc" });
  root.append(el("p", { class: "muted", id: "events-total" }, `${fmt(r.total)} حدثا`));
  root.append(el("div", { class: "legend" }, [1, 2, 3, 4].map((k) => el("span", { class: "q" + k }, QUAD[k]))));
  if (r.by_day_and_quad_class.length) root.append(quadChart(r.by_day_and_quad_class, q));
  const table = el("table", { class: "rows" }, el("tr", {}, ["التاريخ", "المصدر", "الحدث", "الهدف", "المكان", "المقالة"].map((h) => el("th", {}, h))),
    r.events.map((e) => el("tr", {}, el("td", { class: "day", title: e.published ? "نشر في " + e.published : null }, e.date || ""), el("td", {}, el("bdi", {}, e.source_entity || e.source || "")),
      el("td", { title: e.label }, family(e.code), " ", el("span", { class: "code" }, e.code)), el("td", {}, el("bdi", {}, e.target_entity || e.target || "")), el("td", {}, e.place || ""),
      el("td", {}, link("/articles/" + encodeURIComponent(e.article), "فتح")))));
  root.append(el("h2", {}, "آخر الأحداث"), table);
}

/** Events per day (per week or month over long ranges), stacked by QuadClass. */
function quadChart(rows, q) {
  const days = rows.filter((r) => r.day !== "unknown");
  if (!days.length) return el("div");
  const first = Date.parse(days[0].day), last = Date.parse(days[days.length - 1].day);
  const span = (last - first) / 864e5;
  const unit = span > 400 ? "month" : span > 90 ? "week" : "day";
  const keyOf = (day) => {
    if (unit === "month") return day.slice(0, 7);
    if (unit === "week") { const t = Date.parse(day); return new Date(t - ((new Date(t).getUTCDay() + 1) % 7) * 864e5).toISOString().slice(0, 10); }
    return day;
  };
  const table = new Map();
  for (const r of days) {
    const k = keyOf(r.day);
    if (!table.has(k)) table.set(k, { k, 1: 0, 2: 0, 3: 0, 4: 0 });
    table.get(k)[r.quad_class] += r.events;
  }
  let data = [...table.values()].sort((a, b) => (a.k < b.k ? -1 : 1));
  let note = "";
  if (unit === "month") {
    // Months without events stand on the axis too; with no dates asked for, the last two
    // years (a stray old article would squeeze the news into a sliver).
    const filled = continuous(new Map(data.map((d) => [d.k, 1])), true);
    for (const f of filled) if (!table.has(f.k)) data.push({ k: f.k, 1: 0, 2: 0, 3: 0, 4: 0 });
    data.sort((a, b) => (a.k < b.k ? -1 : 1));
    if (data.length > 24 && !q.get("from") && !q.get("to")) {
      const hidden = data.slice(0, -24).reduce((n, d) => n + d[1] + d[2] + d[3] + d[4], 0);
      data = data.slice(-24);
      note = ` (آخر 24 شهرا؛ ${fmt(hidden)} حدثا قبلها: حدد التاريخ لعرضها)`;
    }
  }
  const box = el("div", { class: "chart panel" }, el("div", { class: "muted" }, { month: "أحداث في الشهر", week: "أحداث في الأسبوع", day: "أحداث في اليوم" }[unit], " حسب يوم النشر", note));
  const W = 1000, H = 220, pad = 22;
  const svg = d3.select(box).append("svg").attr("viewBox", `0 0 ${W} ${H}`).attr("role", "img").attr("aria-label", "الأحداث عبر الزمن");
  const stack = d3.stack().keys([1, 2, 3, 4])(data);
  const x = d3.scaleBand().domain(data.map((d) => d.k)).range([W - 10, 10]).padding(0.08);
  const y = d3.scaleLinear().domain([0, d3.max(data, (d) => d[1] + d[2] + d[3] + d[4]) || 1]).range([H - pad, 6]);
  const colors = { 1: "#4c9be8", 2: "#1b7f3b", 3: "#f2a541", 4: "#c8322f" };
  svg.selectAll("g.layer").data(stack).join("g").attr("class", "layer").attr("fill", (s) => colors[s.key])
    .selectAll("rect").data((s) => s.map((v) => ({ v, key: s.key }))).join("rect")
    .attr("x", (d) => x(d.v.data.k)).attr("width", x.bandwidth()).attr("y", (d) => y(d.v[1])).attr("height", (d) => y(d.v[0]) - y(d.v[1]))
    .on("click", (_, d) => {
      const k = d.v.data.k;
      const from = unit === "month" ? k + "-01" : k;
      const to = unit === "month" ? lastDay(k) : unit === "week" ? new Date(Date.parse(k) + 6 * 864e5).toISOString().slice(0, 10) : k;
      go("/events?" + setParams(q, { from, to }));
    })
    .append("title").text((d) => `${d.v.data.k} · ${QUAD[d.key]}: ${fmt(d.v.data[d.key])}`);
  const ticks = data.filter((_, i) => i % Math.ceil(data.length / 8 || 1) === 0);
  svg.selectAll("text.tick").data(ticks).join("text").attr("class", "tick")
    .attr("x", (d) => x(d.k) + x.bandwidth() / 2).attr("y", H - 6).attr("text-anchor", "middle").text((d) => d.k);
  return box;
}

// ---------- stories and about ----------

async function viewStories(root, q) {
  const form = queryForm(q, [["from", "date", "من"], ["to", "date", "إلى"]]);
  submitTo(form, "/stories", new URLSearchParams(), []);
  root.append(el("h1", {}, "قصص تناقلتها عدة مصادر"), form);
  const r = await api("stories", { from: q.get("from"), to: q.get("to"), limit: 30 });
  if (!r.stories.length) root.append(el("p", { class: "muted" }, "لا قصص في هذه المدة."));
  for (const s of r.stories) {
    root.append(el("section", { class: "hit" }, el("div", { class: "title t" }, s.title),
      el("div", { class: "meta" }, `${fmt(s.articles)} مقالات من ${s.sources.join("، ")} · ${s.first} – ${s.last}`),
      el("div", { class: "muted t" }, s.entities.slice(0, 6).join("، ")),
      el("ul", {}, s.members.slice(0, 8).map((m) => el("li", {}, link("/articles/" + encodeURIComponent(m.id), el("bdi", {}, m.title)), el("span", { class: "role" }, ` · ${m.source || ""} · ${m.date}`))))));
  }
}

async function viewAbout(root) {
  const s = await api("status");
  root.append(el("h1", {}, "عن راصد"),
    el("dl", { class: "kv" }, el("dt", {}, "المخزن"), el("dd", { class: "ltr" }, s.store), el("dt", {}, "المقالات"), el("dd", {}, fmt(s.articles)),
      el("dt", {}, "الإصدار"), el("dd", { class: "ltr" }, s.version)),
    el("p", {}, "كل ما تعرضه هذه الواجهة مضمن في البرنامج ولا يجلب شيئا من الإنترنت. الرسوم والشبكة والخريطة من d3 وtopojson-client (رخصة ISC)، وأشكال الدول من world-atlas (ISC) المأخوذة من Natural Earth (ملك عام). "),
    el("p", {}, el("a", { href: "/assets/LICENSES.txt" }, "نصوص التراخيص")));
}

// ---------- start ----------

async function statusLine() {
  try {
    const s = await api("status");
    const n = document.getElementById("store-status");
    n.textContent = `${fmt(s.articles)} مقالة`;
  } catch (_) { /* the view shows the error */ }
}

(function start() {
  const t = new URLSearchParams(location.search).get("token");
  if (t) {
    sessionStorage.setItem("rasid-token", t);
    go(location.pathname + "?" + setParams(new URLSearchParams(location.search), { token: null }), true);
  } else {
    render();
  }
  statusLine();
})();
