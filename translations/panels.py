"""The translators' dashboard panel: how many translations are in each state, and
the ones waiting longest (outdated or missing)."""

from django.urls import reverse

from wagtail.admin.ui.components import Component

from translations.status import State, count_by_state, oldest_first, translation_status

WAITING_SHOWN = 5


class TranslationStatusPanel(Component):
    name = "translation_status"
    template_name = "translations/admin/dashboard_panel.html"
    order = 90

    def get_context_data(self, parent_context=None):
        rows = translation_status()
        report = reverse("translation_status")
        waiting = [row for row in rows if row.state in (State.OUTDATED, State.MISSING)]
        return {
            "states": [
                {
                    "label": state.label,
                    "count": count,
                    "url": f"{report}?state={state.value}",
                }
                for state, count in count_by_state(rows).items()
            ],
            "waiting": [
                # A missing one has no editor yet: its row in the report starts it.
                (row, row.edit_url or f"{report}?state={State.MISSING.value}")
                for row in oldest_first(waiting)[:WAITING_SHOWN]
            ],
            "waiting_count": len(waiting),
            "report_url": report,
        }
