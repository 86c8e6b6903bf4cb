"""Turn partner and venue files' parsed front-matter into Partner and Venue models. Pure: no I/O,
no cross-file checks."""

from __future__ import annotations

from generator.content import clock, values
from generator.content.frontmatter import Document
from generator.content.reader import MISSING, Context, Reader
from generator.content.suggest import did_you_mean
from generator.models import PARTNER_KINDS, FeedDefaults, Partner, Venue
from generator.problems import Invalid

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
    "feed_timezone",
    "feed_defaults",
    "draft",
    "extra",
)
FEED_DEFAULTS_KEYS = ("audiences", "categories", "languages", "access", "location", "exclude")
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
    "library_branch",
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
        feed_timezone=reader.get(("feed_timezone",), clock.zone),
        feed_defaults=_read_feed_defaults(reader),
        draft=reader.get(("draft",), values.boolean, default=False),
        extra=read_extra(reader),
    )
    if (fields["feed_timezone"] or reader.raw(("feed_defaults",)) not in (MISSING, None)) and (
        fields["feed"] is None and reader.raw(("feed",)) in (MISSING, None)
    ):
        reader.warning(
            ("feed_timezone",) if fields["feed_timezone"] else ("feed_defaults",),
            "'feed_timezone' and 'feed_defaults' are for the partner's own calendar, "
            "but there is no 'feed'; add the calendar's address as 'feed'",
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
        library_branch=reader.get(("library_branch",), values.boolean, default=False),
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


def _read_feed_defaults(reader: Reader) -> FeedDefaults:
    """`feed_defaults:` what `bulletin import` gives every event of the partner's feed."""
    path = ("feed_defaults",)
    raw = reader.raw(path)
    if raw is MISSING or raw is None:
        return FeedDefaults()
    if not isinstance(raw, dict):
        reader.error(
            path,
            "'feed_defaults' must hold 'key: value' lines indented under it, e.g. "
            "'audiences: [teens]' (it accepts " + ", ".join(FEED_DEFAULTS_KEYS) + ")",
        )
        return FeedDefaults()
    reader.check_keys(path, FEED_DEFAULTS_KEYS, "'feed_defaults'")

    def place(raw) -> str:
        slug = values.slug_reference(raw, reader.context.places)
        if reader.context.places and slug not in reader.context.places:
            hint = did_you_mean(slug, sorted(reader.context.places))
            raise Invalid(
                f"is '{slug}', which is not a venue or partner{hint} (there is no {slug}.md in "
                f"content/venues/ or content/partners/)"
            )
        return slug

    return FeedDefaults(
        audiences=reader.vocabulary(path + ("audiences",), "audiences"),
        categories=reader.vocabulary(path + ("categories",), "categories"),
        languages=reader.vocabulary(path + ("languages",), "languages"),
        access=reader.vocabulary(path + ("access",), "access"),
        location=reader.get(path + ("location",), place),
        exclude=reader.get(path + ("exclude",), values.text_list, default=()),
    )


def read_extra(reader: Reader) -> dict:
    """`extra:` holds free-form data for templates; it must be a mapping."""
    raw = reader.raw(("extra",))
    if raw is MISSING or not raw:
        return {}
    if not isinstance(raw, dict):
        reader.error(("extra",), "'extra' must hold 'key: value' lines indented under it")
        return {}
    return raw
