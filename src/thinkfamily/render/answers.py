"""A walk's answers as an answers file, for when they cannot be saved in the data folder:
the user copies it into a file and runs `check --answers` with it, and nothing is typed
again."""

from __future__ import annotations

import json

from thinkfamily.answers import REFLECTION_KEY
from thinkfamily.models.record import Draft
from thinkfamily.render.inert import inert_json

BEGIN = "# --- thinkfamily answers: copy from this line ---"
END = "# --- to this line ---"


def _quoted(text: str) -> str:
    # A JSON string is a YAML double-quoted scalar: every character, line break and
    # quote survives the round trip through the answers reader; a character unsafe on a
    # terminal, or refused by YAML, is written as a \u escape, which reads back as itself.
    return inert_json(json.dumps(text, ensure_ascii=False))


def answers_file(draft: Draft) -> str:
    """Every answer, note, action and the reflection of `draft`, as an answers file."""
    lines = [BEGIN, f"# checklist: {draft.checklist_id}"]
    if draft.case:
        lines.append(f"# case: {draft.case}")
    for qid, given in draft.answers.items():
        fields: dict[str, str] = dict(given)  # type: ignore[arg-type]
        if fields.get("answer") == "answered" and "response" in fields:
            del fields["answer"]  # a text question: its response is its answer, whatever it says
        inner = ", ".join(f"{key}: {_quoted(text)}" for key, text in fields.items())
        lines.append(f"{qid}: {{{inner}}}")  # an id is lower-case letters, digits and -
    if draft.reflection:
        lines.append(f"{REFLECTION_KEY}: {_quoted(draft.reflection)}")
    lines.append(END)
    return "\n".join(lines) + "\n"
