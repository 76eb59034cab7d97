"""The trainer app's widgets, one module per area of the screen: the inbox, the open thread, the knowledge
search, the composer, the clock bar, the action bar, the reach meter, the scorecard and the progress chart.

Widgets show a `DrillSession` and call its methods; none of them decides what an action means.
"""
