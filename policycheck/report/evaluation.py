"""The report of ``policycheck eval``: precision, recall and F1 per critique point, document
questions, the reviewers' own agreement and per-rule counts; optionally the sentences behind
the numbers."""

from __future__ import annotations

import json

from policycheck.evaluate import GoldDocument, Score, line_of


def _num(x: float | None) -> str:
    return "–" if x is None else f"{x:.2f}"


def _table(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    out = []
    for row in rows:
        cells = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
        ]
        out.append("  ".join(cells).rstrip())
    return out


def render_text(
    score: Score, documents: list[GoldDocument], misses: bool = False, false: bool = False
) -> str:
    texts = {d.name: d.text for d in documents}
    lines = [
        f"{len(score.documents)} document{'s' if len(score.documents) != 1 else ''}, "
        f"reviewer{'s' if len(score.annotators) != 1 else ''}: {', '.join(score.annotators)}",
        "",
        "Sentences (precision: findings on a sentence either reviewer labelled; recall: of the",
        "pairs all reviewers agree on)",
        "",
    ]
    two = len(score.annotators) >= 2
    header = ("critique point", "agreed", "findings", "right", "found", "P", "R", "F1")
    rows = [(*header, "reviewers F1") if two else header]
    for label, c in score.by_label.items():
        if not (c.agreed or c.predicted):
            continue
        row = (label, str(c.agreed), str(c.predicted), str(c.right), str(c.found))
        row += (_num(c.precision), _num(c.recall), _num(c.f1))
        rows.append((*row, _num(score.agreement[label].f1)) if two else row)
    c = score.overall
    total = ("all", str(c.agreed), str(c.predicted), str(c.right), str(c.found))
    total += (_num(c.precision), _num(c.recall), _num(c.f1))
    if two:
        total += (_num(score.as_dict()["agreement"]["overall_f1"]),)
    rows.append(total)
    lines += _table(rows)
    lines += ["", "Document questions (where the reviewers agree on present or missing)", ""]
    qrows = [("question", "correct", "scored")]
    for q, (correct, n) in score.by_question().items():
        if n:
            qrows.append((q, str(correct), str(n)))
    right = sum(a.correct for a in score.answers)
    qrows.append(("all", str(right), str(len(score.answers))))
    lines += _table(qrows)
    acc = score.document_accuracy
    lines.append(f"accuracy {_num(acc)}")
    if two:
        same, asked = score.documents_agreement
        lines.append(f"the reviewers give the same answer to {same} of {asked} questions")
    if score.by_rule:
        lines += ["", "By rule", ""]
        rrows = [("rule", "right", "wrong", "doc correct", "doc incorrect", "doc missed")]
        for code, counts in score.by_rule.items():
            rrows.append(
                (
                    code,
                    *(
                        str(counts.get(k, 0))
                        for k in ("right", "wrong", "correct", "incorrect", "missed")
                    ),
                )
            )
        lines += _table(rrows)
    if misses:
        lines += ["", f"Missed ({len(score.misses)} agreed pairs no finding overlaps)", ""]
        for m in score.misses:
            where = f"{m.doc}:{line_of(texts[m.doc], m.start)}"
            lines.append(f"{where} [{m.label}] {' '.join(m.text.split())}")
        wrong = [a for a in score.answers if not a.correct]
        for a in wrong:
            if a.answer == "missing":
                lines.append(f"{a.doc} [document: {a.question}] missing, not reported")
    if false:
        lines += ["", f"False ({len(score.false)} findings on no sentence so labelled)", ""]
        for f in score.false:
            where = f"{f.doc}:{line_of(texts[f.doc], f.start)}"
            lines.append(f"{where} {f.code} [{f.label}] {' '.join(f.text.split())}")
        for a in score.answers:
            if not a.correct and a.answer == "present":
                codes = ",".join(a.codes)
                lines.append(f"{a.doc} {codes} [document: {a.question}] reported, but present")
    return "\n".join(lines)


def render_json(score: Score, documents: list[GoldDocument], misses: bool, false: bool) -> str:
    data = score.as_dict()
    texts = {d.name: d.text for d in documents}
    for key, wanted in (("misses", misses), ("false", false)):
        if wanted:
            for item in data[key]:
                item["line"] = line_of(texts[item["doc"]], item["start"])
        else:
            data[key] = len(data[key])
    return json.dumps(data, ensure_ascii=False, indent=2)
