"""``--format html``: one self-contained review page (no external assets: it works offline
and as an e-mail attachment).

Per document: the scorecard with a small bar chart per critique point (inline SVG), filters by
critique point and severity, the document's text with each finding highlighted and its note
beside it, and the goal table. For several documents the page opens with an overview: one row
per document, one column per critique point. Every piece of text from a document, a path or a
rule is escaped, so a draft that contains markup shows it as text.
"""

from __future__ import annotations

import bisect
from html import escape
from itertools import pairwise

from policycheck import languages
from policycheck.checks.goals import GOAL_ELEMENTS
from policycheck.document import BlockKind
from policycheck.findings import FileResult, Finding
from policycheck.report import RunInfo, review
from policycheck.severity import SEVERITIES, most_severe

COLORS = {"error": "#c62828", "warning": "#ef8f00", "info": "#1e88e5"}

_TAGS = {BlockKind.PARAGRAPH: "p", BlockKind.LIST_ITEM: "li", BlockKind.TABLE_CELL: "p"}

CSS = """
:root { --fg: #1d1d1f; --muted: #5f6368; --line: #dadce0; --bg: #fff; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg);
  background: var(--bg); margin: 0 auto; max-width: 1200px; padding: 1.5rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; } h2 { font-size: 1.3rem; margin-top: 2rem; }
h3 { font-size: 1.05rem; margin: 1.5rem 0 .5rem; }
.meta { color: var(--muted); font-size: .9rem; margin: 0 0 .5rem; }
table { border-collapse: collapse; }
td, th { padding: .2rem .6rem; border-bottom: 1px solid var(--line); text-align: left;
  vertical-align: top; }
.overview th.point { writing-mode: vertical-rl; transform: rotate(180deg); font-weight: 500;
  font-size: .8rem; max-height: 14rem; }
.overview td.n { text-align: center; font-variant-numeric: tabular-nums; }
.n.error { color: #fff; background: #c62828; } .n.warning { background: #ffe0a3; }
.n.info { background: #d6e9fb; } .ok { color: #2e7d32; } .dim { color: var(--muted); }
.scorecard td.count { text-align: right; font-variant-numeric: tabular-nums; }
.filters { border-bottom: 1px solid var(--line);
  padding: .5rem 0; font-size: .85rem; }
.filters fieldset { border: 0; display: inline; margin: 0 1rem 0 0; padding: 0; }
.filters legend { font-weight: 600; float: left; margin-right: .5rem; }
.filters label { margin-right: .6rem; white-space: nowrap; }
.row { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 1.5rem;
  border-bottom: 1px solid #f1f3f4; }
.row .text { padding: .25rem 0; } .row .text p, .row .text li { margin: .3rem 0; }
.heading { font-weight: 700; }
mark { background: #fff1c1; border-bottom: 2px solid #ef8f00; padding: 0 1px; }
mark.error { background: #fde0dc; border-color: #c62828; }
mark.info { background: #e3f0fc; border-color: #1e88e5; }
mark.off { background: none; border-color: transparent; }
mark.hot { outline: 2px solid #333; }
.note { font-size: .85rem; border-left: 4px solid #ef8f00; background: #fafafa;
  padding: .35rem .6rem; margin: .35rem 0; }
.note.error { border-color: #c62828; } .note.info { border-color: #1e88e5; }
.note .code { font-weight: 600; margin-right: .3rem; } .note div { margin-top: .2rem; }
.note .seed { font-style: italic; color: var(--muted); }
.whole { display: grid; grid-template-columns: repeat(auto-fill, minmax(340px, 1fr));
  gap: 0 1rem; margin-bottom: 1rem; }
.unreadable { color: #c62828; }
@media (max-width: 800px) { .row { grid-template-columns: 1fr; } }
@media print { .filters { display: none; } }
"""

