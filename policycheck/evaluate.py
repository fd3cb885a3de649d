"""Scoring a checker against sentence-labelled documents (``policycheck eval``).

The annotation format is the one of the gold set: one JSON file per document and reviewer,
``{"doc": "NN-name.txt", "annotator": "A", "sentences": [{"text", "labels", "why"}],
"document": {"financing": {"status": "present|missing|n/a", "evidence"}, ...}}``; each
sentence's ``text`` occurs verbatim in the document. The definitions (the gold set's README):

- a sentence-level prediction with label L is *right* when its span overlaps a sentence that
  any reviewer labelled L; **precision** = right / all sentence-level predictions whose label
  is a sentence label;
- a (sentence, L) pair is *agreed* when every reviewer labelled overlapping sentences with L
  (with one reviewer: each of their labels); **recall** = agreed pairs that some prediction
  with label L overlaps / all agreed pairs;
- **document accuracy**: on the questions where the reviewers give the same present/missing
  answer (n/a and disagreements left out), a document-level prediction for that question must
  exist exactly when the answer is missing;
- the reviewers' own agreement (F1 of the first against the second, per label) is the ceiling.

This module knows nothing of rules: a :class:`Prediction` is a span with labels, from
policycheck's findings or from any other checker (the word-list baseline of the docs).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

SENTENCE_LABELS: tuple[str, ...] = (
    "weak-modal",
    "measurable-goals",
    "vague-concepts",
    "undefined-terms",
    "unsupported-claims",
    "concrete-guidance",
    "participation-form",
    "loaded-framing",
    "governance",
)
DOCUMENT_QUESTIONS: tuple[str, ...] = (
    "financing",
    "previous-evaluation",
    "national-eu-link",
    "governance",
    "follow-up",
    "consultation",
    "situation-analysis",
)
_STATUSES = ("present", "missing", "n/a")


class AnnotationError(ValueError):
    """An annotation file that cannot be used; the message names the file."""


@dataclass(frozen=True)
class Labelled:
    """A sentence a reviewer labelled, located in the document text."""

    start: int
    end: int
    labels: frozenset[str]
    text: str
    why: str = ""


@dataclass
class Annotation:
    """One reviewer's labels for one document."""

    doc: str
    annotator: str
    path: Path
    sentences: list[Labelled]
    answers: dict[str, str]  # document question -> present / missing / n/a


@dataclass
class GoldDocument:
    name: str
    path: Path  # the text file
    text: str
    annotations: list[Annotation]


@dataclass(frozen=True)
class Prediction:
    """What a checker reported: a sentence-level span or a whole-document finding."""

    doc: str
    labels: tuple[str, ...]  # critique ids (sentence level) or answered questions (document)
    scope: str  # "sentence" or "document"
    start: int = 0  # offsets in the document text
    end: int = 0
    code: str = ""  # the rule, for per-rule counts
    text: str = ""  # the quoted sentence, for listings


def _locate(text: str, sentence: str, taken: set[tuple[int, int]]) -> tuple[int, int] | None:
    """The first occurrence of ``sentence`` not already used by this annotator (a sentence
    that occurs twice and is labelled twice is two sentences)."""
    at = text.find(sentence)
    while at >= 0 and (at, at + len(sentence)) in taken:
        at = text.find(sentence, at + 1)
    if at < 0:
        at = text.find(sentence)
    return None if at < 0 else (at, at + len(sentence))


def _known(name: str, names: tuple[str, ...], what: str) -> None:
    from policycheck.errors import near_names

    if name not in names:
        near = near_names(name, names, 0.6)
        hint = f"did you mean {' or '.join(near)}?" if near else f"known: {', '.join(names)}"
        raise AnnotationError(f"{what} '{name}' ({hint})")


