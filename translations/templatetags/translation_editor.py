"""The translation editor's tag: wagtail-localize's props, with our additions."""

from django import template

from translations.editor import editor_cockpit

register = template.Library()


@register.simple_tag
def translation_cockpit(translation, props):
    return editor_cockpit(translation, props)
