"""The demo's glossary: terms its Chinese always translates the same way."""

from translations.models import GlossaryTerm

TERMS = [
    ("stem cell", "干细胞"),
    ("knee osteoarthritis", "膝骨关节炎"),
    ("mesenchymal stem cell", "间充质干细胞"),
    ("cartilage", "软骨"),
    ("umbilical cord", "脐带"),
    ("regenerative medicine", "再生医学"),
]


def load_glossary() -> int:
    """Create the terms that are missing (never change one); return how many."""
    created = 0
    for english, chinese in TERMS:
        _term, made = GlossaryTerm.objects.get_or_create(
            english=english, defaults={"chinese": chinese}
        )
        created += made
    return created
