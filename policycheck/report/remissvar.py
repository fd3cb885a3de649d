"""``--format remissvar``: a draft statement on each document, in the seed's form.

A heading naming the document; *Sammanfattning*, the main weaknesses in a few sentences, the
weightiest first; *Synpunkter*, critique point by critique point, each paragraph quoting the
draft and citing where (page and paragraph in a PDF, paragraph in a Word file, line
otherwise), asking the reviewer's question and saying what to write instead, with the
document-level points as paragraphs of their own; and what the draft does well (the points
that pass). Swedish documents get a Swedish statement, others an English one; the wording is
the rule files' ``remissvar`` wording (:mod:`policycheck.report.review`).

Markdown by default; Word with ``-o FILE.docx``; one file per document in an ``-o`` folder.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from policycheck import languages, regexes
from policycheck.findings import FileResult, Finding
from policycheck.report import Report, RunInfo, output_name, review, wants_folder
from policycheck.severity import RANK

SUMMARY_POINTS = 4  # the summary names this many points; the rest are "further points"
QUOTES_PER_PARAGRAPH = 5
EXCERPT = 180  # longer sentences are quoted around the match


@dataclass
class Statement:
    """A statement as blocks: (kind, text) with kind h1, h2, h3, note, p or li."""

    lang: str
    blocks: list[tuple[str, str]] = field(default_factory=list)


def render(results: list[FileResult], run: RunInfo) -> Report:
    readable = [r for r in results if not r.error]
    statements = [(r, statement(r, run)) for r in readable]
    if wants_folder(run, len(readable)):
        taken: set[str] = set()
        return {output_name(r.path, "-remissvar.md", taken): markdown(s) for r, s in statements}
    if run.output is not None and run.output.suffix.lower() == ".docx":
        if not statements:
            return {}
        return word(statements[0][1])
    return "\n\n---\n\n".join(markdown(s) for _r, s in statements)


def statement(result: FileResult, run: RunInfo) -> Statement:
    lang = review.lang_of(result)
    lab = languages.labels(lang, "remissvar")
    title = review.document_title(result)
    out = Statement(lang)
    out.blocks.append(("h1", lab["heading"].format(title=title)))
    out.blocks.append(("note", lab["note"].format(version=run.version, path=result.path)))
    # how the file was read or taken ("does not look like a policy document"): the reader of
    # the statement must know before sending it
    out.blocks.extend(("note", lab["notice"].format(notice=n)) for n in result.notices)
    draft = _draft(result, lang)
    statuses = []
    for point in review.points(result, run):
        # about the draft, not policycheck's own hygiene (unused suppressions)
        point.findings = [f for f in point.findings if f.alias != "unused-suppression"]
        if point.findings:
            statuses.append(point)
    statuses.sort(key=review.PointStatus.weight)  # stable: catalogue order among equals

    out.blocks.append(("h2", lab["summary"]))
    out.blocks.append(("p", _summary(statuses, result, run, draft, lab)))
    if statuses:
        out.blocks.append(("h2", lab["comments"]))
        for point in statuses:
            out.blocks.append(("h3", point.title))
            for paragraph in _paragraphs(point.findings, result, run, lab):
                out.blocks.append(("p", paragraph))
    out.blocks.append(("h2", lab["good"]))
    good = _good(result, run)
    out.blocks.extend(("li", g) for g in good)
    if not good:
        out.blocks.append(("p", lab["no_good"]))
    return out


def _draft(result: FileResult, lang: str) -> str:
    lab = languages.labels(lang, "remissvar")
    if not result.document_type:
        return lab["draft"]
    name = languages.get(lang).draft_name(result.document_type, result.title)
    return lab["draft_of"].format(type=name)


def _summary(
    statuses: list[review.PointStatus], result: FileResult, run: RunInfo, draft: str, lab
) -> str:
    if not statuses:
        return lab["none"].format(draft_lower=draft[0].lower() + draft[1:])
    sentences = [lab["opening"].format(draft=draft)]
    for point in statuses[:SUMMARY_POINTS]:
        # in the words of the rule with the weightiest finding
        first = max(point.findings, key=lambda f: RANK[f.severity])
        rule = review.rule_of(first, result, run)
        if rule is not None and rule.remissvar is not None:
            sentences.append(rule.remissvar.summary.get(review.lang_of(result)))
        else:
            sentences.append(first.message)
    rest = len(statuses) - SUMMARY_POINTS
    if rest == 1:
        sentences.append(lab["more_one"])
    elif rest > 1:
        sentences.append(lab["more"].format(n=rest))
    return " ".join(sentences)


def _paragraphs(findings: list[Finding], result: FileResult, run: RunInfo, lab) -> list[str]:
    """The point's paragraphs: the document-level findings one each; the others rule by rule,
    each sentence quoted once (its matches asked about together), the sentences that get the
    same question in one paragraph, cited where they stand."""
    out: list[str] = []
    sentences: dict[tuple[str, str, int], list[Finding]] = {}  # rule, sentence, line
    for f in findings:
        rule = review.rule_of(f, result, run)
        if f.scope == "document":
            ask = review.question(f, rule, result)
            out.append(f"{f.message} {ask} {f.suggestion}")
        else:
            sentences.setdefault((f.code, f.sentence, f.location.line), []).append(f)
    groups: dict[tuple[str, str], list[Finding]] = {}
    joined_of: dict[tuple[str, str], str | None] = {}
    for same in sentences.values():
        rule = review.rule_of(same[0], result, run)
        matches = list(dict.fromkeys(f.match for f in same if f.match))
        # "”levande” och ”attraktiva”": the question quotes its {match}
        opening, closing = review.quoted("", review.lang_of(result))
        joined = f"{closing} {lab['and']} {opening}".join(matches) if matches else None
        ask = review.question(same[0], rule, result, joined)
        groups.setdefault((same[0].code, ask), []).append(same[0])
        joined_of[(same[0].code, ask)] = joined
    for (code, ask), group in groups.items():
        rule = review.rule_of(group[0], result, run)
        if len(group) > 1:  # one question for several quoted sentences
            ask = review.question(group[0], rule, result, joined_of[(code, ask)], many=True)
        quotes = [_quote(f, result) for f in group[:QUOTES_PER_PARAGRAPH]]
        rest = len(group) - QUOTES_PER_PARAGRAPH
        if rest == 1:
            quotes.append(lab["others_one"])
        elif rest > 1:
            quotes.append(lab["others"].format(n=rest))
        quoted = _join(quotes, lab["and"])
        out.append(f"{quoted}. {ask} {group[0].suggestion}")
    return out


def _quote(f: Finding, result: FileResult) -> str:
    where = review.where(f, result)
    text = review.quoted(excerpt(f.sentence or f.match, f.match), review.lang_of(result))
    return text + (f" ({where})" if where else "")


def excerpt(sentence: str, match: str, limit: int = EXCERPT) -> str:
    """The sentence, or for a long one the words around the match, with "…" where cut."""
    sentence = " ".join(sentence.split())
    if len(sentence) <= limit:
        return sentence
    at = sentence.find(match) if match else -1
    at = max(at, 0)
    side = max(20, (limit - len(match)) // 2)
    lo, hi = max(0, at - side), min(len(sentence), at + len(match) + side)
    while lo > 0 and sentence[lo - 1] != " ":
        lo += 1
    while hi < len(sentence) and sentence[hi] != " ":
        hi -= 1
    return ("…" if lo > 0 else "") + sentence[lo:hi].strip() + ("…" if hi < len(sentence) else "")


def _join(items: list[str], conjunction: str) -> str:
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {conjunction} " + items[-1]


def _good(result: FileResult, run: RunInfo) -> list[str]:
    """What the draft does well: a sentence for each checked point without findings, quoting
    the passage that satisfied a document-level rule."""
    lang = review.lang_of(result)
    out = []
    # whether the goal analysis ran (a rule of the `goals` type): only then is "no goals"
    # known, and praise that speaks of the draft's goals withheld for want of them
    goals_known = any(r.check.type == "goals" for r in review.active_rules(result, run))
    for point in review.points(result, run):
        if point.findings or not point.checked or point.id == review.BEYOND:
            continue
        # a document-level rule that found nothing to quote did not apply (its trigger, such
        # as an earlier programme, is not in the draft): no praise from it
        worded = [
            r
            for r in point.rules
            if r.remissvar is not None
            and (r.check.type != "required" or r.code in result.evidence)
            and (r.remissvar.praise_needs != "goals" or result.goals or not goals_known)
        ]
        # a rule that found what it looked for (a financing section ...) is quoted
        rule = next((r for r in worded if r.code in result.evidence), None)
        if rule is None and worded:
            rule = worded[0]
        if rule is None:
            continue
        text = rule.remissvar.passed.get(lang)
        if rule.code in result.evidence:
            found = result.evidence[rule.code]
            text += f" ({review.quoted(excerpt(found, _evidence_words(rule, found)), lang)})"
        out.append(text)
    return out


def _evidence_words(rule, sentence: str) -> str:
    """The words of ``sentence`` that a document-level rule took as its evidence (its first
    regex or term found there), so that a long sentence is quoted around them ("… bygger på
    bred dialog …"), not cut off before them; "" where none is found (a heading, a lemma)."""
    evidence = getattr(rule.check, "evidence", None)
    if evidence is None:
        return ""
    for pattern in evidence.regex:
        found = regexes.compile(pattern).search(sentence)
        if found:
            return found.group(0)
    lowered = sentence.lower()
    for term in evidence.terms:
        at = lowered.find(term.lower())
        if at >= 0:
            return sentence[at : at + len(term)]
    return ""


# -- output ------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def _md(text: str) -> str:
    """Text as Markdown that shows it as it is (the draft's words may hold markup)."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def markdown(s: Statement) -> str:
    lines: list[str] = []
    for kind, text in s.blocks:
        if kind in ("h1", "h2", "h3"):
            lines += ["#" * int(kind[1]) + " " + _md(text), ""]
        elif kind == "note":
            lines += [f"*{_md(text)}*", ""]
        elif kind == "li":
            lines.append(f"- {_md(text)}")
        else:
            lines += [_md(text), ""]
    return "\n".join(lines).strip() + "\n"


def word(s: Statement) -> bytes:
    """The statement as a Word document."""
    import docx

    document = docx.Document()
    for kind, text in s.blocks:
        if kind in ("h1", "h2", "h3"):
            document.add_heading(text, level=int(kind[1]))
            if kind == "h1":
                document.core_properties.title = text
        elif kind == "note":
            document.add_paragraph().add_run(text).italic = True
        elif kind == "li":
            document.add_paragraph(text, style="List Bullet")
        else:
            document.add_paragraph(text)
    document.core_properties.language = languages.get(s.lang).locale or "en-GB"
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()
