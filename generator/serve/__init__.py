"""`bulletin serve`: build, serve the site on this computer, rebuild on every save, reload open
pages (server.py, live_reload.py), and show an edited event's page at once (preview.py).

Builds only through `generator.build.build()`, so site/ holds exactly what `bulletin build` writes.
May import everything below it (build, render/, content/, incremental/); only cli.py imports it.
"""
