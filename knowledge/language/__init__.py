"""Swedish language: text helpers, word forms, thesaurus, periods and question parsing."""
