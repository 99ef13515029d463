"""GraphQL at /graphql/: the REST API's content, read through the same resources (api/resources.py)."""
