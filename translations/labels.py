"""Readable names for translation segments: "FAQ answer 2", "List item 2.1", "Heading".

wagtail-localize names a segment after the block and its first sub-field, so every
FAQ answer is "Questions" and every list item or nested item is "Items", and its PO
file names segments by block ids. These names follow the content path through the
source object's StreamField value instead, numbering list entries from 1.
"""

from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from wagtail import blocks
from wagtail.fields import StreamField


def _child_by_id(value, block_id: str):
    """The (position, child) of a stream or list value whose block id is `block_id`."""
    children = (
        value.bound_blocks if isinstance(value, blocks.list_block.ListValue) else value
    )
    for position, child in enumerate(children):
        if child.id == block_id:
            return position, child
    raise LookupError(block_id)


def _label(block) -> str:
    return str(block.label or "")


def stream_segment_label(stream_value, path: list[str]) -> str | None:
    """The name of the segment at `path` (block id, then sub-names) in a stream."""
    try:
        _position, child = _child_by_id(stream_value, path[0])
    except LookupError:
        return None
    block, value = child.block, child.value
    top = capfirst(_label(block))
    leaf = None  # the last named sub-field on the way, e.g. "Answer"
    first_list_item = None  # e.g. "Item", "Question": what a list holds
    numbers: list[str] = []
    for step in path[1:]:
        if isinstance(block, blocks.StructBlock):
            block, value = block.child_blocks[step], value[step]
            if not isinstance(block, blocks.ListBlock):
                leaf = (step, _label(block))
        elif isinstance(block, blocks.ListBlock):
            try:
                position, item = _child_by_id(value, step)
            except LookupError:
                return None
            numbers.append(str(position + 1))
            if first_list_item is None:
                first_list_item = _label(block.child_block)
            block, value = block.child_block, item.value
        elif isinstance(block, blocks.StreamBlock):
            try:
                _position, item = _child_by_id(value, step)
            except LookupError:
                return None
            block, value = item.block, item.value
        else:
            return None
    # Nested list entries are named after the outer item ("List item 2.1").
    name = first_list_item if numbers and leaf is None else None
    if leaf is not None:
        step, leaf_label = leaf
        # A block's own "text" (a heading's words) or a field named like the block
        # (a quote's quote) adds nothing to the block's name.
        if not (leaf_label.lower() == top.lower() or (step == "text" and not numbers)):
            name = leaf_label
    label = top
    if name:
        label = _("%(block)s %(field)s") % {"block": top, "field": name.lower()}
    if numbers:
        label = _("%(name)s %(number)s") % {"name": label, "number": ".".join(numbers)}
    return label


def segment_label(instance, content_path: str) -> str | None:
    """The name of a segment of `instance`, or None where wagtail-localize's will do."""
    path = content_path.split(".")
    try:
        field = instance._meta.get_field(path[0])
    except FieldDoesNotExist:
        return None
    if not isinstance(field, StreamField) or len(path) < 2:
        return None
    return stream_segment_label(getattr(instance, path[0]), path[1:])


def readable_path(instance, content_path: str) -> str:
    """Field and segment, e.g. "Body › FAQ answer 2", for PO comments."""
    field_name = content_path.split(".")[0]
    try:
        field_label = capfirst(instance._meta.get_field(field_name).verbose_name)
    except (FieldDoesNotExist, AttributeError):
        field_label = field_name
    label = segment_label(instance, content_path)
    return f"{field_label} › {label}" if label else str(field_label)
