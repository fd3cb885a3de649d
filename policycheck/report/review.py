"""What a reviewer says about a document, shared by the reports people read (the Word
comments, the remissvar, the HTML page): per critique point its findings and whether it was
checked, and per finding the point, the question, the advice and where it stands, in words
that fit the document.

The wording follows the document's area: the seed's own words (a rule's ``seed_wording``, the
critique point's first quote, the rule's ``suggestion`` with the seed's examples) only for an
integration policy, as the seed was written about one; the neutral ``remissvar`` wording of the
rule files everywhere else.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from policycheck import languages
from policycheck.critique import SEED_AREA, SEED_LANGUAGE, CritiquePoint
from policycheck.document import Document
from policycheck.findings import FileResult, Finding
from policycheck.languages import cite
from policycheck.report import RunInfo
from policycheck.report.text import BEYOND
from policycheck.ruleset import Rule
from policycheck.severity import RANK, most_severe


def labels(lang: str | None) -> dict[str, str]:
    return languages.labels(lang, "review")


def quoted(text: str, lang: str | None) -> str:
    """``text`` in the language's quotation marks: ”…” in Swedish, “…” in English; the
    quotations inside it in the inner ones (“‘Open data’ means …”, not ““Open data” means")."""
    data = languages.get(languages.reported_in(lang))
    opening, closing = data.quotes
    return f"{opening}{_inner_quotes(text, *data.inner_quotes)}{closing}"


def _inner_quotes(text: str, opening: str, closing: str) -> str:
    out = []
    for i, ch in enumerate(text):
        if ch in "“„":
            ch = opening
        elif ch in '”"':
            # Swedish and typewriter quotes use one mark for both ends: it opens after a space
            starts = i == 0 or text[i - 1].isspace() or text[i - 1] in "([{–—-/"
            ch = opening if starts else closing
        out.append(ch)
    return "".join(out)


def lang_of(result: FileResult) -> str:
    """The language the report on ``result`` is written in: the document's, when its pack
    has the reports' words, else English."""
    return languages.reported_in(result.language)


@dataclass
class PointStatus:
    """A critique point (or "beyond" the critique) for one document."""

    id: str
    title: str
    findings: list[Finding] = field(default_factory=list)
    checked: bool = True  # an active rule answers the point
    rules: list[Rule] = field(default_factory=list)  # the active rules that answer it

    @property
    def severity(self) -> str | None:
        """The weightiest severity among the findings."""
        if not self.findings:
            return None
        return most_severe(f.severity for f in self.findings)

    def weight(self) -> tuple:
        """Sorts the weightiest first: by severity, then document-level before sentence-level
        (a missing section weighs more than one sentence), then by the number of findings."""
        rank = RANK[self.severity] if self.severity else -1
        document = any(f.scope == "document" for f in self.findings)
        return (-rank, not document, -len(self.findings))


def active_rules(result: FileResult, run: RunInfo) -> list[Rule]:
    """The rules that ran on the document (``FileResult.checked_rules``: selected, not off for
    its type, not ignored for the file): only these can pass a point."""
    rules = run.rules.get(result.language or "", {}).values()
    ran = set(result.checked_rules)
    return [r for r in rules if r.code in ran]


def points(result: FileResult, run: RunInfo) -> list[PointStatus]:
    """Every critique point in catalogue order, then "beyond" when it has findings."""
    lang = lang_of(result)
    active = active_rules(result, run)
    out: dict[str, PointStatus] = {}
    for p in run.catalogue:
        rules = [r for r in active if p.id in r.critique]
        out[p.id] = PointStatus(p.id, p.title_in(lang), checked=bool(rules), rules=rules)
    beyond = PointStatus(BEYOND, labels(lang)["beyond"])
    for f in result.findings:
        out.get(f.critique[0] if f.critique else BEYOND, beyond).findings.append(f)
    return [*out.values(), *([beyond] if beyond.findings else [])]


def rule_of(finding: Finding, result: FileResult, run: RunInfo) -> Rule | None:
    return run.rules.get(result.language or "", {}).get(finding.code)


def seed_area(result: FileResult) -> bool:
    """The document is of the area the seed was written about: its words fit."""
    return result.policy_area == SEED_AREA


def question(
    finding: Finding,
    rule: Rule | None,
    result: FileResult,
    match: str | None = None,
    many: bool = False,
) -> str:
    """The reviewer's question about the finding: the seed's own words for an integration
    policy where the rule has them, else the rule's neutral question (``many``: asked of
    several sentences, in its plural form where it has one); the message when the rule has no
    ``remissvar`` wording (an extra rule folder). ``match`` stands for the finding's match
    (several matches of one sentence, joined)."""
    lang = lang_of(result)
    if rule is None or rule.remissvar is None:
        return finding.message
    words = rule.remissvar.seed_wording if seed_area(result) else None
    neutral = rule.remissvar.question
    if many and rule.remissvar.question_many is not None:
        neutral = rule.remissvar.question_many
    text = (words or neutral).get(lang)
    return text.replace("{match}", finding.match if match is None else match)


def seed_quote(finding: Finding, result: FileResult, run: RunInfo) -> str | None:
    """The seed's words on the finding's critique point, for integration policies only, in
    a report in the seed's language."""
    if not seed_area(result) or not finding.critique or lang_of(result) != SEED_LANGUAGE:
        return None
    point = _point(run.catalogue, finding.critique[0])
    return point.quotes[0] if point and point.quotes else None


def _point(catalogue: tuple[CritiquePoint, ...], pid: str) -> CritiquePoint | None:
    return next((p for p in catalogue if p.id == pid), None)


def point_title(finding: Finding, result: FileResult, run: RunInfo) -> str:
    lang = lang_of(result)
    point = _point(run.catalogue, finding.critique[0]) if finding.critique else None
    return point.title_in(lang) if point else labels(lang)["beyond"]


def where(finding: Finding, result: FileResult) -> str:
    """Where the finding stands, as a reviewer cites a draft: page and paragraph in a PDF,
    paragraph in a Word file, line otherwise; "" for the document as a whole."""
    if finding.scope == "document":
        return ""
    loc = finding.location
    lang = lang_of(result)
    place = cite(loc.page, loc.paragraph, lang)
    if place:
        return place
    if result.format in ("docx", "pdf"):
        return ""  # headings and footnotes have no paragraph number; lines say nothing there
    return f"{labels(lang)['line']} {loc.line}"


def comment(finding: Finding, result: FileResult, run: RunInfo) -> list[str]:
    """The note on a finding, as lines: the message; the critique point with the reviewer's
    question; the seed's words (integration policies); the suggestion."""
    lab = labels(lang_of(result))
    rule = rule_of(finding, result, run)
    lines = [f"{finding.code} {finding.message}"]
    ask = question(finding, rule, result)
    lines.append(f"{point_title(finding, result, run)}: {ask}")
    quote = seed_quote(finding, result, run)
    if quote and quote not in ask:  # the question may be the seed's own words already
        lines.append(f"{lab['seed']}: {quoted(quote, lang_of(result))}")
    lines.append(f"{lab['suggestion']}: {finding.suggestion}")
    return lines


def document_title(result: FileResult) -> str:
    """The document's title as the check found it (below any letterhead), else its file name
    ("stdin" for standard input, as the report files are named)."""
    if result.title:
        return result.title
    return "stdin" if result.path == "-" else result.path.rsplit("/", 1)[-1]


def text_span(document: Document, finding: Finding) -> tuple[int, int] | None:
    """The finding's span in the document's normalised text, or None for the document as a
    whole or when the text there is not the match (then it cannot be shown in place)."""
    if finding.scope == "document":
        return None
    loc = finding.location
    start, end = document.text_span(loc.start_offset, loc.end_offset)
    if end > start and _same(document.text[start:end], finding.match or document.text[start:end]):
        return start, end
    # a match that is not the text at its offsets (a lemma, a lower-cased term): look for it
    # in the sentence around the offsets
    if finding.match:
        lo = max(0, start - len(finding.sentence))
        window = document.text[lo : end + len(finding.sentence)].lower()
        at = window.find(finding.match.lower())
        if at >= 0:
            return lo + at, lo + at + len(finding.match)
    return (start, end) if end > start else None


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).lower() == " ".join(b.split()).lower()