def parse_annotation(path: Path, text_for: Mapping[str, str] | None = None) -> Annotation:
    """Read one annotation file. ``text_for`` maps document names to their texts; when given,
    the sentences are located in them."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise AnnotationError(f"{path}: not a readable JSON annotation file ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("doc"), str):
        raise AnnotationError(f'{path}: expected an object with "doc", "sentences", "document"')
    doc = data["doc"]
    annotator = str(data.get("annotator") or path.parent.name)
    text = text_for.get(doc) if text_for is not None else None
    sentences: list[Labelled] = []
    taken: set[tuple[int, int]] = set()
    for i, item in enumerate(data.get("sentences") or []):
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise AnnotationError(f"{path}: sentences[{i}]: expected an object with a text")
        labels = item.get("labels") or []
        if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
            raise AnnotationError(f"{path}: sentences[{i}]: labels must be a list of ids")
        for label in labels:
            # a mistyped label would drop out of the scores unseen
            _known(label, SENTENCE_LABELS, f"{path}: sentences[{i}]: unknown label")
        span = (0, 0)
        if text is not None:
            found = _locate(text, item["text"], taken)
            if found is None:
                short = item["text"][:60]
                raise AnnotationError(f"{path}: sentences[{i}] not found in {doc}: {short!r}")
            span = found
            taken.add(span)
        sentences.append(
            Labelled(span[0], span[1], frozenset(labels), item["text"], str(item.get("why", "")))
        )
    answers: dict[str, str] = {}
    for question, answer in (data.get("document") or {}).items():
        _known(question, DOCUMENT_QUESTIONS, f"{path}: document: unknown question")
        status = answer.get("status") if isinstance(answer, dict) else answer
        if status not in _STATUSES:
            raise AnnotationError(f"{path}: document.{question}: status must be one of {_STATUSES}")
        answers[str(question)] = status
    return Annotation(doc, annotator, path, sentences, answers)


def find_text(doc: str, annotation_path: Path, texts: Path | None) -> Path | None:
    """Where the text of ``doc`` is: in ``texts`` when given, else next to the annotation
    file, in a ``texts`` folder beside its folder, or in one beside the folder above that."""
    if texts is not None:
        return texts / doc if (texts / doc).is_file() else None
    here = annotation_path.parent
    for candidate in (here / doc, here.parent / "texts" / doc, here / "texts" / doc):
        if candidate.is_file():
            return candidate
    return None


def annotation_files(paths: Iterable[Path]) -> list[Path]:
    """The JSON files among ``paths`` and in the folders among them (recursively, except in
    folders named ``texts``)."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out += sorted(
                p for p in path.rglob("*.json") if "texts" not in p.relative_to(path).parts
            )
        elif path.is_file():
            out.append(path)
        else:
            raise AnnotationError(f"{path}: no such file or folder")
    return out


def load_gold(paths: Iterable[Path], texts: Path | None = None) -> list[GoldDocument]:
    """Every annotated document among ``paths``, with its text and its reviewers' labels,
    in name order."""
    files = annotation_files(paths)
    if not files:
        raise AnnotationError("no annotation files (*.json) found")
    by_doc: dict[str, list[Path]] = defaultdict(list)
    for path in files:
        by_doc[parse_annotation(path).doc].append(path)
    documents = []
    for doc, doc_files in sorted(by_doc.items()):
        where = find_text(doc, doc_files[0], texts)
        if where is None:
            hint = f" in {texts}" if texts else "; give its folder with --texts"
            raise AnnotationError(f"{doc_files[0]}: the text {doc} was not found{hint}")
        text = where.read_text(encoding="utf-8")
        annotations = [parse_annotation(p, {doc: text}) for p in doc_files]
        annotations.sort(key=lambda a: a.annotator)
        documents.append(GoldDocument(doc, where, text, annotations))
    return documents


# --- scoring -----------------------------------------------------------------------------


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _spans(annotation: Annotation, label: str) -> list[tuple[int, int]]:
    return [(s.start, s.end) for s in annotation.sentences if label in s.labels]


def agreed_pairs(document: GoldDocument, label: str) -> list[Labelled]:
    """The first reviewer's sentences with ``label`` that every other reviewer also labelled
    (on an overlapping sentence)."""
    first, *others = document.annotations
    other_spans = [_spans(a, label) for a in others]
    return [
        s
        for s in first.sentences
        if label in s.labels
        and all(any(_overlaps((s.start, s.end), o) for o in spans) for spans in other_spans)
    ]


def agreed_answer(document: GoldDocument, question: str) -> str | None:
    """``present`` or ``missing`` when every reviewer gives that answer, else None."""
    answers = {a.answers.get(question) for a in document.annotations}
    if len(answers) == 1:
        answer = answers.pop()
        if answer in ("present", "missing"):
            return answer
    return None


