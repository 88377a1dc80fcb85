"""The English demo content as plain data: the customer's current site (see
shared/seeds/000_*.txt), completed with sober clinic copy.

Rich text is HTML in strings. Block data uses the shapes the StreamField accepts
(see `loader.py`); only two things are references the loader resolves:
a call to action's "page" (the slug of a page under the home page) and an image
block's "image" (a key of IMAGES). Every visible word sits in a field or block
that wagtail-localize turns into a segment; anchors and list styles do not.
"""

from datetime import date, time

CONTACT = "contact"
PRIVACY = "privacy"


# Block helpers: each returns a (block_type, value) pair in StreamField's format.
def heading(text, anchor, level="h2"):
    return ("heading", {"text": text, "level": level, "anchor": anchor})


def para(html):
    return ("paragraph", f"<p>{html}</p>")


def item(text, *children):
    return {"text": text, "children": list(children)}


def listing(*items, style="bulleted"):
    """A list block; plain strings become items without nested lists."""
    items = [entry if isinstance(entry, dict) else item(entry) for entry in items]
    return ("list", {"style": style, "items": items})


def faq(*pairs, title="Frequently asked questions"):
    questions = [{"question": q, "answer": f"<p>{a}</p>"} for q, a in pairs]
    return ("faq", {"heading": title, "items": questions})


def cta(title, text, button="Book a consultation", page=CONTACT):
    return (
        "call_to_action",
        {
            "heading": title,
            "text": text,
            "button_label": button,
            "page": page,
            "url": "",
        },
    )


def service(title, text, image_key, anchor, page="services"):
    """A home page service card: "image" is a key of IMAGES, "page" a slug."""
    return {
        "heading": title,
        "text": text,
        "image": image_key,
        "page": page,
        "anchor": anchor,
    }


def image(key, alt_text, caption=""):
    return ("image", {"image": key, "alt_text": alt_text, "caption": caption})


def reference(authors, title, journal, year, doi="", pmid="", url=""):
    """A cited source, as published (it is not translated)."""
    return (
        "reference",
        {
            "authors": authors,
            "title": title,
            "journal": journal,
            "year": year,
            "doi": doi,
            "pmid": pmid,
            "url": url,
        },
    )


# --- Site-wide -------------------------------------------------------------------

SITE = {"hostname": "localhost", "port": 80, "site_name": "Leaven Biotechnology"}

SITE_TEXT = {
    "tagline": "Pioneering the Future of Medicine Through Cell Therapy",
    "contact_prompt": "Call or WhatsApp us today",
    "address": "16 Raffles Quay #41-01\nHong Leong Building, Singapore",
    "consultation_label": "Consultation",
    "organisation_name": "Leaven Biotechnology",
}

# The seed's articles are signed "admin_leaven", a WordPress login: not a name to
# show visitors.
AUTHOR = {
    "name": "Leaven Editorial Team",
    "slug": "leaven-editorial-team",
    "role": "Medical content team",
    "bio": "Articles written for patients and their families by the medical content "
    "team at Leaven Biotechnology.",
}

# The medical reviewer named on articles ("Medically reviewed by …").
REVIEWER = {
    "name": "Dr. Lim Wei Ming",
    "slug": "dr-lim-wei-ming",
    "credentials": "MBBS",
    "role": "Medical Director",
    "photo": "portrait-1",
    "bio": "Leads the medical team and reviews the clinic's patient information.",
}

# The doctors the home page shows (REVIEWER first), each a Person snippet.
DOCTORS = [
    REVIEWER,
    {
        "name": "Dr. Sarah Tan",
        "slug": "dr-sarah-tan",
        "credentials": "PhD",
        "role": "Cell Therapy Scientist",
        "photo": "portrait-2",
        "bio": "Oversees the preparation and quality testing of cells and keeps "
        "our protocols in line with current research.",
    },
]

MEDICAL_DISCLAIMER = (
    "<p>This article is general information for patients and their families. It is "
    "not medical advice and does not replace a consultation with a doctor who knows "
    "your medical history. Results of cell therapy vary from person to person.</p>"
)

# In the seed's sidebar order.
CATEGORIES = [
    ("Stem Cells", "stem-cells"),
    ("Immune Cells", "immune-cells"),
    ("Cancers", "cancers"),
    ("Chronic Diseases", "chronic-diseases"),
    ("Wellness and Anti-Aging", "wellness-and-anti-aging"),
    ("Others", "others"),
]

# The seed's three tags first, then the ones that make related articles meaningful.
TAGS = [
    ("Cancer", "cancer"),
    ("Chronic Diseases", "chronic-diseases"),
    ("Wellness and Anti Aging", "wellness-and-anti-aging"),
    ("Stem Cells", "stem-cells"),
    ("Knee Osteoarthritis", "knee-osteoarthritis"),
    ("Immune Cells", "immune-cells"),
    ("Patient Guide", "patient-guide"),
]

WEEKDAYS = ["0", "1", "2", "3", "4"]  # Monday to Friday; Sunday closed by omission
CLINIC_SETTINGS = {
    # No "whatsapp": the WhatsApp link follows the phone, as a marketer's would.
    "phone": "+60 12-987 0817",
    "email": "enquiry@leaven-biotech.example",
    "consultation_page": CONTACT,
    "privacy_page": PRIVACY,
    "logo": "logo",
    "opening_hours": [
        ("hours", {"days": WEEKDAYS, "opens": time(9), "closes": time(21)}),
        ("hours", {"days": ["5"], "opens": time(9), "closes": time(18)}),
    ],
}
# Special hours, dated by the loader from the day the demo is loaded, so that one
# is always coming up (the header and the contact page show it).
SPECIAL_HOURS = [
    {
        "name": "Staff training day",
        "name_zh": "员工培训日",
        "days_from_loading": 10,
        "opens": None,
        "closes": None,
    },
]

