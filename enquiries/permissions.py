"""Who may see patients' enquiries, and who may change where they are sent.

Enquiries are health data. Reading and exporting them needs
`enquiries.view_contactsubmission`, deleting them `enquiries.delete_contactsubmission`
as well: the Enquiries group (staff/roles.py) and superusers hold both, nobody
else. Page permissions give none of them: editing a contact page is not reading
what patients wrote to it.
"""

VIEW_ENQUIRIES = "enquiries.view_contactsubmission"
DELETE_ENQUIRIES = "enquiries.delete_contactsubmission"
# Where notifications go (and from which address, with which subject): an edit of
# these redirects every enquiry, so it is a permission of its own.
CHANGE_NOTIFICATION_ADDRESSES = "enquiries.change_notification_addresses"


def can_read_enquiries(user) -> bool:
    return user.is_active and user.has_perm(VIEW_ENQUIRIES)


def can_delete_enquiries(user) -> bool:
    return can_read_enquiries(user) and user.has_perm(DELETE_ENQUIRIES)
