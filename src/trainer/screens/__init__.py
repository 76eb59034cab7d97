"""The trainer app's screens: home, drill, review, progress, help, and the escalation and confirm dialogs."""