# Keyed for references below; found again by title on a second run.
COVER, PORTRAIT = (1600, 900), (600, 600)
IMAGES = {
    "hero": {
        "title": "Demo: cells in teal and deep blue",
        "size": COVER,
        "gradient": ("blue", "teal"),
        "cells": ["white", "mint", "sky"],
        "seed": 1,
        "count": 18,
    },
    "stem-cells": {
        "title": "Demo cover: stem cells",
        "size": COVER,
        "gradient": ("teal", "blue"),
        "cells": ["white", "mint"],
        "seed": 2,
    },
    "laboratory": {
        "title": "Demo cover: laboratory",
        "size": COVER,
        "gradient": ("white", "sky"),
        "cells": ["teal", "blue"],
        "seed": 3,
    },
    "immune-cells": {
        "title": "Demo cover: immune cells",
        "size": COVER,
        "gradient": ("blue", "blue"),
        "cells": ["mint", "white", "teal"],
        "seed": 4,
        "count": 22,
    },
    "joints": {
        "title": "Demo cover: joint health",
        "size": COVER,
        "gradient": ("teal", "white"),
        "cells": ["blue", "white"],
        "seed": 5,
        "count": 10,
    },
    "wellness": {
        "title": "Demo cover: wellness and healthy ageing",
        "size": COVER,
        "gradient": ("white", "mint"),
        "cells": ["teal", "sky", "white"],
        "seed": 6,
    },
    "consultation": {
        "title": "Demo cover: consultation",
        "size": COVER,
        "gradient": ("sky", "white"),
        "cells": ["blue", "teal"],
        "seed": 7,
        "count": 8,
    },
    **{
        f"portrait-{n}": {
            "title": f"Demo portrait placeholder {n}",
            "size": PORTRAIT,
            "gradient": gradient,
            "cells": ["white", "mint"],
            "seed": 10 + n,
            "count": 6,
            "portrait": True,
        }
        for n, gradient in enumerate(
            [("teal", "blue"), ("blue", "teal"), ("sky", "teal"), ("mint", "blue")], 1
        )
    },
}
IMAGES["logo"] = {
    "title": "Demo logo",
    "size": (600, 600),
    "gradient": ("teal", "blue"),
    "cells": ["mint", "white"],
    "seed": 20,
    "count": 5,
    "portrait": True,
}
for _spec in IMAGES.values():
    _spec["description"] = "Abstract illustration in the clinic's colours"


# --- Pages -------------------------------------------------------------------------

CONSULTATION_CTA = cta(
    "Talk to our doctors",
    "Every treatment starts with a consultation. Tell us about your situation and "
    "we will contact you to arrange a time.",
)

HOME = {
    "model": "home.HomePage",
    "slug": "home",
    "title": "Home",
    "hero_heading": "Pioneering the Future of Medicine Through Cell Therapy",
    "hero_text": "Leaven Biotechnology is a cell therapy clinic in Singapore. Our "
    "doctors help you understand stem cell and immune cell therapies and whether "
    "they may be suitable for you.",
    "hero_image": "hero",
    "latest_articles_heading": "Latest insights",
    "services_heading": "Our services",
    "services": [
        service(
            "Stem Cell Therapy",
            "For knee osteoarthritis and selected chronic conditions.",
            "stem-cells",
            "stem-cell-therapy",
        ),
        service(
            "Immune Cell Therapy",
            "Your own immune cells, to support the body’s defences.",
            "immune-cells",
            "immune-cell-therapy",
        ),
        service(
            "Wellness and Anti-Aging Programmes",
            "Built on a medical assessment of your health.",
            "wellness",
            "wellness-and-anti-aging-programmes",
        ),
        service(
            "Consultation",
            "With one of our doctors, before any treatment.",
            "consultation",
            "consultation",
        ),
    ],
    "doctors_heading": "Our doctors",
    "doctors": [doctor["slug"] for doctor in DOCTORS],
    "body": [CONSULTATION_CTA],
}

ABOUT = {
    "model": "home.StandardPage",
    "slug": "about",
    "title": "About",
    "intro": "Leaven Biotechnology is a cell therapy clinic in Singapore, focused on "
    "stem cell and immune cell therapies.",
    "image": "hero",
    "body": [
        heading("Who we are", "who-we-are"),
        para(
            "We are a team of doctors, scientists and patient care staff working in "
            "cell therapy: treatments that use living cells to support the body’s own "
            "repair and immune function. We see patients at our clinic in Singapore."
        ),
        heading("Our approach", "our-approach"),
        para(
            "Cell therapy is a developing field, and we believe patients deserve a "
            "clear picture of what it can and cannot do."
        ),
        listing(
            "<b>Consultation first:</b> every treatment begins with a doctor’s "
            "assessment of whether it is suitable for you.",
            "<b>Honest information:</b> we explain the current evidence, including its "
            "limits, as well as the risks and the costs.",
            "<b>Care alongside your doctors:</b> cell therapy complements, and never "
            "replaces, the treatment recommended by your other doctors.",
            "<b>Follow-up:</b> we monitor your progress after treatment.",
        ),
        heading("Our standards", "our-standards"),
        listing(
            "Treatment plans are individual and agreed with you before treatment "
            "starts.",
            "Cells are tested for sterility, cell count and viability before use.",
            "Your medical information is kept confidential.",
            "You are free to ask questions and to take the time you need to decide.",
            style="check",
        ),
        image(
            "hero",
            "Abstract illustration of cells in teal and deep blue",
            "Cell therapy uses living cells to support the body’s own repair.",
        ),
        CONSULTATION_CTA,
    ],
}

TEAM = {
    "model": "home.TeamPage",
    "slug": "our-team",
    "title": "Our Team",
    "intro": "Our team brings together doctors, scientists and patient care staff, "
    "who look after you from your first consultation to your follow-up.",
    # Staff without a profile page; the doctors have one each (DOCTOR_PROFILES).
    "team_members": [
        {
            "name": "Chen Mei Ling",
            "role": "Clinical Nurse",
            "photo": "portrait-3",
            "bio": "Prepares patients on treatment days, provides care under the "
            "doctor’s direction and follows up on their recovery.",
        },
        {
            "name": "Nurul Aisyah",
            "role": "Patient Care Coordinator",
            "photo": "portrait-4",
            "bio": "Your first point of contact: arranges consultations and treatment "
            "schedules and answers practical questions before and after treatment.",
        },
    ],
}

