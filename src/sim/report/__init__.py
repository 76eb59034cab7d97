"""What people read and programs parse: comparison tables, charts and self-contained HTML reports."""
