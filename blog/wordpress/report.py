"""What an import did, one line per post, then the totals.

created   post 12  'Stem Cell Therapy for Knee Osteoarthritis: The…' → /en/insights/…/
            missing image: 2025/10/knee.jpg
skipped   post 16  'Staff notes' (private)
Created 5, updated 0, unchanged 0, skipped 2 (1 private, 1 trash); 1 missing image; …
"""

from collections import Counter
from dataclasses import dataclass, field

TITLE_LENGTH = 60


@dataclass
class Line:
    action: str  # created, updated, unchanged, skipped
    kind: str  # post, page
    wp_id: int
    title: str
    url: str = ""
    reason: str = ""
    details: list[str] = field(default_factory=list)

    def render(self) -> list[str]:
        title = (
            self.title
            if len(self.title) <= TITLE_LENGTH
            else self.title[: TITLE_LENGTH - 1] + "…"
        )
        text = f"{self.action:<9} {self.kind} {self.wp_id:<4} '{title}'"
        if self.url:
            text += f" → {self.url}"
        if self.reason:
            text += f" ({self.reason})"
        return [text, *(f"            {detail}" for detail in self.details)]


@dataclass
class Report:
    dry_run: bool = False
    lines: list[Line] = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)
    missing_images: set[str] = field(default_factory=set)  # labels, each once
    shortcodes: Counter = field(default_factory=Counter)
    redirects: Counter = field(default_factory=Counter)
    ignored_types: Counter = field(default_factory=Counter)
    notices: list[str] = field(default_factory=list)

    def add(self, line: Line) -> Line:
        self.lines.append(line)
        return line

    def skip(
        self, kind: str, wp_id: int, title: str, reason: str, why: str = ""
    ) -> Line:
        self.skipped[reason] += 1
        return self.add(Line("skipped", kind, wp_id, title, reason=why or reason))

    def count(self, action: str) -> int:
        return sum(1 for line in self.lines if line.action == action)

    def summary(self) -> str:
        skipped = sum(self.skipped.values())
        text = (
            f"Created {self.count('created')}, updated {self.count('updated')}, "
            f"unchanged {self.count('unchanged')}, skipped {skipped}"
        )
        if skipped:
            reasons = ", ".join(
                f"{n} {reason}" for reason, n in sorted(self.skipped.items())
            )
            text += f" ({reasons})"
        images = len(self.missing_images)
        text += f"; {images} missing image{'' if images == 1 else 's'}"
        if self.shortcodes:
            found = ", ".join(
                f"[{name}] ×{n}" for name, n in sorted(self.shortcodes.items())
            )
            text += f"; shortcodes removed: {found}"
        return text

    def render(self) -> str:
        out = ["Dry run: nothing will be saved."] if self.dry_run else []
        for line in self.lines:
            out += line.render()
        out += self.notices
        out.append(self.summary())
        out.append(
            f"Redirects: {self.redirects['created']} created, "
            f"{self.redirects['updated']} updated, "
            f"{self.redirects['unchanged']} unchanged."
        )
        if self.ignored_types:
            kinds = ", ".join(
                f"{kind} ×{n}" for kind, n in sorted(self.ignored_types.items())
            )
            out.append(f"Not imported (other content types): {kinds}.")
        if self.dry_run:
            out.append("Dry run: nothing was saved.")
        return "\n".join(out)