# A profile page under Our Team for each doctor (home.DoctorPage): who they are
# comes from their Person (DOCTORS), the page adds what only the profile shows.
# The registration number is made up, in the Singapore Medical Council's format.
DOCTOR_PROFILES = [
    {
        "person": "dr-lim-wei-ming",
        "title": "Dr. Lim Wei Ming",
        "slug": "dr-lim-wei-ming",
        "specialties": "Regenerative medicine\nMusculoskeletal medicine",
        "languages": "English\nMandarin\nCantonese",
        "smc_number": "M12345A",
    },
    {
        "person": "dr-sarah-tan",
        "title": "Dr. Sarah Tan",
        "slug": "dr-sarah-tan",
        "specialties": "Cell therapy\nCell processing and quality control",
        "languages": "English\nMandarin",
        "smc_number": "",  # a scientist: not on the medical register
    },
]

SERVICES = {
    "model": "home.StandardPage",
    "slug": "services",
    "title": "Services",
    "intro": "We offer cell therapies for a range of conditions, always after a "
    "medical consultation. Whether a treatment is suitable, and what it may achieve, "
    "depends on your condition and health; results vary from person to person.",
    "image": "laboratory",
    "body": [
        heading("Stem Cell Therapy", "stem-cell-therapy"),
        para(
            "Treatment with mesenchymal stem cells, which research suggests may "
            "support tissue repair and reduce chronic inflammation."
        ),
        listing(
            "Knee osteoarthritis and other degenerative joint conditions, by "
            "intra-articular injection",
            "Sports-related joint problems such as cartilage wear",
            "Selected chronic diseases, after a review of your medical records",
        ),
        heading("Immune Cell Therapy", "immune-cell-therapy"),
        para(
            "Treatment with your own immune cells, such as natural killer (NK) cells, "
            "expanded and activated in the laboratory and returned by infusion."
        ),
        listing(
            "Support for immune function, including in older adults",
            "A complement to cancer care, discussed with your oncologist",
        ),
        heading(
            "Wellness and Anti-Aging Programmes", "wellness-and-anti-aging-programmes"
        ),
        para(
            "For people who feel persistently tired or unwell without a diagnosed "
            "illness, or who want to support healthy ageing."
        ),
        listing(
            "A health assessment and a review of your test results",
            "Advice on sleep, exercise and diet",
            "Cell therapy where a doctor judges it appropriate",
        ),
        heading("Consultation", "consultation"),
        para(
            "Every treatment starts with a consultation with one of our doctors, with "
            "no obligation to go ahead."
        ),
        listing(
            "A review of your medical history and reports",
            "An explanation of suitable options, with their evidence, risks and costs",
            "A written treatment plan if you decide to proceed",
        ),
        CONSULTATION_CTA,
    ],
}

INSIGHTS = {
    "model": "blog.BlogIndexPage",
    "slug": "insights",
    "title": "Insights",
    "intro": "Articles on stem cells, immune cells and cell therapy research, written "
    "for patients and their families by our medical content team.",
}

CONTACT_PAGE = {
    "model": "enquiries.ContactPage",
    "slug": CONTACT,
    "title": "Contact",
    "intro": "<p>Tell us a little about yourself and what you would like to discuss, "
    "and our patient care team will contact you to arrange a consultation.</p>",
    "thank_you_text": "<p>Thank you for your message. Our patient care team will "
    "contact you soon to arrange your consultation.</p>",
    "to_address": "enquiry@leaven-biotech.example",
    "from_address": "website@leaven-biotech.example",
    "subject": "New consultation request",
    "form_fields": [
        {"label": "Full name", "field_type": "singleline", "required": True},
        {"label": "Email", "field_type": "email", "required": True},
        {"label": "Phone", "field_type": "singleline", "required": False},
        {
            "label": "Preferred language",
            "field_type": "dropdown",
            "required": False,
            "choices": "English\n中文",  # one choice a line
            # Preselects the page's own language (the Chinese page's is "中文").
            "default_value": "English",
        },
        {"label": "Message", "field_type": "multiline", "required": True},
    ],
}

DPO = "Data Protection Officer, Leaven Biotechnology"
DPO_EMAIL = "dpo@leaven-biotech.example"
# What consultations/counting.py keeps: counts, no visitor.
COUNTED = (
    "To know which pages help patients reach us, we count, per page and per day, "
    "how many times visitors click our phone, WhatsApp or Consultation links and "
    "send the contact form. These are numbers only: no cookie is set, and neither "
    "your IP address nor your browser is stored with them. If your browser sends a "
    "Do Not Track or Global Privacy Control signal, nothing is counted."
)
# Retention: as long as the daily purge job keeps enquiries (deploy/, README).
PRIVACY_PAGE = {
    "model": "home.StandardPage",
    "slug": PRIVACY,
    "title": "Privacy notice",
    "show_in_menus": False,  # linked from the footer and the contact form
    "intro": "How Leaven Biotechnology collects, uses, keeps and protects your "
    "personal data, as Singapore’s Personal Data Protection Act 2012 requires.",
    "body": [
        heading("Our Data Protection Officer", "data-protection-officer"),
        para(
            "Leaven Biotechnology is responsible for the personal data described "
            "here. Our Data Protection Officer answers every question and request "
            "about it:"
        ),
        listing(
            f"<b>{DPO}</b>",
            f'Email: <a href="mailto:{DPO_EMAIL}">{DPO_EMAIL}</a>',
            "Post: 16 Raffles Quay #41-01, Hong Leong Building, Singapore",
        ),
        heading("What we collect", "what-we-collect"),
        para("Through the contact form we collect only what you choose to send us:"),
        listing(
            "Your name and email address, and your phone number and preferred "
            "language if you give them",
            "Your message, which may include information about your health",
            "Your consent to be contacted about your enquiry and, separately, "
            "whether you would like news and offers, with the words you agreed to",
            "The date and time you sent the form",
        ),
        heading("What we do not collect", "what-we-do-not-collect"),
        para(
            "We never ask for your NRIC, FIN, passport or any other identity number "
            "on this website. Please do not put one in your message."
        ),
        heading("What we count", "what-we-count"),
        para(COUNTED),
        heading("Why we use it", "why-we-use-it"),
        listing(
            "To reply to your enquiry and arrange a consultation",
            "To send you news and offers, only if you ticked the separate box for them",
            "We do not sell your personal data, and we share it with no one for "
            "their own purposes",
        ),
        heading("How long we keep it", "how-long-we-keep-it"),
        para(
            "Enquiries sent through the website are deleted automatically one year "
            "after they arrive, and so are the backups that contain them. If you "
            "become our patient, your medical records are kept as the law requires."
        ),
        heading(
            "Access, correction and withdrawal of consent",
            "access-correction-and-withdrawal",
        ),
        para(
            "You may ask for a copy of the personal data we hold about you, ask us "
            "to correct it, or withdraw your consent to being contacted or to "
            "receiving news and offers."
        ),
        para(
            "Write to our Data Protection Officer from the email address or phone "
            "number you used and tell us what you would like us to do. We may ask "
            "you to confirm who you are, and we reply within 30 days."
        ),
        para(
            "If you withdraw your consent, we stop contacting you and delete your "
            "enquiries. If you are not satisfied with our answer, you may contact "
            "the Personal Data Protection Commission."
        ),
    ],
}

