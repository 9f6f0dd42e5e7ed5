"""StreamField blocks shared by the editorial pages.

A product block stores product ids only: prices, stock and whether the product is still on
sale are read from Oscar when the page renders (see cms.selectors.products_in_order).
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

from cms.views import product_chooser_viewset

ProductChooserBlock = product_chooser_viewset.get_block_class(
    name="ProductChooserBlock", module_path="cms.blocks"
)


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "blocks/image_block.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("quote"))
    attribution = blocks.CharBlock(label=_("who said it"), required=False, max_length=120)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "blocks/quote_block.html"


class ProductsBlock(blocks.StructBlock):
    """A row of products picked by the editor, shown live from the shop."""

    heading = blocks.CharBlock(label=_("heading"), required=False, max_length=120)
    products = blocks.ListBlock(ProductChooserBlock(label=_("product")), label=_("products"))

    class Meta:
        icon = "tag"
        label = _("Products")
        template = "blocks/products_block.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    title = blocks.CharBlock(
        label=_("link text"),
        required=False,
        max_length=120,
        help_text=_("The file's title if empty."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Document")
        template = "blocks/document_block.html"


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(label=_("video address"), help_text=_("A YouTube or Vimeo link."))
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=250)

    class Meta:
        icon = "media"
        label = _("Video")
        template = "blocks/video_block.html"


class TargetProgressBlock(blocks.StaticBlock):
    """The province's progress toward the plan's 10% target, live from the mentoring
    dashboard. For the union's own pages (about the union, lessons for members): the shop's
    front door talks to buyers, who have no use for it."""

    class Meta:
        icon = "view"
        label = _("Progress toward the target")
        admin_text = _("Shows how many union members sell online, against the plan's target.")
        template = "blocks/target_progress_block.html"

    def get_context(self, value, parent_context=None):
        from cms.selectors import target_progress  # reads the mentoring figures

        return {**super().get_context(value, parent_context), "progress": target_progress()}


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        label=_("Heading"),
        max_length=120,
        form_classname="title",
        template="blocks/heading_block.html",
    )
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"),
        features=["bold", "italic", "link", "document-link", "ol", "ul", "h3"],
        template="blocks/paragraph_block.html",
    )
    image = ImageBlock()
    quote = QuoteBlock()
    products = ProductsBlock()
    document = DocumentBlock()
    video = VideoBlock()
    target_progress = TargetProgressBlock()


class OpeningTimeBlock(blocks.StructBlock):
    days = blocks.CharBlock(
        label=_("days"), max_length=80, help_text=_("E.g. “Thứ Hai – Thứ Sáu”.")
    )
    hours = blocks.CharBlock(label=_("hours"), max_length=80, help_text=_("E.g. “7:00 – 17:00”."))

    class Meta:
        icon = "time"
        label = _("Opening time")
