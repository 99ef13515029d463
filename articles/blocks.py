"""StreamField blocks of a news article body."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("heading"), max_length=200)
    level = blocks.ChoiceBlock(label=_("level"), choices=[("h2", _("heading 2")), ("h3", _("heading 3"))], default="h2")

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "blocks/heading_block.html"
        preview_value = {"text": "Klastry w regionie", "level": "h2"}


class BlockQuote(blocks.StructBlock):
    text = blocks.TextBlock(label=_("quotation"))
    source = blocks.CharBlock(
        label=_("source"), required=False, help_text=_("Who said or wrote it, and where, e.g. a book and year.")
    )

    class Meta:
        icon = "openquote"
        label = _("Quotation")
        template = "blocks/block_quote.html"
        preview_value = {
            "text": "Klaster to geograficzne skupisko wzajemnie powiązanych firm.",
            "source": "Michael Porter, The Competitive Advantage of Nations, 1990",
        }


class CaptionedImageBlock(blocks.StructBlock):
    # Wagtail's ImageBlock keeps the alt text with this use of the image, so wagtail-localize offers
    # it for translation, and refuses an image that has neither alt text nor the "decorative" mark.
    image = ImageBlock(label=_("image"))
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=255)
    attribution = blocks.CharBlock(label=_("photo credit"), required=False, max_length=255)

    class Meta:
        icon = "image"
        label = _("Image with caption")
        template = "blocks/captioned_image_block.html"


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    title = blocks.CharBlock(
        label=_("link text"), required=False, help_text=_("Leave empty to use the document's title.")
    )

    class Meta:
        icon = "doc-full"
        label = _("Document link")
        template = "blocks/document_link_block.html"

    def clean(self, value):
        value = super().clean(value)
        if value.get("title") and len(value["title"].strip()) < 2:
            raise ValidationError(_("The link text is too short."))
        return value


class ArticleBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"),
        icon="pilcrow",
        features=["bold", "italic", "link", "document-link", "ol", "ul"],
        template="blocks/paragraph_block.html",
    )
    quote = BlockQuote()
    image = CaptionedImageBlock()
    embed = EmbedBlock(label=_("Embedded media"), help_text=_("A YouTube or Vimeo address."), icon="media")
    document = DocumentLinkBlock()