# Under the home page, in menu order (the privacy notice is in no menu).
CHILD_PAGES = [ABOUT, TEAM, SERVICES, INSIGHTS, CONTACT_PAGE, PRIVACY_PAGE]


# --- Articles ----------------------------------------------------------------------
# Created in this order, oldest first: listings sort by date, then by id, so the
# four articles of 27 October come out as in the seed's "Recent posts".

KNEE_ARTICLE = {
    "slug": "stem-cell-therapy-for-knee-osteoarthritis",
    "title": "Stem Cell Therapy for Knee Osteoarthritis: The Science Behind the Key "
    "Mechanism of Cartilage Repair",
    "date": date(2025, 10, 27),
    "category": "chronic-diseases",
    "tags": ["chronic-diseases", "stem-cells", "knee-osteoarthritis"],
    "cover_image": "joints",
    "reviewer": REVIEWER["slug"],
    "last_reviewed": date(2025, 11, 3),
    "excerpt": "How stem cells repair cartilage in knee osteoarthritis, how long the "
    "effect of a single injection lasts, who is a suitable candidate and how to "
    "prolong the results.",
    # The seed's text, word for word, plus [n] markers citing the references below.
    "body": [
        para(
            "Knee Osteoarthritis (KOA) is a common degenerative joint disease. Its "
            "core pathology lies in cartilage degeneration and persistent "
            "inflammation, leading to joint pain, stiffness, mobility issues, and a "
            "significant impact on patients’ quality of life [1]. Currently, "
            "traditional conservative treatments (such as medication, physical "
            "therapy) can only temporarily relieve symptoms and cannot "
            "fundamentally repair damaged cartilage."
        ),
        para(
            "In recent years, stem cell therapy has emerged as one of the most "
            "promising biological treatments in the field of KOA management due to "
            "its unique abilities in cartilage repair and anti-inflammation [2,3]."
        ),
        heading(
            "1. How Do Stem Cells Repair Knee Osteoarthritis?",
            "how-do-stem-cells-repair-knee-osteoarthritis",
        ),
        listing(
            item(
                "<b>Core Mechanisms of Action:</b>",
                "<b>Cartilage Regeneration:</b> Stem cells can differentiate into "
                "chondrocytes (cartilage cells), directly repairing damaged joint "
                "cartilage [2].",
                "<b>Anti-inflammatory Effects:</b> Stem cells secrete various "
                "anti-inflammatory factors, inhibiting chronic inflammation within the "
                "joint and reducing further damage to the cartilage [3].",
                "<b>Promotion of Tissue Repair:</b> Stem cells can activate local "
                "repair mechanisms in the joint, improve the joint microenvironment, "
                "and delay the degeneration process.",
            ),
            item(
                "<b>Treatment Method:</b> Intra-articular Injection (Not Intravenous "
                "Infusion)",
                "<b>Precise Targeting:</b> Stem cells are injected directly into the "
                "joint cavity, reaching the lesion site directly, avoiding systemic "
                "distribution, and improving repair efficiency [4,5].",
                "<b>Minimally Invasive and Safe:</b> No surgery required, minimal "
                "trauma, quick recovery, and does not affect daily life.",
            ),
        ),
        heading(
            "2. How Long Does the Effect of a Single Stem Cell Injection Last?",
            "how-long-does-the-effect-of-a-single-stem-cell-injection-last",
        ),
        para("According to clinical research data [4,5]:"),
        listing(
            "<b>Short-term effect (1-3 months):</b> Significant reduction in joint "
            "pain, improved range of motion.",
            "<b>Mid-term effect (6-12 months):</b> Cartilage repair continues, joint "
            "function stabilizes.",
            "<b>Long-term effect (1-5 years):</b> Some patients can maintain "
            "significant improvement for over 1 year, even up to 3-5 years without "
            "recurrence (varies by individual).",
        ),
        para("<b>Factors influencing duration of effect:</b>"),
        listing(
            "Degree of cartilage damage (milder damage often correlates with more "
            "lasting repair)",
            "Individual differences (age, metabolism, immune status, etc.)",
            "Post-treatment care (avoiding intense exercise, weight control, "
            "appropriate rehabilitation exercises)",
            style="check",
        ),
        heading(
            "3. Who is a Suitable Candidate for Stem Cell Therapy?",
            "who-is-a-suitable-candidate-for-stem-cell-therapy",
        ),
        listing(
            "<b>Patients with Mild to Moderate Knee Osteoarthritis:</b> For those "
            "whose cartilage is not completely worn away, stem cell therapy can "
            "effectively promote cartilage repair, alleviate pain and stiffness, and "
            "restore joint function.",
            "<b>Patients with Degenerative Joint Disease:</b> For those suffering from "
            "chronic pain and dysfunction due to long-term joint wear, where "
            "traditional treatments struggle to address the root cause, stem cell "
            "therapy offers a new option.",
            "<b>Patients Unresponsive to Traditional Treatments:</b> For those who "
            "still experience symptoms despite conventional conservative treatments "
            "like medication and physical therapy, stem cell therapy may offer new "
            "hope.",
            item(
                "<b>Sports Enthusiasts:</b>",
                "For knee problems caused by sports injuries (e.g., cartilage wear, "
                "meniscus injuries), stem cell therapy can accelerate cartilage "
                "repair, reduce inflammation, and help enthusiasts return to sports "
                "faster.",
                "<b>Preventing Further Damage:</b> For athletes, stem cell therapy can "
                "not only treat existing injuries but also help prevent further "
                "degenerative changes from long-term sports activity by improving the "
                "joint microenvironment, potentially extending their sports career.",
            ),
        ),
        heading(
            "4. How to Prolong the Effects After Treatment?",
            "how-to-prolong-the-effects-after-treatment",
        ),
        listing(
            "<b>Avoid re-injury:</b> Reduce high-impact activities like long-distance "
            "running and deep squats.",
            "<b>Control weight:</b> Reduce the load on the knee joints.",
            "<b>Engage in moderate rehabilitation exercises:</b> Such as swimming and "
            "cycling, to enhance joint stability.",
            "<b>Attend regular follow-ups:</b> Monitor cartilage repair progress and "
            "adjust the treatment plan if necessary.",
        ),
        heading("5. Conclusion", "conclusion"),
        para(
            "Stem cell therapy offers new hope for patients with knee osteoarthritis, "
            "focusing on “repair rather than just relief.” Although the effects of a "
            "single injection can last for a considerable time, individual results "
            "vary significantly, making scientific maintenance crucial."
        ),
        para(
            "<b>The Importance of Early Intervention:</b> Knee osteoarthritis is a "
            "degenerative disease; as it progresses, cartilage damage worsens and "
            "treatment becomes more difficult. Early intervention can not only slow "
            "the disease process but also allow for better repair of damaged "
            "cartilage, potentially avoiding the stage where surgery is necessary. "
            "Stem cell therapy holds unique advantages in early intervention, "
            "fundamentally improving the joint microenvironment and promoting "
            "cartilage regeneration, offering patients long-term health benefits."
        ),
        faq(
            (
                "How is stem cell therapy given for knee osteoarthritis?",
                "By intra-articular injection, not intravenous infusion: the stem "
                "cells are injected directly into the joint cavity. No surgery is "
                "required.",
            ),
            (
                "How long does the effect of a single injection last?",
                "According to clinical research data [4,5], joint pain often eases "
                "within 1-3 months and cartilage repair continues over 6-12 months. "
                "Some patients maintain significant improvement for over a year, even "
                "up to 3-5 years. Individual results vary significantly.",
            ),
            (
                "Who is a suitable candidate?",
                "Mainly patients with mild to moderate knee osteoarthritis whose "
                "cartilage is not completely worn away, patients with degenerative "
                "joint disease, patients whose symptoms persist despite medication "
                "and physical therapy, and people with sports-related knee problems. "
                "A consultation establishes whether it is suitable for you.",
            ),
        ),
        cta(
            "Is stem cell therapy right for your knees?",
            "Our doctors can review your knee condition and explain whether stem cell "
            "therapy may be a suitable option for you.",
        ),
    ],
    # Sources as published (checked against their DOIs); the text cites them as [n].
    "references": [
        reference(
            "Hunter DJ, Bierma-Zeinstra S",
            "Osteoarthritis",
            "The Lancet",
            2019,
            doi="10.1016/S0140-6736(19)30417-9",
        ),
        reference(
            "Pittenger MF, Mackay AM, Beck SC, et al.",
            "Multilineage potential of adult human mesenchymal stem cells",
            "Science",
            1999,
            doi="10.1126/science.284.5411.143",
        ),
        reference(
            "Caplan AI, Dennis JE",
            "Mesenchymal stem cells as trophic mediators",
            "Journal of Cellular Biochemistry",
            2006,
            doi="10.1002/jcb.20886",
            pmid="16619257",
        ),
        reference(
            "Jo CH, Lee YG, Shin WH, et al.",
            "Intra-articular injection of mesenchymal stem cells for the treatment "
            "of osteoarthritis of the knee: a proof-of-concept clinical trial",
            "Stem Cells",
            2014,
            doi="10.1002/stem.1634",
        ),
        reference(
            "Orozco L, Munar A, Soler R, et al.",
            "Treatment of knee osteoarthritis with autologous mesenchymal stem "
            "cells: a pilot study",
            "Transplantation",
            2013,
            doi="10.1097/TP.0b013e318291a2da",
        ),
    ],
}

