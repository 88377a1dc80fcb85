"""What an import did, one line per post, then the totals.

created   post 12  'Stem Cell Therapy for Knee Osteoarthritis: The…' → /en/insights/…/
            missing image: 2025/10/knee.jpg
skipped   post 16  'Staff notes' (private)
Created 5, updated 0, unchanged 0, skipped 2 (1 private, 1 trash); 1 missing image; …
Redirects: …; then what was left out or changed, each kind with its count.

Scripts read the summary line; its form stays.
"""

import csv
from collections import Counter
from dataclasses import asdict, dataclass, field

TITLE_LENGTH = 60


@dataclass(slots=True)
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
        wp_id = str(self.wp_id or "-")
        text = f"{self.action:<9} {self.kind} {wp_id:<4} '{title}'"
        if self.url:
            text += f" → {self.url}"
        if self.reason:
            text += f" ({self.reason})"
        return [text, *(f"            {detail}" for detail in self.details)]


@dataclass(frozen=True)
class CommentRow:
    """One WordPress comment, as written to the comments file."""

    post_id: int
    post_title: str
    new_url: str
    comment_id: int
    parent_id: int
    author: str
    email: str
    url: str
    date: str
    status: str
    kind: str
    content: str

    @classmethod
    def of(cls, comment, item, line: Line) -> "CommentRow":
        return cls(
            post_id=item.post_id,
            post_title=line.title,
            new_url=line.url,
            comment_id=comment.comment_id,
            parent_id=comment.parent_id,
            author=comment.author,
            email=comment.email,
            url=comment.url,
            date=comment.date,
            status=comment.status,
            kind=comment.kind or "comment",
            content=comment.content,
        )


def write_comments(rows: list[CommentRow], target) -> None:
    """The comments as CSV (a text file object), one row each, replies after."""
    fields = list(CommentRow.__dataclass_fields__)
    writer = csv.DictWriter(target, fieldnames=fields)
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {
                k: _safe_cell(v) if isinstance(v, str) else v
                for k, v in asdict(row).items()
            }
        )


def _safe_cell(text: str) -> str:
    # A spreadsheet would run "=HYPERLINK(…)" typed by a commenter as a formula.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@dataclass(slots=True)
class Report:
    dry_run: bool = False
    lines: list[Line] = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)
    missing_images: set[str] = field(default_factory=set)  # labels, each once
    shortcodes: Counter = field(default_factory=Counter)
    redirects: Counter = field(default_factory=Counter)
    ignored_types: Counter = field(default_factory=Counter)
    notices: list[str] = field(default_factory=list)
    # Everything not carried over as it was, by kind: "comment", "removed <script>"…
    left_out: Counter = field(default_factory=Counter)
    comments: list[CommentRow] = field(default_factory=list)
    attachments: Counter = field(default_factory=Counter)
    missing_attachments: list[str] = field(default_factory=list)

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
        if self.attachments:
            counts = ", ".join(
                f"{n} {what}" for what, n in self.attachments.items() if n
            )
            out.append(f"Attachments: {counts or 'none'}.")
            out += [f"  missing: {label}" for label in self.missing_attachments]
        if self.left_out:
            kinds = ", ".join(
                f"{kind} ×{n}" for kind, n in sorted(self.left_out.items())
            )
            out.append(f"Left out or changed: {kinds}.")
        if self.dry_run:
            out.append("Dry run: nothing was saved.")
        return "\n".join(out)
