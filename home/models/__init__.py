"""The site shell's models, one module per concern; re-exported for Django."""

from .doctors import DoctorPage
from .pages import HomePage, StandardPage, TeamMember, TeamPage
from .site_settings import ClinicSettings
from .snippets import Person, SiteText

__all__ = [
    "ClinicSettings",
    "DoctorPage",
    "HomePage",
    "Person",
    "SiteText",
    "StandardPage",
    "TeamMember",
    "TeamPage",
]