DISEASES_ARTICLE = {
    "slug": "what-diseases-can-stem-cells-treat",
    "title": "What diseases can stem cells treat?",
    "date": date(2025, 10, 27),
    "category": "chronic-diseases",
    "tags": ["chronic-diseases", "stem-cells"],
    "cover_image": "stem-cells",
    "excerpt": "GVHD, Crohn’s Disease, cartilage defects, diabetes, multiple "
    "sclerosis and more: the conditions for which stem cell therapy is used or being "
    "studied.",
    "body": [
        heading(
            "What diseases can stem cells treat?", "what-diseases-can-stem-cells-treat"
        ),
        listing(
            "GVHD (Graft-versus-host disease)",
            "Crohn’s Disease",
            "Bone Injury",
            "Cartilage Defect",
            "Limb Ischemia",
            "Diabetic Foot",
            "Myocardial Infarction / Ischemia",
            "Type I /II Diabetes",
            "Multiple Sclerosis",
            "Sjogren’s Syndrome",
            "Organ Transplantation",
            "Liver Failure / Cirrhosis",
            "Nephrotic Syndrome",
            "Multiple System Atrophy",
            "Amyotrophic Lateral Sclerosis",
            "Chronic Obstructive Pulmonary Disease",
            "Ischemic Shock",
            "Spinal Cord Injury",
            "Severe Aplastic Anaemia",
        ),
        para(
            "Stem cell therapy for these conditions is at different stages: some uses "
            "are established, while many are still being studied in clinical trials. "
            "Whether it is appropriate depends on the condition, its stage and your "
            "overall health, and results vary from person to person."
        ),
        cta(
            "Ask about your condition",
            "Our doctors can explain what the current evidence shows for your "
            "condition and whether a stem cell treatment may be suitable.",
        ),
    ],
}

