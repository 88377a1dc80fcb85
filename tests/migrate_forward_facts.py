"""Facts about the contact form's data that must survive moving its models between
apps, written as JSON (see tests/test_migrate_forward.py).

Run from a project checkout, on the database DATABASE_URL names:

    DATABASE_URL=sqlite:///db.sqlite3 \\
        python tests/migrate_forward_facts.py --app-label enquiries --probes

(DJANGO_SETTINGS_MODULE defaults to site_config.settings.test.)

``--app-label`` is the app holding ContactPage, ContactFormField and
ContactSubmission in that checkout (``home`` up to f1687e5, ``enquiries`` after the
move). The script uses only Django and Wagtail APIs both versions have, so the same
script made the fixture's manifest on the old code and reads the migrated database
on the new one. ``--probes`` then uses the data as the site would (renders the
contact pages, lists the enquiries in the admin, stores a new enquiry, syncs the
Chinese translation); they write, so run them on a copy.

Each group of facts is read on its own: one that fails records ``{"ERROR": ...}``
and the others are still read, so a comparison shows everything that broke.
"""

import argparse
import json
import os
import sys
import traceback

MOVED_MODELS = ("contactformfield", "contactpage", "contactsubmission")
# Rows the probes or a migration may add: compared by name, not counted.
NOT_COUNTED = ("contenttypes.contenttype", "auth.permission", "sessions.session")


def label(obj) -> str:
    """'app_label.model' (lower case) of a content type, a model or an instance."""
    from django.contrib.contenttypes.models import ContentType

    if obj is None:
        return "MISSING"
    if isinstance(obj, ContentType):
        return f"{obj.app_label}.{obj.model}"
    return obj._meta.label_lower


def content_type_label(pk) -> str:
    """The label of a content type id stored in a JSON blob."""
    from django.contrib.contenttypes.models import ContentType

    try:
        return label(ContentType.objects.get_for_id(pk))
    except ContentType.DoesNotExist:
        return f"MISSING (content type id {pk})"


def attempt(read):
    """The value of read(), or what went wrong."""
    try:
        return read()
    except Exception as error:  # noqa: BLE001 - reported as a fact, compared later
        last = traceback.extract_tb(error.__traceback__)[-1]
        where = f"{os.path.basename(last.filename)}:{last.lineno}"
        return {"ERROR": f"{type(error).__name__}: {error} ({where})"}