SCRIPT = """
(function () {
  var boxes = document.querySelectorAll('.filters input');
  function shown(kind) {
    var on = {};
    document.querySelectorAll('.filters input[data-' + kind + ']').forEach(function (b) {
      on[b.getAttribute('data-' + kind)] = b.checked;
    });
    return on;
  }
  function apply() {
    var points = shown('point'), levels = shown('severity'), visible = {};
    document.querySelectorAll('.note').forEach(function (n) {
      var v = points[n.dataset.point] !== false && levels[n.dataset.severity] !== false;
      n.hidden = !v;
      visible[n.id] = v;
    });
    document.querySelectorAll('mark[data-f]').forEach(function (m) {
      var ids = m.dataset.f.split(' ');
      m.classList.toggle('off', !ids.some(function (id) { return visible[id]; }));
    });
  }
  boxes.forEach(function (b) { b.addEventListener('change', apply); });
  document.querySelectorAll('.note').forEach(function (n) {
    function hot(on) {
      document.querySelectorAll('mark[data-f~="' + n.id + '"]').forEach(function (m) {
        m.classList.toggle('hot', on);
      });
    }
    n.addEventListener('mouseenter', function () { hot(true); });
    n.addEventListener('mouseleave', function () { hot(false); });
  });
})();
"""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _labels(lang: str) -> dict[str, str]:
    """The page's words in ``lang`` (``labels.html`` of its language data)."""
    return {**languages.labels(lang, "html"), "lang": lang}


def page_language(results: list[FileResult]) -> str:
    """The page's own words: the documents' language when they share one, else English."""
    langs = {review.lang_of(r) for r in results if not r.error}
    return langs.pop() if len(langs) == 1 else "en"


def render(results: list[FileResult], run: RunInfo) -> str:
    lang = page_language(results)
    lab = _labels(lang)
    readable = [r for r in results if not r.error]
    if len(results) == 1 and readable:
        title = lab["review_of"].format(title=_title(readable[0], run))
    else:
        title = lab["review_of_n"].format(n=len(results))
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{lab["lang"]}">',
        '<head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title>",
        '<meta name="generator" content="policycheck">',
        f"<style>{CSS}</style></head>",
        "<body>",
        f"<header><h1>{_e(title)}</h1>",
        f'<p class="meta">{_e(lab["made_by"].format(version=run.version))}</p></header>',
    ]
    out += _filters(results, run, lab)
    if len(results) > 1:
        out += _overview(results, run, lab)
    for n, result in enumerate(results, start=1):
        out += _document(n, result, run, lab)
    out += [f"<script>{SCRIPT}</script>", "</body></html>"]
    return "\n".join(out) + "\n"


def _title(result: FileResult, run: RunInfo) -> str:
    return review.document_title(result)


def _filters(results: list[FileResult], run: RunInfo, lab) -> list[str]:
    present = {_point_id(f) for r in results for f in r.findings}
    points = [(p.id, p.title_in(lab["lang"])) for p in run.catalogue if p.id in present]
    if review.BEYOND in present:
        points.append((review.BEYOND, review.labels(lab["lang"])["beyond"]))
    if not points:
        return []
    out = ['<nav class="filters">', f"<fieldset><legend>{_e(lab['points'])}</legend>"]
    for pid, title in points:
        out.append(
            f'<label><input type="checkbox" checked data-point="{_e(pid)}"> {_e(title)}</label>'
        )
    out.append(f"</fieldset><fieldset><legend>{_e(lab['severity'])}</legend>")
    for sev in SEVERITIES:
        out.append(
            f'<label><input type="checkbox" checked data-severity="{sev}"> {_e(lab[sev])}</label>'
        )
    out.append("</fieldset></nav>")
    return out


def _overview(results: list[FileResult], run: RunInfo, lab) -> list[str]:
    """One row per document, one column per critique point: how many findings, ✓, or –."""
    out = [f"<h2>{_e(lab['overview'])}</h2>", '<table class="overview"><thead><tr>']
    out.append(f"<th>{_e(lab['document'])}</th>")
    for p in run.catalogue:
        out.append(f'<th class="point" title="{_e(p.id)}">{_e(p.title_in(lab["lang"]))}</th>')
    out.append("</tr></thead><tbody>")
    for n, result in enumerate(results, start=1):
        name = f'<a href="#doc-{n}">{_e(result.path)}</a>'
        if result.error:
            cols = len(run.catalogue)
            reason = f"{lab['unreadable']}: {result.error}"
            out.append(f'<tr><td>{name}</td><td colspan="{cols}" class="unreadable">'
                       f"{_e(reason)}</td></tr>")  # fmt: skip
            continue
        cells = [f"<td>{name}</td>"]
        by_id = {p.id: p for p in review.points(result, run)}
        for p in run.catalogue:
            cells.append(_cell(by_id[p.id], lab))
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return out


