"""Qt-free domain: regeling models, documents, rule engine, messages, money and dates."""
