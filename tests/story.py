"""A plain five-paragraph news story, for tests that need a page the extractor can find."""

from __future__ import annotations

URL = "https://example.com/news/2024/transit-plan.html"
SITE = "https://example.com"
TITLE = "Council approves transit plan"
STORY = (
    "The city council voted on Tuesday to approve the new transit plan, which will add three "
    "bus lines, extend the tram network to the northern suburbs and cut fares for students.",
    "Supporters said the plan, first proposed two years ago, would ease congestion in the "
    "centre, reduce emissions and give outlying districts a faster way to reach jobs and schools.",
    "Opponents argued that the cost, estimated at 240 million euros over a decade, was too high "
    "for a city still paying off debts from the stadium project, and that roads need repairs.",
    "The mayor, speaking after the vote, promised that construction would begin next spring, "
    "that contracts would be tendered openly, and that progress reports would come every quarter.",
    "Residents interviewed near the main station were divided, with some welcoming the cheaper "
    "fares, while others worried about years of roadworks, noise and detours in their streets.",
)
STORY_HTML = "".join(f"<p>{text}</p>" for text in STORY)