def _cell(point: review.PointStatus, lab) -> str:
    if not point.checked:
        return f'<td class="n dim" title="{_e(lab["not_checked"])}">–</td>'
    if not point.findings:
        return f'<td class="n ok" title="{_e(lab["passes"])}">✓</td>'
    sev = point.severity
    return f'<td class="n {sev}" title="{_e(lab[sev])}">{len(point.findings)}</td>'


def _document(n: int, result: FileResult, run: RunInfo, lab) -> list[str]:
    out = [f'<section class="document" id="doc-{n}" data-path="{_e(result.path)}">']
    if result.error:
        out += [
            f"<h2>{_e(result.path)}</h2>",
            f'<p class="unreadable">{_e(lab["unreadable"])}: {_e(result.error)}</p>',
            "</section>",
        ]
        return out
    doc_lab = _labels(review.lang_of(result))
    out.append(f"<h2>{_e(_title(result, run))}</h2>")
    meta = [result.path, result.language or "", result.pipeline or ""]
    if result.document_type:
        meta.append(f"{doc_lab['type']}: {result.document_type}")
    out.append(f'<p class="meta">{_e(" · ".join(m for m in meta if m))}</p>')
    for notice in result.notices:
        out.append(f'<p class="meta">! {_e(notice)}</p>')
    statuses = review.points(result, run)
    out += _scorecard(statuses, doc_lab)
    ids = {id(f): f"d{n}-f{i}" for i, f in enumerate(result.findings, start=1)}
    out += _text(n, result, run, ids, doc_lab)
    out += _goals(result, doc_lab)
    out.append("</section>")
    return out


def _bar(point: review.PointStatus, scale: int, lang: str) -> str:
    """A small horizontal bar per severity (inline SVG), in proportion to the findings; each
    part's tooltip in the page's words ("2 varningar")."""
    width, height = 160, 12
    parts = [f'<svg class="bar" width="{width}" height="{height}" role="img" '
             f'viewBox="0 0 {width} {height}" aria-label="{len(point.findings)}">',
             f'<rect width="{width}" height="{height}" fill="#f1f3f4"/>']  # fmt: skip
    x = 0.0
    for sev in SEVERITIES:
        count = sum(1 for f in point.findings if f.severity == sev)
        if count:
            w = width * count / scale
            tip = _e(languages.counted(count, sev, lang))
            parts.append(
                f'<rect class="{sev}" x="{x:.1f}" width="{w:.1f}" height="{height}" '
                f'fill="{COLORS[sev]}"><title>{tip}</title></rect>'
            )
            x += w
    parts.append("</svg>")
    return "".join(parts)


def _scorecard(statuses: list[review.PointStatus], lab) -> list[str]:
    scale = max([len(p.findings) for p in statuses] + [1])
    out = [f"<h3>{_e(lab['scorecard'])}</h3>", '<table class="scorecard"><tbody>']
    for p in statuses:
        if not p.checked:
            mark = f'<span class="dim">– {_e(lab["not_checked"])}</span>'
            count, bar = "", ""
        else:
            count = str(len(p.findings)) if p.findings else '<span class="ok">✓</span>'
            bar, mark = _bar(p, scale, lab["lang"]), ""
        out.append(
            f'<tr data-point="{_e(p.id)}"><td>{_e(p.title)}</td><td class="count">{count}</td>'
            f"<td>{bar}{mark}</td></tr>"
        )
    out.append("</tbody></table>")
    return out


def _point_id(finding: Finding) -> str:
    return finding.critique[0] if finding.critique else review.BEYOND


