"""peel-kg extraction: from report text to typed records (see ``extraction.records``)."""