@dataclass
class Counts:
    predicted: int = 0
    right: int = 0
    agreed: int = 0
    found: int = 0

    @property
    def precision(self) -> float | None:
        return self.right / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.found / self.agreed if self.agreed else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None or p + r == 0:
            return None if p is None or r is None else 0.0
        return 2 * p * r / (p + r)

    def as_dict(self) -> dict:
        return {
            "predicted": self.predicted,
            "right": self.right,
            "agreed": self.agreed,
            "found": self.found,
            "precision": _round(self.precision),
            "recall": _round(self.recall),
            "f1": _round(self.f1),
        }


@dataclass
class Agreement:
    """Reviewer against reviewer for one label: F1 of the first against the second."""

    first: int = 0  # sentences the first labelled
    second: int = 0
    first_matched: int = 0  # of those, overlapping one the second labelled
    second_matched: int = 0

    @property
    def f1(self) -> float | None:
        if not self.first or not self.second:
            return None
        p, r = self.first_matched / self.first, self.second_matched / self.second
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)


@dataclass
class Miss:
    doc: str
    label: str
    start: int
    end: int
    text: str


@dataclass
class FalseFinding:
    doc: str
    label: str
    code: str
    start: int
    end: int
    text: str


@dataclass
class DocumentAnswer:
    doc: str
    question: str
    answer: str  # the reviewers' agreed answer
    flagged: bool  # a document-level prediction says it is missing
    codes: tuple[str, ...]

    @property
    def correct(self) -> bool:
        return self.flagged == (self.answer == "missing")


@dataclass
class Score:
    documents: list[str]
    annotators: list[str]
    by_label: dict[str, Counts]
    overall: Counts
    answers: list[DocumentAnswer]
    agreement: dict[str, Agreement]
    documents_agreement: tuple[int, int]  # questions with the same answer, all questions
    by_rule: dict[str, dict[str, int]]
    misses: list[Miss] = field(default_factory=list)
    false: list[FalseFinding] = field(default_factory=list)

    @property
    def document_accuracy(self) -> float | None:
        return sum(a.correct for a in self.answers) / len(self.answers) if self.answers else None

    def by_question(self) -> dict[str, tuple[int, int]]:
        out: dict[str, list[int]] = {q: [0, 0] for q in DOCUMENT_QUESTIONS}
        for a in self.answers:
            cell = out.setdefault(a.question, [0, 0])
            cell[0] += a.correct
            cell[1] += 1
        return {q: (c, n) for q, (c, n) in out.items()}

    def as_dict(self) -> dict:
        agreement_all = _agreement_total(self.agreement.values())
        return {
            "documents": self.documents,
            "annotators": self.annotators,
            "sentences": {
                "overall": self.overall.as_dict(),
                "by_label": {k: v.as_dict() for k, v in self.by_label.items()},
            },
            "document_questions": {
                "correct": sum(a.correct for a in self.answers),
                "scored": len(self.answers),
                "accuracy": _round(self.document_accuracy),
                "by_question": {
                    q: {"correct": c, "scored": n} for q, (c, n) in self.by_question().items()
                },
                "answers": [
                    {
                        "doc": a.doc,
                        "question": a.question,
                        "answer": a.answer,
                        "flagged": a.flagged,
                        "correct": a.correct,
                        "codes": list(a.codes),
                    }
                    for a in self.answers
                ],
            },
            "agreement": {
                "by_label": {k: _round(v.f1) for k, v in self.agreement.items()},
                "overall_f1": _round(agreement_all.f1),
                "document_questions": {
                    "same": self.documents_agreement[0],
                    "asked": self.documents_agreement[1],
                },
            },
            "rules": self.by_rule,
            "misses": [m.__dict__ for m in self.misses],
            "false": [f.__dict__ for f in self.false],
        }


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 3)


def _agreement_total(parts: Iterable[Agreement]) -> Agreement:
    total = Agreement()
    for a in parts:
        total.first += a.first
        total.second += a.second
        total.first_matched += a.first_matched
        total.second_matched += a.second_matched
    return total


def _answers_question(prediction: Prediction, question: str) -> bool:
    return prediction.scope == "document" and question in prediction.labels


