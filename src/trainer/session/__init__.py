"""The headless drill: `DrillSession` (clock, inbox, actions, customer reactions, reach) and its actions.

No Textual here (an import-linter contract checks it): tests, scripts and the app drive the same object.
"""

from trainer.session.actions import ACTIONS, Action
from trainer.session.conversation import InboxItem
from trainer.session.session import DrillSession, Happening, Journal, SessionError

__all__ = ["ACTIONS", "Action", "DrillSession", "Happening", "InboxItem", "Journal", "SessionError"]
