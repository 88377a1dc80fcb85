"""StreamField blocks shared by every page type.

Each block is defined once here; `blog.blocks` builds the article body from these.
Text that a translator must translate lives in CharBlock/TextBlock/RichTextBlock
(wagtail-localize turns those into segments); values that must stay identical in
every language (heading anchors, list styles) live in blocks that yield no
segments (RegexBlock, ChoiceBlock).
"""

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.images.blocks import ImageBlock, ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from serving.cache.lookups import localized_url

INLINE_FEATURES = ["bold", "italic", "link", "document-link"]


def anchor_block(help_text: str) -> blocks.RegexBlock:
    """An anchor (`#section`): a RegexBlock, not a CharBlock, so wagtail-localize
    makes no segment of it and links to #section work in every language."""
    return blocks.RegexBlock(
        label=_("Link name (for #links)"),
        regex=r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
        required=False,
        max_length=80,
        help_text=help_text,
        error_messages={
            "invalid": _("Use lower-case letters, digits and hyphens only.")
        },
    )


class HeadingValue(blocks.StructValue):
    def anchor_id(self) -> str:
        """The anchor a table of contents links to: the editor's, else the text's."""
        return self.get("anchor") or slugify(self.get("text", ""), allow_unicode=True)

    def tag(self) -> str:
        return self.get("level") or "h2"


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Text"), max_length=255)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[
            ("h2", _("Section (h2)")),
            ("h3", _("Subsection (h3)")),
            ("h4", _("Minor heading (h4)")),
        ],
        default="h2",
    )
    anchor = anchor_block(
        _(
            "The name other links use to jump to this heading (page-url#name): "
            "lower-case letters, digits and hyphens. Left blank, the text is used."
        )
    )

    class Meta:
        template = "blocks/heading_block.html"
        icon = "title"
        label = _("Heading")
        description = _("A section heading that the table of contents can link to.")
        value_class = HeadingValue
        preview_value = {"text": "How do stem cells repair cartilage?", "level": "h2"}


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", ["bold", "italic", "link", "document-link"])
        super().__init__(**kwargs)

    class Meta:
        template = "blocks/paragraph_block.html"
        icon = "pilcrow"
        label = _("Paragraph")
        description = _("Rich text: bold, italic and links.")
        preview_value = (
            "<p>Knee osteoarthritis is a common <b>degenerative</b> joint disease.</p>"
        )


class ListItemBlock(blocks.StructBlock):
    text = blocks.RichTextBlock(label=_("Item"), features=INLINE_FEATURES)
    children = blocks.ListBlock(
        blocks.RichTextBlock(features=INLINE_FEATURES, label=_("Nested item")),
        label=_("Nested items"),
        required=False,
        default=[],
        min_num=0,
    )

    class Meta:
        icon = "list-ul"
        label = _("Item")
        form_classname = "list-item-block"


class ListStyleValue(blocks.StructValue):
    def list_tag(self) -> str:
        return "ol" if self.get("style") == "numbered" else "ul"


class ListBlock(blocks.StructBlock):
    style = blocks.ChoiceBlock(
        label=_("Style"),
        choices=[
            ("bulleted", _("Bulleted")),
            ("numbered", _("Numbered")),
            ("check", _("Check marks")),
        ],
        default="bulleted",
    )
    items = blocks.ListBlock(ListItemBlock(), label=_("Items"), min_num=1)

    class Meta:
        template = "blocks/list_block.html"
        icon = "list-ul"
        label = _("List")
        description = _("A bulleted, numbered or check-mark list; items may nest.")
        value_class = ListStyleValue
        preview_value = {
            "style": "bulleted",
            "items": [
                {
                    "text": "<b>Core mechanisms:</b>",
                    "children": ["Cartilage regeneration", "Anti-inflammatory effects"],
                },
                {"text": "Intra-articular injection", "children": []},
            ],
        }


class FAQItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"), max_length=255)
    answer = blocks.RichTextBlock(
        label=_("Answer"), features=INLINE_FEATURES + ["ol", "ul"]
    )

    class Meta:
        icon = "help"
        label = _("Question")


class FAQBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), required=False, max_length=255)
    items = blocks.ListBlock(FAQItemBlock(), label=_("Questions"), min_num=1)

    class Meta:
        template = "blocks/faq_block.html"
        icon = "help"
        label = _("FAQ")
        description = _("Questions and answers that open and close.")
        preview_value = {
            "heading": "Frequently asked questions",
            "items": [
                {
                    "question": "Is the injection painful?",
                    "answer": "<p>It is done under local anaesthetic.</p>",
                }
            ],
        }


class CaptionedImageBlock(blocks.StructBlock):
    # Wagtail's ImageBlock carries the alt text (or "decorative") with the image.
    image = ImageBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=255)

    class Meta:
        template = "blocks/image_block.html"
        icon = "image"
        label = _("Image")
        description = _("An image with alt text and an optional caption.")


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(
        label=_("Attribution"), required=False, max_length=255
    )

    class Meta:
        template = "blocks/quote_block.html"
        icon = "openquote"
        label = _("Quote")
        description = _("A quotation with who said it.")
        preview_value = {
            "quote": "Repair rather than just relief.",
            "attribution": "Clinic physician",
        }


class CallToActionValue(blocks.StructValue):
    def href(self) -> str:
        """The link in the visitor's language: a chosen page is localized."""
        page = self.get("page")
        if page:
            return localized_url(page)
        return self.get("url") or ""


class CallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=255)
    text = blocks.TextBlock(label=_("Text"), required=False)
    button_label = blocks.CharBlock(label=_("Button label"), max_length=60)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(label=_("Or external URL"), required=False)

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            message = _("Choose a page or enter a URL: one of the two.")
            raise blocks.StructBlockValidationError(
                block_errors={"page": ValidationError(message)}
            )
        return value

    class Meta:
        template = "blocks/call_to_action_block.html"
        icon = "link"
        label = _("Call to action")
        description = _("A short pitch with a button.")
        value_class = CallToActionValue
        preview_value = {
            "heading": "Book a consultation",
            "text": "Talk to our doctors about whether cell therapy suits you.",
            "button_label": "Contact us",
            "url": "https://example.com/contact/",
        }


class ServiceCardValue(blocks.StructValue):
    def href(self) -> str:
        """The section in the visitor's language: the localized page, then #anchor."""
        url = localized_url(self.get("page"))
        anchor = self.get("anchor")
        return f"{url}#{anchor}" if url and anchor else url


class ServiceCardBlock(blocks.StructBlock):
    """A service on the home page: picture, name, a sentence, a link to its section."""

    heading = blocks.CharBlock(label=_("Service"), max_length=120)
    text = blocks.TextBlock(label=_("Text"), required=False)
    image = ImageChooserBlock(label=_("Image"), required=False)
    page = blocks.PageChooserBlock(label=_("Page"))
    # The same in both languages: the Chinese card links the same heading anchor.
    anchor = anchor_block(
        _(
            "The link name of the page's heading for this service, if any, so the "
            "card jumps to that section."
        )
    )

    class Meta:
        template = "blocks/service_card_block.html"
        icon = "pick"
        label = _("Service")
        description = _("A card that links to the service's section.")
        value_class = ServiceCardValue


class ServicesStreamBlock(blocks.StreamBlock):
    service = ServiceCardBlock()


class DoctorsStreamBlock(blocks.StreamBlock):
    # The person's photo, name and credentials come from the People snippet.
    person = SnippetChooserBlock(
        "home.Person",
        label=_("Person"),
        template="blocks/doctor_card_block.html",
        icon="user",
    )


class BodyStreamBlock(blocks.StreamBlock):
    """The body of standard pages and articles."""

    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    list = ListBlock()
    faq = FAQBlock()
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()

    class Meta:
        # Wagtail renders each child with its own template; no wrapper markup.
        template = "blocks/body_stream_block.html"
