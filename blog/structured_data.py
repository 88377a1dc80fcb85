"""schema.org JSON-LD for articles: BlogPosting (with the sources it cites),
MedicalWebPage (review), FAQPage."""

from django.conf import settings

from home.structured_data import plain


def citation(reference) -> dict:
    """A reference (blog.blocks.ReferenceValue) as the work it names, in the
    language it was published in: the source language's, as the page marks the
    list (`lang`), whatever language the article is in."""
    identifiers = [
        {"@type": "PropertyValue", "propertyID": kind, "value": reference.get(key)}
        for kind, key in (("DOI", "doi"), ("PMID", "pmid"))
        if reference.get(key)
    ]
    links = [link for link in (reference.doi_url(), reference.pubmed_url()) if link]
    journal = reference.get("journal")
    year = reference.get("year")
    return {
        "@type": "ScholarlyArticle" if journal else "CreativeWork",
        "inLanguage": settings.LANGUAGE_CODE,
        "name": reference.get("title"),
        "author": [
            {"@type": "Person", "name": name} for name in reference.author_names()
        ],
        "datePublished": str(year) if year else None,
        "isPartOf": {"@type": "Periodical", "name": journal} if journal else None,
        "url": reference.get("url") or (links[0] if links else None),
        "sameAs": links,
        "identifier": identifiers,
    }


def blog_posting(
    *, article, url, language, category, author, author_url, image_url, publisher
) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "@id": f"{url}#article",
        "headline": article.title,
        "description": article.meta_description,
        "datePublished": article.date.isoformat(),
        "dateModified": article.last_published_at.isoformat()
        if article.last_published_at
        else None,
        "inLanguage": language,
        "mainEntityOfPage": url,
        "url": url,
        "image": image_url,
        "articleSection": category.name if category else None,
        "author": {"@type": "Person", "name": author.name, "url": author_url}
        if author
        else None,
        "publisher": publisher,
        "citation": [citation(block.value) for block in article.references],
    }


def medical_web_page(
    *, article, url, language, reviewer, reviewer_url=""
) -> dict | None:
    """The page that holds the article, with who reviewed it medically and when."""
    if not (reviewer or article.last_reviewed):
        return None
    return {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "url": url,
        "name": article.title,
        "inLanguage": language,
        "mainEntity": {"@id": f"{url}#article"},
        "reviewedBy": {
            "@type": "Person",
            "name": reviewer.name,
            "jobTitle": reviewer.credentials or reviewer.role,
            "url": reviewer_url,
        }
        if reviewer
        else None,
        "lastReviewed": article.last_reviewed.isoformat()
        if article.last_reviewed
        else None,
    }


def faq_page(body) -> dict | None:
    """FAQPage from the article's FAQ blocks, in the order the page shows them."""
    questions = [
        {
            "@type": "Question",
            "name": item["question"],
            "acceptedAnswer": {"@type": "Answer", "text": plain(item["answer"].source)},
        }
        for block in body
        if block.block_type == "faq"
        for item in block.value["items"]
    ]
    if not questions:
        return None
    return {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": questions,
    }