ANTI_AGING_ARTICLE = {
    "slug": "stem-cell-anti-aging",
    "title": "Stem Cell Anti-Aging: The Scientifically Verified Secret Weapon for "
    "“Reversing Age”",
    "date": date(2025, 10, 27),
    "category": "wellness-and-anti-aging",
    "tags": ["wellness-and-anti-aging", "stem-cells"],
    "cover_image": "wellness",
    "excerpt": "What does science say about stem cells and ageing? How our stem "
    "cells change over the years, and what research on stem cell therapy for ageing "
    "has found so far.",
    "body": [
        para(
            "Ageing affects every tissue in the body. One reason, researchers believe, "
            "is that the body’s own stem cells become fewer and less active over time, "
            "so tissues repair themselves more slowly."
        ),
        heading("How stem cells change with age", "how-stem-cells-change-with-age"),
        listing(
            "The number of active stem cells in tissues such as bone marrow and skin "
            "declines.",
            "The remaining stem cells divide and repair tissue less efficiently.",
            "Low-grade chronic inflammation increases, which can slow repair further.",
        ),
        heading(
            "What stem cell therapy aims to do", "what-stem-cell-therapy-aims-to-do"
        ),
        para(
            "Stem cell therapy for ageing usually uses mesenchymal stem cells (MSCs). "
            "Rather than turning back the clock, it aims to support the body’s own "
            "repair processes. Research suggests that MSCs may:"
        ),
        listing(
            "reduce chronic inflammation through the anti-inflammatory factors they "
            "release;",
            "support the repair of tissues such as skin, joints and blood vessels;",
            "help regulate the immune system.",
        ),
        heading("What the research shows so far", "what-the-research-shows-so-far"),
        para(
            "Early clinical studies in older adults have reported improvements in "
            "measures such as physical performance and markers of inflammation, and "
            "the treatment was generally well tolerated. These studies were small, "
            "and larger trials are needed. Stem cell therapy does not stop ageing, and "
            "individual results vary."
        ),
    ],
}

SUB_HEALTH_ARTICLE = {
    "slug": "anti-aging-rejuvenation-treating-sub-health",
    "title": "Anti-Aging, Rejuvenation, Treating Sub-Health",
    "date": date(2025, 10, 27),
    "category": "wellness-and-anti-aging",
    "tags": ["wellness-and-anti-aging"],
    "cover_image": "wellness",
    "excerpt": "Persistent tiredness, poor sleep and low energy without a diagnosed "
    "illness are often called “sub-health”. What it means, and how our wellness "
    "programmes approach it.",
    "body": [
        para(
            "Many people feel persistently tired, sleep poorly or recover slowly from "
            "minor illnesses, yet their check-ups show nothing wrong. This state "
            "between full health and illness is often called <i>sub-health</i>."
        ),
        heading("Common signs of sub-health", "common-signs-of-sub-health"),
        listing(
            "Fatigue that rest does not relieve",
            "Poor sleep",
            "Difficulty concentrating",
            "Frequent minor infections",
            "Aches and stiffness without a clear cause",
        ),
        para(
            "These signs can also point to an illness that needs treatment, so the "
            "first step is always a proper medical assessment."
        ),
        heading("Our approach", "our-approach"),
        para(
            "Our wellness and anti-aging programmes start with a consultation and a "
            "health assessment. Depending on the findings, a doctor may recommend "
            "lifestyle changes and, where appropriate, discuss stem cell or immune "
            "cell therapy aimed at supporting the body’s own repair and immune "
            "function."
        ),
        heading("Realistic expectations", "realistic-expectations"),
        para(
            "Cell therapy is not a shortcut to youth. Research on its use for "
            "well-being and ageing is still developing, and results vary from person "
            "to person. Sleep, exercise, diet and managing stress remain the "
            "foundations of feeling well."
        ),
        cta(
            "Feeling run down?",
            "A consultation is the first step: our doctors will look at the whole "
            "picture before suggesting any treatment.",
        ),
    ],
}

