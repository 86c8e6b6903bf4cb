"""The interface in the languages patrons read: message catalogs (gettext PO files shipped in
generator/locale/ and a hub's own in content/translations/), the language a page is being made in,
and dates and times as that language writes them (CLDR data, through Babel)."""
