"""schema.org JSON-LD built from the objects the page renders, never typed by hand."""

import json
from typing import Any

from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from home.opening_hours import day_hours
from home.special_hours import clinic_today, upcoming

SCHEMA_DAYS = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
]
# Characters that could end a <script> element or start HTML: escaped in the JSON.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def prune(value: Any) -> Any:
    """Drop empty and null properties at every depth (search engines flag them)."""
    if isinstance(value, dict):
        pruned = {key: prune(item) for key, item in value.items()}
        return {
            key: item for key, item in pruned.items() if item not in (None, "", [], {})
        }
    if isinstance(value, list):
        return [
            item
            for item in (prune(item) for item in value)
            if item not in (None, "", [], {})
        ]
    return value


def plain(text: str | None) -> str:
    """Text without markup, whitespace collapsed (rich text becomes plain text)."""
    return " ".join(strip_tags(text or "").split())


def json_ld_script(data: dict) -> SafeString:
    payload = json.dumps(prune(data), ensure_ascii=False, indent=None, sort_keys=False)
    return mark_safe(  # noqa: S308 - JSON with <, > and & escaped cannot leave the script
        f'<script type="application/ld+json">{payload.translate(_SCRIPT_SAFE)}</script>'
    )


def opening_hours_specification(rows) -> list[dict]:
    by_hours: dict[tuple, list[str]] = {}
    for day, (opens, closes) in sorted(day_hours(rows).items()):
        by_hours.setdefault((opens, closes), []).append(SCHEMA_DAYS[day])
    return [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": days,
            "opens": opens.strftime("%H:%M"),
            "closes": closes.strftime("%H:%M"),
        }
        for (opens, closes), days in by_hours.items()
    ]


def clinic_id(home_url: str) -> str:
    """The MedicalClinic's @id: the home page that describes it, and #clinic."""
    return f"{home_url}#clinic"


def physician_id(profile_url: str) -> str:
    return f"{profile_url}#physician"


def special_opening_hours_specification(rows) -> list[dict]:
    """Days not yet over; closed ones as opens = closes = 00:00, the form Google
    documents for a closed day."""
    return [
        {
            "@type": "OpeningHoursSpecification",
            "validFrom": day.start.isoformat(),
            "validThrough": day.end.isoformat(),
            "opens": "00:00" if day.is_closed else day.opens.strftime("%H:%M"),
            "closes": "00:00" if day.is_closed else day.closes.strftime("%H:%M"),
        }
        for day in upcoming(rows, clinic_today(), days=None)
    ]


def clinic(
    *,
    name,
    url,
    language,
    clinic_settings,
    site_text,
    logo_url="",
    image_url="",
    doctor_urls=(),
) -> dict:
    """`doctor_urls`: the doctors' profiles, linked as members by their @id."""
    address = site_text.address_lines if site_text else []
    return {
        "@context": "https://schema.org",
        "@type": "MedicalClinic",
        "@id": clinic_id(url),
        "name": name,
        "url": url,
        "logo": logo_url,
        "image": image_url or logo_url,
        "slogan": site_text.tagline if site_text else "",
        "telephone": clinic_settings.phone,
        "email": clinic_settings.email,
        "inLanguage": language,
        "address": {"@type": "PostalAddress", "streetAddress": ", ".join(address)}
        if address
        else None,
        "openingHoursSpecification": opening_hours_specification(
            clinic_settings.opening_hours
        ),
        "specialOpeningHoursSpecification": special_opening_hours_specification(
            clinic_settings.special_hours
        ),
        "sameAs": clinic_settings.social_urls,
        "member": [{"@id": physician_id(doctor)} for doctor in doctor_urls],
    }


def physician(*, page, person, url, home_url, image_url="") -> dict:
    """A doctor's profile (home.DoctorPage), a member of the clinic."""
    return {
        "@context": "https://schema.org",
        "@type": "IndividualPhysician",
        "@id": physician_id(url),
        "name": person.name if person else page.title,
        "url": url,
        "image": image_url,
        "description": plain(person.bio) if person else "",
        "medicalSpecialty": page.specialty_list(),
        "knowsLanguage": page.language_list(),
        "identifier": {
            "@type": "PropertyValue",
            # A code, not words: the same on the Chinese page.
            "propertyID": "SMC",
            "name": _("SMC registration number"),
            "value": page.smc_number,
        }
        if page.smc_number
        else None,
        "memberOf": {"@id": clinic_id(home_url)},
        "practicesAt": {"@id": clinic_id(home_url)},
    }


def website(*, name, url, language, search_url: str) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": name,
        "url": url,
        "inLanguage": language,
        "potentialAction": {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": f"{search_url}?q={{search_term_string}}",
            },
            "query-input": "required name=search_term_string",
        },
    }


def breadcrumb_list(crumbs: list[tuple[str, str]]) -> dict:
    """`crumbs` are (name, absolute URL) from the home page down to the page."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": url}
            for position, (name, url) in enumerate(crumbs, start=1)
        ],
    }
