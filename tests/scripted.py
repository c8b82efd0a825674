"""A prompter that plays a script, and fails loudly on a prompt it did not expect."""

from __future__ import annotations

from dataclasses import dataclass, field


class Interrupt:
    """A script entry that presses Ctrl-C at this prompt."""


CTRL_C = Interrupt()


@dataclass
class ScriptedPrompter:
    script: list[tuple[str, str | Interrupt]]
    shown: list[tuple[str, str]] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)

    def show(self, text: str, kind: str = "text") -> None:
        self.shown.append((kind, text))

    def ask(self, prompt: str) -> str:
        self.asked.append(prompt)
        if not self.script:
            raise AssertionError(f"unexpected prompt {prompt!r}: the script has ended")
        expected, reply = self.script.pop(0)
        if prompt != expected:
            raise AssertionError(f"expected prompt {expected!r}, got {prompt!r}")
        if isinstance(reply, Interrupt):
            raise KeyboardInterrupt
        return reply

    def hints(self) -> list[str]:
        return [text for kind, text in self.shown if kind == "hint"]
