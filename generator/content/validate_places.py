"""Turn partner and venue files' parsed front-matter into Partner and Venue models. Pure: no I/O,
no cross-file checks."""

from __future__ import annotations

from generator.content import values
from generator.content.frontmatter import Document
from generator.content.reader import MISSING, Context, Reader
from generator.models import PARTNER_KINDS, Partner, Venue

PARTNER_KEYS = (
    "name",
    "kind",
    "summary",
    "website",
    "email",
    "phone",
    "address",
    "geo",
    "private_address",
    "logo",
    "logo_alt",
    "audiences",
    "offers",
    "languages",
    "lang",
    "neighborhoods",
    "since",
    "verified",
    "feed",
    "draft",
    "extra",
)
VENUE_KEYS = (
    "name",
    "address",
    "geo",
    "hours",
    "access",
    "accessibility",
    "website",
    "phone",
    "image",
    "image_alt",
    "lang",
    "extra",
)


def validate_partner(
    document: Document, slug: str, context: Context
) -> tuple[Partner | None, Reader]:
    reader = Reader(document, context)
    reader.check_keys((), PARTNER_KEYS, "a partner")
    partner_name = reader.get(("name",), values.text, required=True, example="Youth Haven")
    fields = dict(
        kind=reader.get(("kind",), lambda raw: values.choice(raw, PARTNER_KINDS)),
        summary=reader.get(("summary",), lambda raw: values.text(raw, multiline=True)),
        website=reader.get(("website",), values.web_address),
        email=reader.get(("email",), values.email),
        phone=reader.get(("phone",), values.text),
        address=reader.get(("address",), values.text),
        geo=reader.get(("geo",), values.geo),
        private_address=reader.get(("private_address",), values.boolean, default=False),
        logo=reader.image(("logo",), ("logo_alt",), alt_example="Youth Haven logo"),
        audiences=reader.vocabulary(("audiences",), "audiences"),
        offers=reader.get(("offers",), values.text_list, default=()),
        languages=reader.vocabulary(("languages",), "languages"),
        neighborhoods=reader.get(("neighborhoods",), values.text_list, default=()),
        since=reader.get(("since",), values.calendar_date),
        verified=reader.get(("verified",), values.calendar_date),
        feed=reader.get(
            ("feed",), lambda raw: values.web_address(raw, ("https", "http", "webcal"))
        ),
        draft=reader.get(("draft",), values.boolean, default=False),
        extra=read_extra(reader),
    )
    fields["lang"] = reader.language(("lang",), fields["languages"])
    if fields["private_address"] and not fields["neighborhoods"]:
        reader.warning(
            ("private_address",),
            "the address is private, so events here will say "
            "'Address given on registration'; add 'neighborhoods' "
            "to tell patrons roughly where it is",
        )
    if reader.failed or partner_name is None:
        return None, reader
    return Partner(
        slug=slug, src_path=document.src_path, name=partner_name, body=document.body, **fields
    ), reader


def validate_venue(document: Document, slug: str, context: Context) -> tuple[Venue | None, Reader]:
    reader = Reader(document, context)
    reader.check_keys((), VENUE_KEYS, "a venue")
    venue_name = reader.get(("name",), values.text, required=True, example="Central Library")
    address = reader.get(
        ("address",), values.text, required=True, example="1000 Main St, Riverside, IL 60546"
    )
    fields = dict(
        geo=reader.get(("geo",), values.geo),
        hours=reader.get(("hours",), values.text),
        access=reader.vocabulary(("access",), "access"),
        accessibility=reader.get(("accessibility",), lambda raw: values.text(raw, multiline=True)),
        website=reader.get(("website",), values.web_address),
        phone=reader.get(("phone",), values.text),
        image=reader.image(("image",), ("image_alt",), alt_example="The library's front entrance"),
        lang=reader.language(("lang",)),
        extra=read_extra(reader),
    )
    if reader.failed or venue_name is None or address is None:
        return None, reader
    return Venue(
        slug=slug,
        src_path=document.src_path,
        name=venue_name,
        address=address,
        body=document.body,
        **fields,
    ), reader


def read_extra(reader: Reader) -> dict:
    """`extra:` holds free-form data for templates; it must be a mapping."""
    raw = reader.raw(("extra",))
    if raw is MISSING or not raw:
        return {}
    if not isinstance(raw, dict):
        reader.error(("extra",), "'extra' must hold 'key: value' lines indented under it")
        return {}
    return raw
