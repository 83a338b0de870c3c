"""Feed polling: configuration, safe fetching, parsing, full text and scheduling."""
