"""Library staff's tools beside the site: the text of new files (`bulletin new`, scaffold.py),
partners' proposals from issue forms (`bulletin from-issue`), the weekly report (`bulletin
report`), and the impact report's counting rules (`bulletin impact`, impact.py). Returns text
and Problems; only from_issue.py writes, and only the one new file.

May import content/, incremental/, `generator.models` and `generator.problems`; never render/,
serve/ or the commands.
"""
