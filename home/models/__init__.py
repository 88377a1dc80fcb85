"""The site shell's models, one module per concern; re-exported for Django."""

from .pages import (
    ContactFormField,
    ContactPage,
    HomePage,
    StandardPage,
    TeamMember,
    TeamPage,
)
from .site_settings import ClinicSettings
from .snippets import Person, SiteText
from .submissions import ContactSubmission

__all__ = [
    "ClinicSettings",
    "ContactFormField",
    "ContactPage",
    "ContactSubmission",
    "HomePage",
    "Person",
    "SiteText",
    "StandardPage",
    "TeamMember",
    "TeamPage",
]
