"""Production topology: real PostgreSQL, Redis, S3-compatible storage and app server processes."""
