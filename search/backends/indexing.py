"""Chinese in the database index: the backend cuts what pages give it.

SQLite FTS5 and PostgreSQL full-text search read a run of Chinese characters as
one word, so "干细胞" would never find "干细胞治疗膝骨关节炎". Pages declare plain
text (`index.SearchField`); for every object it indexes, our backend appends the
Chinese of those fields, cut by search/cjk.py (`index_text()`: bigrams, then single
characters), to the end of the entry's body, as one more unboosted field. That is
what the pages' own `search_text` field used to add, so entries, results and
ranking are what they were (backend option CHINESE_TOKENS_MODELS keeps it to the
page types that had that field).

Where: Wagtail's database index prepares an object's text in `ObjectIndexer`
inside `add_items()`, and names that class directly: there is no hook to give it
another. So we override `add_items()` (the public method every Wagtail index
implements: "adds multiple objects of the same model to the index"), let
Wagtail's write the entries, then append the tokens to the entries it wrote, in
the same transaction. The text comes from Wagtail's own field extraction
(`ObjectIndexer.prepare_field()`, public), so it is the text Wagtail indexes.
tests/test_search_index.py reads the entries and fails, by name, if a Wagtail
upgrade changes what this relies on.

Cost: one UPDATE per indexed object that holds Chinese (none for English).
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.encoding import force_str

from wagtail.search.index import SearchField

from search import cjk


class ChineseTokensBackendMixin:
    """For a backend class of Wagtail's database backend (SQLite FTS5, PostgreSQL).

    Option CHINESE_TOKENS_MODELS: the models ("app_label.ModelName", subclasses
    included) whose entries get the tokens; without it, every indexed model.
    """

    segments_chinese = True  # the query side sends words as phrases of bigrams

    def __init__(self, params):
        super().__init__(params)
        self.chinese_tokens_models = params.get("CHINESE_TOKENS_MODELS")

    def indexes_chinese_tokens(self, model) -> bool:
        if self.chinese_tokens_models is None:
            return True
        return issubclass(
            model, tuple(apps.get_model(label) for label in self.chinese_tokens_models)
        )


class ChineseTokensIndexMixin:
    """For an index class of Wagtail's database backend (SQLite FTS5, PostgreSQL).

    A subclass names Wagtail's `object_indexer` class for its database and says in
    `append_to_body()` how its database appends text to an entry's body.
    """

    object_indexer: type

    def add_items(self, model, items):
        items = list(items)
        with transaction.atomic(using=self.write_connection.alias):
            super().add_items(model, items)
            if not items or not model.get_search_fields():
                return  # Wagtail wrote nothing
            if not self.backend.indexes_chinese_tokens(model):
                return
            # Wagtail's entry for an object: the model's content type, the pk as text
            content_type = ContentType.objects.get_for_model(model)
            entries = self.entries.filter(content_type=content_type)
            for obj in items:
                tokens = self.chinese_tokens(obj)
                if tokens:
                    entries.filter(object_id=force_str(obj.pk)).update(
                        **self.append_to_body(tokens)
                    )

    def chinese_tokens(self, obj) -> str:
        """The Chinese of every searchable field (title first), cut for the index."""
        indexer = self.object_indexer(obj, self.backend)
        texts = []
        for field in indexer.search_fields:
            # (field, value) on SQLite, (field, weight, value) on PostgreSQL
            for prepared in indexer.prepare_field(obj, field):
                if isinstance(prepared[0], SearchField):
                    texts.append(prepared[-1])
        return cjk.index_text(*texts)

    def append_to_body(self, tokens: str) -> dict:
        """The `update()` arguments that append `tokens` to an entry's body."""
        raise NotImplementedError
