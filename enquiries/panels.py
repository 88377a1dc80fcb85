"""The contact page editor's "submissions" panel, for those who may read them."""

from wagtail.contrib.forms.panels import FormSubmissionsPanel

from enquiries.permissions import can_read_enquiries


class EnquiriesPanel(FormSubmissionsPanel):
    """Wagtail's count of submissions with its link to them, shown only to staff
    who may read enquiries: a page's editors need not know how many patients wrote."""

    class BoundPanel(FormSubmissionsPanel.BoundPanel):
        def is_shown(self):
            return can_read_enquiries(self.request.user) and super().is_shown()