def score(
    documents: list[GoldDocument],
    predictions: Iterable[Prediction],
    labels: Iterable[str] = SENTENCE_LABELS,
    questions: Iterable[str] = DOCUMENT_QUESTIONS,
) -> Score:
    """Score ``predictions`` against the reviewers' labels of ``documents``."""
    labels, questions = tuple(labels), tuple(questions)
    by_doc: dict[str, list[Prediction]] = defaultdict(list)
    for p in predictions:
        by_doc[p.doc].append(p)
    by_label = {label: Counts() for label in labels}
    agreement = {label: Agreement() for label in labels}
    by_rule: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    misses: list[Miss] = []
    false: list[FalseFinding] = []
    answers: list[DocumentAnswer] = []
    same_answers = asked = 0
    annotators: set[str] = set()
    for document in documents:
        annotators.update(a.annotator for a in document.annotations)
        preds = by_doc.get(document.name, [])
        sentence_preds = [p for p in preds if p.scope == "sentence"]
        for label in labels:
            counts = by_label[label]
            labelled = [s for a in document.annotations for s in _spans(a, label)]
            for p in sentence_preds:
                if label not in p.labels:
                    continue
                counts.predicted += 1
                right = any(_overlaps((p.start, p.end), s) for s in labelled)
                counts.right += right
                by_rule[p.code]["right" if right else "wrong"] += 1
                if not right:
                    false.append(FalseFinding(document.name, label, p.code, p.start, p.end, p.text))
            for pair in agreed_pairs(document, label):
                counts.agreed += 1
                hit = any(
                    label in p.labels and _overlaps((p.start, p.end), (pair.start, pair.end))
                    for p in sentence_preds
                )
                counts.found += hit
                if not hit:
                    misses.append(Miss(document.name, label, pair.start, pair.end, pair.text))
            if len(document.annotations) >= 2:
                first, second = (_spans(a, label) for a in document.annotations[:2])
                ag = agreement[label]
                ag.first += len(first)
                ag.second += len(second)
                ag.first_matched += sum(any(_overlaps(f, s) for s in second) for f in first)
                ag.second_matched += sum(any(_overlaps(s, f) for f in first) for s in second)
        for question in questions:
            given = {a.answers.get(question) for a in document.annotations}
            if len(document.annotations) >= 2 and None not in given:
                asked += 1
                same_answers += len(given) == 1
            answer = agreed_answer(document, question)
            flagging = [p for p in preds if _answers_question(p, question)]
            if answer is None:
                continue
            answers.append(
                DocumentAnswer(
                    document.name,
                    question,
                    answer,
                    bool(flagging),
                    tuple(sorted({p.code for p in flagging})),
                )
            )
            for p in flagging:
                by_rule[p.code]["correct" if answer == "missing" else "incorrect"] += 1
            if not flagging and answer == "missing":
                by_rule[f"({question})"]["missed"] += 1
    overall = Counts()
    for c in by_label.values():
        overall.predicted += c.predicted
        overall.right += c.right
        overall.agreed += c.agreed
        overall.found += c.found
    return Score(
        documents=[d.name for d in documents],
        annotators=sorted(annotators),
        by_label=by_label,
        overall=overall,
        answers=answers,
        agreement=agreement,
        documents_agreement=(same_answers, asked),
        by_rule={code: dict(v) for code, v in sorted(by_rule.items())},
        misses=misses,
        false=false,
    )


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def predictions_from(results: Iterable, name_of: Mapping[str, str]) -> list[Prediction]:
    """policycheck's findings as predictions. ``results`` are ``FileResult``s; ``name_of``
    maps their paths to document names. A sentence finding predicts its critique ids; a
    document finding answers the document question named by its alias or critique id."""
    out: list[Prediction] = []
    for result in results:
        doc = name_of.get(result.path)
        if doc is None:
            continue
        for f in result.findings:
            if f.scope == "document":
                answered = tuple(q for q in DOCUMENT_QUESTIONS if q == f.alias or q in f.critique)
                if answered:
                    out.append(Prediction(doc, answered, "document", code=f.code))
                continue
            labels = tuple(c for c in f.critique if c in SENTENCE_LABELS)
            if labels:
                loc = f.location
                out.append(
                    Prediction(
                        doc,
                        labels,
                        "sentence",
                        loc.start_offset,
                        loc.end_offset,
                        f.code,
                        f.sentence,
                    )
                )
    return out