class Facts:
    def __init__(self, app_label: str):
        from django.apps import apps
        from django.contrib.contenttypes.models import ContentType

        self.app_label = app_label
        self.contact_page = apps.get_model(app_label, "ContactPage")
        self.form_field = apps.get_model(app_label, "ContactFormField")
        self.submission = apps.get_model(app_label, "ContactSubmission")
        # Looked up, never created: a missing one is a fact too.
        self.moved_types = list(
            ContentType.objects.filter(app_label=app_label, model__in=MOVED_MODELS)
        )
        self.page_type = next(
            (ct for ct in self.moved_types if ct.model == "contactpage"), None
        )

    def collect(self) -> dict:
        readers = {
            name[len("read_") :]: getattr(self, name)
            for name in dir(self)
            if name.startswith("read_")
        }
        return {name: attempt(read) for name, read in sorted(readers.items())}

    def read_row_counts(self):
        """Every model's rows: nothing may go missing anywhere."""
        from django.apps import apps

        return {
            label(model): model._base_manager.count()
            for model in apps.get_models(include_auto_created=True)
            if label(model) not in NOT_COUNTED
        }

    def read_content_types_of_contact_models(self):
        from django.contrib.contenttypes.models import ContentType

        return sorted(
            label(ct) for ct in ContentType.objects.filter(model__in=MOVED_MODELS)
        )

    def read_pages_by_type(self):
        from wagtail.models import Page

        counts: dict = {}
        for page in Page.objects.select_related("content_type"):
            counts[label(page.content_type)] = (
                counts.get(label(page.content_type), 0) + 1
            )
        return counts

    def read_contact_pages(self):
        """Each contact page, found by its content type, as Page and as specific."""
        from wagtail.models import Page

        pages = []
        for page in Page.objects.filter(content_type=self.page_type).order_by("pk"):
            specific = page.specific
            submissions = specific.get_submission_class().objects.filter(page=page)
            pages.append(
                {
                    "id": page.pk,
                    "title": page.title,
                    "url_path": page.url_path,
                    "url": page.get_url(),
                    "locale": page.locale.language_code,
                    "translation_key": str(page.translation_key),
                    "live": page.live,
                    "has_unpublished_changes": page.has_unpublished_changes,
                    "content_type": label(page.content_type),
                    "specific_class": label(specific),
                    "specific_content_type": label(specific.content_type),
                    "latest_revision_id": page.latest_revision_id,
                    "live_revision_id": page.live_revision_id,
                    "intro": specific.intro,
                    "thank_you_text": specific.thank_you_text,
                    "consent_text": specific.consent_text,
                    "to_address": specific.to_address,
                    "from_address": specific.from_address,
                    "subject": specific.subject,
                    "form_field_ids": [f.pk for f in specific.form_fields.all()],
                    "submission_class": label(specific.get_submission_class()),
                    "submission_ids": sorted(s.pk for s in submissions),
                }
            )
        return pages

    def read_form_fields(self):
        return [
            {
                "id": field.pk,
                "page_id": field.page_id,
                "sort_order": field.sort_order,
                "locale": field.locale.language_code,
                "translation_key": str(field.translation_key),
                "clean_name": field.clean_name,
                "label": field.label,
                "field_type": field.field_type,
                "required": field.required,
                "choices": field.choices,
                "default_value": field.default_value,
                "help_text": field.help_text,
            }
            for field in self.form_field.objects.order_by("pk")
        ]

    def read_submissions(self):
        return [
            {
                "id": sub.pk,
                "page_id": sub.page_id,
                "form_data": sub.form_data,
                "consent_text": sub.consent_text,
                "submit_time": sub.submit_time.isoformat(),
            }
            for sub in self.submission.objects.order_by("pk")
        ]

    def read_revisions(self):
        """Revisions hold the page's content type twice: in a column and as an id
        in the JSON that as_object() (and so publishing) uses."""
        from wagtail.models import Revision

        revisions = []
        for revision in Revision.objects.filter(
            content_type__in=self.moved_types
        ).order_by("pk"):
            obj = revision.as_object()
            revisions.append(
                {
                    "id": revision.pk,
                    "object_id": revision.object_id,
                    "content_type": label(revision.content_type),
                    "base_content_type": label(revision.base_content_type),
                    "json_content_type": content_type_label(
                        revision.content.get("content_type")
                    ),
                    "as_object_class": label(obj),
                    "as_object_content_type": label(obj.content_type),
                    "as_object_form_field_ids": [f.pk for f in obj.form_fields.all()],
                }
            )
        return revisions

    def read_translation_sources(self):
        """wagtail-localize: a source row points at the specific content type, and
        its JSON holds the content type id like a revision's."""
        from wagtail_localize.models import TranslationSource

        sources = []
        for source in TranslationSource.objects.filter(
            specific_content_type__in=self.moved_types
        ).order_by("pk"):
            instance = source.as_instance()
            translations = [
                {
                    "id": translation.pk,
                    "target_locale": translation.target_locale.language_code,
                    "enabled": translation.enabled,
                    "target_class": label(translation.get_target_instance().specific),
                    "progress": list(translation.get_progress()),
                }
                for translation in source.translations.order_by("pk")
            ]
            sources.append(
                {
                    "id": source.pk,
                    "object_id": str(source.object_id),
                    "locale": source.locale.language_code,
                    "specific_content_type": label(source.specific_content_type),
                    "object_content_type": label(source.object.content_type),
                    "json_content_type": content_type_label(
                        json.loads(source.content_json).get("content_type")
                    ),
                    "source_instance": label(source.get_source_instance()),
                    "as_instance_class": label(instance),
                    "as_instance_form_field_ids": [
                        f.pk for f in instance.form_fields.all()
                    ],
                    "translations": translations,
                }
            )
        return sources

    def read_page_log_entries(self):
        from wagtail.models import PageLogEntry

        entries = PageLogEntry.objects.filter(content_type=self.page_type)
        return [
            {
                "id": entry.pk,
                "page_id": entry.page_id,
                "action": entry.action,
                "content_type": label(entry.content_type),
                "user": entry.user.username if entry.user else None,
            }
            for entry in entries.order_by("pk")
        ]

    def read_model_log_entries(self):
        from wagtail.models import ModelLogEntry

        entries = ModelLogEntry.objects.filter(content_type__in=self.moved_types)
        return [
            {
                "id": entry.pk,
                "object_id": entry.object_id,
                "action": entry.action,
                "content_type": label(entry.content_type),
            }
            for entry in entries.order_by("pk")
        ]

    def read_workflow_states(self):
        from wagtail.models import WorkflowState

        states = WorkflowState.objects.filter(content_type__in=self.moved_types)
        return [
            {
                "id": state.pk,
                "object_id": state.object_id,
                "status": state.status,
                "content_type": label(state.content_type),
                "base_content_type": label(state.base_content_type),
                "content_object": label(state.content_object.specific),
                "current_task_state_revision_id": (
                    state.current_task_state.revision_id
                    if state.current_task_state
                    else None
                ),
            }
            for state in states.order_by("pk")
        ]

    def read_search_promotions(self):
        from wagtail.contrib.search_promotions.models import SearchPromotion

        promotions = SearchPromotion.objects.filter(page__content_type=self.page_type)
        return [
            {
                "query": p.query.query_string,
                "page_id": p.page_id,
                "page": label(p.page.specific),
            }
            for p in promotions.order_by("pk")
        ]

    def read_redirects(self):
        from wagtail.contrib.redirects.models import Redirect

        redirects = Redirect.objects.filter(redirect_page__content_type=self.page_type)
        return [
            {"old_path": r.old_path, "page_id": r.redirect_page_id}
            for r in redirects.order_by("pk")
        ]

    def read_content_type_references(self):
        """Every column of every model that points at a content type, with the rows
        pointing at each moved model: what a migration must carry over."""
        from django.apps import apps
        from django.contrib.contenttypes.models import ContentType
        from django.db import models

        moved = {ct.pk: label(ct) for ct in self.moved_types}
        references = {}
        for model in apps.get_models(include_auto_created=True):
            for field in model._meta.local_concrete_fields:
                if not isinstance(field, models.ForeignKey):
                    continue
                if field.related_model is not ContentType:
                    continue
                counts = dict.fromkeys(sorted(moved.values()), 0)
                rows = model._base_manager.filter(**{f"{field.attname}__in": moved})
                for pk in rows.values_list(field.attname, flat=True):
                    counts[moved[pk]] += 1
                references[f"{model._meta.db_table}.{field.column}"] = counts
        return dict(sorted(references.items()))

    def moved_permissions(self):
        from django.contrib.auth.models import Permission

        return Permission.objects.filter(content_type__in=self.moved_types)

    @staticmethod
    def names(permissions):
        return sorted(
            f"{p.content_type.app_label}.{p.codename}"
            for p in permissions.select_related("content_type")
        )

    def read_permissions(self):
        return self.names(self.moved_permissions())

    def read_group_permissions(self):
        from django.contrib.auth.models import Group

        held = {
            group.name: self.names(
                group.permissions.filter(pk__in=self.moved_permissions())
            )
            for group in Group.objects.order_by("name")
        }
        return {name: permissions for name, permissions in held.items() if permissions}

    def read_user_permissions(self):
        from django.contrib.auth import get_user_model

        everything = self.read_permissions()
        return {
            user.username: {
                "direct": self.names(
                    user.user_permissions.filter(pk__in=self.moved_permissions())
                ),
                "has_perm": [name for name in everything if user.has_perm(name)],
            }
            for user in get_user_model().objects.order_by("username")
            if not user.is_superuser
        }