def _note(finding: Finding, fid: str, result: FileResult, run: RunInfo) -> str:
    point = _point_id(finding)
    lines = review.comment(finding, result, run)
    where = review.where(finding, result)
    head = f'<span class="code">{_e(finding.code)}</span>' + (f"({_e(where)}) " if where else "")
    message = lines[0].removeprefix(f"{finding.code} ")
    body = [f"<div>{head}{_e(message)}</div>"]
    for line in lines[1:]:
        cls = ' class="seed"' if line.startswith(review.labels(result.language)["seed"]) else ""
        body.append(f"<div{cls}>{_e(line)}</div>")
    return (
        f'<div class="note {finding.severity}" id="{fid}" data-point="{_e(point)}" '
        f'data-severity="{finding.severity}" data-code="{_e(finding.code)}">' + "".join(body)
    ) + "</div>"


def _text(n: int, result: FileResult, run: RunInfo, ids: dict[int, str], lab) -> list[str]:
    """The document's blocks with the findings highlighted, notes beside their block;
    findings about the whole document first."""
    document = run.documents.get(result.path)
    out = [f"<h3>{_e(lab['text'])}</h3>"]
    placed: dict[int, list[tuple[int, int, Finding]]] = {}  # block index -> spans
    unplaced: list[Finding] = []
    starts = [b.start for b in document.blocks] if document else []
    for f in result.findings:
        span = review.text_span(document, f) if document else None
        block = _block_index(starts, span[0]) if span else -1
        if span is None or block < 0:
            unplaced.append(f)
        else:
            placed.setdefault(block, []).append((span[0], span[1], f))
    if unplaced:
        notes = "".join(_note(f, ids[id(f)], result, run) for f in unplaced)
        out.append(f'<p class="heading">{_e(lab["whole"])}</p><div class="whole">{notes}</div>')
    if document is None:
        return out
    for i, block in enumerate(document.blocks):
        spans = placed.get(i, [])
        inner = _marked(document.text, block.start, block.end, spans, ids)
        if block.kind is BlockKind.HEADING:
            level = min(6, max(3, block.level + 2))  # under the page's own h1-h3
            html = f'<h{level} class="heading">{inner}</h{level}>'
        else:
            tag = _TAGS.get(block.kind, "p")
            html = f"<ul><li>{inner}</li></ul>" if tag == "li" else f"<p>{inner}</p>"
        notes = "".join(_note(f, ids[id(f)], result, run) for _s, _e2, f in spans)
        out.append(
            f'<div class="row"><div class="text">{html}</div><aside class="notes">{notes}</aside>'
            "</div>"
        )
    return out


def _block_index(starts: list[int], at: int) -> int:
    return bisect.bisect_right(starts, at) - 1


def _marked(
    text: str, start: int, end: int, spans: list[tuple[int, int, Finding]], ids: dict[int, str]
) -> str:
    """``text[start:end]`` escaped, each stretch covered by findings in one ``mark`` that
    names them all (``data-f``), coloured by the weightiest."""
    cuts = sorted({start, end, *(max(start, s) for s, _, _ in spans),
                   *(min(end, e) for _, e, _ in spans)})  # fmt: skip
    out = []
    for a, b in pairwise(cuts):
        if b <= a:
            continue
        piece = _e(text[a:b])
        covering = [f for s, e, f in spans if s <= a and b <= e]
        if not covering:
            out.append(piece)
            continue
        sev = most_severe(f.severity for f in covering)
        names = " ".join(ids[id(f)] for f in covering)
        out.append(f'<mark class="{sev}" data-f="{names}">{piece}</mark>')
    return "".join(out)


def _goals(result: FileResult, lab) -> list[str]:
    out = [f"<h3>{_e(lab['goals'])}</h3>"]
    if not result.goals:
        return [*out, f'<p class="dim">{_e(lab["no_goals"])}</p>']
    headers = languages.labels(lab["lang"], "goals")["headers"]
    out.append('<table class="goals"><thead><tr>')
    out += [f"<th>{_e(h)}</th>" for h in headers]
    out.append("</tr></thead><tbody>")
    for goal in result.goals:
        marks = [
            "✓" if goal["elements"][e] else ("✗" if e in goal["missing"] else "–")
            for e in GOAL_ELEMENTS
        ]
        cells = [str(goal["line"]), goal["text"], *marks]
        out.append("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in cells) + "</tr>")
    out.append("</tbody></table>")
    return out