ARTICLES = [
    {
        "slug": "what-are-mesenchymal-stem-cells",
        "title": "What Are Mesenchymal Stem Cells?",
        "date": date(2025, 10, 6),
        "category": "stem-cells",
        "tags": ["stem-cells"],
        "cover_image": "stem-cells",
        "excerpt": "Mesenchymal stem cells (MSCs) are the cells most often studied in "
        "regenerative medicine: what they are, where they come from and why "
        "researchers are interested in them.",
        "body": [
            para(
                "Mesenchymal stem cells, usually shortened to MSCs, are adult stem "
                "cells found in several tissues, including bone marrow, fat (adipose) "
                "tissue and the umbilical cord. They are the cell type most often "
                "studied in regenerative medicine."
            ),
            heading("What makes a cell a stem cell?", "what-makes-a-cell-a-stem-cell"),
            para(
                "Two properties set stem cells apart: they can renew themselves by "
                "dividing, and they can develop into more specialised cells. MSCs are "
                "<i>multipotent</i>: they can become a limited range of cell types, "
                "mainly bone, cartilage and fat cells."
            ),
            heading("How are MSCs thought to work?", "how-are-mscs-thought-to-work"),
            para(
                "Research suggests that MSCs act less by replacing damaged tissue "
                "themselves than through the signals they send to the cells around "
                "them. The mechanisms studied most are:"
            ),
            listing(
                "<b>Differentiation:</b> becoming cartilage, bone or other "
                "connective-tissue cells.",
                "<b>Paracrine signalling:</b> releasing growth factors and other "
                "molecules that support the repair of nearby tissue.",
                "<b>Immunomodulation:</b> calming an overactive immune response and "
                "reducing chronic inflammation.",
            ),
            heading("What the evidence shows", "what-the-evidence-shows"),
            para(
                "MSCs are being studied in clinical trials for joint, autoimmune, "
                "cardiovascular and neurological conditions. Results are encouraging "
                "in some areas and inconclusive in others, and individual responses "
                "vary. A doctor can explain what is known for your condition."
            ),
            faq(
                (
                    "Are mesenchymal stem cells the same as embryonic stem cells?",
                    "No. MSCs are adult stem cells found in tissues such as bone "
                    "marrow, fat and the umbilical cord, and they can become only a "
                    "limited range of cell types.",
                ),
                (
                    "Do MSCs replace damaged tissue?",
                    "They can become some tissue types, but research suggests much of "
                    "their effect comes from the signals they release, which support "
                    "repair and reduce inflammation.",
                ),
            ),
        ],
    },
    {
        "slug": "umbilical-cord-vs-bone-marrow-stem-cells",
        "title": "Umbilical Cord vs. Bone Marrow Stem Cells",
        "date": date(2025, 10, 9),
        "category": "stem-cells",
        "tags": ["stem-cells"],
        "cover_image": "laboratory",
        "excerpt": "Mesenchymal stem cells can come from bone marrow or from donated "
        "umbilical cord tissue. We compare the two sources and what each means for "
        "a patient.",
        "body": [
            para(
                "The mesenchymal stem cells (MSCs) used in cell therapy come from "
                "different tissues. Two common sources are bone marrow and umbilical "
                "cord tissue. Both provide cells with similar basic properties, but "
                "they are collected differently."
            ),
            heading("Bone marrow stem cells", "bone-marrow-stem-cells"),
            para(
                "Bone marrow MSCs are the most extensively studied source. They are "
                "usually collected from the patient’s own hip bone under local "
                "anaesthetic, so the cells are the patient’s own (autologous)."
            ),
            listing(
                "A long research history across many conditions",
                "No donor needed: the cells are your own",
                "Collection is a minor procedure, and the number and activity of "
                "cells tend to decline with age",
            ),
            heading("Umbilical cord stem cells", "umbilical-cord-stem-cells"),
            para(
                "Umbilical cord MSCs come from cord tissue donated, with the parents’ "
                "consent, after a healthy birth. The cells come from a screened donor "
                "(allogeneic)."
            ),
            listing(
                "No collection procedure for the patient",
                "Young cells, which multiply readily in the laboratory",
                "Donors and cells are screened for infections and quality before use",
            ),
            heading("Which source is better?", "which-source-is-better"),
            para(
                "Neither source is better for everyone. The choice depends on the "
                "condition, your age and health, and the treatment protocol, and "
                "research comparing the two is ongoing. During a consultation our "
                "doctors explain which option, if any, is suitable for you and why."
            ),
        ],
    },
    {
        "slug": "nk-cells-the-immune-systems-first-responders",
        "title": "NK Cells: The Immune System’s First Responders",
        "date": date(2025, 10, 13),
        "category": "immune-cells",
        "tags": ["immune-cells"],
        "cover_image": "immune-cells",
        "excerpt": "Natural killer (NK) cells are part of the immune system’s first "
        "line of defence. What they do, why they matter and how they are studied in "
        "immune cell therapy.",
        "body": [
            para(
                "Natural killer cells, or NK cells, are white blood cells of the "
                "innate immune system: the part of our defences that acts quickly, "
                "without first having to learn to recognise a specific threat."
            ),
            heading("What do NK cells do?", "what-do-nk-cells-do"),
            para(
                "NK cells patrol the blood and tissues and check the cells they meet "
                "for signs of stress. They have two main roles:"
            ),
            listing(
                "<b>Removing abnormal cells:</b> NK cells can recognise and destroy "
                "virus-infected cells and some tumour cells.",
                "<b>Alerting the rest of the immune system:</b> they release "
                "messenger molecules (cytokines) that help coordinate a wider immune "
                "response.",
            ),
            heading("Why NK cell activity matters", "why-nk-cell-activity-matters"),
            para(
                "The number and activity of NK cells differ between people and can "
                "fall with age, chronic stress, illness and some medical treatments. "
                "Researchers are studying how lower NK cell activity relates to the "
                "risk of infections and other conditions."
            ),
            heading(
                "NK cells in immune cell therapy", "nk-cells-in-immune-cell-therapy"
            ),
            para(
                "In NK cell therapy, a patient’s own NK cells are collected from a "
                "blood sample, expanded and activated in the laboratory, and returned "
                "by infusion. The approach is being studied in clinical research, "
                "notably alongside cancer treatment. Results vary, and it is not a "
                "substitute for established medical care."
            ),
        ],
    },
    {
        "slug": "cell-therapy-as-a-complement-to-cancer-care",
        "title": "Cell Therapy as a Complement to Cancer Care",
        "date": date(2025, 10, 15),
        "category": "cancers",
        "tags": ["cancer", "immune-cells"],
        "cover_image": "immune-cells",
        "excerpt": "Immune cell therapy is being studied as a complement to standard "
        "cancer treatment, not a replacement for it. What that means in practice.",
        "body": [
            para(
                "Alongside surgery, chemotherapy and radiotherapy, treatments that "
                "work with the body’s own immune system have become an active field of "
                "cancer research. Immune cell therapy is one of them."
            ),
            heading(
                "A complement, not a replacement", "a-complement-not-a-replacement"
            ),
            para(
                "We never offer cell therapy in place of the treatment recommended by "
                "your oncologist. Where it may be appropriate, it is considered "
                "alongside that treatment and discussed with your cancer care team."
            ),
            heading("What is being studied", "what-is-being-studied"),
            listing(
                "Supporting immune function during and after chemotherapy or "
                "radiotherapy",
                "Using expanded immune cells, such as NK cells, to help the body "
                "recognise abnormal cells",
                "Well-being and quality of life during recovery",
            ),
            para(
                "Research in these areas is ongoing. Some studies report encouraging "
                "results, others show little benefit, and responses differ from one "
                "patient to another."
            ),
            heading("Questions to ask first", "questions-to-ask-first"),
            listing(
                "What does my oncologist think?",
                "Could it interact with my current treatment?",
                "What are the realistic aims of the treatment?",
                "What are the costs, risks and possible side effects?",
                style="check",
            ),
            faq(
                (
                    "Can cell therapy cure cancer?",
                    "No one should promise that. Immune cell therapy is being studied "
                    "as a complement to standard cancer treatment, not a replacement "
                    "for it, and results vary.",
                ),
                (
                    "Should I tell my oncologist?",
                    "Yes. Please discuss any cell therapy with your cancer care team "
                    "before starting, and bring your recent medical reports to your "
                    "consultation with us.",
                ),
            ),
        ],
    },
    {
        "slug": "how-is-a-stem-cell-treatment-prepared",
        "title": "How Is a Stem Cell Treatment Prepared?",
        "date": date(2025, 10, 17),
        "category": "stem-cells",
        "tags": ["stem-cells", "patient-guide"],
        "cover_image": "laboratory",
        "excerpt": "From the first consultation to the day of treatment: the steps "
        "that go into preparing a stem cell treatment, and why each one matters.",
        "body": [
            para(
                "A stem cell treatment involves more than the injection or infusion "
                "itself. Each step before it is there to check that the treatment is "
                "appropriate for you and that the cells meet defined quality standards."
            ),
            heading("The steps, in order", "the-steps-in-order"),
            listing(
                "<b>Consultation:</b> a doctor reviews your history, current treatment "
                "and recent test results, and explains whether cell therapy may be "
                "suitable.",
                "<b>Assessment:</b> further tests or imaging may be needed, such as "
                "blood tests or a knee scan.",
                "<b>Cell source:</b> depending on the plan, cells are collected from "
                "you or come from a screened donor.",
                item(
                    "<b>Laboratory processing:</b> the cells are isolated, "
                    "expanded and tested:",
                    "for sterility and contamination;",
                    "for the number of cells and how many are alive;",
                    "for the characteristics expected of the cell type.",
                ),
                "<b>Treatment day:</b> the cells are given by intra-articular "
                "injection or intravenous infusion, as planned.",
                "<b>Follow-up:</b> regular reviews to monitor your progress.",
                style="numbered",
            ),
            heading(
                "How long does preparation take?", "how-long-does-preparation-take"
            ),
            para(
                "It depends on the source of the cells and the number needed. Your "
                "patient care coordinator gives you a schedule once the plan is agreed."
            ),
            faq(
                (
                    "Do I need to do anything before treatment?",
                    "Follow your doctor’s instructions, which may include pausing some "
                    "medicines. Tell us about any illness in the days before "
                    "treatment.",
                ),
                (
                    "Will I know where my cells come from?",
                    "Yes. Your doctor explains the source of the cells and the "
                    "treatment plan before you agree to treatment.",
                ),
            ),
        ],
    },
    {
        "slug": "immune-cell-therapy-and-healthy-ageing",
        "title": "Immune Cell Therapy and Healthy Ageing",
        "date": date(2025, 10, 20),
        "category": "immune-cells",
        "tags": ["immune-cells", "wellness-and-anti-aging"],
        "cover_image": "immune-cells",
        "excerpt": "The immune system changes as we age. What “immunosenescence” "
        "means, and how immune cell therapy is being studied in older adults.",
        "body": [
            para(
                "As we age, the immune system gradually changes, a process scientists "
                "call <i>immunosenescence</i>. It helps explain why older adults catch "
                "infections more easily and may respond less strongly to vaccines."
            ),
            heading(
                "How the immune system changes with age",
                "how-the-immune-system-changes-with-age",
            ),
            listing(
                "Fewer new immune cells are produced, and they become less varied.",
                "Some immune cells, including NK cells, may become less active.",
                "Low-grade chronic inflammation becomes more common.",
            ),
            heading(
                "Where immune cell therapy comes in",
                "where-immune-cell-therapy-comes-in",
            ),
            para(
                "Immune cell therapy collects a person’s own immune cells, expands and "
                "activates them in the laboratory, and returns them. Researchers are "
                "studying whether this can support immune function in older adults. "
                "The research is at an early stage, and results vary."
            ),
            heading(
                "The foundations still matter most", "the-foundations-still-matter-most"
            ),
            para("No therapy replaces the basics of healthy ageing:"),
            listing(
                "Regular physical activity",
                "A balanced diet",
                "Enough sleep",
                "Recommended vaccinations and health screenings",
                style="check",
            ),
        ],
    },
    {
        "slug": "preparing-for-your-first-consultation",
        "title": "Preparing for Your First Consultation",
        "date": date(2025, 10, 22),
        "category": "others",
        "tags": ["patient-guide"],
        "cover_image": "consultation",
        "excerpt": "What to bring, what to expect and which questions to ask at your "
        "first consultation with our doctors.",
        "body": [
            para(
                "Your first consultation is a conversation. It lets our doctor "
                "understand your health and your goals, and lets you ask questions and "
                "decide, without obligation, whether to go further."
            ),
            heading("What to bring", "what-to-bring"),
            listing(
                "Recent medical reports, test results and scans",
                "A list of the medicines and supplements you take",
                "Your questions, written down",
                style="check",
            ),
            heading("What to expect", "what-to-expect"),
            para(
                "The doctor asks about your medical history and symptoms and may "
                "examine you, then explains the options that may be relevant, with "
                "their likely benefits, limitations, risks and costs. If cell therapy "
                "is not suitable for you, the doctor will say so."
            ),
            heading("Questions worth asking", "questions-worth-asking"),
            listing(
                "What results can I realistically expect, and when?",
                "What are the risks and possible side effects?",
                "How many sessions may be needed, and what will it cost?",
                "How will my progress be followed up?",
            ),
            faq(
                (
                    "Do I have to decide on treatment at the consultation?",
                    "No. The consultation carries no obligation; take the time you "
                    "need.",
                ),
                (
                    "Can I bring a family member?",
                    "Yes, you are welcome to bring a family member or friend.",
                ),
                (
                    "Can the consultation be in Chinese?",
                    "Yes. Tell us your preferred language when you contact us.",
                ),
            ),
            cta(
                "Ready to book your consultation?",
                "Send us a message and our patient care team will contact you to "
                "arrange a time.",
            ),
        ],
    },
    DISEASES_ARTICLE,
    ANTI_AGING_ARTICLE,
    SUB_HEALTH_ARTICLE,
    KNEE_ARTICLE,
]