def stand_in_for_missing_images():
    """The fixture holds image rows, not their files: pages render renditions, so
    each missing original gets a plain stand-in of its size."""
    import io

    from django.core.files.base import ContentFile

    from wagtail.images import get_image_model

    from PIL import Image

    formats = {
        "jpg": "JPEG",
        "jpeg": "JPEG",
        "png": "PNG",
        "gif": "GIF",
        "webp": "WEBP",
    }
    for image in get_image_model().objects.all():
        storage = image.file.storage
        if storage.exists(image.file.name):
            continue
        data = io.BytesIO()
        extension = image.file.name.rsplit(".", 1)[-1].lower()
        plain = Image.new("RGB", (image.width, image.height), (40, 120, 140))
        plain.save(data, formats.get(extension, "PNG"))
        saved = storage.save(image.file.name, ContentFile(data.getvalue()))
        assert saved == image.file.name, saved


class Probes:
    """Use the data as the site does. They write: run them on a copy."""

    def __init__(self, facts: Facts):
        from django.contrib.auth import get_user_model
        from django.test import Client

        self.facts = facts
        self.pages = list(facts.contact_page.objects.order_by("pk"))
        self.admin = (
            get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
        )
        self.staff = Client(raise_request_exception=False)
        self.staff.force_login(self.admin)

    def collect(self) -> dict:
        stand_in_for_missing_images()
        # In this order: the last two write.
        return {
            "render": attempt(self.render),
            "forms_listed_in_admin": attempt(self.forms_listed_in_admin),
            "admin_submissions": attempt(self.admin_submissions),
            "new_submission_id_after_existing": attempt(self.new_submission),
            "translation_sync": attempt(self.translation_sync),
        }

    def render(self):
        """Visitors see each contact page with its fields and consent text."""
        from django.test import Client
        from django.utils.html import escape

        visitor = Client(raise_request_exception=False)
        results = {}
        for page in self.pages:
            response = visitor.get(page.get_url())
            html = response.content.decode()
            fields = page.form_fields.all()
            results[page.get_url()] = {
                "status": response.status_code,
                "missing_labels": [
                    f.label for f in fields if escape(f.label) not in html
                ],
                "consent_shown": escape(page.consent_label()) in html,
            }
        return results

    def forms_listed_in_admin(self):
        from wagtail.contrib.forms.utils import get_forms_for_user

        return sorted(label(p.specific) for p in get_forms_for_user(self.admin))

    def admin_submissions(self):
        """Staff list each page's enquiries and open the page in the editor."""
        from django.urls import reverse
        from django.utils.html import escape

        results = {}
        for page in self.pages:
            listing = self.staff.get(
                reverse("wagtailforms:list_submissions", args=[page.pk])
            )
            html = listing.content.decode()
            names = [
                s.form_data["full_name"]
                for s in self.facts.submission.objects.filter(page=page)
            ]
            edit = self.staff.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
            results[str(page.pk)] = {
                "status": listing.status_code,
                "missing_names": [n for n in names if escape(n) not in html],
                "edit_status": edit.status_code,
            }
        return results

    def new_submission(self):
        """A new enquiry takes a new id: the id sequence came along."""
        submissions = self.facts.submission.objects
        newest = submissions.order_by("pk").last()
        created = submissions.create(
            page=self.pages[0], form_data={"full_name": "Probe"}, consent_text="ok"
        )
        return created.pk > newest.pk

    @staticmethod
    def translate_what_is_new(translation):
        """What the translator types for the segments the sync added (fields the
        page gained since the fixture's schema): nothing untranslated is published
        (home/publishing.py)."""
        from wagtail_localize.models import StringSegment, StringTranslation

        for segment in StringSegment.objects.filter(source=translation.source):
            StringTranslation.objects.get_or_create(
                translation_of_id=segment.string_id,
                locale=translation.target_locale,
                context_id=segment.context_id,
                defaults={"data": f"新 {segment.string.data}"[:255]},
            )

    def translation_sync(self):
        """A translator syncs and publishes the Chinese contact page: its new revision
        carries the page's own content type."""
        from wagtail_localize.models import Translation

        translation = Translation.objects.get(
            source__specific_content_type=(self.facts.page_type)
        )
        translation.source.update_from_db()
        self.translate_what_is_new(translation)
        translation.save_target(user=self.admin, publish=True)
        target = translation.get_target_instance().specific
        revision = target.get_latest_revision()
        return {
            "target_class": label(target),
            "revision_json_content_type": content_type_label(
                revision.content.get("content_type")
            ),
            "form_field_labels": [f.label for f in target.form_fields.all()],
        }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--app-label", required=True)
    parser.add_argument("--probes", action="store_true")
    parser.add_argument("--out", help="write the JSON here instead of stdout")
    args = parser.parse_args()

    # Import the project of the working directory, not this file's neighbours.
    sys.path[0] = os.getcwd()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_config.settings.test")
    import django

    django.setup()
    facts = Facts(args.app_label)
    result = facts.collect()
    if args.probes:
        result["probes"] = attempt(lambda: Probes(facts).collect())
    text = json.dumps(result, indent=1, ensure_ascii=False, sort_keys=True, default=str)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as out:
            out.write(text + "\n")
    else:
        sys.stdout.write(text + "\n")


if __name__ == "__main__":
    main()
